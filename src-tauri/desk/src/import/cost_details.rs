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

use super::csv::{Columns, CsvError, CsvReader, CsvRecord};
use super::ctx::{Ctx, Loc, Stop};
use super::values;
use crate::domain::ids::{ReservationId, ReservationOrderId, TenantId};
use crate::domain::money::{Currency, Money};
use crate::domain::term::{BillingPlan, Term};
use crate::records::{ChargeKind, CostRec, Record};
use chrono::NaiveDate;
use rust_decimal::Decimal;
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

/// What a decimal cell should look like.
pub(super) const DECIMAL_EXPECTED: &str = "a decimal number such as 12.50";
/// What a currency cell should look like.
pub(super) const CURRENCY_EXPECTED: &str = "a 3-letter currency code such as USD";
/// What a term cell should look like.
pub(super) const TERM_EXPECTED: &str = "a term in months: 12, 36 or 60 (or P1Y, P3Y, P5Y)";
const ORDER_EXPECTED: &str = "a reservation order ID: a GUID in ProductOrderId, or an ID \
     /providers/Microsoft.Capacity/reservationOrders/{order}/… in benefitId or ReservationId";
const RESERVATION_EXPECTED: &str = "a reservation ID: a GUID or \
     /providers/Microsoft.Capacity/reservationOrders/{order}/reservations/{id}";
/// Longer line keys are cut and end with a hash of the whole key.
const MAX_KEY_BYTES: usize = 256;

/// Parses a cost details CSV export into `ctx`: one [`Record::Cost`] per reservation row.
pub fn parse(input: &mut dyn BufRead, ctx: &mut Ctx<'_>) -> Result<(), Stop> {
    let mut reader = CsvReader::new(input);
    let what = "cost details CSV export (EA or MCA)";
    let Some(sheet) = Sheet::open(&mut reader, ctx, WANTED, &[], what, false) else {
        return Ok(());
    };
    let mut tally = Tally::default();
    loop {
        let rec = match reader.next_record() {
            Ok(Some(rec)) => rec,
            Ok(None) => break,
            Err(e) => {
                sheet.csv_error(ctx, &e);
                break;
            }
        };
        ctx.row_done()?;
        if rec.is_blank() {
            continue;
        }
        row(ctx, &sheet, &rec, &mut tally)?;
    }
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

/// `Frequency`/`ChargeFrequency`: one-time → Upfront, recurring → Monthly.
pub(super) fn billing_plan(raw: &str) -> Option<BillingPlan> {
    let t: String = raw
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    match t.as_str() {
        "onetime" => Some(BillingPlan::Upfront),
        "recurring" => Some(BillingPlan::Monthly),
        _ => None,
    }
}

/// The USD amount: an explicit USD column, the pricing-currency cost when that is USD, the
/// amount itself when billed in USD, or amount ÷ the pricing-to-billing exchange rate.
pub(super) fn usd_from(
    amount: Decimal,
    currency: Currency,
    usd: Option<Decimal>,
    in_pricing: Option<Decimal>,
    rate: Option<Decimal>,
    pricing_is_usd: bool,
) -> Option<Decimal> {
    if usd.is_some() {
        return usd;
    }
    if pricing_is_usd && in_pricing.is_some() {
        return in_pricing;
    }
    if currency == Currency::USD {
        return Some(amount);
    }
    match rate {
        Some(r) if pricing_is_usd && r > Decimal::ZERO => {
            amount.checked_div(r).map(|d| d.round_dp(10).normalize())
        }
        _ => None,
    }
}

/// Whether `hay` contains the ASCII `needle` (given in lowercase), ignoring case.
pub(super) fn contains_ci(hay: &str, needle: &str) -> bool {
    hay.as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// FNV-1a over the parts, ASCII-lowercased: stable across runs, builds and platforms.
pub(super) fn fnv64(parts: &[&str]) -> u64 {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h = (h ^ 0x1f).wrapping_mul(PRIME);
        }
        for b in p.bytes() {
            h = (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(PRIME);
        }
    }
    h
}

/// A short stable hash of descriptive cells (e.g. `AdditionalInfo`, `Tags`), or `None` when all
/// are empty.
pub(super) fn attributes_hash(cells: &[Option<&str>]) -> Option<String> {
    if cells.iter().all(Option::is_none) {
        return None;
    }
    let parts: Vec<&str> = cells.iter().map(|c| c.unwrap_or("")).collect();
    Some(format!("{:016x}", fnv64(&parts)))
}

/// Joins `parts` with `|`, lowercased; a key longer than 256 bytes is cut and ends with `#` and a
/// hash of the whole key, so it stays distinct and stable.
pub(super) fn line_key(parts: &[Option<&str>]) -> String {
    let mut key = String::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            key.push('|');
        }
        key.push_str(&p.unwrap_or("").to_ascii_lowercase());
    }
    if key.len() > MAX_KEY_BYTES {
        let hash = fnv64(&[&key]);
        let mut end = MAX_KEY_BYTES - 17;
        while !key.is_char_boundary(end) {
            end -= 1;
        }
        key.truncate(end);
        key.push_str(&format!("#{hash:016x}"));
    }
    key
}

