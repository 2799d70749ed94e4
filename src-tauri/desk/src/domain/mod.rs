//! Pure domain values and rules. Knows nothing of SQL, files, clocks or Tauri.

pub mod access;
pub mod change;
pub mod customer;
pub mod exchange;
pub mod exchange_right;
pub mod ids;
pub mod money;
pub mod policy;
pub mod price;
pub mod refund;
pub mod reservation;
pub mod review;
pub mod scope;
pub mod term;
pub mod ticket;
pub mod utilization;

use thiserror::Error;

/// A value from outside (a file, a command line, the window) that does not fit the domain.
/// Shown as `field: message (found "value")`, the value made inert; without the `(found …)` part
/// when nothing was found.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub struct InvalidValue {
    /// The field that was checked, e.g. `reservation_id`.
    pub field: &'static str,
    /// What was expected.
    pub message: String,
    /// What was found (shortened to keep messages readable).
    pub found: String,
}

impl std::fmt::Display for InvalidValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)?;
        if !self.found.is_empty() {
            write!(f, " (found \"{}\")", crate::text::inert(&self.found))?;
        }
        Ok(())
    }
}

impl InvalidValue {
    /// Builds the error, keeping at most 80 characters of what was found (and its length when
    /// cut).
    pub fn new(field: &'static str, message: impl Into<String>, found: &str) -> Self {
        let count = found.chars().count();
        let found = if count > 80 {
            format!(
                "{}… ({count} characters)",
                found.chars().take(80).collect::<String>()
            )
        } else {
            found.to_string()
        };
        Self {
            field,
            message: message.into(),
            found,
        }
    }
}
