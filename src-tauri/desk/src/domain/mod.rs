//! Pure domain values and rules. Knows nothing of SQL, files, clocks or Tauri.

pub mod access;
pub mod change;
pub mod customer;
pub mod exchange;
pub mod ids;
pub mod money;
pub mod policy;
pub mod refund;
pub mod reservation;
pub mod review;
pub mod scope;
pub mod term;
pub mod ticket;
pub mod utilization;

use thiserror::Error;

/// A value from outside (a file, a command line, the window) that does not fit the domain.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{field}: {message} (found {found:?})")]
pub struct InvalidValue {
    /// The field that was checked, e.g. `reservation_id`.
    pub field: &'static str,
    /// What was expected.
    pub message: String,
    /// What was found (shortened to keep messages readable).
    pub found: String,
}

impl InvalidValue {
    /// Builds the error, keeping at most 80 characters of what was found.
    pub fn new(field: &'static str, message: impl Into<String>, found: &str) -> Self {
        let found: String = found.chars().take(80).collect();
        Self {
            field,
            message: message.into(),
            found,
        }
    }
}
