//! The one place the core reads the time. A [`Clock`] is given to the `Desk` when it opens: the
//! system clock, the day `RDESK_TODAY` names, or a fixed instant in tests.

use super::DeskError;
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

/// The environment variable that overrides today's date (`YYYY-MM-DD`), for reviews "as of" a day
/// and for reproducible tests.
pub const TODAY_ENV: &str = "RDESK_TODAY";

/// Where "today" and "now" come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    /// Today's date, when fixed (`RDESK_TODAY`, tests); else the system's UTC date.
    day: Option<NaiveDate>,
    /// The instant stamped on audit rows and tickets, when fixed (tests); else the system time.
    instant: Option<DateTime<Utc>>,
}

impl Clock {
    /// The system clock (UTC).
    pub fn system() -> Self {
        Self {
            day: None,
            instant: None,
        }
    }

    /// The system clock, with today fixed to `day` (records are still stamped with the real
    /// time they were made).
    pub fn on_day(day: NaiveDate) -> Self {
        Self {
            day: Some(day),
            instant: None,
        }
    }

    /// A clock that always reads `instant` (tests).
    pub fn fixed(instant: DateTime<Utc>) -> Self {
        Self {
            day: Some(instant.date_naive()),
            instant: Some(instant),
        }
    }

    /// The system clock, or today fixed by `RDESK_TODAY` when it is set.
    pub fn from_env() -> Result<Self, DeskError> {
        match std::env::var(TODAY_ENV) {
            Ok(s) if !s.trim().is_empty() => s
                .trim()
                .parse::<NaiveDate>()
                .map(Self::on_day)
                .map_err(|_| {
                    DeskError::Invalid(crate::domain::InvalidValue::new(
                        TODAY_ENV,
                        "expected a date as YYYY-MM-DD",
                        &s,
                    ))
                }),
            _ => Ok(Self::system()),
        }
    }

    /// Today's date (UTC calendar day).
    pub fn today(&self) -> NaiveDate {
        self.day.unwrap_or_else(|| self.now().date_naive())
    }

    /// The current instant.
    pub fn now(&self) -> DateTime<Utc> {
        self.instant.unwrap_or_else(Utc::now)
    }

    /// The current instant as RFC 3339 in whole seconds (`2026-11-24T09:30:00Z`), as records
    /// store it.
    pub fn stamp(&self) -> String {
        self.now().to_rfc3339_opts(SecondsFormat::Secs, true)
    }
}

/// Today's UTC date, or the `RDESK_TODAY` override: [`Clock::from_env`]'s day.
pub fn today_from_env() -> Result<NaiveDate, DeskError> {
    Clock::from_env().map(|c| c.today())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_clocks_read_what_they_were_given() {
        let at = DateTime::parse_from_rfc3339("2026-11-24T09:30:15Z")
            .expect("instant")
            .with_timezone(&Utc);
        let c = Clock::fixed(at);
        assert_eq!(c.today().to_string(), "2026-11-24");
        assert_eq!(c.stamp(), "2026-11-24T09:30:15Z");
        let day = NaiveDate::from_ymd_opt(2027, 2, 1).expect("day");
        assert_eq!(Clock::on_day(day).today(), day);
        let sys = Clock::system();
        assert!((sys.now() - Utc::now()).num_seconds().abs() < 5);
    }
}
