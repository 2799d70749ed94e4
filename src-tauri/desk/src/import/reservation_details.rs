//! Cost Management reservation details: one row per reservation, day and instance (VM or other
//! resource) that used it. Every row becomes a [`UtilizationDayRec`]; the store adds up the
//! instances of a reservation-day.
//!
//! Accepted shapes, chosen by the first non-blank byte after an optional UTF-8 BOM (`{` or `[`
//! is JSON, anything else CSV):
//!
//! - **CSV export** (MCA, 2023-03-01): `InstanceFlexibilityGroup, InstanceFlexibilityRatio,
//!   InstanceId, Kind, ReservationOrderId, ReservationId, ReservedHours, RIUsedHours, SkuName,
//!   TotalReservedQuantity, UsageDate, UsedHours`. Columns are found by name (any case, any
//!   order, extra columns ignored). Required: `ReservationId` (a GUID or the ARM reservation
//!   ID), `UsageDate` (or `Date`), `ReservedHours`, and `RIUsedHours` or `UsedHours`: the used
//!   hours are `RIUsedHours` when that column exists and the cell is filled, else `UsedHours`.
//!   `InstanceId` is optional. Blank lines are skipped. The file is streamed one row at a time.
//! - **JSON** of the `Microsoft.Consumption/reservationDetails` API: `{"value": [{"properties":
//!   {"reservationId", "usageDate", "reservedHours", "usedHours", "instanceId", …}}], "nextLink"}`;
//!   the same wrapped as in the API examples (`{"parameters": …, "responses": {"200": {"body":
//!   …}}}`); a bare array of items; or items with their properties flattened to the top level
//!   (as `az consumption reservation detail list` prints them). Hours may be JSON numbers or
//!   strings.
//!
//! Every bad cell is a problem at its line (CSV) or JSON path, naming the field; the file is read
//! to the end so that all problems are reported. The JSON helpers here are shared with
//! [`super::reservation_summaries`].

use super::csv::{Columns, CsvError, CsvReader, CsvRecord};
use super::ctx::{Ctx, Loc, Stop};
use super::json;
use super::values;
use crate::domain::ids::ReservationId;
use crate::records::{Record, UtilizationDayRec};
use serde_json::Value;
use std::io::BufRead;

/// What a valid number of hours looks like, for problems.
pub const HOURS_EXPECTED: &str = "hours as a number of at least 0";
/// What a valid reservation ID looks like, for problems.
pub const RESERVATION_ID_EXPECTED: &str =
    "the reservation ID (a GUID, or the ARM ID …/reservationOrders/{order}/reservations/{id})";

/// Parses the file into `ctx`.
pub fn parse(input: &mut dyn BufRead, ctx: &mut Ctx<'_>) -> Result<(), Stop> {
    match first_byte(input) {
        Ok(Some(b'{' | b'[')) => parse_json(input, ctx),
        Ok(Some(_)) => parse_csv(input, ctx),
        Ok(None) => {
            ctx.problem(
                &Loc::default(),
                None,
                None,
                "a reservation details export (this file is empty)",
            );
            Ok(())
        }
        Err(e) => {
            ctx.problem(
                &Loc::default(),
                None,
                None,
                format!("a readable file ({e})"),
            );
            Ok(())
        }
    }
}

