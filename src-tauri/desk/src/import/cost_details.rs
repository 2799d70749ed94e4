//! Cost details CSV exports from Cost Management: EA and MCA (CSP partners included), actual and
//! amortized cost. The file is streamed one row at a time, so multi-GB exports keep memory flat.
//!
//! # Accepted shapes
//! - **EA**: `Date` (MM/DD/YYYY), `Cost` or `CostInBillingCurrency`, `BillingCurrency`,
//!   `ChargeType`, `PricingModel`, `ReservationId`, `ProductOrderId`, `benefitId`, `Frequency`,
//!   `Term`, `Quantity`, `ResourceId`, `MeterId`, `AdditionalInfo`, `Tags`.
//! - **MCA / CSP**: the same in MCA spelling — `date`, `costInBillingCurrency`, `costInUsd`,
//!   `costInPricingCurrency`, `billingCurrency`/`billingCurrencyCode`, `pricingCurrency`,
//!   `exchangeRatePricingToBilling`, `customerTenantId`, … Column names are matched without
//!   regard to case, in any order; unknown columns are ignored.
//!
//! Required: `ChargeType`, `Date`, a cost column, the billing currency and `ReservationId` or
//! `benefitId`. Every other column is optional.
//!
//! # Which rows count
//! A row is about a reservation when `PricingModel=Reservation`, when `ChargeType` is
//! `UnusedReservation`, or when `ChargeType` is `Purchase` or `Refund` and the row names a
//! reservation (`ReservationId`, a `Microsoft.Capacity` `benefitId`) or
//! `ConsumedService=Microsoft.Capacity`. Savings-plan rows (`PricingModel=SavingsPlan`,
//! `UnusedSavingsPlan`, `Microsoft.BillingBenefits` IDs) and on-demand rows are counted and
//! reported in one warning at the end.
//!
//! # Mapping to [`CostRec`]
//! - `ChargeType` `Purchase` → [`ChargeKind::Purchase`] (`Frequency` `OneTime` → Upfront,
//!   `Recurring` → Monthly); `Usage` → [`ChargeKind::Usage`] (amortized cost);
//!   `UnusedReservation` → [`ChargeKind::Unused`]; `Refund` → [`ChargeKind::Refund`]. Usage rows
//!   with a zero cost come from an *actual-cost* export (reserved usage is free there): they are
//!   counted, warned about once and not stored, so they never overwrite amortized figures.
//! - Order: `ProductOrderId` when it is a GUID, else the order in the ARM ID of `benefitId`,
//!   `ReservationId` or `ResourceId`. A reservation row without any order is a problem.
//! - Reservation: `ReservationId` (a GUID or an ARM ID naming one; EA purchase rows repeat the
//!   order ID there, which names no reservation), else the reservation in `benefitId`.
//! - Amount: the cost in the billing currency. `amount_usd`: `CostInUsd`, else
//!   `CostInPricingCurrency` when the pricing currency is USD (or not given), else the amount
//!   itself when billed in USD, else amount ÷ `ExchangeRatePricingToBilling` when the pricing
//!   currency is USD (or not given); otherwise unknown.
//! - Customer: `CustomerTenantId` (CSP), else `--customer`.
//! - `line_key`: resource ID | meter ID | a stable hash of `AdditionalInfo` and `Tags` (one VM of
//!   a scale set, one tag set) | cost allocation rule, lowercased — the same for the same row of
//!   a later export, so re-imports replace amounts instead of adding them.

use super::charge_sheet::{
    attributes_hash, billing_plan, contains_ci, line_key, usd_from, Row, Sheet, Tally,
};
use super::csv::{CsvReader, CsvRecord};
use super::ctx::{Ctx, Stop};
use super::values;
use crate::domain::ids::{ReservationId, ReservationOrderId};
use crate::domain::money::Money;
use crate::records::{ChargeKind, CostRec, Record};
use std::io::BufRead;

const CHARGE_TYPE: usize = 0;
const DATE: usize = 1;
const COST: usize = 2;
const CURRENCY: usize = 3;
const RESERVATION_ID: usize = 4;
const COST_USD: usize = 5;
const COST_PRICING: usize = 6;
const PRICING_CURRENCY: usize = 7;
const EXCHANGE_RATE: usize = 8;
const BENEFIT_ID: usize = 9;
const PRODUCT_ORDER_ID: usize = 10;
const PRICING_MODEL: usize = 11;
const CONSUMED_SERVICE: usize = 12;
const FREQUENCY: usize = 13;
const TERM: usize = 14;
const QUANTITY: usize = 15;
const RESOURCE_ID: usize = 16;
const METER_ID: usize = 17;
const ADDITIONAL_INFO: usize = 18;
const TAGS: usize = 19;
const ALLOCATION_RULE: usize = 20;
const CUSTOMER_TENANT: usize = 21;

/// The columns read, with their alternative spellings (EA first, then MCA).
const WANTED: &[(&str, bool)] = &[
    ("ChargeType", true),
    ("Date|UsageDate", true),
    ("CostInBillingCurrency|Cost|PreTaxCost", true),
    ("BillingCurrency|BillingCurrencyCode|Currency", true),
    ("ReservationId|benefitId", true),
    ("CostInUsd", false),
    ("CostInPricingCurrency", false),
    ("PricingCurrency|PricingCurrencyCode", false),
    ("ExchangeRatePricingToBilling", false),
    ("benefitId", false),
    ("ProductOrderId", false),
    ("PricingModel", false),
    ("ConsumedService", false),
    ("Frequency", false),
    ("Term", false),
    ("Quantity", false),
    ("ResourceId|InstanceName|InstanceId", false),
    ("MeterId", false),
    ("AdditionalInfo", false),
    ("Tags", false),
    ("CostAllocationRuleName", false),
    ("CustomerTenantId", false),
];