/// Rows left out, reported once at the end of the file.
#[derive(Debug, Default)]
pub(super) struct Tally {
    /// Rows not about reservations.
    pub(super) ignored: u64,
    /// Reserved usage at zero cost (actual-cost exports).
    pub(super) zero_usage: u64,
    /// Reservation rows of charge types not handled.
    other: u64,
    other_types: Vec<String>,
}

impl Tally {
    /// Counts a reservation row of a charge type that is not handled.
    pub(super) fn other(&mut self, charge: &str) {
        self.other += 1;
        if self.other_types.len() < 5 && !self.other_types.iter().any(|t| t == charge) {
            self.other_types.push(super::ctx::shorten(charge));
        }
    }

    /// Emits the warnings.
    pub(super) fn report(&self, ctx: &mut Ctx<'_>) {
        if self.ignored > 0 {
            let n = self.ignored;
            ctx.warn(if n == 1 {
                "1 row not about reservations was ignored".to_string()
            } else {
                format!("{n} rows not about reservations were ignored")
            });
        }
        if self.zero_usage > 0 {
            ctx.warn(format!(
                "{} reservation usage rows at zero cost were ignored (an actual-cost export; \
                 import the amortized export for the cost of reserved usage)",
                self.zero_usage
            ));
        }
        if self.other > 0 {
            ctx.warn(format!(
                "{} reservation rows of other charge types were ignored ({})",
                self.other,
                self.other_types.join(", ")
            ));
        }
    }
}

/// A CSV file's header: the wanted columns, named as the file spells them.
#[derive(Debug)]
pub(super) struct Sheet {
    cols: Columns,
    /// Each wanted column's name as in the file (its first spelling when absent).
    names: Vec<String>,
    /// Every header cell, to name the column of a reader error.
    header: Vec<String>,
    /// Whether a `null` cell means empty (FOCUS files write it).
    nulls: bool,
}

impl Sheet {
    /// Reads the header. `groups` are alternatives of which at least one column must be present
    /// (e.g. `EffectiveCost` or `BilledCost`). On an empty file, an unreadable header or missing
    /// columns, reports ONE problem at line 1 naming every missing column and returns `None`.
    pub(super) fn open<R: BufRead>(
        reader: &mut CsvReader<R>,
        ctx: &mut Ctx<'_>,
        wanted: &[(&str, bool)],
        groups: &[&[&str]],
        what: &str,
        nulls: bool,
    ) -> Option<Sheet> {
        let header = match reader.next_record() {
            Ok(Some(h)) => h,
            Ok(None) => {
                ctx.problem(
                    &Loc::line(1),
                    None,
                    None,
                    format!("a {what} (the file is empty)"),
                );
                return None;
            }
            Err(e) => {
                csv_error(ctx, &e, None);
                return None;
            }
        };
        let cells: Vec<String> = header
            .fields()
            .map(|f| f.trim().trim_matches('"').to_string())
            .collect();
        let find = |spec: &str| {
            spec.split('|')
                .find_map(|alt| cells.iter().position(|n| n.eq_ignore_ascii_case(alt)))
        };
        let mut missing = match Columns::resolve(&header, wanted) {
            Ok(_) => Vec::new(),
            Err(m) => m,
        };
        for group in groups {
            if group.iter().all(|c| find(c).is_none()) {
                missing.push(group.join(" or "));
            }
        }
        if !missing.is_empty() {
            let list = missing.join(", ");
            ctx.problem(
                &Loc::line(1),
                Some(&list),
                None,
                format!("a {what} header with the column(s) {list}"),
            );
            return None;
        }
        let cols = Columns::resolve(&header, wanted).ok()?;
        let names = wanted
            .iter()
            .map(|(spec, _)| match find(spec) {
                Some(i) => cells[i].clone(),
                None => spec.split('|').next().unwrap_or(spec).to_string(),
            })
            .collect();
        Some(Sheet {
            cols,
            names,
            header: cells,
            nulls,
        })
    }