/// The first non-blank byte of the buffered head, after a BOM, without consuming anything.
/// `None` for an empty file; a head that is all blanks counts as CSV.
fn first_byte(input: &mut dyn BufRead) -> std::io::Result<Option<u8>> {
    let head = loop {
        match input.fill_buf() {
            Ok(h) => break h,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    };
    if head.is_empty() {
        return Ok(None);
    }
    let head = head.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(head);
    Ok(Some(
        head.iter()
            .copied()
            .find(|b| !b.is_ascii_whitespace())
            .unwrap_or(b' '),
    ))
}

// Indices into `CSV_COLUMNS`.
const C_RESERVATION: usize = 0;
const C_DATE: usize = 1;
const C_RESERVED: usize = 2;
const C_RI_USED: usize = 3;
const C_USED: usize = 4;
const C_INSTANCE: usize = 5;

/// The columns read; `RIUsedHours`/`UsedHours` are checked together (one of them is needed).
const CSV_COLUMNS: [(&str, bool); 6] = [
    ("ReservationId", true),
    ("UsageDate|Date", true),
    ("ReservedHours", true),
    ("RIUsedHours", false),
    ("UsedHours", false),
    ("InstanceId", false),
];

fn csv_error(ctx: &mut Ctx<'_>, e: &CsvError, header: &[String]) {
    let loc = e.line().map(Loc::line).unwrap_or_default();
    let field = match e {
        CsvError::FieldTooLong { column, .. } => {
            column.checked_sub(1).and_then(|c| header.get(c)).cloned()
        }
        _ => None,
    };
    ctx.problem(&loc, field.as_deref(), None, e.expected());
}

fn header_has(header: &CsvRecord<'_>, name: &str) -> bool {
    header
        .fields()
        .any(|f| f.trim().trim_matches('"').eq_ignore_ascii_case(name))
}

fn parse_csv(input: &mut dyn BufRead, ctx: &mut Ctx<'_>) -> Result<(), Stop> {
    let mut reader = CsvReader::new(input);
    let (cols, names) = match reader.next_record() {
        Err(e) => {
            csv_error(ctx, &e, &[]);
            return Ok(());
        }
        Ok(None) => {
            ctx.problem(
                &Loc::default(),
                None,
                None,
                "a reservation details export (this file is empty)",
            );
            return Ok(());
        }
        Ok(Some(header)) => {
            let resolved = Columns::resolve(&header, &CSV_COLUMNS);
            let mut missing = resolved.as_ref().err().cloned().unwrap_or_default();
            if !header_has(&header, "RIUsedHours") && !header_has(&header, "UsedHours") {
                missing.push("UsedHours".to_string());
            }
            match resolved {
                Ok(cols) if missing.is_empty() => (
                    cols,
                    header
                        .fields()
                        .map(|f| f.trim().to_string())
                        .collect::<Vec<_>>(),
                ),
                _ => {
                    let s = if missing.len() == 1 { "" } else { "s" };
                    let list = missing.join(", ");
                    ctx.problem(
                        &Loc::line(header.line),
                        Some(&list),
                        None,
                        format!(
                            "the column{s} {list} in the header (a Cost Management reservation \
                             details export has ReservationId, UsageDate, ReservedHours and \
                             UsedHours or RIUsedHours)"
                        ),
                    );
                    return Ok(());
                }
            }
        }
    };
    let mut rows = 0u64;
    loop {
        let rec = match reader.next_record() {
            Ok(Some(rec)) => rec,
            Ok(None) => break,
            Err(e) => {
                csv_error(ctx, &e, &names);
                return Ok(());
            }
        };
        ctx.row_done()?;
        if rec.is_blank() {
            continue;
        }
        rows += 1;
        csv_row(ctx, &cols, &rec)?;
    }
    if rows == 0 {
        ctx.warn("the export has a header but no rows".to_string());
    }
    Ok(())
}

fn csv_row(ctx: &mut Ctx<'_>, cols: &Columns, rec: &CsvRecord<'_>) -> Result<(), Stop> {
    let loc = Loc::line(rec.line);
    let id = check(
        ctx,
        &loc,
        "ReservationId",
        cols.get(rec, C_RESERVATION),
        RESERVATION_ID_EXPECTED,
        |s| ReservationId::parse_lenient(s).ok(),
    );
    let day = check(
        ctx,
        &loc,
        "UsageDate",
        cols.get(rec, C_DATE),
        values::DATE_EXPECTED,
        values::date,
    );
    let reserved = check(
        ctx,
        &loc,
        "ReservedHours",
        cols.get(rec, C_RESERVED),
        HOURS_EXPECTED,
        values::hours,
    );
    let (used_field, used_raw) = match cols.get(rec, C_RI_USED) {
        Some(v) => ("RIUsedHours", Some(v)),
        None if cols.has(C_USED) => ("UsedHours", cols.get(rec, C_USED)),
        None => ("RIUsedHours", None),
    };
    let used = check(
        ctx,
        &loc,
        used_field,
        used_raw,
        HOURS_EXPECTED,
        values::hours,
    );
    let instance = cols.get(rec, C_INSTANCE).map(str::to_string);
    if let (Some(reservation_id), Some(day), Some(reserved_hours), Some(used_hours)) =
        (id, day, reserved, used)
    {
        let r = UtilizationDayRec {
            reservation_id,
            day,
            reserved_hours,
            used_hours,
            instance,
        };
        ctx.emit(Record::UtilizationDay(r), &loc)?;
    }
    Ok(())
}

/// Parses `raw` with `parse`; a missing or malformed value becomes a problem at `loc` naming
/// `field`.
pub(super) fn check<T>(
    ctx: &mut Ctx<'_>,
    loc: &Loc,
    field: &str,
    raw: Option<&str>,
    expected: &str,
    parse: impl FnOnce(&str) -> Option<T>,
) -> Option<T> {
    let v = raw.and_then(parse);
    if v.is_none() {
        ctx.row_problem(loc, None, Some(field), raw.map(str::to_string), expected);
    }
    v
}

/// A JSON value as the text the value parsers read: strings as they are, numbers as written,
/// `null` or absent as `None`; other values (objects, arrays, booleans) as their JSON text, which
/// no parser accepts, so they are reported with what was found.
pub(super) fn json_text(v: Option<&Value>) -> Option<String> {
    let v = v?;
    if v.is_null() {
        return None;
    }
    if let Some(s) = json::string(v) {
        let t = s.trim();
        return (!t.is_empty()).then(|| t.to_string());
    }
    match json::number_text(v) {
        Some(n) => Some(n.into_owned()),
        None => Some(json::render(v)),
    }
}

/// One item of a Consumption list: where it is and its fields.
#[derive(Debug)]
pub(super) struct Item<'v> {
    /// The item's JSON path, e.g. `$.value[3]`.
    pub path: String,
    /// The item itself (its `id`, `name`).
    pub item: &'v Value,
    /// Its `properties`, or the item itself when they are flattened.
    pub props: &'v Value,
    /// The JSON path of `props`.
    pub props_path: String,
}

