//! Every import format into a real SQLite file: a second import of the same file changes
//! nothing, a field a file does not carry never erases what the store has, a customer's currency
//! is learned from its data, refunds in cost rows enter the ledger, and past the in-memory window
//! duplicate utilization rows are still recognised.

use super::import::{counts, failed, imported};
use super::{temp_db, today};
use desk::app::Clock;
use desk::domain::term::BillingPlan;
use desk::records::report::FileReport;
use desk::Desk;
use std::path::{Path, PathBuf};

const TENANT: &str = "7c25a2bf-44b5-4db7-85f5-93efd1a9bd6d";
const ORDER: &str = "a075419f-44cc-497f-b68a-14ee811d48b9";
const RES: &str = "6ef59113-3482-40da-8d79-787f823e34bc";
const BILLED_SUB: &str = "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d";

fn arm() -> String {
    format!("/providers/Microsoft.Capacity/reservationOrders/{ORDER}/reservations/{RES}")
}

fn partner_center(name: &str) -> String {
    format!(
        r#"{{"totalCount": 1, "items": [{{"id": "{TENANT}", "companyProfile": {{"tenantId": "{TENANT}", "domain": "contoso.onmicrosoft.com", "companyName": "{name}"}}}}]}}"#
    )
}

/// An `az reservations reservation list` export; `full` adds the display name and billing plan.
fn azure(full: bool) -> String {
    let extra = if full {
        r#""displayName": "VM_RI_contoso", "billingPlan": "Upfront", "#
    } else {
        ""
    };
    format!(
        r#"{{"value": [{{"id": "{arm}", "name": "{ORDER}/{RES}", "type": "Microsoft.Capacity/reservationOrders/reservations", "location": "westeurope", "sku": {{"name": "Standard_D2s_v5"}}, "properties": {{{extra}"reservedResourceType": "VirtualMachines", "quantity": 2, "appliedScopeType": "Shared", "billingScopeId": "/subscriptions/{BILLED_SUB}", "term": "P1Y", "purchaseDate": "2026-01-10", "benefitStartTime": "2026-01-10T10:00:00Z", "expiryDate": "2027-01-10", "provisioningState": "Succeeded", "instanceFlexibility": "On", "renew": false}}}}]}}"#,
        arm = arm()
    )
}

/// A reservation-details CSV: one row per (day, instance, used hours).
fn details(rows: &[(&str, &str, &str)]) -> String {
    let mut s = String::from(
        "ReservationOrderId,ReservationId,InstanceId,ReservedHours,RIUsedHours,UsageDate,SkuName\r\n",
    );
    for (day, instance, used) in rows {
        s.push_str(&format!(
            "{ORDER},{},{instance},48,{used},{day},Standard_D2s_v5\r\n",
            arm()
        ));
    }
    s
}

fn summaries() -> String {
    let item = |day: &str, used: u32| {
        format!(
            r#"{{"id": "x", "type": "Microsoft.Consumption/reservationSummaries", "properties": {{"reservationOrderId": "{ORDER}", "reservationId": "{RES}", "reservedHours": 48, "usedHours": {used}, "usageDate": "{day}T00:00:00Z", "avgUtilizationPercentage": 50, "totalReservedQuantity": 2}}}}"#
        )
    };
    format!(
        r#"{{"value": [{}, {}]}}"#,
        item("2026-11-01", 24),
        item("2026-11-02", 36)
    )
}

/// An EA cost-details CSV: a purchase in EUR and a refund with its USD amount.
fn cost_details() -> String {
    format!(
        "Date,ChargeType,PricingModel,Cost,CostInUsd,BillingCurrency,ReservationId,ProductOrderId,benefitId,Frequency,Term,Quantity,ResourceId,MeterId\n\
         01/10/2026,Purchase,Reservation,1200.00,1300.00,EUR,,{ORDER},{arm},OneTime,12,2,,m1\n\
         11/20/2026,Refund,Reservation,-400.00,-433.33,EUR,,{ORDER},{arm},OneTime,12,1,,m1\n",
        arm = arm()
    )
}