    /// Wanted column `i` of `rec`, trimmed; `None` when absent, empty (or `null` in FOCUS).
    pub(super) fn cell<'r>(&self, rec: &CsvRecord<'r>, i: usize) -> Option<&'r str> {
        self.cols
            .get(rec, i)
            .filter(|v| !(self.nulls && v.eq_ignore_ascii_case("null")))
    }

    /// Whether wanted column `i` is in the file.
    pub(super) fn has(&self, i: usize) -> bool {
        self.cols.has(i)
    }

    /// Wanted column `i`'s name as the file spells it.
    pub(super) fn name(&self, i: usize) -> &str {
        self.names.get(i).map_or("", String::as_str)
    }

    /// Reports a reader error (the file stops there), naming the column when known.
    pub(super) fn csv_error(&self, ctx: &mut Ctx<'_>, e: &CsvError) {
        csv_error(ctx, e, Some(&self.header));
    }
}

/// One problem for a reader error, at its line.
fn csv_error(ctx: &mut Ctx<'_>, e: &CsvError, header: Option<&[String]>) {
    let loc = e.line().map(Loc::line).unwrap_or_default();
    let field = match (e, header) {
        (CsvError::FieldTooLong { column, .. }, Some(h)) => Some(
            h.get(column - 1)
                .cloned()
                .unwrap_or_else(|| format!("column {column}")),
        ),
        (CsvError::FieldTooLong { column, .. }, None) => Some(format!("column {column}")),
        _ => None,
    };
    ctx.problem(&loc, field.as_deref(), None, e.expected());
}

/// The cells of one row, with problems located at its line and named by column.
#[derive(Debug)]
pub(super) struct Row<'a, 'r> {
    sheet: &'a Sheet,
    rec: &'a CsvRecord<'r>,
    /// The row's line.
    pub(super) loc: Loc,
    /// False once a cell was bad.
    pub(super) ok: bool,
}

impl<'a, 'r> Row<'a, 'r> {
    /// The row `rec` of `sheet`.
    pub(super) fn new(sheet: &'a Sheet, rec: &'a CsvRecord<'r>) -> Self {
        Self {
            sheet,
            rec,
            loc: Loc::line(rec.line),
            ok: true,
        }
    }

    /// Wanted column `i`.
    pub(super) fn get(&self, i: usize) -> Option<&'r str> {
        self.sheet.cell(self.rec, i)
    }

    /// Reports a bad cell of column `i`.
    pub(super) fn bad(&mut self, ctx: &mut Ctx<'_>, i: usize, found: Option<&str>, expected: &str) {
        ctx.problem(
            &self.loc,
            Some(self.sheet.name(i)),
            found.map(str::to_string),
            expected,
        );
        self.ok = false;
    }

    /// An optional decimal cell.
    pub(super) fn decimal(&mut self, ctx: &mut Ctx<'_>, i: usize) -> Option<Decimal> {
        let raw = self.get(i)?;
        let v = values::decimal(raw);
        if v.is_none() {
            self.bad(ctx, i, Some(raw), DECIMAL_EXPECTED);
        }
        v
    }

    /// A decimal cell that must be filled.
    pub(super) fn required_decimal(&mut self, ctx: &mut Ctx<'_>, i: usize) -> Option<Decimal> {
        if self.get(i).is_none() {
            self.bad(ctx, i, None, DECIMAL_EXPECTED);
            return None;
        }
        self.decimal(ctx, i)
    }

    /// A date cell that must be filled.
    pub(super) fn date(&mut self, ctx: &mut Ctx<'_>, i: usize) -> Option<NaiveDate> {
        let raw = self.get(i);
        let d = raw.and_then(values::date);
        if d.is_none() {
            self.bad(ctx, i, raw, values::DATE_EXPECTED);
        }
        d
    }

    /// A currency cell that must be filled.
    pub(super) fn currency(&mut self, ctx: &mut Ctx<'_>, i: usize) -> Option<Currency> {
        let raw = self.get(i);
        let c = raw.and_then(|s| Currency::parse(s).ok());
        if c.is_none() {
            self.bad(ctx, i, raw, CURRENCY_EXPECTED);
        }
        c
    }

    /// An optional customer tenant ID cell.
    pub(super) fn tenant(&mut self, ctx: &mut Ctx<'_>, i: usize) -> Option<TenantId> {
        let raw = self.get(i)?;
        let t = TenantId::parse(raw).ok();
        if t.is_none() {
            self.bad(ctx, i, Some(raw), "a customer tenant ID (a GUID)");
        }
        t
    }

    /// An optional term cell; a bad one is a problem only when `strict`.
    pub(super) fn term(&mut self, ctx: &mut Ctx<'_>, i: usize, strict: bool) -> Option<Term> {
        let raw = self.get(i)?;
        let t = values::term(raw);
        if t.is_none() && strict {
            self.bad(ctx, i, Some(raw), TERM_EXPECTED);
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
