//! The facade's error, and the body the window receives for it.

use crate::domain::InvalidValue;
use crate::store::StoreError;
use serde::Serialize;
use thiserror::Error;

/// What went wrong in a use case.
#[derive(Debug, Error)]
pub enum DeskError {
    /// Input that does not fit the domain.
    #[error("{0}")]
    Invalid(#[from] InvalidValue),
    /// The thing asked for is not in the store.
    #[error("no {what} with ID {id} in this store")]
    NotFound {
        /// Kind of thing, e.g. "reservation".
        what: &'static str,
        /// The ID asked for.
        id: String,
    },
    /// The demo would overwrite data.
    #[error("the store already holds {customers} customers; pass --replace to replace them with the demo portfolio")]
    NotEmpty {
        /// Customers in the store.
        customers: u32,
    },
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl DeskError {
    /// A stable code the window can branch on.
    pub fn code(&self) -> &'static str {
        match self {
            DeskError::Invalid(_) => "invalid_input",
            DeskError::NotFound { .. } => "not_found",
            DeskError::NotEmpty { .. } => "store_not_empty",
            DeskError::Store(StoreError::TooNew { .. }) => "database_too_new",
            DeskError::Store(_) => "store",
        }
    }

    /// The error as the window receives it.
    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            code: self.code().to_string(),
            message: self.to_string(),
            file: None,
            line: None,
            field: match self {
                DeskError::Invalid(v) => Some(v.field.to_string()),
                _ => None,
            },
        }
    }
}

/// An error as the window receives it: plain words, and where it happened when known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ErrorBody {
    /// Stable code, e.g. `not_found`.
    pub code: String,
    /// The message in plain words.
    pub message: String,
    /// The file concerned, for imports.
    pub file: Option<String>,
    /// The line concerned, for imports.
    pub line: Option<u32>,
    /// The field concerned.
    pub field: Option<String>,
}