fn focus() -> String {
    format!(
        "ChargePeriodStart,ChargeCategory,BilledCost,EffectiveCost,BillingCurrency,CommitmentDiscountId,CommitmentDiscountType,CommitmentDiscountStatus,ResourceId\n\
         2026-11-03T00:00:00Z,Usage,0,3.20,EUR,{arm},Reservation,Unused,\n",
        arm = arm()
    )
}

fn roles() -> String {
    format!(
        r#"[{{"principalId": "11111111-1111-4111-8111-111111111111", "principalName": "Owner A", "principalType": "User", "roleDefinitionName": "Owner", "scope": "/providers/Microsoft.Capacity/reservationOrders/{ORDER}"}}]"#
    )
}

struct Fixture {
    dir: tempfile::TempDir,
    db: PathBuf,
    desk: Desk,
}

impl Fixture {
    /// An empty store on a real file; `window` is the import's in-memory window.
    fn new(window: Option<usize>) -> Self {
        let (dir, db) = temp_db();
        let desk = Desk::open_with_clock(&db, Clock::on_day(today())).expect("open");
        let desk = match window {
            Some(w) => desk.with_import_window(w),
            None => desk,
        };
        Self { dir, db, desk }
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, text).expect("write fixture");
        p
    }

    fn import(&self, file: &Path, customer: Option<&str>) -> FileReport {
        imported(
            self.desk
                .import_files(&[file], None, customer, today())
                .expect("store ok"),
        )
        .remove(0)
    }

    /// Imports `file`, then again: the second run must change nothing.
    fn import_twice(&self, file: &Path, customer: Option<&str>) -> FileReport {
        let first = self.import(file, customer);
        let bytes = std::fs::read(&self.db).expect("read db");
        let again = self.import(file, customer);
        assert!(
            !again.changed(),
            "re-importing {} changed the store: {again:?}",
            file.display()
        );
        for e in &again.entities {
            assert_eq!((e.added, e.updated), (0, 0), "{e:?}");
        }
        assert_eq!(
            bytes.len(),
            std::fs::metadata(&self.db).expect("db").len() as usize,
            "a re-import that changes nothing does not grow the file"
        );
        first
    }

    /// Customer and reservation, as Partner Center and `az` exports give them.
    fn with_reservation(window: Option<usize>) -> Self {
        let f = Self::new(window);
        let pc = f.write("customers.json", &partner_center("Contoso"));
        f.import(&pc, None);
        let az = f.write("reservations.json", &azure(true));
        f.import(&az, Some(TENANT));
        f
    }

    fn used_hours(&self) -> Vec<(String, String)> {
        self.desk
            .utilization(RES)
            .expect("utilization")
            .into_iter()
            .map(|p| (p.date.to_string(), p.used_hours))
            .collect()
    }
}

#[test]
fn partner_center_customers_import_once_and_keep_their_name() {
    let f = Fixture::new(None);
    let file = f.write("customers.json", &partner_center("Contoso «Nord»"));
    let first = f.import_twice(&file, None);
    assert_eq!(counts(&first, "customers"), (1, 0, 0, 0));
    let c = f.desk.customer(TENANT, today()).expect("customer");
    assert_eq!(c.customer.name, "Contoso «Nord»");
    let renamed = f.write("renamed.json", &partner_center("Contoso Nord GmbH"));
    assert_eq!(counts(&f.import(&renamed, None), "customers"), (0, 1, 0, 0));
}

