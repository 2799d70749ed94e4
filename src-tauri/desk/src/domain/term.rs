//! Reservation terms and billing plans.

use super::InvalidValue;
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The commitment length (API enum `ReservationTerm`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Term {
    /// One year.
    P1Y,
    /// Three years.
    P3Y,
    /// Five years (in the API enum; rare in practice).
    P5Y,
}

impl Term {
    /// Parses `P1Y`/`P3Y`/`P5Y` in any case.
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        match raw.trim().to_ascii_uppercase().as_str() {
            "P1Y" => Ok(Term::P1Y),
            "P3Y" => Ok(Term::P3Y),
            "P5Y" => Ok(Term::P5Y),
            _ => Err(InvalidValue::new("term", "expected P1Y, P3Y or P5Y", raw)),
        }
    }

    /// Whole years in the term.
    pub fn years(self) -> u32 {
        match self {
            Term::P1Y => 1,
            Term::P3Y => 3,
            Term::P5Y => 5,
        }
    }

    /// Months in the term (used for monthly billing plans).
    pub fn months(self) -> u32 {
        self.years() * 12
    }

    /// The expiry date of a term that starts on `start` (same calendar day, `years` later).
    pub fn expiry_from(self, start: NaiveDate) -> NaiveDate {
        start
            .checked_add_months(Months::new(self.months()))
            .unwrap_or(NaiveDate::MAX)
    }

    /// The API spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Term::P1Y => "P1Y",
            Term::P3Y => "P3Y",
            Term::P5Y => "P5Y",
        }
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How the reservation is paid (API enum `ReservationBillingPlan`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum BillingPlan {
    /// Paid in full at purchase.
    Upfront,
    /// The total divided evenly over the months of the term.
    Monthly,
}

impl BillingPlan {
    /// Parses `Upfront`/`Monthly` in any case.
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "upfront" => Ok(BillingPlan::Upfront),
            "monthly" => Ok(BillingPlan::Monthly),
            _ => Err(InvalidValue::new(
                "billing_plan",
                "expected Upfront or Monthly",
                raw,
            )),
        }
    }

    /// The API spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            BillingPlan::Upfront => "Upfront",
            BillingPlan::Monthly => "Monthly",
        }
    }
}

impl fmt::Display for BillingPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whole days from `a` to `b` (negative when `b` is earlier).
pub fn days_between(a: NaiveDate, b: NaiveDate) -> i64 {
    (b - a).num_days()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn expiry_uses_calendar_years() {
        assert_eq!(Term::P1Y.expiry_from(d("2024-07-10")), d("2025-07-10"));
        assert_eq!(
            Term::P3Y.expiry_from(d("2024-02-29")),
            d("2027-02-28"),
            "leap day clamps"
        );
        let t = days_between(d("2024-01-01"), Term::P1Y.expiry_from(d("2024-01-01")));
        assert_eq!(
            t, 366,
            "2024 is a leap year, so a 1-year term spanning it has 366 days"
        );
    }

    #[test]
    fn term_and_plan_parse_their_api_spelling() {
        assert_eq!(Term::parse("p3y").unwrap(), Term::P3Y);
        assert!(Term::parse("P2Y").is_err(), "P2Y is not an Azure term");
        assert_eq!(BillingPlan::parse("MONTHLY").unwrap(), BillingPlan::Monthly);
        assert!(BillingPlan::parse("yearly").is_err());
    }
}
