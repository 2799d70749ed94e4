//! Parsing the cell and field values exports use: dates in their three spellings, decimals with
//! exponents, quantities, Azure resource IDs, terms in months and region names.

use crate::domain::ids::{ReservationId, ReservationOrderId};
use crate::domain::term::Term;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use std::str::FromStr;

/// The dates accepted, in words.
pub const DATE_EXPECTED: &str =
    "a date between 2000-01-01 and 2100-12-31 (YYYY-MM-DD, an ISO date-time or MM/DD/YYYY)";

/// A date from `2024-07-10`, `2024-07-10T08:30:00Z` (any offset; the UTC calendar day is kept as
/// written) or the US `07/10/2024` of EA exports. Years outside 2000–2100 are refused.
pub fn date(raw: &str) -> Option<NaiveDate> {
    let t = raw.trim();
    let d = if t.len() >= 10 && t.as_bytes().get(4) == Some(&b'-') {
        let head = t.get(..10)?;
        let d = match iso_digits(head.as_bytes()) {
            Some((y, m, d)) => NaiveDate::from_ymd_opt(y, m, d)?,
            None => NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()?,
        };
        let rest = &t[10..];
        if !(rest.is_empty() || rest.starts_with('T') || rest.starts_with(' ')) {
            return None;
        }
        d
    } else if t.contains('/') {
        NaiveDate::parse_from_str(t, "%m/%d/%Y").ok()?
    } else {
        return None;
    };
    (2000..=2100).contains(&d.year()).then_some(d)
}

/// Year, month and day of `YYYY-MM-DD` written with exactly these digits (how every export
/// spells it), read without the format parser; `None` for any other spelling, left to it.
fn iso_digits(b: &[u8]) -> Option<(i32, u32, u32)> {
    let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = *b else {
        return None;
    };
    let digits = [y1, y2, y3, y4, m1, m2, d1, d2];
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = |ds: &[u8]| ds.iter().fold(0u32, |a, d| a * 10 + u32::from(d - b'0'));
    Some((
        i32::try_from(n(&digits[..4])).ok()?,
        n(&digits[4..6]),
        n(&digits[6..]),
    ))
}

/// A decimal such as `12.5`, `-3`, `1.2E-05`.
pub fn decimal(raw: &str) -> Option<Decimal> {
    let t = raw.trim();
    Decimal::from_str(t)
        .ok()
        .or_else(|| Decimal::from_scientific(t).ok())
}

/// Why [`exact_decimal`] refused a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotExact {
    /// Not a decimal at all.
    Malformed,
    /// A decimal that a `Decimal` cannot hold without rounding: more than 28 decimal places,
    /// more significant digits than its 96 bits hold (28, sometimes 29), or too large.
    TooPrecise,
}

/// What [`NotExact::TooPrecise`] asks for, in words (appended to what the field expects).
pub const EXACT_EXPECTED: &str =
    "with at most 28 significant digits and 28 decimal places (this one cannot be kept exactly, and an amount is not rounded)";

/// A decimal such as `12.5`, `-3`, `+0.5`, `1.2E-05`, kept digit for digit: a value that would
/// need rounding is refused ([`NotExact::TooPrecise`]), never rounded. Exponents move the
/// decimal point exactly (`1.20E1` is `12.0`).
pub fn exact_decimal(raw: &str) -> Result<Decimal, NotExact> {
    let t = raw.trim();
    let (base, exp) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    if !plain_decimal(base) || exp.is_some_and(|e| !exponent(e)) {
        return Err(NotExact::Malformed);
    }
    let d = Decimal::from_str_exact(base).map_err(|_| NotExact::TooPrecise)?;
    let Some(exp) = exp else { return Ok(d) };
    if d.is_zero() {
        return Ok(d);
    }
    let exp: i64 = exp.parse().map_err(|_| NotExact::TooPrecise)?;
    let scale = i64::from(d.scale()) - exp;
    let exact = if scale >= 0 {
        u32::try_from(scale)
            .ok()
            .and_then(|s| Decimal::try_from_i128_with_scale(d.mantissa(), s).ok())
    } else {
        u32::try_from(-scale)
            .ok()
            .and_then(|p| 10i128.checked_pow(p))
            .and_then(|p| d.mantissa().checked_mul(p))
            .and_then(|m| Decimal::try_from_i128_with_scale(m, 0).ok())
    };
    exact.ok_or(NotExact::TooPrecise)
}