#[test]
fn azure_reservations_import_once_and_a_thinner_export_erases_nothing() {
    let f = Fixture::with_reservation(None);
    let az = f.write("reservations.json", &azure(true));
    let again = f.import_twice(&az, Some(TENANT));
    assert_eq!(counts(&again, "reservations"), (0, 0, 1, 0));
    let thin = f.write("thin.json", &azure(false));
    let report = f.import(&thin, Some(TENANT));
    assert_eq!(counts(&report, "reservations"), (0, 0, 1, 0), "{report:?}");
    let r = f.desk.reservation(RES, today()).expect("reservation");
    assert_eq!(r.display_name, "VM_RI_contoso");
    assert_eq!(r.billing_plan, Some(BillingPlan::Upfront));
    assert_eq!(r.customer_id, TENANT);
    assert_eq!(r.quantity, 2);
}

#[test]
fn reservation_details_sum_instances_per_day_once() {
    let f = Fixture::with_reservation(None);
    let file = f.write(
        "details.csv",
        &details(&[
            ("2026-11-01", "/vm/1", "20"),
            ("2026-11-01", "/vm/2", "10"),
            ("2026-11-02", "/vm/1", "24"),
        ]),
    );
    let first = f.import_twice(&file, None);
    assert_eq!(counts(&first, "utilization"), (2, 0, 0, 0));
    assert_eq!(
        f.used_hours(),
        [
            ("2026-11-01".into(), "30".into()),
            ("2026-11-02".into(), "24".into())
        ]
    );
}

#[test]
fn reservation_summaries_import_once() {
    let f = Fixture::with_reservation(None);
    let file = f.write("summaries.json", &summaries());
    let first = f.import_twice(&file, None);
    assert_eq!(counts(&first, "utilization"), (2, 0, 0, 0));
    assert_eq!(
        f.used_hours(),
        [
            ("2026-11-01".into(), "24".into()),
            ("2026-11-02".into(), "36".into())
        ]
    );
}

#[test]
fn cost_details_learn_the_currency_and_put_refunds_in_the_ledger_once() {
    let f = Fixture::with_reservation(None);
    let before = f.desk.refund_quote(RES, Some(1), today()).expect("quote");
    assert_eq!(before.used_usd, "0");
    let file = f.write("costs.csv", &cost_details());
    let first = f.import_twice(&file, None);
    assert_eq!(counts(&first, "costs"), (2, 0, 0, 0));
    assert_eq!(counts(&first, "refunds").0, 1, "{first:?}");
    let c = f.desk.customer(TENANT, today()).expect("customer");
    assert_eq!(
        c.customer.billing_currency, "EUR",
        "learned from the purchase"
    );
    let after = f.desk.refund_quote(RES, Some(1), today()).expect("quote");
    assert_eq!(
        after.used_usd, "433.33",
        "the refund counts once against the limit"
    );
}

#[test]
fn focus_rows_import_once() {
    let f = Fixture::with_reservation(None);
    let file = f.write("focus.csv", &focus());
    let first = f.import_twice(&file, None);
    assert_eq!(counts(&first, "costs"), (1, 0, 0, 0), "{first:?}");
}

#[test]
fn role_assignments_import_once() {
    let f = Fixture::with_reservation(None);
    let file = f.write("roles.json", &roles());
    let first = f.import_twice(&file, None);
    assert_eq!(counts(&first, "role_assignments"), (1, 0, 0, 0));
    let names: Vec<String> = f
        .desk
        .access(RES)
        .expect("access")
        .assignments
        .into_iter()
        .map(|a| a.principal_name)
        .collect();
    assert!(names.contains(&"Owner A".to_string()), "{names:?}");
}

#[test]
fn a_portfolio_export_imports_once_into_an_empty_store() {
    let f = Fixture::with_reservation(None);
    let details_file = f.write("details.csv", &details(&[("2026-11-01", "/vm/1", "20")]));
    f.import(&details_file, None);
    let out = f.dir.path().join("portfolio.jsonl");
    f.desk.export_portfolio(&out).expect("export");
    let g = Fixture::new(None);
    let first = g.import_twice(&out, None);
    assert_eq!(counts(&first, "customers").0, 1);
    assert_eq!(counts(&first, "reservations").0, 1);
    assert_eq!(g.used_hours(), f.used_hours());
    let r = g.desk.reservation(RES, today()).expect("reservation");
    assert_eq!(r.display_name, "VM_RI_contoso");
}

