//! FOCUS 1.0–1.2 cost CSV (the FinOps Open Cost and Usage Specification; Microsoft's Cost
//! Management "FOCUS cost" export, CSP extras included). Streamed one row at a time.
//!
//! # Accepted shapes
//! - Required columns: `CommitmentDiscountId`, `ChargeCategory`, `ChargePeriodStart`,
//!   `BillingCurrency`, and `EffectiveCost` or `BilledCost` (or both).
//! - Optional: `ChargeClass`, `ChargeFrequency`, `ChargeSubcategory` (1.0-preview),
//!   `CommitmentDiscountType`/`Status`/`Quantity` (1.1+; Microsoft leaves some of them empty),
//!   `ResourceId`, `SkuPriceId`, `ChargeDescription`, `Tags`, and Microsoft's `x_CustomerId`,
//!   `x_EffectiveCostInUsd`, `x_BilledCostInUsd`, `x_BillingExchangeRate`, `x_PricingCurrency`,
//!   `x_SkuMeterId`, `x_SkuDetails`, `x_SkuTerm`, `x_CostAllocationRuleName`.
//! - Column names are matched without regard to case, in any order; unknown columns are ignored.
//!   An empty cell or the text `null` is a null.
//!
//! # Which rows count
//! Rows whose `CommitmentDiscountId` is an Azure reservation ARM ID
//! (`/providers/Microsoft.Capacity/reservationOrders/{order}[/reservations/{id}]`) and whose
//! `CommitmentDiscountType` is `Reservation` or null. Rows without a commitment discount, savings
//! plans and other clouds' commitments are counted and reported in one warning at the end.
//!
//! # Mapping to [`CostRec`]
//! - `ChargeCategory=Purchase` → [`ChargeKind::Purchase`], amount `BilledCost`
//!   (`ChargeFrequency` `One-Time` → Upfront, `Recurring` → Monthly; `x_SkuTerm` → term).
//! - `ChargeCategory=Usage` → [`ChargeKind::Unused`] when `CommitmentDiscountStatus=Unused` (or
//!   the 1.0-preview `ChargeSubcategory` says unused), else [`ChargeKind::Usage`]; amount
//!   `EffectiveCost`.
//! - Refund → [`ChargeKind::Refund`]: `ChargeClass=Correction` on a purchase, credit or
//!   adjustment (Microsoft writes refunds so), the 1.0-preview `ChargeSubcategory=Refund`, or a
//!   negative `Credit`/`Adjustment`; amount `BilledCost` (else `EffectiveCost`). A correction of
//!   usage stays usage, with its own `line_key`. Other rows (tax, positive credits) are counted
//!   in a warning.
//! - Day: the date of `ChargePeriodStart`. Quantity: `CommitmentDiscountQuantity`. Customer:
//!   `x_CustomerId`, else `--customer`. `amount_usd`: `x_BilledCostInUsd`/`x_EffectiveCostInUsd`
//!   matching the amount, else the amount when billed in USD, else amount ÷
//!   `x_BillingExchangeRate` when the pricing currency is USD (or not given).
//! - `line_key`: resource ID | SKU price ID | meter ID | charge description | a stable hash of
//!   `x_SkuDetails` and `Tags` | the hour when the row is not daily | cost allocation rule |
//!   `correction`, lowercased — the same for the same row of a later export.

use super::charge_sheet::{
    attributes_hash, billing_plan, contains_ci, line_key, usd_from, Row, Sheet, Tally,
    DECIMAL_EXPECTED,
};
use super::csv::{CsvReader, CsvRecord};
use super::ctx::{Ctx, Stop};
use super::values;
use crate::domain::money::Money;
use crate::records::{ChargeKind, CostRec, Record};
use std::io::BufRead;

const DISCOUNT_ID: usize = 0;
const CATEGORY: usize = 1;
const PERIOD_START: usize = 2;
const CURRENCY: usize = 3;
const EFFECTIVE: usize = 4;
const BILLED: usize = 5;
const CLASS: usize = 6;
const FREQUENCY: usize = 7;
const DISCOUNT_TYPE: usize = 8;
const STATUS: usize = 9;
const DISCOUNT_QUANTITY: usize = 10;
const RESOURCE_ID: usize = 11;
const SKU_PRICE_ID: usize = 12;
const DESCRIPTION: usize = 13;
const CUSTOMER: usize = 14;
const EXCHANGE_RATE: usize = 15;
const EFFECTIVE_USD: usize = 16;
const BILLED_USD: usize = 17;
const METER_ID: usize = 18;
const SKU_DETAILS: usize = 19;
const TAGS: usize = 20;
const ALLOCATION_RULE: usize = 21;
const TERM: usize = 22;
const PRICING_CURRENCY: usize = 23;
const SUBCATEGORY: usize = 24;

