//! Cost Management reservation summaries JSON (`Microsoft.Consumption/reservationSummaries`,
//! daily or monthly grain): one item per reservation and day or month.
//!
//! Accepted shapes: `{"value": [{"id", "name", "type", "properties": {"reservationId",
//! "usageDate", "reservedHours", "usedHours", "totalReservedQuantity", …}}], "nextLink"}`; the
//! same wrapped as in the API examples (`{"parameters": {"grain": …}, "responses": {"200":
//! {"body": …}}}`); a bare array of items; or items with their properties flattened to the top
//! level (as `az consumption reservation summary list` prints them). Hours and quantities may be
//! JSON numbers or strings. The percentages are not read: they follow from the hours.
//!
//! The grain of each item is decided in this order:
//! 1. the item's `id` or `name` mentions `monthly` (e.g. `grain=monthly`) → monthly, or
//!    `grain=daily` → daily;
//! 2. the file says: the examples' `parameters.grain`, or `grain=monthly`/`grain=daily` in the
//!    top-level `nextLink`;
//! 3. otherwise by size: more reserved hours than a day can hold — 24 × the quantity
//!    (`totalReservedQuantity`, else `purchasedQuantity`, at least 1), plus 1% — is a month;
//!    anything else is a day. (A monthly file without a hint, for a reservation that ran at most
//!    one day of that month, reads as a day: keep the grain in the file name or pass the API's
//!    wrapper when that matters.)
//!
//! A daily item becomes a [`UtilizationDayRec`] without an instance; a monthly one a
//! [`UtilizationMonthRec`] on the first day of `usageDate`'s month. Every bad value is a problem
//! at its JSON path (e.g. `$.value[4].properties.usedHours`) and all items are checked.

use super::ctx::{Ctx, Loc, Stop};
use super::json;
use super::reservation_details::{page, Item, HOURS_EXPECTED, RESERVATION_ID_EXPECTED};
use super::values;
use crate::domain::ids::ReservationId;
use crate::records::{Record, UtilizationDayRec, UtilizationMonthRec};
use chrono::Datelike;
use rust_decimal::Decimal;
use std::io::BufRead;

/// The grain of one summary item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Grain {
    Daily,
    Monthly,
}

/// A grain named in a request or link (`grain=monthly`, `"grain": "Daily"`).
fn grain_named(text: &str) -> Option<Grain> {
    let t = text.to_ascii_lowercase();
    if t == "monthly" || t.contains("grain=monthly") {
        Some(Grain::Monthly)
    } else if t == "daily" || t.contains("grain=daily") {
        Some(Grain::Daily)
    } else {
        None
    }
}

/// The grain an item's `id` or `name` states.
fn item_grain(item: &Item<'_>) -> Option<Grain> {
    let mut found = None;
    for key in ["id", "name"] {
        let Some(text) = json::str_of(item.item, key) else {
            continue;
        };
        let t = text.to_ascii_lowercase();
        if t.contains("monthly") {
            return Some(Grain::Monthly);
        }
        if t.contains("grain=daily") {
            found = Some(Grain::Daily);
        }
    }
    found
}

const JSON_EXPECTED: &str = "a reservation summaries list as the Consumption API returns it: \
     {\"value\": [{\"properties\": {\"reservationId\", \"usageDate\", \"reservedHours\", \
     \"usedHours\", …}}]}";

const QUANTITY_EXPECTED: &str = "a quantity as a number of at least 0";

/// Parses the file into `ctx`.
pub fn parse(input: &mut dyn BufRead, ctx: &mut Ctx<'_>) -> Result<(), Stop> {
    let Some(doc) = json::read(input, ctx)? else {
        return Ok(());
    };
    let Some(page) = page(ctx, &doc, JSON_EXPECTED) else {
        return Ok(());
    };
    if page.items.is_empty() && !ctx.has_problems() {
        ctx.warn("the list has no items".to_string());
    }
    let file_grain = page
        .grain
        .and_then(grain_named)
        .or_else(|| page.next_link.and_then(grain_named));
    for item in &page.items {
        ctx.row_done()?;
        summary_item(ctx, item, file_grain)?;
    }
    Ok(())
}