#[test]
fn past_the_memory_window_a_repeated_row_is_recognised_not_added() {
    // A window of two reservation-days: the third day spills the first two to disk.
    let f = Fixture::with_reservation(Some(2));
    let file = f.write(
        "details.csv",
        &details(&[
            ("2026-11-01", "/vm/1", "20"),
            ("2026-11-02", "/vm/1", "21"),
            ("2026-11-03", "/vm/1", "22"),
            ("2026-11-04", "/vm/1", "23"),
            // The same rows again (an export downloaded twice and concatenated).
            ("2026-11-01", "/vm/1", "20"),
            ("2026-11-02", "/vm/1", "21"),
            // A second instance on a spilled day adds to it.
            ("2026-11-01", "/vm/2", "5"),
        ]),
    );
    let first = f.import_twice(&file, None);
    assert_eq!(counts(&first, "utilization"), (4, 0, 0, 0));
    let unlimited = Fixture::with_reservation(None);
    unlimited.import(&file, None);
    assert_eq!(
        f.used_hours(),
        unlimited.used_hours(),
        "the window changes no sum"
    );
    assert_eq!(f.used_hours()[0], ("2026-11-01".into(), "25".into()));
}

#[test]
fn past_the_memory_window_a_conflicting_row_is_reported_with_both_lines() {
    let f = Fixture::with_reservation(Some(2));
    let file = f.write(
        "details.csv",
        &details(&[
            ("2026-11-01", "/vm/1", "20"),
            ("2026-11-02", "/vm/1", "21"),
            ("2026-11-03", "/vm/1", "22"),
            ("2026-11-01", "/vm/1", "19"),
        ]),
    );
    let before = f.used_hours();
    let problems = failed(
        f.desk
            .import_files(&[file.as_path()], None, None, today())
            .expect("store ok"),
    );
    assert_eq!(problems.len(), 1, "{problems:?}");
    let p = &problems[0];
    assert_eq!(p.line, Some(5));
    assert_eq!(p.field.as_deref(), Some("UsedHours"));
    assert!(p.expected.contains("line 2"), "{}", p.expected);
    assert_eq!(f.used_hours(), before, "nothing of the failed file is kept");
}

