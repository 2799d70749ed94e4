//! Lists to take away: any list of the window saved as CSV exactly as it is shown, and the
//! calendar's expiries as an iCalendar (`.ics`) file a mail client imports. Text from imported
//! files never reaches either file raw: control and bidi characters become placeholders, and a
//! CSV cell a spreadsheet would run as a formula is defused.

use super::portfolio::write_atomically;
use super::report::csv::cell;
use super::{Desk, DeskError};
use crate::domain::review::CalendarFilter;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// A list as the window shows it: the column headers and each row's cell text, in order.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ListTable {
    /// Column headers.
    pub header: Vec<String>,
    /// Rows of cell text, as many cells as headers.
    pub rows: Vec<Vec<String>>,
}

/// A list or calendar file written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SavedFile {
    /// The file written.
    pub path: String,
    /// Rows (CSV) or events (iCalendar) in it.
    pub items: u32,
    /// Its size in bytes.
    pub bytes: u32,
}

/// The list as CSV: a UTF-8 byte-order mark (so spreadsheets read accents and Chinese), CRLF
/// line ends, every cell inert, defused and quoted when needed.
pub fn list_csv(table: &ListTable) -> Result<String, DeskError> {
    let width = table.header.len();
    if let Some(i) = table.rows.iter().position(|r| r.len() != width) {
        return Err(crate::domain::InvalidValue::new(
            "rows",
            format!(
                "every row to have {width} cells like the header (row {} does not)",
                i + 1
            ),
            &table.rows[i].len().to_string(),
        )
        .into());
    }
    let line = |cells: &[String]| cells.iter().map(|c| cell(c)).collect::<Vec<_>>().join(",");
    let mut out = String::from("\u{feff}");
    out.push_str(&line(&table.header));
    out.push_str("\r\n");
    for row in &table.rows {
        out.push_str(&line(row));
        out.push_str("\r\n");
    }
    Ok(out)
}

/// One iCalendar TEXT value: inert (newlines kept), with `\`, `;`, `,` and newlines escaped
/// (RFC 5545 3.3.11).
fn ics_text(raw: &str) -> String {
    crate::text::inert_text(raw)
        .replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace(['\n', '\r'], "\\n")
}

/// Folds a content line at 75 octets, never inside a character (RFC 5545 3.1).
fn fold(line: &str, out: &mut String) {
    let mut used = 0;
    for ch in line.chars() {
        let n = ch.len_utf8();
        if used + n > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(ch);
        used += n;
    }
    out.push_str("\r\n");
}

impl Desk {
    /// Writes a list of the window as CSV to `path` (atomically: all of it or nothing).
    pub fn save_list_csv(&self, table: &ListTable, path: &Path) -> Result<SavedFile, DeskError> {
        let text = list_csv(table)?;
        write_atomically(path, text.as_bytes())?;
        Ok(SavedFile {
            path: path.display().to_string(),
            items: u32::try_from(table.rows.len()).unwrap_or(u32::MAX),
            bytes: u32::try_from(text.len()).unwrap_or(u32::MAX),
        })
    }

    /// The expiries from `from` to `to` passing `filter` as an iCalendar file: one all-day
    /// event per reservation on its expiry date, with its IDs, customer and renewal in words.
    pub fn expiries_ics(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        filter: &CalendarFilter,
        today: NaiveDate,
    ) -> Result<(String, u32), DeskError> {
        let view = self.calendar(from, to, filter, today)?;
        let stamp = format!("{}T000000Z", today.format("%Y%m%d"));
        let mut out = String::new();
        for l in [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Reservation Desk//Reservation expiries//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:Azure reservation expiries",
        ] {
            fold(l, &mut out);
        }
        for e in &view.entries {
            let r = &e.reservation;
            let s = &r.summary;
            let end = e.date.succ_opt().unwrap_or(e.date);
            let description = format!(
                "Reservation ID: {}\nCustomer: {} (tenant ID {})\n{} × {} in {}\nAuto-renew: {}",
                r.id,
                r.customer_name,
                r.customer_id,
                s.quantity,
                s.sku,
                s.region,
                if s.renew { "on" } else { "off" }
            );
            for l in [
                "BEGIN:VEVENT".to_string(),
                format!("UID:{}-expiry@reservation-desk", r.id.to_ascii_lowercase()),
                format!("DTSTAMP:{stamp}"),
                format!("DTSTART;VALUE=DATE:{}", e.date.format("%Y%m%d")),
                format!("DTEND;VALUE=DATE:{}", end.format("%Y%m%d")),
                format!(
                    "SUMMARY:{}",
                    ics_text(&format!(
                        "Reservation expires: {} ({})",
                        r.name, r.customer_name
                    ))
                ),
                format!("DESCRIPTION:{}", ics_text(&description)),
                "TRANSP:TRANSPARENT".to_string(),
                "END:VEVENT".to_string(),
            ] {
                fold(&l, &mut out);
            }
        }
        fold("END:VCALENDAR", &mut out);
        Ok((out, u32::try_from(view.entries.len()).unwrap_or(u32::MAX)))
    }

    /// Writes [`Desk::expiries_ics`] to `path` (atomically).
    pub fn save_expiries_ics(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        filter: &CalendarFilter,
        path: &Path,
        today: NaiveDate,
    ) -> Result<SavedFile, DeskError> {
        let (text, items) = self.expiries_ics(from, to, filter, today)?;
        write_atomically(path, text.as_bytes())?;
        Ok(SavedFile {
            path: path.display().to_string(),
            items,
            bytes: u32::try_from(text.len()).unwrap_or(u32::MAX),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_is_the_list_as_shown_with_text_made_safe() {
        let t = ListTable {
            header: vec!["Name".into(), "Commitment".into()],
            rows: vec![
                vec!["=HYPERLINK(\"x\")".into(), "2,300.00 EUR".into()],
                vec!["Contoso \u{202e}evil".into(), "—".into()],
            ],
        };
        let csv = list_csv(&t).unwrap();
        assert!(csv.starts_with("\u{feff}Name,Commitment\r\n"));
        assert!(
            csv.contains("\"'=HYPERLINK(\"\"x\"\")\",\"2,300.00 EUR\"\r\n"),
            "{csv}"
        );
        assert!(
            !csv.contains('\u{202e}'),
            "no raw bidi override reaches the file"
        );
        let bad = ListTable {
            header: vec!["A".into()],
            rows: vec![vec!["1".into(), "2".into()]],
        };
        assert_eq!(
            list_csv(&bad).unwrap_err().body().field.as_deref(),
            Some("rows")
        );
    }

    #[test]
    fn ics_text_is_escaped_and_lines_are_folded_at_75_octets() {
        assert_eq!(ics_text("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
        assert!(
            !ics_text("x\u{202e}y").contains('\u{202e}'),
            "no raw bidi override"
        );
        let mut out = String::new();
        fold(&format!("SUMMARY:{}", "预留".repeat(40)), &mut out);
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        assert_eq!(
            out.replace("\r\n ", ""),
            format!("SUMMARY:{}\r\n", "预留".repeat(40))
        );
    }
}