fn summary_item(ctx: &mut Ctx<'_>, item: &Item<'_>, file_grain: Option<Grain>) -> Result<(), Stop> {
    let id = item.field(ctx, "reservationId", RESERVATION_ID_EXPECTED, |s| {
        ReservationId::parse_lenient(s).ok()
    });
    let day = item.field(ctx, "usageDate", values::DATE_EXPECTED, values::date);
    let reserved = item.field(ctx, "reservedHours", HOURS_EXPECTED, values::hours);
    let used = item.field(ctx, "usedHours", HOURS_EXPECTED, values::hours);
    let nonneg = |s: &str| values::decimal(s).filter(|d| !d.is_sign_negative());
    let total = item.opt_field(ctx, "totalReservedQuantity", QUANTITY_EXPECTED, nonneg);
    let purchased = item.opt_field(ctx, "purchasedQuantity", QUANTITY_EXPECTED, nonneg);
    let (Some(reservation_id), Some(day), Some(reserved_hours), Some(used_hours)) =
        (id, day, reserved, used)
    else {
        return Ok(());
    };
    let grain = item_grain(item).or(file_grain).unwrap_or_else(|| {
        let quantity = total
            .filter(|q| !q.is_zero())
            .or(purchased)
            .unwrap_or(Decimal::ONE)
            .max(Decimal::ONE);
        let day_limit = Decimal::from(24) * quantity * Decimal::new(101, 2);
        if reserved_hours > day_limit {
            Grain::Monthly
        } else {
            Grain::Daily
        }
    });
    let loc = Loc::path(item.path.clone());
    let record = match grain {
        Grain::Daily => Record::UtilizationDay(UtilizationDayRec {
            reservation_id,
            day,
            reserved_hours,
            used_hours,
            instance: None,
        }),
        Grain::Monthly => Record::UtilizationMonth(UtilizationMonthRec {
            reservation_id,
            month: day.with_day(1).unwrap_or(day),
            reserved_hours,
            used_hours,
        }),
    };
    ctx.emit(record, &loc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::ctx::{parse_bytes, Parsed};
    use crate::import::{Format, MAX_PROBLEMS};
    use crate::test_ids::{ORDER, RESERVATION};
    use chrono::NaiveDate;

    fn run(bytes: &[u8]) -> Parsed {
        parse_bytes(Format::ReservationSummaries, "summaries.json", bytes, None)
    }

    fn d(s: &str) -> Decimal {
        values::decimal(s).unwrap()
    }

    fn date(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    /// One summary item; `extra` goes into `properties`.
    fn item(id_tail: &str, date: &str, reserved: &str, used: &str, extra: &str) -> String {
        format!(
            r#"{{"id": "providers/Microsoft.Capacity/reservationOrders/{ORDER}/reservations/{RESERVATION}/providers/Microsoft.Consumption/reservationSummaries/{id_tail}",
                "name": "{ORDER}_{RESERVATION}_{id_tail}", "type": "Microsoft.Consumption/reservationSummaries",
                "properties": {{"reservationOrderId": "{ORDER}", "reservationId": "{RESERVATION}", "skuName": "Standard_D8s_v3",
                  "kind": "Reservation", "reservedHours": {reserved}, "usageDate": "{date}", "usedHours": {used},
                  "minUtilizationPercentage": 0, "avgUtilizationPercentage": 50.5, "maxUtilizationPercentage": 100{extra}}}}}"#
        )
    }

    fn list(items: &[String], next_link: Option<&str>) -> String {
        let next = next_link
            .map(|l| format!(r#", "nextLink": "{l}""#))
            .unwrap_or_default();
        format!(r#"{{"value": [{}]{next}}}"#, items.join(","))
    }

    #[test]
    fn daily_summaries_become_days() {
        let json = list(
            &[
                item(
                    "20240710",
                    "2024-07-10T00:00:00Z",
                    "240.0",
                    "120",
                    r#", "totalReservedQuantity": 10, "purchasedQuantity": 10, "remainingQuantity": 0, "usedQuantity": 5, "utilizedPercentage": 50"#,
                ),
                item(
                    "20240711",
                    "2024-07-11T00:00:00Z",
                    "\"24\"",
                    "\"1.2E-05\"",
                    "",
                ),
                item(
                    "20240712",
                    "2024-07-12",
                    "11",
                    "0",
                    r#", "totalReservedQuantity": 1"#,
                ),
            ],
            None,
        );
        let p = run(json.as_bytes());
        assert!(p.problems.is_empty(), "{:#?}", p.problems);
        let days: Vec<&UtilizationDayRec> = p
            .records
            .iter()
            .map(|(r, _)| match r {
                Record::UtilizationDay(d) => d,
                other => panic!("a day, not {other:?}"),
            })
            .collect();
        assert_eq!(days.len(), 3);
        assert_eq!(days[0].day, date(2024, 7, 10));
        assert_eq!(
            days[0].reserved_hours,
            d("240"),
            "10 instances × 24 h fit in a day"
        );
        assert_eq!(days[0].used_hours, d("120"));
        assert_eq!(days[0].instance, None);
        assert_eq!(days[1].used_hours, Decimal::new(12, 6), "hours as strings");
        assert_eq!(days[2].reserved_hours, d("11"), "a first day from 1 PM");
        assert_eq!(p.records[2].1, Loc::path("$.value[2]"));
    }

    fn months(p: &Parsed) -> Vec<&UtilizationMonthRec> {
        p.records
            .iter()
            .map(|(r, _)| match r {
                Record::UtilizationMonth(m) => m,
                other => panic!("a month, not {other:?}"),
            })
            .collect()
    }

    #[test]
    fn monthly_summaries_become_months() {
        // The API example's wrapper names the grain, even for a month with 0 reserved hours.
        let wrapped = format!(
            r#"{{"parameters": {{"api-version": "2023-05-01", "reservationOrderId": "{ORDER}", "grain": "monthly"}},
               "responses": {{"200": {{"body": {}}}}}}}"#,
            list(
                &[item(
                    "20171001",
                    "2017-10-01T00:00:00Z",
                    "0.0",
                    "0.0",
                    r#", "totalReservedQuantity": 155"#
                )],
                None
            )
        );
        let p = run(wrapped.as_bytes());
        assert!(p.problems.is_empty(), "{:#?}", p.problems);
        assert_eq!(months(&p)[0].month, date(2017, 10, 1));
        assert_eq!(p.records[0].1, Loc::path("$.responses.200.body.value[0]"));

        // No hint: 720 reserved hours cannot be one day of one instance.
        let json = list(
            &[item(
                "20240315",
                "2024-03-15T00:00:00-07:00",
                "720",
                "700.5",
                "",
            )],
            None,
        );
        let p = run(json.as_bytes());
        assert!(p.problems.is_empty(), "{:#?}", p.problems);
        let m = months(&p);
        assert_eq!(m[0].month, date(2024, 3, 1), "the first day of the month");
        assert_eq!(m[0].reserved_hours, d("720"));
        assert_eq!(m[0].used_hours, d("700.5"));

        // nextLink names the grain: a short month (bought on the 31st) is still a month.
        let json = list(
            &[item("20240301", "2024-03-01", "24", "24", "")],
            Some("https://management.azure.com/providers/Microsoft.Capacity/reservationorders/x/providers/Microsoft.Consumption/reservationSummaries?grain=monthly&$skiptoken=y"),
        );
        assert_eq!(months(&run(json.as_bytes())).len(), 1);

        // The item's name says monthly.
        let json = list(
            &[item("monthly_202403", "2024-03-01", "24", "24", "")],
            None,
        );
        assert_eq!(months(&run(json.as_bytes())).len(), 1);

        // And the file's stated daily grain wins over the size rule.
        let json = list(
            &[item("20240301", "2024-03-01", "48", "24", "")],
            Some("https://x/reservationSummaries?grain=daily&$skiptoken=y"),
        );
        assert!(matches!(
            run(json.as_bytes()).records[0].0,
            Record::UtilizationDay(_)
        ));
    }

    #[test]
    fn flattened_items_as_az_prints_them() {
        let json = format!(
            r#"[{{"id": "x", "type": "Microsoft.Consumption/reservationSummaries", "reservationId": "{RESERVATION}", "usageDate": "2024-07-10", "reservedHours": 24, "usedHours": 12, "avgUtilizationPercentage": 50}}]"#
        );
        let p = run(json.as_bytes());
        assert!(p.problems.is_empty(), "{:#?}", p.problems);
        assert_eq!(p.records[0].1, Loc::path("$[0]"));
        assert_eq!(
            Format::detect(json.as_bytes()),
            Some(Format::ReservationSummaries)
        );
    }

    #[test]
    fn hostile_json_gets_located_problems() {
        let json = list(
            &[
                item("1", "2024-07-10", "24", r#"{"h": 1}"#, ""),
                item("2", "2024-07-10", "\"abc\"", "-3", ""),
                item(
                    "3",
                    "1900-01-01",
                    "24",
                    "1",
                    r#", "totalReservedQuantity": "many""#,
                ),
                item("4", "2024-02-30", "24", "1", ""),
                "null".to_string(),
                item("6", "2024-07-10", "24", "1", "")
                    .replace(RESERVATION, "<script>alert(1)</script>"),
                item("7", "2024-07-10", "24", "1", "").replace(
                    &format!(r#""reservationId": "{RESERVATION}""#),
                    r#""reservationId": "=cmd|' /C calc'!A0""#,
                ),
            ],
            None,
        );
        let p = run(json.as_bytes());
        assert!(p.records.is_empty(), "{:#?}", p.records);
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
                ("$.value[4]", "", Some("null"), "an object per item"),
                (
                    "$.value[0].properties.usedHours",
                    "usedHours",
                    Some(r#"{"h":1}"#),
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
                    Some("-3"),
                    HOURS_EXPECTED
                ),
                (
                    "$.value[2].properties.usageDate",
                    "usageDate",
                    Some("1900-01-01"),
                    values::DATE_EXPECTED
                ),
                (
                    "$.value[2].properties.totalReservedQuantity",
                    "totalReservedQuantity",
                    Some("many"),
                    QUANTITY_EXPECTED
                ),
                (
                    "$.value[3].properties.usageDate",
                    "usageDate",
                    Some("2024-02-30"),
                    values::DATE_EXPECTED
                ),
                (
                    "$.value[5].properties.reservationId",
                    "reservationId",
                    Some("<script>alert(1)</script>"),
                    RESERVATION_ID_EXPECTED
                ),
                (
                    "$.value[6].properties.reservationId",
                    "reservationId",
                    Some("=cmd|' /C calc'!A0"),
                    RESERVATION_ID_EXPECTED
                ),
            ]
        );
    }

    #[test]
    fn broken_files() {
        let json = list(&[item("1", "2024-07-10", "24", "1", "")], None);
        let p = run(&json.as_bytes()[..json.len() - 40]);
        assert_eq!(p.problems.len(), 1);
        assert!(p.problems[0].line.is_some());
        assert!(
            p.problems[0].expected.contains("truncated"),
            "{}",
            p.problems[0].expected
        );

        let p = run(b"{\"value\": [\n\n{\"reservationId\": \"\xc3\x28\"}]}");
        assert_eq!(p.problems.len(), 1);
        assert_eq!(p.problems[0].line, Some(3));
        assert!(p.problems[0].expected.contains("UTF-8"));

        let p = run(b"ReservationId,UsageDate\n");
        assert_eq!(p.problems.len(), 1, "CSV is not a summaries file");
        assert_eq!(p.problems[0].line, Some(1));

        let p = run(br#"[1, 2]"#);
        assert_eq!(p.problems.len(), 2);
        assert_eq!(p.problems[1].path.as_deref(), Some("$[1]"));

        let items: Vec<String> = (0..75)
            .map(|i| item(&i.to_string(), "2024-07-10", "24", "\"n/a\"", ""))
            .collect();
        assert_eq!(
            run(list(&items, None).as_bytes()).problems.len(),
            MAX_PROBLEMS
        );
    }

    #[test]
    fn the_format_is_detected() {
        let json = list(&[item("1", "2024-07-10", "24", "1", "")], None);
        assert_eq!(
            Format::detect(json.as_bytes()),
            Some(Format::ReservationSummaries)
        );
        let wrapped = format!(
            r#"{{"parameters": {{"grain": "daily"}}, "responses": {{"200": {{"body": {json}}}}}}}"#
        );
        assert_eq!(
            Format::detect(format!("\u{feff}{wrapped}").as_bytes()),
            Some(Format::ReservationSummaries)
        );
    }
}