#[test]
fn an_unknown_price_is_never_quoted_nor_drafted_and_a_purchase_row_fills_it() {
    use desk::app::dto::{ExchangeRequest, PurchaseRequest, ReturnRequest};
    use desk::app::ErrorCode;
    use desk::domain::refund::Reason;
    use desk::domain::term::Term;

    // An Azure reservation list gives no price.
    let f = Fixture::with_reservation(None);
    let q = f.desk.refund_quote(RES, Some(1), today()).expect("quote");
    assert!(!q.allowed);
    assert_eq!(
        q.reasons.first(),
        Some(&Reason::PriceUnknown),
        "{:?}",
        q.reasons
    );
    for (name, figure) in [
        ("unit_price_basis", &q.unit_price_basis),
        ("canceled_commitment", &q.canceled_commitment),
        ("canceled_commitment_usd", &q.canceled_commitment_usd),
        ("fee", &q.fee),
        ("refund", &q.refund),
    ] {
        assert_eq!(
            *figure, None,
            "{name} must not be computed from an unknown price"
        );
    }
    let json = serde_json::to_value(&q).expect("json");
    assert!(json["refund"].is_null() && json["canceled_commitment_usd"].is_null());
    assert!(
        !q.how.iter().any(|line| line.contains("0.00")),
        "no zero figure is explained: {:?}",
        q.how
    );

    let refused = f
        .desk
        .draft_refund_ticket(RES, Some(1), today(), "idle")
        .expect_err("no ticket from an unknown price");
    assert_eq!(refused.code(), ErrorCode::InvalidInput);
    assert_eq!(refused.body().field.as_deref(), Some("price"));
    assert!(f.desk.tickets().expect("tickets").is_empty());

    let exchange = ExchangeRequest {
        returns: vec![ReturnRequest {
            reservation_id: RES.into(),
            quantity: Some(1),
        }],
        purchases: vec![PurchaseRequest {
            sku: "Standard_D4s_v5".into(),
            region: "westeurope".into(),
            term: Term::P1Y,
            quantity: 1,
            unit_price: "1.00".into(),
            currency: "USD".into(),
        }],
        on: Some(today()),
    };
    let x = f
        .desk
        .exchange_quote(&exchange, today())
        .expect("exchange quote");
    assert!(!x.allowed);
    assert!(x.reasons.contains(&Reason::PriceUnknown), "{:?}", x.reasons);
    assert!(
        !x.reasons.contains(&Reason::InsufficientPurchaseValue),
        "an unknown value is not compared with the purchase"
    );
    assert_eq!(
        (x.refunds_total.clone(), x.net_payable.clone()),
        (None, None)
    );
    assert_eq!(x.returns[0].refund, None);
    assert!(f
        .desk
        .draft_exchange_ticket(&exchange, today(), "idle")
        .is_err());

    let r = f.desk.reservation(RES, today()).expect("reservation");
    assert_eq!(
        (r.price.clone(), r.price_usd.clone()),
        (None, None),
        "shown as unknown, not 0"
    );
    let board = f.desk.dashboard(today()).expect("dashboard");
    assert_eq!(board.reservations_without_price, 1);
    assert!(
        board.commitment_by_currency.is_empty(),
        "no total is made of an unknown price: {:?}",
        board.commitment_by_currency
    );
    assert_eq!(
        board.commitment_usd, "0.00",
        "of the known prices, which are none"
    );
    let listed = f.desk.customers(None, today()).expect("customers");
    assert_eq!(listed[0].reservations_without_price, 1);

    // The cost export's purchase row prices the order: now the quote has figures.
    let costs = f.write("costs.csv", &cost_details());
    f.import(&costs, None);
    let priced = f.desk.refund_quote(RES, Some(1), today()).expect("quote");
    assert!(
        !priced.reasons.contains(&Reason::PriceUnknown),
        "{:?}",
        priced.reasons
    );
    assert!(priced.canceled_commitment.is_some() && priced.refund.is_some());
    let board = f.desk.dashboard(today()).expect("dashboard");
    assert_eq!(board.reservations_without_price, 0);
    assert_eq!(
        board.commitment_by_currency.get("EUR").map(String::as_str),
        Some("1200.00")
    );
}

const ORDER_2: &str = "b2c3d4e5-f607-4a18-9b2c-3d4e5f60718a";
const RES_2: &str = "c3d4e5f6-0718-4b29-8c3d-4e5f60718293";

/// A reservation list page as Azure returns it for reservations whose orders are not in the
/// store: no `billingPlan`, no `term`, no price. The first spans one year (2026-01-10 →
/// 2027-01-10); the second 400 days, which is no term.
fn azure_partial_page() -> String {
    let item = |order: &str, res: &str, start: &str, expiry: &str| {
        format!(
            r#"{{"id": "/providers/Microsoft.Capacity/reservationOrders/{order}/reservations/{res}", "name": "{order}/{res}", "type": "Microsoft.Capacity/reservationOrders/reservations", "location": "westeurope", "sku": {{"name": "Standard_D2s_v5"}}, "properties": {{"reservedResourceType": "VirtualMachines", "quantity": 2, "appliedScopeType": "Shared", "billingScopeId": "/subscriptions/{BILLED_SUB}", "purchaseDate": "{start}", "benefitStartTime": "{start}T10:00:00Z", "expiryDate": "{expiry}", "provisioningState": "Succeeded"}}}}"#
        )
    };
    format!(
        r#"{{"value": [{}, {}]}}"#,
        item(ORDER, RES, "2026-01-10", "2027-01-10"),
        item(ORDER_2, RES_2, "2026-01-10", "2027-02-14")
    )
}