impl<'v> Item<'v> {
    /// Field `key` of the properties, as text (see [`json_text`]).
    pub fn text(&self, key: &str) -> Option<String> {
        json_text(json::get(self.props, key))
    }

    /// The location of field `key`.
    pub fn at(&self, key: &str) -> Loc {
        Loc::path(json::at(&self.props_path, key))
    }

    /// Field `key` parsed with `parse`; missing or malformed is a problem at its path.
    pub fn field<T>(
        &self,
        ctx: &mut Ctx<'_>,
        key: &str,
        expected: &str,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> Option<T> {
        let raw = self.text(key);
        check(ctx, &self.at(key), key, raw.as_deref(), expected, parse)
    }

    /// Optional field `key`: `None` when absent or null, a problem when malformed.
    pub fn opt_field<T>(
        &self,
        ctx: &mut Ctx<'_>,
        key: &str,
        expected: &str,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> Option<T> {
        let raw = self.text(key)?;
        check(ctx, &self.at(key), key, Some(&raw), expected, parse)
    }
}

/// A page of a Consumption list response.
#[derive(Debug)]
pub(super) struct Page<'v> {
    /// The items, in file order. Items that are not objects were reported already.
    pub items: Vec<Item<'v>>,
    /// The response's `nextLink`.
    pub next_link: Option<&'v str>,
    /// The request's `grain` parameter (API example files carry it).
    pub grain: Option<&'v str>,
}

/// Finds the items of a Consumption list in `doc`: `{"value": [...]}`, the API examples'
/// `{"responses": {"200": {"body": ...}}}` wrapper around it, a bare array, or one item.
/// Reports a problem and returns `None` when the document has none of these shapes; `what`
/// names the expected list in that problem.
pub(super) fn page<'v>(ctx: &mut Ctx<'_>, doc: &'v Value, what: &str) -> Option<Page<'v>> {
    let (body, base, grain) = match json::get(doc, "responses") {
        Some(responses) => match json::get(responses, "200").and_then(|r| json::get(r, "body")) {
            Some(body) => (
                body,
                "$.responses.200.body".to_string(),
                json::get(doc, "parameters").and_then(|p| json::str_of(p, "grain")),
            ),
            None => {
                ctx.problem(
                    &Loc::path("$.responses"),
                    Some("responses"),
                    None,
                    format!("a \"200\" response with a \"body\" holding {what}"),
                );
                return None;
            }
        },
        None => (doc, "$".to_string(), None),
    };
    let mut next_link = None;
    let (list, list_path): (&[Value], String) = match body {
        Value::Array(a) => (a, base),
        Value::Object(_) => match json::get(body, "value") {
            Some(Value::Array(a)) => {
                next_link = json::str_of(body, "nextLink");
                (a, json::at(&base, "value"))
            }
            Some(other) => {
                ctx.problem(
                    &Loc::path(json::at(&base, "value")),
                    Some("value"),
                    json::found(Some(other)),
                    format!("an array of items ({what})"),
                );
                return None;
            }
            None if json::get(body, "properties").is_some() => {
                let props_path = json::at(&base, "properties");
                let items = vec![Item {
                    path: base,
                    item: body,
                    props: json::get(body, "properties").unwrap_or(body),
                    props_path,
                }];
                return Some(Page {
                    items,
                    next_link: None,
                    grain,
                });
            }
            None => {
                ctx.problem(&Loc::path(base), None, None, what.to_string());
                return None;
            }
        },
        other => {
            ctx.problem(
                &Loc::path(base),
                None,
                json::found(Some(other)),
                what.to_string(),
            );
            return None;
        }
    };
    let mut items = Vec::with_capacity(list.len());
    for (i, v) in list.iter().enumerate() {
        let path = format!("{list_path}[{i}]");
        if !v.is_object() {
            ctx.problem(
                &Loc::path(path),
                None,
                json::found(Some(v)),
                "an object per item",
            );
            continue;
        }
        let (props, props_path) = match json::get(v, "properties") {
            Some(p) if p.is_object() => (p, json::at(&path, "properties")),
            None | Some(Value::Null) => (v, path.clone()),
            Some(other) => {
                ctx.problem(
                    &Loc::path(json::at(&path, "properties")),
                    Some("properties"),
                    json::found(Some(other)),
                    "the item's properties as an object",
                );
                continue;
            }
        };
        items.push(Item {
            path,
            item: v,
            props,
            props_path,
        });
    }
    Some(Page {
        items,
        next_link,
        grain,
    })
}

const JSON_EXPECTED: &str = "a reservation details list as the Consumption API returns it: \
     {\"value\": [{\"properties\": {\"reservationId\", \"usageDate\", \"reservedHours\", \
     \"usedHours\", …}}]}";

fn parse_json(input: &mut dyn BufRead, ctx: &mut Ctx<'_>) -> Result<(), Stop> {
    let Some(doc) = json::read(input, ctx)? else {
        return Ok(());
    };
    let Some(page) = page(ctx, &doc, JSON_EXPECTED) else {
        return Ok(());
    };
    if page.items.is_empty() && !ctx.has_problems() {
        ctx.warn("the list has no items".to_string());
    }
    for item in &page.items {
        ctx.row_done()?;
        json_item(ctx, item)?;
    }
    Ok(())
}

fn json_item(ctx: &mut Ctx<'_>, item: &Item<'_>) -> Result<(), Stop> {
    let id = item.field(ctx, "reservationId", RESERVATION_ID_EXPECTED, |s| {
        ReservationId::parse_lenient(s).ok()
    });
    let day = item.field(ctx, "usageDate", values::DATE_EXPECTED, values::date);
    let reserved = item.field(ctx, "reservedHours", HOURS_EXPECTED, values::hours);
    let used = item.field(ctx, "usedHours", HOURS_EXPECTED, values::hours);
    let instance_id = json::get(item.props, "instanceId").filter(|v| !v.is_null());
    let instance = match instance_id.map(|v| (v, json::string(v))) {
        None => None,
        Some((_, Some(s))) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Some((other, None)) => {
            ctx.problem(
                &item.at("instanceId"),
                Some("instanceId"),
                json::found(Some(other)),
                "the instance's resource ID as a string",
            );
            return Ok(());
        }
    };
    if let (Some(reservation_id), Some(day), Some(reserved_hours), Some(used_hours)) =
        (id, day, reserved, used)
    {
        let r = UtilizationDayRec {
            reservation_id,
            day,
            reserved_hours,
            used_hours,
            instance,
        };
        ctx.emit(Record::UtilizationDay(r), &Loc::path(item.path.clone()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::ctx::{parse_bytes, Parsed};
    use crate::import::{Format, ImportProblem, MAX_PROBLEMS};
    use crate::test_ids::{reservation_arm, ORDER, RESERVATION, RESERVATION_2};
    use chrono::NaiveDate;
    use rust_decimal::Decimal;

    /// The MCA export's header, in Microsoft's column order.
    const MCA: &str = "InstanceFlexibilityGroup,InstanceFlexibilityRatio,InstanceId,Kind,\
                       ReservationOrderId,ReservationId,ReservedHours,RIUsedHours,SkuName,\
                       TotalReservedQuantity,UsageDate,UsedHours";
    const SHORT: &str = "ReservationId,UsageDate,ReservedHours,UsedHours,InstanceId,SkuName";

    /// Line, field, found and expected of a problem.
    type LineProblem<'p> = (Option<u32>, Option<&'p str>, Option<&'p str>, &'p str);

    fn run(name: &str, bytes: &[u8]) -> Parsed {
        parse_bytes(Format::ReservationDetails, name, bytes, None)
    }

    fn days(p: &Parsed) -> Vec<(&UtilizationDayRec, &Loc)> {
        p.records
            .iter()
            .map(|(r, l)| match r {
                Record::UtilizationDay(d) => (d, l),
                other => panic!("unexpected record {other:?}"),
            })
            .collect()
    }

    fn d(s: &str) -> Decimal {
        values::decimal(s).unwrap()
    }

    fn day(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    /// The only problem of `p`.
    fn one(p: &Parsed) -> &ImportProblem {
        assert_eq!(
            p.problems.len(),
            1,
            "exactly one problem: {:#?}",
            p.problems
        );
        &p.problems[0]
    }

    fn mca_row(instance: &str, res: &str, used: &str, date: &str) -> String {
        format!("DSv3 Series,1,{instance},Reservation,{ORDER},{res},24,{used},Standard_D2s_v3,1,{date},{used}\n")
    }

    #[test]
    fn csv_with_bom_crlf_quotes_and_columns_in_any_order() {
        let arm = reservation_arm(ORDER, &RESERVATION.to_ascii_uppercase());
        let csv = format!(
            "\u{feff}\"UsageDate\",Extra,ReservationId,InstanceId,ReservedHours,UsedHours,RIUsedHours,SkuName\r\n\
             2024-07-10,x,{arm},\"/subscriptions/s/vm1\",24,10,\"12.5\",\"Standard_D2s_v3, \"\"promo\"\"\"\r\n\
             \r\n\
             07/11/2024,\"two\nlines\",{RESERVATION},/vm2,24,3,1.2E-05,x\r\n\
             2024-07-12T00:00:00Z,,{RESERVATION},,24,5,,y\r\n"
        );
        let p = run("details.csv", csv.as_bytes());
        assert!(p.problems.is_empty(), "{:#?}", p.problems);
        let rows = days(&p);
        assert_eq!(rows.len(), 3, "the blank line is skipped");
        let (r, loc) = rows[0];
        assert_eq!(
            r.reservation_id.as_str(),
            RESERVATION,
            "an ARM ID gives its reservation"
        );
        assert_eq!(r.day, day(2024, 7, 10));
        assert_eq!(r.reserved_hours, d("24"));
        assert_eq!(r.used_hours, d("12.5"), "RIUsedHours wins over UsedHours");
        assert_eq!(r.instance.as_deref(), Some("/subscriptions/s/vm1"));
        assert_eq!(*loc, Loc::line(2));
        let (r, loc) = rows[1];
        assert_eq!(r.day, day(2024, 7, 11), "US dates");
        assert_eq!(r.used_hours, Decimal::new(12, 6), "exponents");
        assert_eq!(*loc, Loc::line(4));
        let (r, loc) = rows[2];
        assert_eq!(
            r.used_hours,
            d("5"),
            "an empty RIUsedHours cell falls back to UsedHours"
        );
        assert_eq!(r.instance, None);
        assert_eq!(
            *loc,
            Loc::line(6),
            "lines count the quoted newline and the blank line"
        );
    }

    #[test]
    fn several_instances_per_reservation_day_and_duplicates_are_all_emitted() {
        let mut csv = format!("{MCA}\n");
        csv += &mca_row("/subscriptions/s/vm1", RESERVATION, "10", "2024-07-10");
        csv += &mca_row("/subscriptions/s/vm2", RESERVATION, "8.5", "2024-07-10");
        csv += &mca_row("/subscriptions/s/vm3", RESERVATION, "0", "2024-07-10");
        csv += &mca_row("/subscriptions/s/vm3", RESERVATION, "0", "2024-07-10");
        csv += &mca_row("/subscriptions/s/vm1", RESERVATION_2, "24", "2024-07-10");
        let p = run("mca.csv", csv.as_bytes());
        assert!(p.problems.is_empty(), "{:#?}", p.problems);
        let rows = days(&p);
        assert_eq!(
            rows.len(),
            5,
            "the store sums instances and judges duplicates"
        );
        let total: Decimal = rows
            .iter()
            .filter(|(r, _)| r.reservation_id.as_str() == RESERVATION)
            .map(|(r, _)| r.used_hours)
            .sum();
        assert_eq!(total, d("18.5"));
        assert_eq!(
            rows[3].0, rows[2].0,
            "the duplicate row is passed on unchanged"
        );
        assert_eq!(rows[1].0.instance.as_deref(), Some("/subscriptions/s/vm2"));
    }

    #[test]
    fn csv_without_ri_used_hours_reads_used_hours() {
        let csv = format!(
            "{SHORT}\n{RESERVATION},2024-07-10,24,7,,\n{RESERVATION},2024-07-11,24,abc,,\n"
        );
        let p = run("d.csv", csv.as_bytes());
        assert_eq!(days(&p)[0].0.used_hours, d("7"));
        let e = one(&p);
        assert_eq!(e.line, Some(3));
        assert_eq!(e.field.as_deref(), Some("UsedHours"));
        assert_eq!(e.found.as_deref(), Some("abc"));
        assert_eq!(e.expected, HOURS_EXPECTED);
    }

    #[test]
    fn bad_cells_are_each_reported_at_their_line_and_reading_goes_on() {
        let csv = format!(
            "{SHORT}\n\
             {RESERVATION},2024-07-10,24,abc,,\n\
             {RESERVATION},2024-07-10,-1,5,,\n\
             {RESERVATION},2024-07-10,{{}},1,,\n\
             \"=cmd|' /C calc'!A0\",2024-07-10,24,1,,\n\
             {RESERVATION},2024-07-10,24,1,,\"=cmd|' /C calc'!A0\"\n\
             <script>alert(1)</script>,2024-07-10,24,1,,\n\
             {RESERVATION},2024-07-10,24,1,<script>alert(1)</script>,\n\
             ,2024-07-10,24,1,,\n"
        );
        let p = run("d.csv", csv.as_bytes());
        let got: Vec<LineProblem<'_>> = p
            .problems
            .iter()
            .map(|e| {
                (
                    e.line,
                    e.field.as_deref(),
                    e.found.as_deref(),
                    e.expected.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (Some(2), Some("UsedHours"), Some("abc"), HOURS_EXPECTED),
                (Some(3), Some("ReservedHours"), Some("-1"), HOURS_EXPECTED),
                (Some(4), Some("ReservedHours"), Some("{}"), HOURS_EXPECTED),
                (
                    Some(5),
                    Some("ReservationId"),
                    Some("=cmd|' /C calc'!A0"),
                    RESERVATION_ID_EXPECTED
                ),
                (
                    Some(7),
                    Some("ReservationId"),
                    Some("<script>alert(1)</script>"),
                    RESERVATION_ID_EXPECTED
                ),
                (
                    Some(9),
                    Some("ReservationId"),
                    None,
                    RESERVATION_ID_EXPECTED
                ),
            ]
        );
        let rows = days(&p);
        assert_eq!(rows.len(), 2, "a formula-looking SkuName is only data");
        assert_eq!(*rows[0].1, Loc::line(6));
        assert_eq!(
            rows[1].0.instance.as_deref(),
            Some("<script>alert(1)</script>"),
            "kept as text, rendered as text"
        );
        assert!(p.problems[0]
            .to_string()
            .starts_with("d.csv:2 field UsedHours: expected hours"));
    }

    #[test]
    fn dates_out_of_range_or_impossible_name_usage_date() {
        let csv = format!(
            "{SHORT}\n{RESERVATION},9999-12-31,24,1,,\n{RESERVATION},1900-01-01,24,1,,\n{RESERVATION},2024-02-30,24,1,,\n{RESERVATION},,24,1,,\n"
        );
        let p = run("d.csv", csv.as_bytes());
        assert!(p.records.is_empty());
        assert_eq!(p.problems.len(), 4);
        for (e, (line, found)) in p.problems.iter().zip([
            (2, Some("9999-12-31")),
            (3, Some("1900-01-01")),
            (4, Some("2024-02-30")),
            (5, None),
        ]) {
            assert_eq!(e.line, Some(line));
            assert_eq!(e.field.as_deref(), Some("UsageDate"));
            assert_eq!(e.found.as_deref(), found);
            assert_eq!(e.expected, values::DATE_EXPECTED);
        }
    }

    #[test]
    fn missing_columns_are_one_problem_naming_each() {
        let csv = "InstanceId,SkuName,ReservedHours\n/vm1,x,24\n";
        let p = run("d.csv", csv.as_bytes());
        let e = one(&p);
        assert_eq!(e.line, Some(1));
        assert_eq!(
            e.field.as_deref(),
            Some("ReservationId, UsageDate, UsedHours")
        );
        assert!(
            e.expected
                .starts_with("the columns ReservationId, UsageDate, UsedHours"),
            "{}",
            e.expected
        );
        assert!(p.records.is_empty());
        let p = run("d.csv", b"ReservationId,Date,ReservedHours\n");
        assert_eq!(
            one(&p).field.as_deref(),
            Some("UsedHours"),
            "Date stands for UsageDate"
        );
    }

    #[test]
    fn a_truncated_csv_names_the_line_of_the_open_quote() {
        let csv = format!(
            "{SHORT}\n{RESERVATION},2024-07-10,24,1,,\n{RESERVATION},2024-07-11,24,1,\"/subscriptions/s/vm"
        );
        let p = run("d.csv", csv.as_bytes());
        assert_eq!(days(&p).len(), 1, "rows before the cut are read");
        let e = one(&p);
        assert_eq!(e.line, Some(3));
        assert!(e.expected.contains("truncated"), "{}", e.expected);
    }

    #[test]
    fn invalid_utf8_names_its_line() {
        let mut csv = format!("{SHORT}\n{RESERVATION},2024-07-10,24,1,,\n").into_bytes();
        csv.extend_from_slice(b"\xff\xfe,2024-07-10,24,1,,\n");
        let p = run("d.csv", &csv);
        let e = one(&p);
        assert_eq!(e.line, Some(3));
        assert!(e.expected.contains("UTF-8"));
    }

    #[test]
    fn a_10_mb_field_and_a_million_columns_stop_the_file_at_their_line() {
        let mut csv =
            format!("{SHORT}\n{RESERVATION},2024-07-10,24,1,,\n{RESERVATION},2024-07-11,24,1,,")
                .into_bytes();
        csv.extend(std::iter::repeat_n(b'x', 10_000_000));
        csv.extend_from_slice(format!("\n{RESERVATION},2024-07-12,24,1,,\n").as_bytes());
        let p = run("d.csv", &csv);
        assert_eq!(days(&p).len(), 1);
        let e = one(&p);
        assert_eq!(e.line, Some(3));
        assert_eq!(e.field.as_deref(), Some("SkuName"), "the column is named");
        assert!(e.expected.contains("1 MiB"), "{}", e.expected);

        let mut csv = format!("{SHORT}\n{RESERVATION},2024-07-10,24,1,,\n").into_bytes();
        csv.extend(std::iter::repeat_n(b',', 999_999));
        csv.push(b'\n');
        let p = run("d.csv", &csv);
        let e = one(&p);
        assert_eq!(e.line, Some(3));
        assert!(e.expected.contains("4096 columns"), "{}", e.expected);
    }

    #[test]
    fn at_most_50_problems_are_kept() {
        let mut csv = format!("{SHORT}\n");
        for _ in 0..120 {
            csv += &format!("{RESERVATION},2024-07-10,24,lots,,\n");
        }
        let p = run("d.csv", csv.as_bytes());
        assert_eq!(p.problems.len(), MAX_PROBLEMS);
        assert_eq!(p.problems[49].line, Some(51));
    }

    #[test]
    fn empty_and_header_only_files() {
        let p = run("d.csv", b"");
        assert!(one(&p).expected.contains("empty"));
        let p = run("d.csv", b"\xEF\xBB\xBF");
        assert_eq!(p.problems.len(), 1, "a BOM alone is empty too");
        let p = run("d.csv", format!("{MCA}\r\n").as_bytes());
        assert!(p.problems.is_empty() && p.records.is_empty());
        assert_eq!(p.warnings.len(), 1);
    }

    #[test]
    fn two_hundred_thousand_rows_stream_through() {
        let mut csv = String::with_capacity(200_000 * 70);
        csv.push_str("ReservationId,UsageDate,ReservedHours,UsedHours,InstanceId\n");
        for i in 0..200_000u32 {
            let res = if i % 2 == 0 {
                RESERVATION
            } else {
                RESERVATION_2
            };
            csv.push_str(&format!(
                "{res},2024-{:02}-{:02},24,{}.5,vm{}\n",
                i % 12 + 1,
                i % 28 + 1,
                i % 24,
                i % 10
            ));
        }
        let p = run("big.csv", csv.as_bytes());
        assert!(p.problems.is_empty(), "{:#?}", p.problems);
        assert_eq!(p.records.len(), 200_000);
        assert_eq!(p.records[199_999].1, Loc::line(200_001));
    }

    fn detail_json(items: &str) -> String {
        format!(
            r#"{{"value": [{items}], "nextLink": "https://management.azure.com/providers/Microsoft.Capacity/reservationorders/{ORDER}/providers/Microsoft.Consumption/reservationDetails?$skiptoken=x"}}"#
        )
    }

    fn detail_item(props: &str) -> String {
        format!(
            r#"{{"id": "providers/Microsoft.Capacity/reservationOrders/{ORDER}/reservations/{RESERVATION}/providers/Microsoft.Consumption/reservationDetails/20240710",
                "name": "{ORDER}_{RESERVATION}_20240710", "type": "Microsoft.Consumption/reservationDetails",
                "properties": {{{props}}}}}"#
        )
    }

    #[test]
    fn json_details_in_the_api_shape() {
        let items = [
            detail_item(&format!(
                r#""reservationOrderId": "{ORDER}", "reservationId": "{RESERVATION}", "usageDate": "2024-07-10T00:00:00Z",
                   "skuName": "Standard_D2_v2", "instanceId": "/subscriptions/s/vm1", "totalReservedQuantity": 1.0,
                   "reservedHours": 24.000000000000000, "usedHours": 1.2e-5, "kind": "Reservation",
                   "instanceFlexibilityGroup": "D2v2 Series", "instanceFlexibilityRatio": "1""#
            )),
            detail_item(&format!(
                r#""reservationId": "{RESERVATION}", "usageDate": "2024-07-10", "reservedHours": "24", "usedHours": "20.25", "instanceId": "/subscriptions/s/vm2""#
            )),
            detail_item(&format!(
                r#""reservationId": "{RESERVATION_2}", "usageDate": "2024-07-11", "reservedHours": 48, "usedHours": 0, "instanceId": null"#
            )),
        ];
        let json = detail_json(&items.join(","));
        let p = run("details.json", json.as_bytes());
        assert!(p.problems.is_empty(), "{:#?}", p.problems);
        let rows = days(&p);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].0.used_hours, Decimal::new(12, 6));
        assert_eq!(rows[0].0.reserved_hours, d("24"));
        assert_eq!(rows[0].0.instance.as_deref(), Some("/subscriptions/s/vm1"));
        assert_eq!(*rows[0].1, Loc::path("$.value[0]"));
        assert_eq!(rows[1].0.used_hours, d("20.25"), "hours as strings");
        assert_eq!(rows[2].0.reservation_id.as_str(), RESERVATION_2);
        assert_eq!(rows[2].0.day, day(2024, 7, 11));
        assert_eq!(rows[2].0.instance, None);
    }

    #[test]
    fn json_details_in_the_examples_wrapper_and_flattened() {
        let wrapped = format!(
            r#"{{"parameters": {{"api-version": "2023-03-01", "reservationOrderId": "{ORDER}"}},
               "responses": {{"200": {{"body": {}}}}}}}"#,
            detail_json(&detail_item(&format!(
                r#""reservationId": "{RESERVATION}", "usageDate": "2017-11-29T00:00:00Z", "reservedHours": 24, "usedHours": 24, "instanceId": "/subscriptions/s/vm""#
            )))
        );
        let p = run("example.json", format!("\u{feff}  {wrapped}").as_bytes());
        assert!(p.problems.is_empty(), "{:#?}", p.problems);
        assert_eq!(days(&p)[0].0.day, day(2017, 11, 29));
        assert_eq!(p.records[0].1, Loc::path("$.responses.200.body.value[0]"));