/// `[+-]?` digits with at most one `.`, at least one digit.
fn plain_decimal(t: &str) -> bool {
    let t = t.strip_prefix(['+', '-']).unwrap_or(t);
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    !(int.is_empty() && frac.is_empty())
        && int.bytes().all(|c| c.is_ascii_digit())
        && frac.bytes().all(|c| c.is_ascii_digit())
}

/// `[+-]?` and at least one digit.
fn exponent(t: &str) -> bool {
    let t = t.strip_prefix(['+', '-']).unwrap_or(t);
    !t.is_empty() && t.bytes().all(|c| c.is_ascii_digit())
}

/// A non-negative number of hours (at most 10 million, which no day of any reservation reaches).
pub fn hours(raw: &str) -> Option<Decimal> {
    decimal(raw).filter(|d| !d.is_sign_negative() && *d <= Decimal::from(10_000_000))
}

/// A whole positive quantity, written `3` or `3.0`.
pub fn quantity(raw: &str) -> Option<u32> {
    let d = decimal(raw)?;
    if d.fract() != Decimal::ZERO || d <= Decimal::ZERO {
        return None;
    }
    rust_decimal::prelude::ToPrimitive::to_u32(&d)
}

/// The IDs in an ARM reservation or order ID, compared without regard to case:
/// `/providers/Microsoft.Capacity/reservationOrders/{order}[/reservations/{id}]`. A purchase
/// row's `…/reservations/` (no reservation) gives only the order.
pub fn arm_ids(raw: &str) -> Option<(ReservationOrderId, Option<ReservationId>)> {
    let lower = raw.trim().to_ascii_lowercase();
    let i = lower.find("/providers/microsoft.capacity/reservationorders/")?;
    let rest = &lower[i + "/providers/microsoft.capacity/reservationorders/".len()..];
    let mut parts = rest.split('/');
    let order = ReservationOrderId::parse(parts.next()?).ok()?;
    let res = match (parts.next(), parts.next()) {
        (Some("reservations"), Some(r)) if !r.is_empty() => Some(ReservationId::parse(r).ok()?),
        (Some("reservations") | None, _) => None,
        _ => return None,
    };
    Some((order, res))
}

/// A term from months (`12`, `36`, `60`) or `P1Y`/`P3Y`/`P5Y`.
pub fn term(raw: &str) -> Option<Term> {
    match raw.trim() {
        "12" => Some(Term::P1Y),
        "36" => Some(Term::P3Y),
        "60" => Some(Term::P5Y),
        other => Term::parse(other).ok(),
    }
}