/// The first reservation's order with `$expand=schedule`: term, plan and payments.
fn azure_order_with_schedule() -> String {
    format!(
        r#"{{"id": "/providers/microsoft.capacity/reservationOrders/{ORDER}", "type": "Microsoft.Capacity/reservationOrders", "name": "{ORDER}", "properties": {{"displayName": "VM_RI_contoso", "requestDateTime": "2026-01-10T09:00:00Z", "benefitStartTime": "2026-01-10T10:00:00Z", "expiryDate": "2027-01-10", "term": "P1Y", "billingPlan": "Upfront", "provisioningState": "Succeeded", "originalQuantity": 2, "reservations": [{{"id": "{arm}"}}], "planInformation": {{"pricingCurrencyTotal": {{"currencyCode": "USD", "amount": 1200.00}}, "startDate": "2026-01-10", "transactions": [{{"dueDate": "2026-01-10", "status": "Succeeded", "pricingCurrencyTotal": {{"currencyCode": "USD", "amount": 1200.00}}, "billingCurrencyTotal": {{"currencyCode": "USD", "amount": 1200.00}}}}]}}}}}}"#,
        arm = arm()
    )
}

/// An `az reservations reservation-order show --expand schedule` export of the fixture's order:
/// the USD total and one payment, written into the file as the JSON number literals given.
fn azure_order(usd: &str, payment: &str) -> String {
    format!(
        r#"{{"id": "/providers/microsoft.capacity/reservationOrders/{ORDER}", "type": "Microsoft.Capacity/reservationOrders", "name": "{ORDER}", "properties": {{"displayName": "VM_RI_contoso", "term": "P1Y", "billingPlan": "Upfront", "requestDateTime": "2026-01-10T10:00:00Z", "expiryDate": "2027-01-10", "originalQuantity": 2, "reservations": [{{"id": "{arm}"}}], "planInformation": {{"pricingCurrencyTotal": {{"currencyCode": "USD", "amount": {usd}}}, "transactions": [{{"dueDate": "2026-01-10", "status": "Succeeded", "billingCurrencyTotal": {{"currencyCode": "EUR", "amount": {payment}}}}}]}}}}}}"#,
        arm = arm()
    )
}