        let flat = format!(
            r#"[{{"id": "x", "type": "Microsoft.Consumption/reservationDetails", "reservationId": "{RESERVATION}", "usageDate": "2024-07-10", "reservedHours": 24, "usedHours": 3, "instanceId": "/vm"}}]"#
        );
        let p = run("az.json", flat.as_bytes());
        assert!(p.problems.is_empty(), "{:#?}", p.problems);
        assert_eq!(days(&p)[0].0.used_hours, d("3"));
        assert_eq!(p.records[0].1, Loc::path("$[0]"));
    }

    #[test]
    fn hostile_json_gets_located_problems() {
        let items = [
            detail_item(&format!(
                r#""reservationId": "{RESERVATION}", "usageDate": "2024-07-10", "reservedHours": 24, "usedHours": {{"hours": 3}}"#
            )),
            detail_item(&format!(
                r#""reservationId": "{RESERVATION}", "usageDate": "2024-07-10", "reservedHours": "abc", "usedHours": -2"#
            )),
            "7".to_string(),
            detail_item(
                r#""reservationId": "=cmd|' /C calc'!A0", "usageDate": "9999-12-31", "reservedHours": 24, "usedHours": 1, "instanceId": 5"#,
            ),
            detail_item(&format!(
                r#""reservationId": "{RESERVATION}", "usageDate": "2024-07-10", "reservedHours": 24, "usedHours": 1, "instanceId": "<script>alert(1)</script>""#
            )),
        ];
        let json = detail_json(&items.join(","));
        let p = run("d.json", json.as_bytes());
        let got: Vec<(&str, &str, Option<&str>, &str)> = p
            .problems
            .iter()
            .map(|e| {
                (
                    e.path.as_deref().unwrap_or(""),
                    e.field.as_deref().unwrap_or(""),
                    e.found.as_deref(),
                    e.expected.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("$.value[2]", "", Some("7"), "an object per item"),
                (
                    "$.value[0].properties.usedHours",
                    "usedHours",
                    Some(r#"{"hours":3}"#),
                    HOURS_EXPECTED
                ),
                (
                    "$.value[1].properties.reservedHours",
                    "reservedHours",
                    Some("abc"),
                    HOURS_EXPECTED
                ),
                (
                    "$.value[1].properties.usedHours",
                    "usedHours",
                    Some("-2"),
                    HOURS_EXPECTED
                ),
                (
                    "$.value[3].properties.reservationId",
                    "reservationId",
                    Some("=cmd|' /C calc'!A0"),
                    RESERVATION_ID_EXPECTED
                ),
                (
                    "$.value[3].properties.usageDate",
                    "usageDate",
                    Some("9999-12-31"),
                    values::DATE_EXPECTED
                ),
                (
                    "$.value[3].properties.instanceId",
                    "instanceId",
                    Some("5"),
                    "the instance's resource ID as a string"
                ),
            ]
        );
        let rows = days(&p);
        assert_eq!(rows.len(), 1);
        assert_eq!(
            rows[0].0.instance.as_deref(),
            Some("<script>alert(1)</script>")
        );
        assert_eq!(*rows[0].1, Loc::path("$.value[4]"));
    }

    #[test]
    fn broken_json_files() {
        let json = detail_json(&detail_item(&format!(
            r#""reservationId": "{RESERVATION}""#
        )));
        let cut = &json[..json.len() / 2];
        let p = run("d.json", cut.as_bytes());
        let e = one(&p);
        assert_eq!(e.line, Some(2));
        assert!(e.expected.contains("truncated"), "{}", e.expected);

        let p = run("d.json", b"{\"value\": [\n{\"reservationId\": \"\xff\"}]}");
        let e = one(&p);
        assert_eq!(e.line, Some(2));
        assert!(e.expected.contains("UTF-8"));

        let p = run("d.json", br#"{"foo": 1}"#);
        assert_eq!(one(&p).path.as_deref(), Some("$"));
        let p = run("d.json", br#"{"value": {"a": 1}}"#);
        assert_eq!(one(&p).path.as_deref(), Some("$.value"));
        let p = run("d.json", br#"{"value": [{"properties": [1]}]}"#);
        assert_eq!(one(&p).path.as_deref(), Some("$.value[0].properties"));
        let p = run("d.json", br#"{"responses": {"404": {}}}"#);
        assert_eq!(one(&p).path.as_deref(), Some("$.responses"));
        let p = run("d.json", br#"{"value": []}"#);
        assert!(p.problems.is_empty());
        assert_eq!(p.warnings.len(), 1, "an empty page is worth a word");

        let many: Vec<String> = (0..80)
            .map(|_| detail_item(&format!(r#""reservationId": "{RESERVATION}", "usageDate": "2024-07-10", "reservedHours": 24, "usedHours": true"#)))
            .collect();
        let p = run("d.json", detail_json(&many.join(",")).as_bytes());
        assert_eq!(p.problems.len(), MAX_PROBLEMS);
    }

    #[test]
    fn both_shapes_are_detected() {
        let csv = format!(
            "{MCA}\r\n{}",
            mca_row("/vm", RESERVATION, "1", "2024-07-10")
        );
        assert_eq!(
            Format::detect(csv.as_bytes()),
            Some(Format::ReservationDetails)
        );
        let quoted =
            "\u{feff}\"UsageDate\",\"ReservationId\",\"ReservedHours\",\"RIUsedHours\"\r\n";
        assert_eq!(
            Format::detect(quoted.as_bytes()),
            Some(Format::ReservationDetails)
        );
        let json = detail_json(&detail_item(&format!(
            r#""reservationId": "{RESERVATION}""#
        )));
        assert_eq!(
            Format::detect(json.as_bytes()),
            Some(Format::ReservationDetails)
        );
        let wrapped =
            format!(r#"{{"parameters": {{}}, "responses": {{"200": {{"body": {json}}}}}}}"#);
        assert_eq!(
            Format::detect(wrapped.as_bytes()),
            Some(Format::ReservationDetails)
        );
        let flat = format!(
            r#"[{{"reservationId": "{RESERVATION}", "usageDate": "2024-07-10", "reservedHours": 24, "usedHours": 3, "instanceId": "/vm"}}]"#
        );
        assert_eq!(
            Format::detect(flat.as_bytes()),
            Some(Format::ReservationDetails)
        );
    }
}