const ORDER_EXPECTED: &str = "a reservation order ID: a GUID in ProductOrderId, or an ID \
     /providers/Microsoft.Capacity/reservationOrders/{order}/… in benefitId or ReservationId";
const RESERVATION_EXPECTED: &str = "a reservation ID: a GUID or \
     /providers/Microsoft.Capacity/reservationOrders/{order}/reservations/{id}";

/// Parses a cost details CSV export into `ctx`: one [`Record::Cost`] per reservation row.
pub fn parse(input: &mut dyn BufRead, ctx: &mut Ctx<'_>) -> Result<(), Stop> {
    let mut reader = CsvReader::new(input);
    let what = "cost details CSV export (EA or MCA)";
    let Some(sheet) = Sheet::open(&mut reader, ctx, WANTED, &[], what, false) else {
        return Ok(());
    };
    let mut tally = Tally::default();
    sheet.each_row(&mut reader, ctx, |ctx, rec| {
        row(ctx, &sheet, rec, &mut tally)
    })?;
    tally.report(ctx);
    Ok(())
}

fn row(
    ctx: &mut Ctx<'_>,
    sheet: &Sheet,
    rec: &CsvRecord<'_>,
    tally: &mut Tally,
) -> Result<(), Stop> {
    let mut r = Row::new(sheet, rec);
    let ct = r.get(CHARGE_TYPE).unwrap_or("");
    let pm = r.get(PRICING_MODEL).unwrap_or("");
    let benefit = r.get(BENEFIT_ID);
    let res_col = r.get(RESERVATION_ID);
    r.id = benefit.or(res_col);
    let is = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    let savings_plan = contains_ci(pm, "savingsplan")
        || is(ct, "UnusedSavingsPlan")
        || benefit.is_some_and(|b| contains_ci(b, "/microsoft.billingbenefits/"));
    let names_reservation = res_col.is_some()
        || benefit.is_some_and(|b| contains_ci(b, "/microsoft.capacity/"))
        || r.get(CONSUMED_SERVICE)
            .is_some_and(|s| is(s, "Microsoft.Capacity"));
    let reservation = !savings_plan
        && (is(pm, "Reservation")
            || is(ct, "UnusedReservation")
            || (names_reservation && (is(ct, "Purchase") || is(ct, "Refund")))
            // Old EA exports have no PricingModel: their covered usage names the reservation.
            || (!sheet.has(PRICING_MODEL) && names_reservation && is(ct, "Usage")));
    if !reservation {
        tally.ignored += 1;
        return Ok(());
    }
    let kind = if is(ct, "Purchase") {
        ChargeKind::Purchase
    } else if is(ct, "Usage") {
        ChargeKind::Usage
    } else if is(ct, "UnusedReservation") {
        ChargeKind::Unused
    } else if is(ct, "Refund") {
        ChargeKind::Refund
    } else {
        tally.other(ct);
        return Ok(());
    };

    let day = r.date(ctx, DATE);
    let amount = r.required_decimal(ctx, COST);
    let currency = r.currency(ctx, CURRENCY);
    let quantity = r.decimal(ctx, QUANTITY);
    let usd_col = r.decimal(ctx, COST_USD);
    let pricing_col = r.decimal(ctx, COST_PRICING);
    let rate = r.decimal(ctx, EXCHANGE_RATE);
    let tenant = r
        .tenant(ctx, CUSTOMER_TENANT)
        .or_else(|| ctx.customer.clone());

    // The order: ProductOrderId when a GUID, else any ARM ID on the row.
    let arm_benefit = benefit.and_then(values::arm_ids);
    let arm_res = res_col.and_then(values::arm_ids);
    let order = r
        .get(PRODUCT_ORDER_ID)
        .and_then(|s| ReservationOrderId::parse(s).ok())
        .or_else(|| arm_benefit.as_ref().map(|a| a.0.clone()))
        .or_else(|| arm_res.as_ref().map(|a| a.0.clone()))
        .or_else(|| r.get(RESOURCE_ID).and_then(values::arm_ids).map(|a| a.0));
    if order.is_none() {
        let found = r.get(PRODUCT_ORDER_ID).or(benefit).or(res_col);
        r.bad(ctx, PRODUCT_ORDER_ID, found, ORDER_EXPECTED);
    }
    // The reservation: ReservationId unless it repeats the order (EA purchase rows).
    let from_column = match (res_col, &arm_res) {
        (None, _) => None,
        (Some(_), Some((_, res))) => res.clone(),
        (Some(raw), None) => match ReservationId::parse(raw) {
            Ok(id) if order.as_ref().is_some_and(|o| o.as_str() == id.as_str()) => None,
            Ok(id) => Some(id),
            Err(_) => {
                r.bad(ctx, RESERVATION_ID, Some(raw), RESERVATION_EXPECTED);
                None
            }
        },
    };
    let reservation_id = from_column.or_else(|| arm_benefit.and_then(|a| a.1));

    // A term matters on purchase rows (it prices the order); elsewhere an odd one is ignored.
    let term = r.term(ctx, TERM, kind == ChargeKind::Purchase);
    let billing_plan = match kind {
        ChargeKind::Purchase => r.get(FREQUENCY).and_then(billing_plan),
        _ => None,
    };

    let (Some(order_id), Some(day), Some(amount), Some(currency), true) =
        (order, day, amount, currency, r.ok)
    else {
        return Ok(());
    };
    if kind == ChargeKind::Usage && amount.is_zero() {
        tally.zero_usage += 1;
        return Ok(());
    }
    let pricing_usd = r
        .get(PRICING_CURRENCY)
        .is_none_or(|c| c.eq_ignore_ascii_case("USD"));
    let amount_usd = usd_from(amount, currency, usd_col, pricing_col, rate, pricing_usd);
    let attrs = attributes_hash(&[r.get(ADDITIONAL_INFO), r.get(TAGS)]);
    let line_key = line_key(&[
        r.get(RESOURCE_ID),
        r.get(METER_ID),
        attrs.as_deref(),
        r.get(ALLOCATION_RULE),
    ]);
    let cost = CostRec {
        order_id,
        reservation_id,
        tenant_id: tenant,
        day,
        kind,
        amount: Money::new(amount, currency),
        amount_usd,
        quantity,
        line_key,
        billing_plan,
        term,
    };
    ctx.emit(Record::Cost(cost), &r.loc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::TenantId;
    use crate::domain::money::Currency;
    use crate::domain::term::{BillingPlan, Term};
    use crate::import::charge_sheet::{fnv64, DECIMAL_EXPECTED, MAX_KEY_BYTES};
    use crate::import::ctx::Loc;
    use crate::import::ctx::{parse_bytes, Parsed, Progress, Sink, SinkProblem};
    use crate::import::test_sheets::{dec, file, line, ymd};
    use crate::import::Format;
    use crate::records::Entity;
    use crate::test_ids::{reservation_arm, COST_METER, COST_ORDER, COST_RESERVATION, COST_TENANT};
    use std::io::Read;
    use std::sync::atomic::AtomicBool;

    /// The column names of a real EA export (values in tests are made up).
    const EA_HEADER: &str = "BillingAccountId,BillingAccountName,BillingPeriodStartDate,BillingPeriodEndDate,BillingProfileId,BillingProfileName,AccountOwnerId,AccountName,SubscriptionId,SubscriptionName,Date,Product,PartNumber,MeterId,ServiceFamily,MeterCategory,MeterSubCategory,MeterRegion,MeterName,Quantity,EffectivePrice,Cost,UnitPrice,BillingCurrency,ResourceLocation,AvailabilityZone,ConsumedService,ResourceId,ResourceName,ServiceInfo1,ServiceInfo2,AdditionalInfo,Tags,InvoiceSectionId,InvoiceSection,CostCenter,UnitOfMeasure,ResourceGroup,ReservationId,ReservationName,ProductOrderId,ProductOrderName,OfferId,IsAzureCreditEligible,Term,PublisherName,PlanName,ChargeType,Frequency,PublisherType,PayGPrice,PricingModel,CostAllocationRuleName,benefitId,benefitName";

    fn ea(cells: &[(&str, &str)]) -> String {
        line(EA_HEADER, cells)
    }

    fn parse(bytes: &[u8]) -> Parsed {
        parse_bytes(Format::CostDetails, "costs.csv", bytes, None)
    }

    fn costs(p: &Parsed) -> Vec<(&CostRec, u32)> {
        p.records
            .iter()
            .map(|(r, loc)| match r {
                Record::Cost(c) => (c, loc.line.unwrap_or(0)),
                other => panic!("unexpected record {other:?}"),
            })
            .collect()
    }

    fn purchase_row() -> String {
        let purchase_path =
            format!("/providers/Microsoft.Capacity/reservationOrders/{COST_ORDER}/reservations/");
        ea(&[
            ("Date", "09/21/2023"),
            ("MeterId", COST_METER),
            ("Quantity", "1"),
            ("Cost", "3.25"),
            ("BillingCurrency", "USD"),
            ("ConsumedService", "Microsoft.Capacity"),
            ("ResourceId", &purchase_path),
            ("ReservationId", COST_ORDER),
            ("ReservationName", "VM_RI_test"),
            ("ProductOrderId", COST_ORDER),
            (
                "ProductOrderName",
                "Reserved VM Instance, Standard_B1s, UK South, 3 Years",
            ),
            ("Term", "36"),
            ("ChargeType", "Purchase"),
            ("Frequency", "Recurring"),
            ("PricingModel", "Reservation"),
            ("benefitId", &purchase_path),
            ("benefitName", "VM_RI_test"),
        ])
    }

    fn on_demand_row() -> String {
        ea(&[
            ("Date", "09/04/2023"),
            ("MeterId", COST_METER),
            ("Quantity", "0.5"),
            ("Cost", "0.1"),
            ("BillingCurrency", "USD"),
            ("ConsumedService", "Microsoft.Storage"),
            (
                "ResourceId",
                "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/s",
            ),
            ("ChargeType", "Usage"),
            ("Frequency", "UsageBased"),
            ("PricingModel", "OnDemand"),
        ])
    }

    fn usage_row(day: &str, cost: &str, vm: &str) -> String {
        let info = format!("{{\"VMName\":\"{vm}\",\"ReservationOrderId\":\"{COST_ORDER}\",\"ReservationId\":\"{COST_RESERVATION}\"}}");
        ea(&[
            ("Date", day),
            ("MeterId", COST_METER),
            ("Quantity", "8"),
            ("Cost", cost),
            ("BillingCurrency", "USD"),
            ("ConsumedService", "Microsoft.Compute"),
            ("ResourceId", "/subscriptions/s/resourceGroups/RG/providers/Microsoft.Compute/virtualMachineScaleSets/Pool"),
            ("AdditionalInfo", &info),
            ("ReservationId", COST_RESERVATION),
            ("ReservationName", "ProdReservation"),
            ("ProductOrderId", COST_ORDER),
            ("Term", "12"),
            ("ChargeType", "Usage"),
            ("Frequency", "UsageBased"),
            ("PricingModel", "Reservation"),
            ("benefitId", &reservation_arm(COST_ORDER, COST_RESERVATION)),
        ])
    }

    fn unused_row(day: &str) -> String {
        ea(&[
            ("Date", day),
            ("MeterId", COST_METER),
            ("Quantity", "4"),
            ("Cost", "1.5"),
            ("BillingCurrency", "USD"),
            ("ConsumedService", "Microsoft.Capacity"),
            ("ResourceId", &reservation_arm(COST_ORDER, COST_RESERVATION)),
            ("ReservationId", COST_RESERVATION),
            ("ProductOrderId", COST_ORDER),
            ("Term", "12"),
            ("ChargeType", "UnusedReservation"),
            ("Frequency", "UsageBased"),
            ("PricingModel", "Reservation"),
            ("benefitId", &reservation_arm(COST_ORDER, COST_RESERVATION)),
        ])
    }

    fn savings_plan_row() -> String {
        ea(&[
            ("Date", "09/03/2023"),
            ("Cost", "0.006"),
            ("BillingCurrency", "USD"),
            ("ProductOrderId", "802a9e8b-e860-4d5f-b63b-c5bdf7ee2446"),
            ("ChargeType", "Usage"),
            ("PricingModel", "SavingsPlan"),
            ("benefitId", "/providers/Microsoft.BillingBenefits/savingsPlanOrders/802a9e8b-e860-4d5f-b63b-c5bdf7ee2446/savingsPlans/09ff8291-64ac-45fb-afed-b9b39dbd88d7"),
        ])
    }

    #[test]
    fn ea_actual_cost_purchase_row_with_us_dates() {
        let p = parse(&file(
            EA_HEADER,
            &[purchase_row(), on_demand_row(), on_demand_row()],
        ));
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        let c = costs(&p);
        assert_eq!(c.len(), 1);
        let (c, line) = c[0];
        assert_eq!(line, 2);
        assert_eq!(c.order_id.as_str(), COST_ORDER);
        assert_eq!(
            c.reservation_id, None,
            "EA purchase rows repeat the order in ReservationId"
        );
        assert_eq!(c.day, ymd(2023, 9, 21));
        assert_eq!(c.kind, ChargeKind::Purchase);
        assert_eq!(c.amount, Money::new(dec("3.25"), Currency::USD));
        assert_eq!(c.amount_usd, Some(dec("3.25")));
        assert_eq!(c.quantity, Some(dec("1")));
        assert_eq!(c.billing_plan, Some(BillingPlan::Monthly));
        assert_eq!(c.term, Some(Term::P3Y));
        assert_eq!(c.tenant_id, None);
        assert_eq!(
            c.line_key,
            format!(
                "/providers/microsoft.capacity/reservationorders/{COST_ORDER}/reservations/|{COST_METER}||"
            )
        );
        assert_eq!(
            p.warnings,
            vec!["costs.csv: 2 rows not about reservations were ignored"]
        );
    }

    #[test]
    fn ea_amortized_usage_and_unused_rows() {
        let rows = [
            usage_row("09/22/2023", "0.493152", "pool_1"),
            usage_row("09/22/2023", "0.25", "pool_2"),
            unused_row("09/22/2023"),
            savings_plan_row(),
            on_demand_row(),
        ];
        let p = parse(&file(EA_HEADER, &rows));
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        let c = costs(&p);
        assert_eq!(c.len(), 3);
        let (u1, u2, unused) = (c[0].0, c[1].0, c[2].0);
        assert_eq!(u1.kind, ChargeKind::Usage);
        assert_eq!(u1.order_id.as_str(), COST_ORDER);
        assert_eq!(
            u1.reservation_id.as_ref().map(ReservationId::as_str),
            Some(COST_RESERVATION)
        );
        assert_eq!(u1.amount.amount, dec("0.493152"));
        assert_eq!(u1.quantity, Some(dec("8")));
        assert_eq!(u1.term, Some(Term::P1Y));
        assert_eq!(u1.billing_plan, None);
        assert_ne!(
            u1.line_key, u2.line_key,
            "two VMs of one scale set are two rows"
        );
        assert!(u1.line_key.starts_with("/subscriptions/s/resourcegroups/rg/providers/microsoft.compute/virtualmachinescalesets/pool|"));
        assert_eq!(unused.kind, ChargeKind::Unused);
        assert_eq!(unused.amount.amount, dec("1.5"));
        assert_eq!(
            unused.reservation_id.as_ref().map(ReservationId::as_str),
            Some(COST_RESERVATION)
        );
        assert_eq!(
            p.warnings,
            vec!["costs.csv: 2 rows not about reservations were ignored"]
        );
    }

    #[test]
    fn zero_cost_reserved_usage_of_actual_cost_exports_is_not_stored() {
        let p = parse(&file(
            EA_HEADER,
            &[usage_row("09/22/2023", "0", "a"), purchase_row()],
        ));
        assert!(p.problems.is_empty());
        assert_eq!(costs(&p).len(), 1);
        assert_eq!(p.warnings.len(), 1);
        assert!(
            p.warnings[0].contains("1 reservation usage rows at zero cost were ignored"),
            "{:?}",
            p.warnings
        );
    }

    const MCA_HEADER: &str = "invoiceId,billingAccountId,date,serviceFamily,meterId,quantity,costInBillingCurrency,costInPricingCurrency,billingCurrency,pricingCurrency,exchangeRatePricingToBilling,consumedService,ResourceId,additionalInfo,tags,reservationId,reservationName,productOrderId,productOrderName,term,chargeType,frequency,pricingModel,benefitId,benefitName,costInUsd,customerTenantId,customerName";

    #[test]
    fn mca_column_names_and_customer_tenant() {
        let tenant = COST_TENANT;
        let rows = [
            line(
                MCA_HEADER,
                &[
                    ("date", "2024-07-10"),
                    ("meterId", COST_METER),
                    ("quantity", "2"),
                    ("costInBillingCurrency", "1200.50"),
                    ("costInPricingCurrency", "1300"),
                    ("billingCurrency", "EUR"),
                    ("pricingCurrency", "USD"),
                    ("exchangeRatePricingToBilling", "0.92"),
                    ("reservationId", COST_RESERVATION),
                    ("productOrderId", COST_ORDER),
                    ("term", "P1Y"),
                    ("chargeType", "Purchase"),
                    ("frequency", "OneTime"),
                    ("pricingModel", "Reservation"),
                    ("benefitId", &reservation_arm(COST_ORDER, COST_RESERVATION)),
                    ("costInUsd", "1304.89"),
                    ("customerTenantId", tenant),
                ],
            ),
            // No costInUsd: the pricing-currency cost is USD.
            line(
                MCA_HEADER,
                &[
                    ("date", "2024-07-11"),
                    ("costInBillingCurrency", "2.30"),
                    ("costInPricingCurrency", "2.50"),
                    ("billingCurrency", "EUR"),
                    ("pricingCurrency", "USD"),
                    ("chargeType", "UnusedReservation"),
                    ("benefitId", &reservation_arm(COST_ORDER, COST_RESERVATION)),
                ],
            ),
            // Only the exchange rate: USD = amount ÷ rate.
            line(
                MCA_HEADER,
                &[
                    ("date", "2024-07-12"),
                    ("costInBillingCurrency", "9.20"),
                    ("billingCurrency", "EUR"),
                    ("exchangeRatePricingToBilling", "0.92"),
                    ("chargeType", "Usage"),
                    ("pricingModel", "Reservation"),
                    ("reservationId", COST_RESERVATION),
                    ("productOrderId", COST_ORDER),
                ],
            ),
            // EUR without any conversion: the USD amount stays unknown.
            line(
                MCA_HEADER,
                &[
                    ("date", "2024-07-13"),
                    ("costInBillingCurrency", "9.20"),
                    ("billingCurrency", "EUR"),
                    ("pricingCurrency", "EUR"),
                    ("chargeType", "Usage"),
                    ("pricingModel", "Reservation"),
                    ("benefitId", &reservation_arm(COST_ORDER, COST_RESERVATION)),
                ],
            ),
        ];
        let p = parse(&file(MCA_HEADER, &rows));
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        let c = costs(&p);
        assert_eq!(c.len(), 4);
        let purchase = c[0].0;
        assert_eq!(purchase.kind, ChargeKind::Purchase);
        assert_eq!(
            purchase.amount,
            Money::new(dec("1200.50"), Currency::parse("EUR").unwrap())
        );
        assert_eq!(purchase.amount_usd, Some(dec("1304.89")));
        assert_eq!(purchase.billing_plan, Some(BillingPlan::Upfront));
        assert_eq!(purchase.term, Some(Term::P1Y));
        assert_eq!(
            purchase.tenant_id.as_ref().map(TenantId::as_str),
            Some(tenant)
        );
        assert_eq!(
            purchase.reservation_id.as_ref().map(ReservationId::as_str),
            Some(COST_RESERVATION)
        );
        assert_eq!(c[1].0.kind, ChargeKind::Unused);
        assert_eq!(c[1].0.order_id.as_str(), COST_ORDER, "order from benefitId");
        assert_eq!(c[1].0.amount_usd, Some(dec("2.50")));
        assert_eq!(c[2].0.amount_usd, Some(dec("10")));
        assert_eq!(c[3].0.amount_usd, None);
    }

    #[test]
    fn customer_option_fills_the_tenant() {
        let t = TenantId::parse(COST_TENANT).unwrap();
        let p = parse_bytes(
            Format::CostDetails,
            "c.csv",
            &file(EA_HEADER, &[purchase_row()]),
            Some(t.clone()),
        );
        assert_eq!(costs(&p)[0].0.tenant_id, Some(t));
    }

    #[test]
    fn refund_rows() {
        let row = ea(&[
            ("Date", "03/05/2024"),
            ("Quantity", "1"),
            ("Cost", "-812.40"),
            ("BillingCurrency", "USD"),
            ("ConsumedService", "Microsoft.Capacity"),
            ("ReservationId", COST_ORDER),
            ("ProductOrderId", COST_ORDER),
            ("ChargeType", "Refund"),
            ("Frequency", "OneTime"),
            ("benefitId", &reservation_arm(COST_ORDER, COST_RESERVATION)),
        ]);
        let p = parse(&file(EA_HEADER, &[row]));
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        let c = costs(&p)[0].0;
        assert_eq!(c.kind, ChargeKind::Refund);
        assert_eq!(c.amount.amount, dec("-812.40"));
        assert_eq!(c.amount_usd, Some(dec("-812.40")));
        assert_eq!(
            c.reservation_id.as_ref().map(ReservationId::as_str),
            Some(COST_RESERVATION)
        );
        assert_eq!(c.billing_plan, None, "a refund does not reveal the plan");
        assert_eq!(c.day, ymd(2024, 3, 5));
    }

    #[test]
    fn other_reservation_charge_types_are_counted() {
        let row = ea(&[
            ("Date", "03/05/2024"),
            ("Cost", "0.01"),
            ("BillingCurrency", "USD"),
            ("ProductOrderId", COST_ORDER),
            ("ChargeType", "RoundingAdjustment"),
            ("PricingModel", "Reservation"),
        ]);
        let p = parse(&file(EA_HEADER, &[row]));
        assert!(p.problems.is_empty() && p.records.is_empty());
        assert_eq!(p.warnings, vec!["costs.csv: 1 reservation rows of other charge types were ignored (RoundingAdjustment)"]);
    }

    #[test]
    fn reservation_row_without_any_order_is_a_problem() {
        let row = ea(&[
            ("Date", "03/05/2024"),
            ("Cost", "1"),
            ("BillingCurrency", "USD"),
            ("ChargeType", "UnusedReservation"),
            ("PricingModel", "Reservation"),
        ]);
        let p = parse(&file(EA_HEADER, &[row]));
        assert!(p.records.is_empty());
        assert_eq!(p.problems.len(), 1);
        assert_eq!(p.problems[0].line, Some(2));
        assert_eq!(p.problems[0].field.as_deref(), Some("ProductOrderId"));
        assert_eq!(p.problems[0].expected, ORDER_EXPECTED);
    }

    #[test]
    fn bad_reservation_id_is_a_problem() {
        let row = ea(&[
            ("Date", "03/05/2024"),
            ("Cost", "1"),
            ("BillingCurrency", "USD"),
            ("ReservationId", "not-a-guid"),
            ("ProductOrderId", COST_ORDER),
            ("ChargeType", "Usage"),
            ("PricingModel", "Reservation"),
        ]);
        let p = parse(&file(EA_HEADER, &[row]));
        assert!(p.records.is_empty());
        assert_eq!(p.problems[0].field.as_deref(), Some("ReservationId"));
        assert_eq!(p.problems[0].found.as_deref(), Some("not-a-guid"));
    }

    #[test]
    fn bom_crlf_and_quoted_fields_with_commas_and_newlines() {
        let header = "Date,Cost,BillingCurrency,ChargeType,PricingModel,ReservationId,ReservationName,ProductOrderId,ResourceId,MeterId";
        let text = format!(
            "\u{feff}{header}\r\n\
             01/02/2024,\"1.50\",USD,Usage,Reservation,{COST_RESERVATION},\"name, with comma\",{COST_ORDER},\"/subscriptions/s/vm\",m1\r\n\
             01/02/2024,2.5,USD,Usage,Reservation,{COST_RESERVATION},\"two\r\nlines \"\"quoted\"\"\",{COST_ORDER},/subscriptions/s/vm,m2\r\n\
             01/03/2024,3,USD,Usage,Reservation,{COST_RESERVATION},plain,{COST_ORDER},/subscriptions/s/vm,m1\r\n"
        );
        let p = parse(text.as_bytes());
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        let c = costs(&p);
        assert_eq!(
            c.iter().map(|(_, l)| *l).collect::<Vec<_>>(),
            vec![2, 3, 5],
            "the quoted newline counts"
        );
        assert_eq!(c[0].0.amount.amount, dec("1.50"));
        assert_eq!(c[0].0.line_key, "/subscriptions/s/vm|m1||");
        assert_eq!(c[2].0.day, ymd(2024, 1, 3));
    }

    #[test]
    fn extra_unknown_and_reordered_columns() {
        let header = "Surprise,benefitId,ChargeType,CostInBillingCurrency,Another,BillingCurrencyCode,Date,PricingModel";
        let text = format!(
            "{header}\nx,{},usage,4.2,y,usd,2024-02-29,reservation\n",
            reservation_arm(COST_ORDER, COST_RESERVATION)
        );
        let p = parse(text.as_bytes());
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        let c = costs(&p)[0].0;
        assert_eq!(c.kind, ChargeKind::Usage);
        assert_eq!(c.amount, Money::new(dec("4.2"), Currency::USD));
        assert_eq!(c.day, ymd(2024, 2, 29));
        assert_eq!(
            c.reservation_id.as_ref().map(ReservationId::as_str),
            Some(COST_RESERVATION)
        );
        assert_eq!(c.line_key, "|||", "no resource, meter or attributes");
    }

    #[test]
    fn truncated_file_names_the_open_field() {
        let mut bytes = file(EA_HEADER, &[purchase_row()]);
        let cut = ea(&[("Date", "09/21/2023"), ("ReservationName", "cut, here")]);
        let cut = &cut[..cut.find("cut,").unwrap() + 4];
        bytes.extend_from_slice(cut.as_bytes());
        let p = parse(&bytes);
        assert_eq!(costs(&p).len(), 1, "rows before the cut are kept");
        assert_eq!(p.problems.len(), 1);
        assert_eq!(p.problems[0].line, Some(3));
        assert!(
            p.problems[0].expected.contains("truncated"),
            "{}",
            p.problems[0].expected
        );
    }

    #[test]
    fn wrong_types_are_located_and_parsing_goes_on() {
        let mut bad = usage_row("09/22/2023", "abc", "a");
        bad = bad.replace(",8,", ",eight,");
        let p = parse(&file(EA_HEADER, &[bad, usage_row("09/23/2023", "1", "a")]));
        assert_eq!(costs(&p).len(), 1, "the good row still comes through");
        let fields: Vec<_> = p
            .problems
            .iter()
            .map(|x| (x.line, x.field.clone(), x.found.clone(), x.expected.clone()))
            .collect();
        assert!(
            fields.contains(&(
                Some(2),
                Some("Cost".into()),
                Some("abc".into()),
                DECIMAL_EXPECTED.into()
            )),
            "{fields:?}"
        );
        assert!(
            fields.contains(&(
                Some(2),
                Some("Quantity".into()),
                Some("eight".into()),
                DECIMAL_EXPECTED.into()
            )),
            "{fields:?}"
        );
    }

    #[test]
    fn invalid_utf8_stops_at_its_line() {
        let mut bytes = file(EA_HEADER, &[purchase_row()]);
        bytes.extend_from_slice(b"\xff\xfe,\xc3\x28\n");
        let p = parse(&bytes);
        assert_eq!(p.problems.len(), 1);
        assert_eq!(p.problems[0].line, Some(3));
        assert!(p.problems[0].expected.contains("UTF-8"));
    }

    #[test]
    fn ten_megabyte_field_is_refused_at_its_line() {
        let mut bytes = file(EA_HEADER, &[purchase_row()]);
        bytes.extend_from_slice(b"8611537,");
        bytes.extend(std::iter::repeat_n(b'x', 10 << 20));
        bytes.push(b'\n');
        let p = parse(&bytes);
        assert_eq!(p.problems.len(), 1);
        assert_eq!(p.problems[0].line, Some(3));
        assert_eq!(p.problems[0].field.as_deref(), Some("BillingAccountName"));
        assert!(p.problems[0].expected.contains("1 MiB"));
    }

    #[test]
    fn a_million_columns_are_refused() {
        let mut bytes = file(EA_HEADER, &[]);
        bytes.extend(std::iter::repeat_n(b',', 1_000_000));
        bytes.push(b'\n');
        let p = parse(&bytes);
        assert_eq!(p.problems.len(), 1);
        assert_eq!(p.problems[0].line, Some(2));
        assert!(p.problems[0].expected.contains("columns per line"));
    }

    #[test]
    fn formula_looking_cells_are_data_except_where_numbers_go() {
        let formula = "=cmd|' /C calc'!A0";
        let row = usage_row("09/22/2023", "1", "a").replace("ProdReservation", formula);
        let bad = usage_row("09/22/2023", formula, "b");
        let p = parse(&file(EA_HEADER, &[row, bad]));
        assert_eq!(costs(&p).len(), 1, "a formula in a name is only text");
        assert_eq!(p.problems.len(), 1);
        assert_eq!(p.problems[0].line, Some(3));
        assert_eq!(p.problems[0].field.as_deref(), Some("Cost"));
        assert_eq!(p.problems[0].found.as_deref(), Some(formula));
        assert_eq!(p.problems[0].expected, DECIMAL_EXPECTED);
    }

    #[test]
    fn script_in_names_is_kept_as_text() {
        let row = usage_row("09/22/2023", "1", "<script>alert(1)</script>")
            .replace("ProdReservation", "<script>alert(1)</script>")
            .replace(
                "/virtualMachineScaleSets/Pool",
                "/virtualMachineScaleSets/<script>",
            );
        let p = parse(&file(EA_HEADER, &[row]));
        assert!(p.problems.is_empty());
        assert!(costs(&p)[0].0.line_key.contains("/<script>|"));
    }

    #[test]
    fn identical_rows_give_identical_records_and_keys() {
        let bytes = file(
            EA_HEADER,
            &[
                usage_row("09/22/2023", "0.5", "a"),
                usage_row("09/22/2023", "0.5", "a"),
            ],
        );
        let p = parse(&bytes);
        let c = costs(&p);
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].0, c[1].0);
        let again = parse(&bytes);
        assert_eq!(
            costs(&again)[0].0.line_key,
            c[0].0.line_key,
            "stable across imports"
        );
    }

    #[test]
    fn dates_out_of_range_name_the_date_column() {
        for day in [
            "12/31/9999",
            "01/01/1900",
            "9999-12-31",
            "1900-01-01",
            "yesterday",
        ] {
            let p = parse(&file(EA_HEADER, &[usage_row(day, "1", "a")]));
            assert!(p.records.is_empty(), "{day}");
            assert_eq!(p.problems.len(), 1, "{day}");
            assert_eq!(p.problems[0].line, Some(2));
            assert_eq!(p.problems[0].field.as_deref(), Some("Date"));
            assert_eq!(p.problems[0].found.as_deref(), Some(day));
            assert_eq!(p.problems[0].expected, values::DATE_EXPECTED);
        }
        let p = parse(b"date,chargeType,costInBillingCurrency,billingCurrency,benefitId,pricingModel\n1900-01-01,Usage,1,USD,x,Reservation\n");
        assert_eq!(
            p.problems[0].field.as_deref(),
            Some("date"),
            "named as the file spells it"
        );
    }

    #[test]
    fn missing_required_columns_are_one_problem_naming_each() {
        let p = parse(b"Foo,ChargeType,Bar\nx,Usage,y\n");
        assert_eq!(p.problems.len(), 1);
        let pr = &p.problems[0];
        assert_eq!(pr.line, Some(1));
        for col in [
            "Date",
            "CostInBillingCurrency",
            "BillingCurrency",
            "ReservationId",
        ] {
            assert!(
                pr.field.as_deref().unwrap().contains(col),
                "{col} in {:?}",
                pr.field
            );
            assert!(pr.expected.contains(col), "{col} in {}", pr.expected);
        }
        assert!(!pr.field.as_deref().unwrap().contains("ChargeType"));
        assert!(p.records.is_empty());
    }

    #[test]
    fn empty_file_is_a_problem() {
        let p = parse(b"");
        assert_eq!(p.problems.len(), 1);
        assert_eq!(p.problems[0].line, Some(1));
        assert!(p.problems[0].expected.contains("empty"));
    }

    #[test]
    fn more_than_fifty_bad_rows_keep_fifty_problems() {
        let rows: Vec<String> = (0..70)
            .map(|_| usage_row("09/22/2023", "abc", "a"))
            .collect();
        let p = parse(&file(EA_HEADER, &rows));
        assert_eq!(p.problems.len(), crate::import::MAX_PROBLEMS);
        assert_eq!(p.problems[49].line, Some(51));
        assert!(p.records.is_empty());
    }

    #[test]
    fn detection_of_ea_and_mca_headers() {
        let ea = file(EA_HEADER, &[purchase_row()]);
        assert_eq!(Format::detect(&ea), Some(Format::CostDetails));
        let mut bom = b"\xef\xbb\xbf".to_vec();
        bom.extend_from_slice(&ea);
        assert_eq!(Format::detect(&bom), Some(Format::CostDetails));
        assert_eq!(
            Format::detect(MCA_HEADER.as_bytes()),
            Some(Format::CostDetails)
        );
        let quoted = "\"Date\",\"ChargeType\",\"benefitId\",\"Cost\",\"BillingCurrency\"\r\n";
        assert_eq!(Format::detect(quoted.as_bytes()), Some(Format::CostDetails));
    }

    /// Generates a large export row by row: the input itself never sits in memory.
    struct Generated {
        rows: usize,
        next: usize,
        buf: Vec<u8>,
        pos: usize,
    }

    impl Read for Generated {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            if self.pos == self.buf.len() {
                self.buf.clear();
                self.pos = 0;
                if self.next == 0 {
                    self.buf.extend_from_slice(b"Date,ChargeType,PricingModel,Cost,BillingCurrency,ReservationId,ProductOrderId,ResourceId,MeterId,Quantity\n");
                } else if self.next <= self.rows {
                    let i = self.next;
                    let (ct, pm) = if i.is_multiple_of(2) {
                        ("Usage", "Reservation")
                    } else {
                        ("Usage", "OnDemand")
                    };
                    let line = format!("{:02}/{:02}/2024,{ct},{pm},{}.{:02},USD,{COST_RESERVATION},{COST_ORDER},/subscriptions/s/vm{i},meter,1\n", i % 12 + 1, i % 28 + 1, i % 100 + 1, i % 100);
                    self.buf.extend_from_slice(line.as_bytes());
                } else {
                    return Ok(0);
                }
                self.next += 1;
            }
            let n = out.len().min(self.buf.len() - self.pos);
            out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
            self.pos += n;
            Ok(n)
        }
    }

    #[derive(Debug, Default)]
    struct Counting {
        costs: usize,
        warnings: Vec<String>,
    }

    impl Sink for Counting {
        fn accept(
            &mut self,
            record: Record,
            _loc: &Loc,
        ) -> Result<Result<(), SinkProblem>, crate::records::sink::SinkError> {
            assert!(matches!(record, Record::Cost(_)));
            self.costs += 1;
            Ok(Ok(()))
        }
        fn warn(&mut self, warning: String) {
            self.warnings.push(warning);
        }
        fn skip(&mut self, _entity: Entity, _reason: String) {}
    }

    fn run_generated(rows: usize, cancel: bool) -> (Result<(), Stop>, Counting, usize, Progress) {
        let mut sink = Counting::default();
        let mut problems = Vec::new();
        let cancel = AtomicBool::new(cancel);
        let mut last = Progress::default();
        let mut on_progress = |p: Progress| last = p;
        let read = || 0u64;
        let mut input = std::io::BufReader::with_capacity(
            64 << 10,
            Generated {
                rows,
                next: 0,
                buf: Vec::new(),
                pos: 0,
            },
        );
        let result = {
            let mut ctx = Ctx::new(
                "big.csv".into(),
                None,
                &mut sink,
                &mut problems,
                &cancel,
                &mut on_progress,
                Progress::default(),
                &read,
            );
            super::parse(&mut input, &mut ctx)
        };
        (result, sink, problems.len(), last)
    }

    #[test]
    fn two_hundred_thousand_rows_stream_through() {
        let start = std::time::Instant::now();
        let (result, sink, problems, progress) = run_generated(200_000, false);
        assert!(result.is_ok());
        assert_eq!(problems, 0);
        assert_eq!(sink.costs, 100_000);
        assert_eq!(
            sink.warnings,
            vec!["big.csv: 100000 rows not about reservations were ignored"]
        );
        assert!(
            progress.rows >= 196_608,
            "progress is reported while reading: {progress:?}"
        );
        assert!(start.elapsed().as_secs() < 60, "took {:?}", start.elapsed());
    }

    #[test]
    fn cancel_stops_a_long_import() {
        let (result, sink, _, _) = run_generated(50_000, true);
        assert!(matches!(result, Err(Stop::Cancelled)));
        assert!(sink.costs < 4096);
    }

    #[test]
    fn key_helpers_are_stable_and_bounded() {
        assert_eq!(fnv64(&["a", "b"]), fnv64(&["A", "B"]));
        assert_ne!(fnv64(&["ab", ""]), fnv64(&["a", "b"]));
        assert_eq!(
            fnv64(&[""]),
            0xcbf2_9ce4_8422_2325,
            "FNV-1a offset basis: fixed forever"
        );
        let long = "x".repeat(5000);
        let k = line_key(&[Some(&long), Some("m")]);
        assert!(k.len() <= MAX_KEY_BYTES);
        assert_ne!(k, line_key(&[Some(&long), Some("n")]));
        assert_eq!(billing_plan("One-Time"), Some(BillingPlan::Upfront));
        assert_eq!(billing_plan("Recurring"), Some(BillingPlan::Monthly));
        assert_eq!(billing_plan("UsageBased"), None);
        assert!(contains_ci("Microsoft.BillingBenefits", "billingbenefits"));
    }
}