const WANTED: &[(&str, bool)] = &[
    ("CommitmentDiscountId", true),
    ("ChargeCategory", true),
    ("ChargePeriodStart", true),
    ("BillingCurrency", true),
    ("EffectiveCost", false),
    ("BilledCost", false),
    ("ChargeClass", false),
    ("ChargeFrequency", false),
    ("CommitmentDiscountType", false),
    ("CommitmentDiscountStatus", false),
    ("CommitmentDiscountQuantity", false),
    ("ResourceId", false),
    ("SkuPriceId", false),
    ("ChargeDescription", false),
    ("x_CustomerId", false),
    ("x_BillingExchangeRate", false),
    ("x_EffectiveCostInUsd", false),
    ("x_BilledCostInUsd", false),
    ("x_SkuMeterId", false),
    ("x_SkuDetails", false),
    ("Tags", false),
    ("x_CostAllocationRuleName", false),
    ("x_SkuTerm", false),
    ("x_PricingCurrency", false),
    ("ChargeSubcategory|x_ChargeSubcategory", false),
];

const CATEGORY_EXPECTED: &str = "a charge category: Usage, Purchase, Credit, Adjustment or Tax";

/// Parses a FOCUS CSV into `ctx`: one [`Record::Cost`] per Azure reservation row.
pub fn parse(input: &mut dyn BufRead, ctx: &mut Ctx<'_>) -> Result<(), Stop> {
    let mut reader = CsvReader::new(input);
    let groups: &[&[&str]] = &[&["EffectiveCost", "BilledCost"]];
    let Some(sheet) = Sheet::open(&mut reader, ctx, WANTED, groups, "FOCUS CSV", true) else {
        return Ok(());
    };
    let mut tally = Tally::default();
    let mut no_cost_column = 0u64;
    sheet.each_row(&mut reader, ctx, |ctx, rec| {
        row(ctx, &sheet, rec, &mut tally, &mut no_cost_column)
    })?;
    tally.report(ctx);
    if no_cost_column > 0 {
        ctx.warn(format!(
            "{no_cost_column} reservation rows were ignored: the file lacks the cost column they \
             need (EffectiveCost for usage, BilledCost for purchases)"
        ));
    }
    Ok(())
}

