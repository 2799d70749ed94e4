//! Test helpers for the CSV importers (cost details, FOCUS, reservation details): a line of cells
//! over a header, a file of lines, and exact values.

use chrono::NaiveDate;
use rust_decimal::Decimal;

/// One CSV cell, quoted when it must be.
pub fn quote(v: &str) -> String {
    if v.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v.to_string()
    }
}

/// One CSV line over `header` with the given cells filled, the rest empty.
pub fn line(header: &str, cells: &[(&str, &str)]) -> String {
    header
        .split(',')
        .map(|col| {
            cells
                .iter()
                .find(|(c, _)| *c == col)
                .map_or(String::new(), |(_, v)| quote(v))
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// A CSV file: the header, then the lines.
pub fn file(header: &str, rows: &[String]) -> Vec<u8> {
    let mut s = format!("{header}\n");
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s.into_bytes()
}

/// An exact decimal.
pub fn dec(s: &str) -> Decimal {
    super::values::decimal(s).unwrap()
}

/// A calendar day.
pub fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}