/// A region as Azure names it in IDs: `West Europe` → `westeurope`; the meter regions of cost
/// exports (`US East`, `EU West`, `AP Southeast`) map to their Azure names.
pub fn region(raw: &str) -> String {
    let key: String = raw
        .split_whitespace()
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join(" ");
    let mapped = match key.as_str() {
        "us east" => "eastus",
        "us east 2" => "eastus2",
        "us west" => "westus",
        "us west 2" => "westus2",
        "us west 3" => "westus3",
        "us central" => "centralus",
        "us north central" => "northcentralus",
        "us south central" => "southcentralus",
        "us west central" => "westcentralus",
        "eu west" => "westeurope",
        "eu north" => "northeurope",
        "ap east" => "eastasia",
        "ap southeast" => "southeastasia",
        "ja east" => "japaneast",
        "ja west" => "japanwest",
        _ => "",
    };
    if mapped.is_empty() {
        key.replace(' ', "")
    } else {
        mapped.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_every_export_spelling() {
        let d = NaiveDate::from_ymd_opt(2024, 7, 10).unwrap();
        assert_eq!(date("2024-07-10"), Some(d));
        assert_eq!(date("2024-07-10T23:59:59.123Z"), Some(d));
        assert_eq!(date("07/10/2024"), Some(d));
        assert_eq!(date("2024-07-10garbage"), None);
        assert_eq!(date("1899-01-01"), None, "out of range");
        assert_eq!(date("9999-12-31"), None, "out of range");
        assert_eq!(date("2024-02-30"), None);
    }

    #[test]
    fn the_digit_fast_path_reads_dates_as_the_format_parser_does() {
        let chrono_date = |t: &str| {
            NaiveDate::parse_from_str(t, "%Y-%m-%d")
                .ok()
                .filter(|d| (2000..=2100).contains(&d.year()))
        };
        let mut day = NaiveDate::from_ymd_opt(1999, 12, 1).unwrap();
        while day.year() < 2102 {
            let t = day.to_string();
            assert_eq!(date(&t), chrono_date(&t), "{t}");
            day = day.succ_opt().unwrap();
        }
        for t in [
            "2024-02-30",
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-01-00",
            "2024-01-32",
            "0000-01-01",
            "2024-01-1x",
            "2024-1-100",
        ] {
            assert_eq!(date(t), chrono_date(t), "{t}");
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(decimal("1.2E-05"), Some(Decimal::new(12, 6)));
        assert_eq!(quantity("3.0"), Some(3));
        assert_eq!(quantity("2.5"), None);
        assert_eq!(quantity("0"), None);
        assert_eq!(hours("-1"), None);
    }

    #[test]
    fn exact_decimals_keep_every_digit_or_are_refused() {
        let ok = |raw: &str| exact_decimal(raw).map(|d| d.to_string());
        assert_eq!(
            ok("1234.56789012345678901").as_deref(),
            Ok("1234.56789012345678901")
        );
        assert_eq!(
            ok("98765432109876.543210987").as_deref(),
            Ok("98765432109876.543210987")
        );
        assert_eq!(ok(" 12.50 ").as_deref(), Ok("12.50"), "trailing zeros kept");
        assert_eq!(ok("+0.5").as_deref(), Ok("0.5"));
        assert_eq!(ok("-3").as_deref(), Ok("-3"));
        assert_eq!(ok("1.2E-05").as_deref(), Ok("0.000012"));
        assert_eq!(ok("1.20E1").as_deref(), Ok("12.0"));
        assert_eq!(ok("5e3").as_deref(), Ok("5000"));
        assert_eq!(
            ok("1.234567890123456789e+10").as_deref(),
            Ok("12345678901.23456789")
        );
        assert_eq!(ok("0e-99").as_deref(), Ok("0"));
        // 28 decimal places fit; 29 would have to be rounded.
        assert_eq!(
            ok("0.0000000000000000000000000001").as_deref(),
            Ok("0.0000000000000000000000000001")
        );
        for too_precise in [
            "0.00000000000000000000000000001",
            "1234.5678901234567890123456789012",
            "123456789012345678901234567890",
            "1e-29",
            "1e29",
            "7e99999999999999999999",
        ] {
            assert_eq!(
                exact_decimal(too_precise),
                Err(NotExact::TooPrecise),
                "{too_precise}"
            );
        }
        for malformed in [
            "", ".", "-", "1.2.3", "1e", "1e+", "abc", "1,5", "NaN", "1_000", "e5",
        ] {
            assert_eq!(
                exact_decimal(malformed),
                Err(NotExact::Malformed),
                "{malformed:?}"
            );
        }
    }

    #[test]
    fn arm_ids_any_case() {
        let (o, r) = arm_ids("/providers/microsoft.capacity/reservationorders/A075419F-44CC-497F-B68A-14EE811D48B9/reservations/6ef59113-3482-40da-8d79-787f823e34bc").unwrap();
        assert_eq!(o.as_str(), "a075419f-44cc-497f-b68a-14ee811d48b9");
        assert_eq!(r.unwrap().as_str(), "6ef59113-3482-40da-8d79-787f823e34bc");
        let (_, r) = arm_ids("/providers/Microsoft.Capacity/reservationOrders/a075419f-44cc-497f-b68a-14ee811d48b9/reservations/").unwrap();
        assert!(r.is_none(), "purchase rows name only the order");
        assert!(arm_ids("/subscriptions/x").is_none());
    }

    #[test]
    fn regions() {
        assert_eq!(region("US East"), "eastus");
        assert_eq!(region("West Europe"), "westeurope");
        assert_eq!(region("UK South"), "uksouth");
        assert_eq!(region("westeurope"), "westeurope");
    }
}