fn row(
    ctx: &mut Ctx<'_>,
    sheet: &Sheet,
    rec: &CsvRecord<'_>,
    tally: &mut Tally,
    no_cost_column: &mut u64,
) -> Result<(), Stop> {
    let mut r = Row::new(sheet, rec);
    r.id = r.get(DISCOUNT_ID);
    let Some(discount) = r.get(DISCOUNT_ID) else {
        tally.ignored += 1;
        return Ok(());
    };
    if r.get(DISCOUNT_TYPE)
        .is_some_and(|t| !t.eq_ignore_ascii_case("Reservation"))
    {
        tally.ignored += 1;
        return Ok(());
    }
    let Some((order_id, reservation_id)) = values::arm_ids(discount) else {
        if contains_ci(discount, "/microsoft.capacity/") {
            r.bad(
                ctx,
                DISCOUNT_ID,
                Some(discount),
                "an Azure reservation ID: \
                 /providers/Microsoft.Capacity/reservationOrders/{order}/reservations/{id}",
            );
        } else {
            tally.ignored += 1;
        }
        return Ok(());
    };

    let is = |a: Option<&str>, b: &str| a.is_some_and(|a| a.eq_ignore_ascii_case(b));
    let category = r.get(CATEGORY);
    let correction = is(r.get(CLASS), "Correction");
    let sub = r.get(SUBCATEGORY).unwrap_or("");
    let billed = r.decimal(ctx, BILLED);
    let effective = r.decimal(ctx, EFFECTIVE);
    let (kind, amount_col) = if is(category, "Purchase") {
        if correction || contains_ci(sub, "refund") {
            (ChargeKind::Refund, refund_column(sheet))
        } else {
            (ChargeKind::Purchase, BILLED)
        }
    } else if is(category, "Usage") {
        let unused = is(r.get(STATUS), "Unused") || contains_ci(sub, "unused");
        let kind = if unused {
            ChargeKind::Unused
        } else {
            ChargeKind::Usage
        };
        (kind, EFFECTIVE)
    } else if is(category, "Credit") || is(category, "Adjustment") {
        let cost = if refund_column(sheet) == BILLED {
            billed
        } else {
            effective
        };
        if correction
            || contains_ci(sub, "refund")
            || cost.is_some_and(|c| c.is_sign_negative() && !c.is_zero())
        {
            (ChargeKind::Refund, refund_column(sheet))
        } else {
            tally.other(category.unwrap_or(""));
            return Ok(());
        }
    } else if is(category, "Tax") {
        tally.other("Tax");
        return Ok(());
    } else {
        r.bad(ctx, CATEGORY, category, CATEGORY_EXPECTED);
        return Ok(());
    };
    if !sheet.has(amount_col) {
        *no_cost_column += 1;
        return Ok(());
    }
    let amount = if amount_col == BILLED {
        billed
    } else {
        effective
    };
    if amount.is_none() && r.ok {
        r.bad(ctx, amount_col, None, DECIMAL_EXPECTED);
    }

    let start = r.get(PERIOD_START);
    let day = r.date(ctx, PERIOD_START);
    let currency = r.currency(ctx, CURRENCY);
    let quantity = r.decimal(ctx, DISCOUNT_QUANTITY);
    let usd_col = if amount_col == BILLED {
        BILLED_USD
    } else {
        EFFECTIVE_USD
    };
    let usd = r.decimal(ctx, usd_col);
    let rate = r.decimal(ctx, EXCHANGE_RATE);
    let tenant = r.tenant(ctx, CUSTOMER).or_else(|| ctx.customer.clone());
    let term = r.term(ctx, TERM, kind == ChargeKind::Purchase);
    let billing_plan = match kind {
        ChargeKind::Purchase => r.get(FREQUENCY).and_then(billing_plan),
        _ => None,
    };
    let (Some(day), Some(amount), Some(currency), true) = (day, amount, currency, r.ok) else {
        return Ok(());
    };
    let pricing_usd = r
        .get(PRICING_CURRENCY)
        .is_none_or(|c| c.eq_ignore_ascii_case("USD"));
    let amount_usd = usd_from(amount, currency, usd, None, rate, pricing_usd);
    let attrs = attributes_hash(&[r.get(SKU_DETAILS), r.get(TAGS)]);
    let hour = start.and_then(time_of_day);
    let line_key = line_key(&[
        r.get(RESOURCE_ID),
        r.get(SKU_PRICE_ID),
        r.get(METER_ID),
        r.get(DESCRIPTION),
        attrs.as_deref(),
        hour,
        r.get(ALLOCATION_RULE),
        correction.then_some("correction"),
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

/// Refunds are billed money: `BilledCost` when the file has it, else `EffectiveCost`.
fn refund_column(sheet: &Sheet) -> usize {
    if sheet.has(BILLED) {
        BILLED
    } else {
        EFFECTIVE
    }
}

/// `HH:MM:SS` of a date-time that is not midnight (hourly exports), else `None`.
fn time_of_day(raw: &str) -> Option<&str> {
    let t = raw.get(11..19)?;
    let well_formed = t.bytes().enumerate().all(|(i, b)| match i {
        2 | 5 => b == b':',
        _ => b.is_ascii_digit(),
    });
    (well_formed && t != "00:00:00").then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::{ReservationId, TenantId};
    use crate::domain::money::Currency;
    use crate::domain::term::{BillingPlan, Term};
    use crate::import::ctx::{parse_bytes, Parsed};
    use crate::import::test_sheets::{dec, file, line, ymd};
    use crate::import::Format;
    use crate::test_ids::{reservation_arm, COST_ORDER, COST_RESERVATION, COST_TENANT};

    /// FOCUS 1.0 columns as Microsoft exports them (no Quantity/Unit, values made up).
    const V10: &str = "BilledCost,BillingAccountId,BillingCurrency,BillingPeriodEnd,BillingPeriodStart,ChargeCategory,ChargeClass,ChargeDescription,ChargeFrequency,ChargePeriodEnd,ChargePeriodStart,CommitmentDiscountCategory,CommitmentDiscountId,CommitmentDiscountName,CommitmentDiscountStatus,CommitmentDiscountType,EffectiveCost,PricingCategory,ProviderName,ResourceId,SkuId,SkuPriceId,x_BilledCostInUsd,x_BillingExchangeRate,x_CustomerId,x_EffectiveCostInUsd,x_PricingCurrency,x_SkuDetails,x_SkuMeterId,x_SkuTerm,Tags";
    /// FOCUS 1.1/1.2 adds Quantity and Unit (and drops nothing we read).
    const V12: &str = "BillingCurrency,ChargeCategory,ChargeClass,ChargeDescription,ChargeFrequency,ChargePeriodStart,ChargePeriodEnd,CommitmentDiscountCategory,CommitmentDiscountId,CommitmentDiscountName,CommitmentDiscountQuantity,CommitmentDiscountStatus,CommitmentDiscountType,CommitmentDiscountUnit,EffectiveCost,BilledCost,ResourceId,SkuPriceId,x_CustomerId";

    fn parse(bytes: &[u8]) -> Parsed {
        parse_bytes(Format::Focus, "focus.csv", bytes, None)
    }

    fn costs(p: &Parsed) -> Vec<&CostRec> {
        p.records
            .iter()
            .map(|(r, _)| match r {
                Record::Cost(c) => c,
                other => panic!("unexpected record {other:?}"),
            })
            .collect()
    }

    fn v10_usage(day: &str, effective: &str) -> String {
        line(V10, &[
            ("BilledCost", "0"),
            ("BillingCurrency", "USD"),
            ("ChargeCategory", "Usage"),
            ("ChargeDescription", "Virtual Machines D2 v3 - US East"),
            ("ChargeFrequency", "Usage-Based"),
            ("ChargePeriodStart", day),
            ("CommitmentDiscountCategory", "Usage"),
            ("CommitmentDiscountId", &reservation_arm(COST_ORDER, COST_RESERVATION)),
            ("CommitmentDiscountName", "Prod VMs"),
            ("CommitmentDiscountStatus", "Used"),
            ("CommitmentDiscountType", "Reservation"),
            ("EffectiveCost", effective),
            ("PricingCategory", "Committed"),
            ("ResourceId", "/subscriptions/s/resourceGroups/RG/providers/Microsoft.Compute/virtualMachines/VM1"),
            ("SkuPriceId", "DZH318Z0BQ4L/0001"),
            ("x_SkuMeterId", "m-1"),
            ("x_CustomerId", COST_TENANT),
        ])
    }

    #[test]
    fn focus_1_0_purchase_usage_unused_and_customer() {
        let purchase = line(
            V10,
            &[
                ("BilledCost", "8760.00"),
                ("BillingCurrency", "EUR"),
                ("ChargeCategory", "Purchase"),
                ("ChargeFrequency", "One-Time"),
                ("ChargePeriodStart", "2024-01-01T00:00:00Z"),
                (
                    "CommitmentDiscountId",
                    &format!(
                        "/providers/Microsoft.Capacity/reservationOrders/{COST_ORDER}/reservations/"
                    ),
                ),
                ("CommitmentDiscountType", "Reservation"),
                ("EffectiveCost", "0"),
                ("PricingCategory", "Standard"),
                ("x_BilledCostInUsd", "9500.10"),
                ("x_CustomerId", COST_TENANT),
                ("x_SkuTerm", "12"),
            ],
        );
        let unused = line(
            V10,
            &[
                ("BilledCost", "0"),
                ("BillingCurrency", "EUR"),
                ("ChargeCategory", "Usage"),
                ("ChargePeriodStart", "2024-01-02T00:00:00Z"),
                (
                    "CommitmentDiscountId",
                    &reservation_arm(COST_ORDER, COST_RESERVATION),
                ),
                ("CommitmentDiscountStatus", "Unused"),
                ("EffectiveCost", "0.92"),
                ("x_BillingExchangeRate", "0.92"),
                ("x_PricingCurrency", "USD"),
            ],
        );
        let p = parse(&file(
            V10,
            &[purchase, v10_usage("2024-01-02T00:00:00Z", "1.25"), unused],
        ));
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        let c = costs(&p);
        assert_eq!(c.len(), 3);
        let eur = Currency::parse("EUR").unwrap();
        assert_eq!(c[0].kind, ChargeKind::Purchase);
        assert_eq!(c[0].order_id.as_str(), COST_ORDER);
        assert_eq!(c[0].reservation_id, None);
        assert_eq!(c[0].amount, Money::new(dec("8760.00"), eur));
        assert_eq!(c[0].amount_usd, Some(dec("9500.10")));
        assert_eq!(c[0].billing_plan, Some(BillingPlan::Upfront));
        assert_eq!(c[0].term, Some(Term::P1Y));
        assert_eq!(
            c[0].tenant_id.as_ref().map(TenantId::as_str),
            Some(COST_TENANT)
        );
        assert_eq!(c[0].day, ymd(2024, 1, 1));
        assert_eq!(c[1].kind, ChargeKind::Usage);
        assert_eq!(c[1].amount, Money::new(dec("1.25"), Currency::USD));
        assert_eq!(c[1].amount_usd, Some(dec("1.25")));
        assert_eq!(
            c[1].reservation_id.as_ref().map(ReservationId::as_str),
            Some(COST_RESERVATION)
        );
        assert_eq!(
            c[1].quantity, None,
            "FOCUS 1.0 has no CommitmentDiscountQuantity"
        );
        assert_eq!(
            c[1].line_key,
            "/subscriptions/s/resourcegroups/rg/providers/microsoft.compute/virtualmachines/vm1|dzh318z0bq4l/0001|m-1|virtual machines d2 v3 - us east||||"
        );
        assert_eq!(c[2].kind, ChargeKind::Unused);
        assert_eq!(c[2].amount_usd, Some(dec("1")), "0.92 EUR ÷ 0.92");
        assert_eq!(c[2].tenant_id, None);
    }

    #[test]
    fn focus_1_2_with_null_status_quantity_and_unit() {
        let rows = [
            // Microsoft leaves Quantity/Status/Unit empty.
            line(
                V12,
                &[
                    ("BillingCurrency", "USD"),
                    ("ChargeCategory", "Usage"),
                    ("ChargePeriodStart", "2025-03-01T00:00:00Z"),
                    (
                        "CommitmentDiscountId",
                        &reservation_arm(COST_ORDER, COST_RESERVATION),
                    ),
                    ("CommitmentDiscountType", "Reservation"),
                    ("EffectiveCost", "2.5"),
                    ("BilledCost", "0"),
                    ("ResourceId", "/subscriptions/s/vm"),
                ],
            ),
            // The spec's examples write the text "null".
            "USD,Usage,null,null,Usage-Based,2025-03-01T00:00:00Z,2025-03-02T00:00:00Z,null,"
                .to_string()
                + &reservation_arm(COST_ORDER, COST_RESERVATION)
                + ",null,NULL,null,null,null,1.5,0,/subscriptions/s/vm2,null,null",
            line(
                V12,
                &[
                    ("BillingCurrency", "USD"),
                    ("ChargeCategory", "Usage"),
                    ("ChargePeriodStart", "2025-03-01T00:00:00Z"),
                    (
                        "CommitmentDiscountId",
                        &reservation_arm(COST_ORDER, COST_RESERVATION),
                    ),
                    ("CommitmentDiscountQuantity", "0.25"),
                    ("CommitmentDiscountStatus", "Unused"),
                    ("CommitmentDiscountUnit", "Normalized Hour"),
                    ("EffectiveCost", "0.25"),
                    ("BilledCost", "0"),
                    ("ResourceId", &reservation_arm(COST_ORDER, COST_RESERVATION)),
                ],
            ),
        ];
        let p = parse(&file(V12, &rows));
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        let c = costs(&p);
        assert_eq!(c.len(), 3);
        assert_eq!((c[0].kind, c[0].quantity), (ChargeKind::Usage, None));
        assert_eq!(
            (c[1].kind, c[1].amount.amount, c[1].tenant_id.clone()),
            (ChargeKind::Usage, dec("1.5"), None)
        );
        assert_eq!(
            (c[2].kind, c[2].quantity),
            (ChargeKind::Unused, Some(dec("0.25")))
        );
    }

    #[test]
    fn refunds_corrections_and_credits() {
        let base = |cells: &[(&str, &str)]| {
            let id = reservation_arm(COST_ORDER, COST_RESERVATION);
            let mut all = vec![
                ("BillingCurrency", "USD"),
                ("ChargePeriodStart", "2025-03-05"),
                ("CommitmentDiscountId", id.as_str()),
                ("BilledCost", "-100"),
                ("EffectiveCost", "0"),
            ];
            all.extend_from_slice(cells);
            // Later cells win: `line` takes the first match, so put overrides first.
            all.reverse();
            line(V12, &all)
        };
        let rows = [
            base(&[
                ("ChargeCategory", "Purchase"),
                ("ChargeClass", "Correction"),
            ]),
            base(&[("ChargeCategory", "Credit")]),
            base(&[("ChargeCategory", "Credit"), ("BilledCost", "5")]),
            base(&[
                ("ChargeCategory", "Usage"),
                ("ChargeClass", "Correction"),
                ("EffectiveCost", "-0.5"),
            ]),
            base(&[("ChargeCategory", "Tax"), ("BilledCost", "3")]),
        ];
        let p = parse(&file(V12, &rows));
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        let c = costs(&p);
        assert_eq!(c.len(), 3);
        assert_eq!(
            (c[0].kind, c[0].amount.amount),
            (ChargeKind::Refund, dec("-100"))
        );
        assert_eq!(
            c[0].reservation_id.as_ref().map(ReservationId::as_str),
            Some(COST_RESERVATION)
        );
        assert_eq!(c[0].billing_plan, None);
        assert_eq!(c[1].kind, ChargeKind::Refund);
        assert_ne!(
            c[0].line_key, c[1].line_key,
            "the correction is marked in the key"
        );
        assert_eq!(
            (c[2].kind, c[2].amount.amount),
            (ChargeKind::Usage, dec("-0.5"))
        );
        assert!(c[2].line_key.ends_with("|correction"));
        assert_eq!(p.warnings.len(), 1);
        assert!(
            p.warnings[0]
                .contains("2 reservation rows of other charge types were ignored (Credit, Tax)"),
            "{:?}",
            p.warnings
        );
    }

    #[test]
    fn rows_not_about_azure_reservations_are_one_warning() {
        let v = |id: &str, ty: &str| {
            line(
                V12,
                &[
                    ("BillingCurrency", "USD"),
                    ("ChargeCategory", "Usage"),
                    ("ChargePeriodStart", "2024-09-18 22:00:00"),
                    ("CommitmentDiscountId", id),
                    ("CommitmentDiscountType", ty),
                    ("EffectiveCost", "1"),
                ],
            )
        };
        let rows = [
            v("", ""),
            v("NULL", "NULL"),
            v("arn:aws:savingsplans::123:savingsplan/abc", "Savings Plan"),
            v(
                "/providers/Microsoft.BillingBenefits/savingsPlanOrders/x/savingsPlans/y",
                "Savings Plan",
            ),
            v("projects/p/commitments/c", ""),
            v(
                &reservation_arm(COST_ORDER, COST_RESERVATION),
                "Reservation",
            ),
        ];
        let p = parse(&file(V12, &rows));
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        assert_eq!(costs(&p).len(), 1);
        assert_eq!(
            p.warnings,
            vec!["focus.csv: 5 rows not about reservations were ignored"]
        );
    }

    #[test]
    fn malformed_azure_reservation_id_is_a_problem() {
        let row = line(
            V12,
            &[
                ("BillingCurrency", "USD"),
                ("ChargeCategory", "Usage"),
                ("ChargePeriodStart", "2024-09-18"),
                (
                    "CommitmentDiscountId",
                    "/providers/Microsoft.Capacity/reservationOrders/nope/reservations/x",
                ),
                ("EffectiveCost", "1"),
            ],
        );
        let p = parse(&file(V12, &[row]));
        assert_eq!(p.problems.len(), 1);
        assert_eq!(p.problems[0].line, Some(2));
        assert_eq!(p.problems[0].field.as_deref(), Some("CommitmentDiscountId"));
    }

    #[test]
    fn bad_customer_id_is_a_problem() {
        let row = v10_usage("2024-01-02", "1").replace(COST_TENANT, "contoso");
        let p = parse(&file(V10, &[row]));
        assert!(p.records.is_empty());
        assert_eq!(p.problems[0].field.as_deref(), Some("x_CustomerId"));
        assert_eq!(p.problems[0].found.as_deref(), Some("contoso"));
    }

    #[test]
    fn hourly_rows_get_distinct_keys_and_daily_rows_do_not_carry_the_hour() {
        let p = parse(&file(
            V10,
            &[
                v10_usage("2024-09-18 22:00:00", "1"),
                v10_usage("2024-09-18T23:00:00Z", "1"),
                v10_usage("2024-09-19T00:00:00.0000000Z", "1"),
            ],
        ));
        let c = costs(&p);
        assert_eq!(c[0].day, c[1].day);
        assert_ne!(c[0].line_key, c[1].line_key);
        assert!(c[0].line_key.contains("|22:00:00|"));
        assert!(!c[2].line_key.contains("00:00:00"));
    }

    #[test]
    fn bom_crlf_and_quoted_fields_with_commas_and_newlines() {
        let header = "ChargeCategory,CommitmentDiscountId,ChargePeriodStart,BillingCurrency,EffectiveCost,ChargeDescription,CommitmentDiscountName";
        let text = format!(
            "\u{feff}{header}\r\n\
             Usage,{id},2024-05-01T00:00:00Z,USD,\"1.00\",\"D2, v3\",\"multi\r\nline \"\"name\"\"\"\r\n\
             Usage,{id},2024-05-02T00:00:00Z,USD,2,plain,x\r\n",
            id = reservation_arm(COST_ORDER, COST_RESERVATION)
        );
        let p = parse(text.as_bytes());
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        let lines: Vec<_> = p.records.iter().map(|(_, l)| l.line).collect();
        assert_eq!(lines, vec![Some(2), Some(4)]);
        assert_eq!(costs(&p)[0].line_key, "|||d2, v3||||");
    }

    #[test]
    fn extra_unknown_and_reordered_columns() {
        let text = format!(
            "Zeta,billingcurrency,BilledCost,Alpha,chargeperiodstart,CHARGECATEGORY,commitmentdiscountid,ChargeFrequency\n\
             z,usd,120,a,2024-05-01,purchase,{},Recurring\n",
            format_args!("/providers/microsoft.capacity/reservationorders/{COST_ORDER}")
        );
        let p = parse(text.as_bytes());
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        let c = costs(&p)[0];
        assert_eq!(c.kind, ChargeKind::Purchase);
        assert_eq!(c.billing_plan, Some(BillingPlan::Monthly));
        assert_eq!(c.amount, Money::new(dec("120"), Currency::USD));
        assert_eq!(c.order_id.as_str(), COST_ORDER);
    }

    #[test]
    fn missing_cost_column_for_a_kind_is_one_warning() {
        let header =
            "ChargeCategory,CommitmentDiscountId,ChargePeriodStart,BillingCurrency,EffectiveCost";
        let text = format!(
            "{header}\nPurchase,{id},2024-05-01,USD,0\nPurchase,{id},2024-06-01,USD,0\nUsage,{id},2024-05-01,USD,1\n",
            id = reservation_arm(COST_ORDER, COST_RESERVATION)
        );
        let p = parse(text.as_bytes());
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        assert_eq!(costs(&p).len(), 1);
        assert!(
            p.warnings[0].starts_with("focus.csv: 2 reservation rows were ignored"),
            "{:?}",
            p.warnings
        );
    }

    #[test]
    fn hostile_truncated_file() {
        let mut bytes = file(V10, &[v10_usage("2024-01-02", "1")]);
        bytes.extend_from_slice(b"0,1,USD,,,Usage,,\"Virtual Machines, cut");
        let p = parse(&bytes);
        assert_eq!(costs(&p).len(), 1);
        assert_eq!(p.problems.len(), 1);
        assert_eq!(p.problems[0].line, Some(3));
        assert!(p.problems[0].expected.contains("truncated"));
    }

    #[test]
    fn hostile_wrong_types() {
        let rows = [
            v10_usage("2024-01-02", "abc"),
            v10_usage("2024-01-02", "1").replacen("Usage,", "Bogus,", 1),
            line(
                V12,
                &[
                    ("BillingCurrency", "US Dollars"),
                    ("ChargeCategory", "Usage"),
                    ("ChargePeriodStart", "2024-01-02"),
                    (
                        "CommitmentDiscountId",
                        &reservation_arm(COST_ORDER, COST_RESERVATION),
                    ),
                    ("CommitmentDiscountQuantity", "lots"),
                    ("EffectiveCost", ""),
                ],
            ),
        ];
        let p = parse(&file(V10, &rows[..2]));
        let got: Vec<_> = p
            .problems
            .iter()
            .map(|x| (x.line, x.field.clone(), x.found.clone(), x.expected.clone()))
            .collect();
        assert_eq!(
            got[0],
            (
                Some(2),
                Some("EffectiveCost".into()),
                Some("abc".into()),
                DECIMAL_EXPECTED.into()
            )
        );
        assert_eq!(
            got[1],
            (
                Some(3),
                Some("ChargeCategory".into()),
                Some("Bogus".into()),
                CATEGORY_EXPECTED.into()
            )
        );
        let p = parse(&file(V12, &rows[2..]));
        let fields: Vec<_> = p
            .problems
            .iter()
            .map(|x| x.field.clone().unwrap())
            .collect();
        assert_eq!(
            fields,
            vec![
                "EffectiveCost",
                "BillingCurrency",
                "CommitmentDiscountQuantity"
            ]
        );
        assert!(p.problems.iter().all(|x| x.line == Some(2)));
    }

    #[test]
    fn hostile_invalid_utf8() {
        let mut bytes = file(V10, &[v10_usage("2024-01-02", "1")]);
        bytes.extend_from_slice(b"0,\xc0\xaf,USD\n");
        let p = parse(&bytes);
        assert_eq!(p.problems.len(), 1);
        assert_eq!(p.problems[0].line, Some(3));
        assert!(p.problems[0].expected.contains("UTF-8"));
    }

    /// Parses through an 8 KiB `BufReader`, as the app reads files.
    fn parse_chunked(bytes: &[u8]) -> Vec<crate::import::ImportProblem> {
        let mut sink = crate::import::ctx::VecSink::default();
        let mut problems = Vec::new();
        let cancel = std::sync::atomic::AtomicBool::new(false);
        let mut on_progress = |_: crate::import::ctx::Progress| {};
        let read = || 0u64;
        let mut input = std::io::BufReader::with_capacity(8192, bytes);
        let mut ctx = Ctx::new(
            "focus.csv".into(),
            None,
            &mut sink,
            &mut problems,
            &cancel,
            &mut on_progress,
            Default::default(),
            &read,
        );
        assert!(super::parse(&mut input, &mut ctx).is_ok());
        drop(ctx);
        problems
    }

    #[test]
    fn hostile_ten_megabyte_field_and_million_columns() {
        let mut bytes = file(V10, &[]);
        bytes.extend_from_slice(b"1,2,USD,x,y,Usage,,");
        bytes.extend(std::iter::repeat_n(b'd', 10 << 20));
        bytes.extend_from_slice(b"\n");
        let p = parse(&bytes);
        assert_eq!(p.problems.len(), 1);
        assert_eq!(p.problems[0].line, Some(2));
        assert_eq!(p.problems[0].field.as_deref(), Some("ChargeDescription"));
        assert!(p.problems[0].expected.contains("1 MiB"));

        // Quoted, read in chunks as the app reads files.
        let mut bytes = file(V10, &[v10_usage("2024-01-02", "1")]);
        bytes.extend_from_slice(b"1,2,USD,x,y,Usage,,\"");
        bytes.extend(std::iter::repeat_n(b'd', 10 << 20));
        bytes.extend_from_slice(b"\"\n");
        let problems = parse_chunked(&bytes);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(3));
        assert_eq!(problems[0].field.as_deref(), Some("ChargeDescription"));

        let mut bytes = file(V10, &[v10_usage("2024-01-02", "1")]);
        bytes.extend(std::iter::repeat_n(b',', 1_000_000));
        let p = parse(&bytes);
        assert_eq!(p.problems.len(), 1);
        assert_eq!(p.problems[0].line, Some(3));
        assert!(p.problems[0].expected.contains("columns per line"));
    }

    #[test]
    fn hostile_formula_and_script_cells() {
        let formula = "=cmd|' /C calc'!A0";
        let named = v10_usage("2024-01-02", "1")
            .replace("Prod VMs", formula)
            .replace(
                "/virtualMachines/VM1",
                "/virtualMachines/<script>alert(1)</script>",
            );
        let priced = v10_usage("2024-01-02", formula);
        let p = parse(&file(V10, &[named, priced]));
        let c = costs(&p);
        assert_eq!(c.len(), 1);
        assert!(c[0].line_key.contains("<script>alert(1)</script>"));
        assert_eq!(p.problems.len(), 1);
        assert_eq!(p.problems[0].line, Some(3));
        assert_eq!(p.problems[0].field.as_deref(), Some("EffectiveCost"));
        assert_eq!(p.problems[0].found.as_deref(), Some(formula));
    }

    #[test]
    fn hostile_duplicate_rows_are_identical() {
        let bytes = file(
            V10,
            &[v10_usage("2024-01-02", "1"), v10_usage("2024-01-02", "1")],
        );
        let p = parse(&bytes);
        let c = costs(&p);
        assert_eq!(c.len(), 2);
        assert_eq!(c[0], c[1]);
        assert_eq!(costs(&parse(&bytes))[0].line_key, c[0].line_key);
    }

    #[test]
    fn hostile_dates_out_of_range() {
        for day in [
            "9999-12-31T00:00:00Z",
            "1900-01-01T00:00:00Z",
            "2024-13-01",
            "",
        ] {
            let p = parse(&file(V10, &[v10_usage(day, "1")]));
            assert!(p.records.is_empty(), "{day}");
            assert_eq!(p.problems.len(), 1, "{day}");
            assert_eq!(p.problems[0].line, Some(2));
            assert_eq!(p.problems[0].field.as_deref(), Some("ChargePeriodStart"));
            assert_eq!(p.problems[0].expected, values::DATE_EXPECTED);
        }
    }

    #[test]
    fn hostile_missing_required_columns() {
        let p = parse(b"ChargeCategory,ResourceId,ListCost\nUsage,x,1\n");
        assert_eq!(p.problems.len(), 1);
        let pr = &p.problems[0];
        assert_eq!(pr.line, Some(1));
        for col in [
            "CommitmentDiscountId",
            "ChargePeriodStart",
            "BillingCurrency",
            "EffectiveCost or BilledCost",
        ] {
            assert!(pr.field.as_deref().unwrap().contains(col), "{col}");
            assert!(pr.expected.contains(col), "{col}");
        }
        let p = parse(b"CommitmentDiscountId,ChargeCategory,ChargePeriodStart,BillingCurrency\n");
        assert_eq!(
            p.problems[0].field.as_deref(),
            Some("EffectiveCost or BilledCost")
        );
    }

    #[test]
    fn hostile_more_than_fifty_bad_rows() {
        let rows: Vec<String> = (0..120).map(|_| v10_usage("2024-01-02", "x")).collect();
        let p = parse(&file(V10, &rows));
        assert_eq!(p.problems.len(), crate::import::MAX_PROBLEMS);
        assert!(p.records.is_empty());
    }

    #[test]
    fn two_hundred_thousand_rows_stream_through() {
        let header = "ChargeCategory,CommitmentDiscountId,ChargePeriodStart,BillingCurrency,EffectiveCost,ResourceId";
        let id = reservation_arm(COST_ORDER, COST_RESERVATION);
        let mut text = String::with_capacity(200_000 * 140);
        text.push_str(header);
        text.push('\n');
        for i in 0..200_000u32 {
            let cd = if i.is_multiple_of(4) { id.as_str() } else { "" };
            text.push_str(&format!(
                "Usage,{cd},2024-{:02}-{:02}T00:00:00Z,USD,{}.5,/subscriptions/s/vm{i}\n",
                i % 12 + 1,
                i % 28 + 1,
                i % 90
            ));
        }
        let start = std::time::Instant::now();
        let p = parse(text.as_bytes());
        assert!(p.problems.is_empty());
        assert_eq!(p.records.len(), 50_000);
        assert_eq!(
            p.warnings,
            vec!["focus.csv: 150000 rows not about reservations were ignored"]
        );
        assert!(start.elapsed().as_secs() < 60, "took {:?}", start.elapsed());
    }

    #[test]
    fn detection_of_focus_headers() {
        for header in [
            V10,
            V12,
            "\u{feff}\"CommitmentDiscountId\",\"ChargeCategory\"\r\n",
        ] {
            assert_eq!(
                Format::detect(header.as_bytes()),
                Some(Format::Focus),
                "{header}"
            );
        }
        // A FOCUS file also carrying Microsoft cost-details columns is still FOCUS.
        let both = format!("{V10},ChargeType,ReservationId");
        assert_eq!(Format::detect(both.as_bytes()), Some(Format::Focus));
    }

    #[test]
    fn time_of_day_only_for_sub_daily_rows() {
        assert_eq!(time_of_day("2024-09-18 22:00:00"), Some("22:00:00"));
        assert_eq!(time_of_day("2024-09-18T00:00:00Z"), None);
        assert_eq!(time_of_day("2024-09-18"), None);
        assert_eq!(time_of_day("2024-09-18Tgarbage!"), None);
    }
}
