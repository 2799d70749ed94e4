//! The sheet code the cost-details and FOCUS parsers share: columns found by name, typed cell
//! readers that report a bad cell with its line and column, the tally of rows that are not about
//! reservations, and the USD amount, billing plan and line key of a cost row.

use super::csv::{Columns, CsvError, CsvReader, CsvRecord};
use super::ctx::{Ctx, Loc, Stop};
use super::values;
use crate::domain::ids::TenantId;
use crate::domain::money::Currency;
use crate::domain::term::{BillingPlan, Term};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::io::BufRead;

/// What a decimal cell should look like.
pub(super) const DECIMAL_EXPECTED: &str = "a decimal number such as 12.50";
/// What a currency cell should look like.
pub(super) const CURRENCY_EXPECTED: &str = "a 3-letter currency code such as USD";
/// What a term cell should look like.
pub(super) const TERM_EXPECTED: &str = "a term in months: 12, 36 or 60 (or P1Y, P3Y, P5Y)";
/// Longer line keys are cut and end with a hash of the whole key.
pub(super) const MAX_KEY_BYTES: usize = 256;

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

    /// Hands every non-blank record after the header to `row`, counting rows as read; a broken
    /// CSV structure is reported and ends the file.
    pub(super) fn each_row<R: BufRead>(
        &self,
        reader: &mut CsvReader<R>,
        ctx: &mut Ctx<'_>,
        mut row: impl FnMut(&mut Ctx<'_>, &CsvRecord) -> Result<(), Stop>,
    ) -> Result<(), Stop> {
        loop {
            let rec = match reader.next_record() {
                Ok(Some(rec)) => rec,
                Ok(None) => return Ok(()),
                Err(e) => {
                    self.csv_error(ctx, &e);
                    return Ok(());
                }
            };
            ctx.row_done()?;
            if !rec.is_blank() {
                row(ctx, &rec)?;
            }
        }
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
    /// The row's reservation (or order) ID as written, for skipped-row reports.
    pub(super) id: Option<&'r str>,
}

impl<'a, 'r> Row<'a, 'r> {
    /// The row `rec` of `sheet`.
    pub(super) fn new(sheet: &'a Sheet, rec: &'a CsvRecord<'r>) -> Self {
        Self {
            sheet,
            rec,
            loc: Loc::line(rec.line),
            ok: true,
            id: None,
        }
    }

    /// Wanted column `i`.
    pub(super) fn get(&self, i: usize) -> Option<&'r str> {
        self.sheet.cell(self.rec, i)
    }

    /// Reports a bad cell of column `i`.
    pub(super) fn bad(&mut self, ctx: &mut Ctx<'_>, i: usize, found: Option<&str>, expected: &str) {
        ctx.row_problem(
            &self.loc,
            self.id,
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
