//! Reservation utilization: daily reserved and used hours, and period percentages
//! (DOMAIN.md §6 rule 11: Σ used hours ÷ Σ reserved hours × 100).

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;

/// One day of a reservation's use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DailyUtilization {
    /// The UTC day.
    pub date: NaiveDate,
    /// Hours reserved that day (quantity × hours since the benefit start; normalised for ISF).
    pub reserved_hours: Decimal,
    /// Hours actually used.
    pub used_hours: Decimal,
}

impl DailyUtilization {
    /// That day's utilization in percent, or `None` when nothing was reserved.
    pub fn percent(&self) -> Option<Decimal> {
        percent(self.used_hours, self.reserved_hours)
    }
}

/// `used / reserved × 100`, rounded to two places; `None` when nothing was reserved.
pub fn percent(used: Decimal, reserved: Decimal) -> Option<Decimal> {
    if reserved <= Decimal::ZERO {
        return None;
    }
    Some(
        (used * Decimal::ONE_HUNDRED / reserved)
            .round_dp(2)
            .normalize(),
    )
}

/// The 1-, 7- and 30-day utilization ending on the last recorded day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UtilizationAggregates {
    /// The last day with data; the periods end on it.
    pub as_of: Option<NaiveDate>,
    /// Percent over the last day.
    pub d1: Option<Decimal>,
    /// Percent over the last 7 days.
    pub d7: Option<Decimal>,
    /// Percent over the last 30 days.
    pub d30: Option<Decimal>,
}

/// Computes the 1/7/30-day figures from daily rows in any order.
pub fn aggregates(days: &[DailyUtilization]) -> UtilizationAggregates {
    let Some(as_of) = days.iter().map(|d| d.date).max() else {
        return UtilizationAggregates::default();
    };
    let window = |n: u64| {
        let first = as_of
            .checked_sub_days(Days::new(n - 1))
            .unwrap_or(NaiveDate::MIN);
        let (used, reserved) = days
            .iter()
            .filter(|d| d.date >= first)
            .fold((Decimal::ZERO, Decimal::ZERO), |(u, r), d| {
                (u + d.used_hours, r + d.reserved_hours)
            });
        percent(used, reserved)
    };
    UtilizationAggregates {
        as_of: Some(as_of),
        d1: window(1),
        d7: window(7),
        d30: window(30),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(date: &str, reserved: i64, used: i64) -> DailyUtilization {
        DailyUtilization {
            date: date.parse().unwrap(),
            reserved_hours: Decimal::from(reserved),
            used_hours: Decimal::from(used),
        }
    }

    #[test]
    fn periods_weight_by_hours_not_by_day() {
        // A partial first day (11 reserved hours) must not weigh as much as a full day.
        let days = [day("2026-01-01", 11, 0), day("2026-01-02", 24, 24)];
        let a = aggregates(&days);
        assert_eq!(a.as_of, Some("2026-01-02".parse().unwrap()));
        assert_eq!(a.d1, Some(Decimal::ONE_HUNDRED));
        // 24 / 35 = 68.571…%
        assert_eq!(a.d7, Some(Decimal::new(6857, 2)));
        assert_eq!(a.d30, a.d7, "both windows hold the same two days");
    }

    #[test]
    fn windows_end_on_the_last_recorded_day() {
        let mut days = vec![];
        for i in 0..40u64 {
            let date = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + Days::new(i);
            // Used fully for the first 10 days, idle after.
            let used = if i < 10 { 24 } else { 0 };
            days.push(DailyUtilization {
                date,
                reserved_hours: Decimal::from(24),
                used_hours: Decimal::from(used),
            });
        }
        let a = aggregates(&days);
        assert_eq!(a.d1, Some(Decimal::ZERO));
        assert_eq!(a.d7, Some(Decimal::ZERO));
        assert_eq!(a.d30, Some(Decimal::ZERO), "days 11-40 were idle");
        assert_eq!(aggregates(&[]), UtilizationAggregates::default());
        assert_eq!(
            percent(Decimal::ONE, Decimal::ZERO),
            None,
            "no reserved hours, no percentage"
        );
    }
}