#[test]
fn a_partial_azure_page_imports_with_its_unknowns_and_a_later_order_file_fills_them() {
    use desk::domain::refund::Reason;
    use desk::domain::term::Term;

    let f = Fixture::new(None);
    let pc = f.write("customers.json", &partner_center("Contoso"));
    f.import(&pc, None);
    let page = f.write("reservations.json", &azure_partial_page());
    let report = f.import(&page, Some(TENANT));
    assert_eq!(counts(&report, "reservations").0, 2);
    assert_eq!(counts(&report, "orders").0, 2);
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.contains(ORDER_2) && w.contains("term, billing plan, price")),
        "what is unknown is a warning that says which export fills it: {:?}",
        report.warnings
    );

    let derived = f.desk.reservation(RES, today()).expect("first");
    assert_eq!(derived.term, Some(Term::P1Y), "one year of dates is P1Y");
    assert_eq!(derived.billing_plan, None, "no file said the plan");
    assert_eq!(derived.price, None);
    let odd = f.desk.reservation(RES_2, today()).expect("second");
    assert_eq!(odd.term, None, "400 days is no term: unknown, not guessed");

    let json = serde_json::to_value(&odd).expect("json");
    for key in ["term", "billing_plan", "price", "price_usd"] {
        assert!(json[key].is_null(), "{key} is null when unknown: {json}");
    }

    // A portfolio export carries the unknowns as unknown into another store.
    let out = f.dir.path().join("portfolio.jsonl");
    f.desk.export_portfolio(&out).expect("export");
    let copy = Fixture::new(None);
    copy.import(&out, None);
    assert_eq!(
        serde_json::to_value(copy.desk.reservation(RES_2, today()).expect("copy")).expect("json"),
        json,
        "the copy says exactly what the original says"
    );

    let q = f.desk.refund_quote(RES, None, today()).expect("quote");
    assert!(!q.allowed);
    assert!(q.reasons.contains(&Reason::PriceUnknown), "{:?}", q.reasons);
    assert!(
        q.reasons.contains(&Reason::BillingPlanUnknown),
        "{:?}",
        q.reasons
    );
    assert_eq!((q.refund.clone(), q.fee.clone()), (None, None));
    assert_eq!(q.billing_plan, None);

    // The order with its payment schedule fills term, plan and price.
    let order = f.write("order.json", &azure_order_with_schedule());
    let filled = f.import(&order, None);
    assert_eq!(counts(&filled, "orders").1, 1, "{filled:?}");
    let r = f.desk.reservation(RES, today()).expect("filled");
    assert_eq!(r.billing_plan, Some(BillingPlan::Upfront));
    assert_eq!(r.term, Some(Term::P1Y));
    assert_eq!(r.price.as_ref().map(|m| m.amount.as_str()), Some("1200.00"));
    let q = f.desk.refund_quote(RES, None, today()).expect("quote");
    assert!(
        !q.reasons.iter().any(|r| r.is_unknown_fact()),
        "{:?}",
        q.reasons
    );
    assert!(q.refund.is_some() && q.allowed, "{q:?}");
    // The other order stays unknown.
    assert_eq!(
        f.desk
            .dashboard(today())
            .expect("board")
            .reservations_without_price,
        1
    );
}

#[test]
fn a_purchase_cost_row_fills_an_unknown_billing_plan() {
    let f = Fixture::new(None);
    let pc = f.write("customers.json", &partner_center("Contoso"));
    f.import(&pc, None);
    let page = f.write(
        "reservations.json",
        &azure(false).replace(r#""term": "P1Y", "#, ""),
    );
    f.import(&page, Some(TENANT));
    assert_eq!(
        f.desk.reservation(RES, today()).expect("r").billing_plan,
        None
    );
    let costs = f.write("costs.csv", &cost_details());
    f.import(&costs, None);
    let r = f.desk.reservation(RES, today()).expect("r");
    assert_eq!(
        r.billing_plan,
        Some(BillingPlan::Upfront),
        "Frequency OneTime"
    );
    assert!(r.price.is_some(), "and the purchase row prices it");
}

/// The exported order's `(total_price.amount, total_price_usd)`, as the store has them.
fn exported_order_price(f: &Fixture) -> (String, String) {
    let out = f.dir.path().join("prices.jsonl");
    f.desk.export_portfolio(&out).expect("export");
    let text = std::fs::read_to_string(&out).expect("read export");
    let order = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|v| v["kind"] == "order")
        .unwrap_or_else(|| panic!("no order line in {text}"));
    (
        order["total_price"]["amount"]
            .as_str()
            .expect("amount")
            .to_string(),
        order["total_price_usd"].as_str().expect("usd").to_string(),
    )
}

#[test]
fn an_order_payment_of_twenty_one_digits_is_stored_digit_for_digit() {
    const PAYMENT: &str = "1234.56789012345678901";
    const USD: &str = "98765432109876.543210987";
    let f = Fixture::with_reservation(None);
    let file = f.write("order.json", &azure_order(USD, PAYMENT));
    f.import_twice(&file, Some(TENANT));
    assert_eq!(
        exported_order_price(&f),
        (PAYMENT.to_string(), USD.to_string()),
        "the store keeps the amounts as the file wrote them"
    );
    // The reservation's share is shown in cents, as every price is.
    let r = f.desk.reservation(RES, today()).expect("reservation");
    let price = r.price.expect("priced");
    assert_eq!(
        (price.amount.as_str(), price.currency.as_str()),
        ("1234.57", "EUR")
    );
    assert_eq!(r.price_usd.expect("priced").amount, "98765432109876.54");

    // Through the portfolio export into a new store, still digit for digit.
    let out = f.dir.path().join("portfolio.jsonl");
    f.desk.export_portfolio(&out).expect("export");
    let g = Fixture::new(None);
    g.import(&out, None);
    assert_eq!(
        exported_order_price(&g),
        (PAYMENT.to_string(), USD.to_string())
    );
}

