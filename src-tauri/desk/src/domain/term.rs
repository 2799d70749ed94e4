//! Reservation terms and billing plans.

use super::InvalidValue;
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// How far (days) an expiry may sit from exactly one, three or five years after the start for
/// [`Term::from_dates`] to read the term from the dates: Azure's expiry is the start's calendar
/// day or the day before, and a benefit can start a day or two after the purchase.
pub const TERM_SLACK_DAYS: i64 = 3;

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

    /// The term whose length the dates span — `start` (purchase or benefit start) to `expiry`
    /// within [`TERM_SLACK_DAYS`] of one, three or five years — or `None` when they span none
    /// of them: a term is derived from what a file says, never guessed.
    pub fn from_dates(start: NaiveDate, expiry: NaiveDate) -> Option<Self> {
        [Term::P1Y, Term::P3Y, Term::P5Y]
            .into_iter()
            .find(|t| (expiry - t.expiry_from(start)).num_days().abs() <= TERM_SLACK_DAYS)
    }

    /// The term in words, as a support ticket reads it: "1 year", "3 years", "5 years".
    pub fn words(self) -> &'static str {
        match self {
            Term::P1Y => "1 year",
            Term::P3Y => "3 years",
            Term::P5Y => "5 years",
        }
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

    #[test]
    fn a_term_is_read_from_dates_only_when_they_span_one_three_or_five_years() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let start = d("2024-03-14");
        assert_eq!(Term::from_dates(start, d("2025-03-14")), Some(Term::P1Y));
        assert_eq!(
            Term::from_dates(start, d("2025-03-13")),
            Some(Term::P1Y),
            "the day before"
        );
        assert_eq!(
            Term::from_dates(start, d("2027-03-17")),
            Some(Term::P3Y),
            "three days late"
        );
        assert_eq!(
            Term::from_dates(start, d("2029-03-11")),
            Some(Term::P5Y),
            "three days early"
        );
        assert_eq!(
            Term::from_dates(start, d("2029-03-10")),
            None,
            "four days early"
        );
        assert_eq!(
            Term::from_dates(start, d("2027-03-18")),
            None,
            "four days off is no term"
        );
        assert_eq!(
            Term::from_dates(start, d("2025-09-14")),
            None,
            "half a year"
        );
        assert_eq!(
            Term::from_dates(start, d("2026-03-14")),
            None,
            "two years is no Azure term"
        );
        assert_eq!(
            Term::from_dates(d("2024-02-29"), d("2025-02-28")),
            Some(Term::P1Y),
            "leap day"
        );
    }
}