/// Days `from` and on, `n` of them, as (day, used hours).
fn days_from(from: chrono::NaiveDate, n: u64, used: impl Fn(u64) -> u32) -> Vec<(String, String)> {
    (0..n)
        .map(|i| {
            let d = from + chrono::Days::new(i);
            (d.to_string(), used(i).to_string())
        })
        .collect()
}

fn details_of(days: &[(String, String)]) -> String {
    let rows: Vec<(&str, &str, &str)> = days
        .iter()
        .map(|(d, u)| (d.as_str(), "/vm/1", u.as_str()))
        .collect();
    details(&rows)
}

fn figures(f: &Fixture) -> [Option<String>; 4] {
    let r = f.desk.reservation(RES, today()).expect("reservation");
    [
        r.utilization_as_of.map(|d| d.to_string()),
        r.utilization_1d,
        r.utilization_7d,
        r.utilization_30d,
    ]
}

#[test]
fn a_month_onto_a_stored_year_counts_and_stores_what_one_import_of_it_all_would() {
    // Longer than the writer reads ahead at a time (512 days), so the next month and the
    // overlap are found past a first read.
    let start = chrono::NaiveDate::from_ymd_opt(2024, 12, 1).expect("day");
    let year = days_from(start, 700, |i| 10 + (i % 13) as u32);
    // The next file: the last 60 stored days (every third one with other hours) and 30 new
    // days, in no particular order.
    let mut next: Vec<(String, String)> = year[640..]
        .iter()
        .enumerate()
        .map(|(i, (d, u))| {
            let u = if i % 3 == 0 {
                format!("{}.5", u)
            } else {
                u.clone()
            };
            (d.clone(), u)
        })
        .chain(days_from(start + chrono::Days::new(700), 30, |i| {
            30 + (i % 7) as u32
        }))
        .collect();
    next.reverse();
    next.swap(3, 70);

    let f = Fixture::with_reservation(None);
    let first = f.import(&f.write("year.csv", &details_of(&year)), None);
    assert_eq!(counts(&first, "utilization"), (700, 0, 0, 0));
    let month = f.import_twice(&f.write("next.csv", &details_of(&next)), None);
    assert_eq!(counts(&month, "utilization"), (30, 20, 40, 0));

    // The same days from scratch, in one file.
    let mut all: std::collections::BTreeMap<String, String> = year.iter().cloned().collect();
    all.extend(next);
    let all: Vec<(String, String)> = all.into_iter().collect();
    let scratch = Fixture::with_reservation(None);
    scratch.import(&scratch.write("all.csv", &details_of(&all)), None);
    assert_eq!(f.used_hours(), scratch.used_hours());
    assert_eq!(f.used_hours().len(), 730);
    assert_eq!(figures(&f), figures(&scratch));
    assert!(figures(&f)[3].is_some(), "{:?}", figures(&f));

    // And through the spill path (a window of 7 reservation-days) the same again.
    let spilled = Fixture::with_reservation(Some(7));
    spilled.import(&spilled.write("year.csv", &details_of(&year)), None);
    let again = spilled.import(&spilled.write("all.csv", &details_of(&all)), None);
    assert_eq!(counts(&again, "utilization"), (30, 20, 680, 0));
    assert_eq!(spilled.used_hours(), scratch.used_hours());
    assert_eq!(figures(&spilled), figures(&scratch));
}
