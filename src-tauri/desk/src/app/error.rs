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

/// The closed set of error codes the window branches on. The JSON strings are stable: the
/// window, the CLI's users and the end-to-end tests rely on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// A value from the user or a file does not fit; `field` names it.
    InvalidInput,
    /// The reservation, customer, ticket, plan or item asked for is not in the store.
    NotFound,
    /// The demo would replace the customers already in the store.
    StoreNotEmpty,
    /// The database was written by a newer Reservation Desk; the app must be updated.
    DatabaseTooNew,
    /// Another program holds the database (SQLite BUSY or LOCKED); trying again may work.
    StoreBusy,
    /// A file (the database, an export, a report) could not be created or written; `file`
    /// names it.
    Io,
    /// The store failed otherwise (SQLite's error, or a damaged stored value).
    Store,
    /// The desktop shell lost the request (its worker stopped); not produced by the core.
    Internal,
}

impl ErrorCode {
    /// Every code, in declaration order (for tests and documentation).
    pub const ALL: [ErrorCode; 8] = [
        ErrorCode::InvalidInput,
        ErrorCode::NotFound,
        ErrorCode::StoreNotEmpty,
        ErrorCode::DatabaseTooNew,
        ErrorCode::StoreBusy,
        ErrorCode::Io,
        ErrorCode::Store,
        ErrorCode::Internal,
    ];

    /// The code as it appears in JSON, e.g. `not_found`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::NotFound => "not_found",
            ErrorCode::StoreNotEmpty => "store_not_empty",
            ErrorCode::DatabaseTooNew => "database_too_new",
            ErrorCode::StoreBusy => "store_busy",
            ErrorCode::Io => "io",
            ErrorCode::Store => "store",
            ErrorCode::Internal => "internal",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl DeskError {
    /// A stable code the window can branch on.
    pub fn code(&self) -> ErrorCode {
        match self {
            DeskError::Invalid(_) => ErrorCode::InvalidInput,
            DeskError::NotFound { .. } => ErrorCode::NotFound,
            DeskError::NotEmpty { .. } => ErrorCode::StoreNotEmpty,
            DeskError::Store(StoreError::TooNew { .. }) => ErrorCode::DatabaseTooNew,
            DeskError::Store(StoreError::Busy(_)) => ErrorCode::StoreBusy,
            DeskError::Store(StoreError::Io { .. }) => ErrorCode::Io,
            DeskError::Store(StoreError::Sqlite(_) | StoreError::Corrupt { .. }) => {
                ErrorCode::Store
            }
        }
    }

    /// The error as the window receives it: plain words in `message`, SQLite's or the OS's
    /// text in `detail`.
    pub fn body(&self) -> ErrorBody {
        let (message, detail, file) = match self {
            DeskError::Store(StoreError::Busy(e)) => (
                "the database is in use by another program; try again in a moment".to_string(),
                Some(e.to_string()),
                None,
            ),
            DeskError::Store(StoreError::Sqlite(e)) => (
                "the database could not complete the request".to_string(),
                Some(e.to_string()),
                None,
            ),
            DeskError::Store(StoreError::Io { path, source }) => (
                "a file could not be created or written".to_string(),
                Some(format!("{}: {source}", path.display())),
                Some(path.display().to_string()),
            ),
            DeskError::Store(StoreError::Corrupt { field, message }) => (
                "a value in the database is not valid (the file was edited or damaged)".to_string(),
                Some(format!("{field}: {message}")),
                None,
            ),
            other => (other.to_string(), None, None),
        };
        ErrorBody {
            code: self.code(),
            message,
            detail,
            file,
            line: None,
            field: match self {
                DeskError::Invalid(v) => Some(v.field.to_string()),
                _ => None,
            },
        }
    }
}

/// An error as the window receives it: plain words, the technical text apart, and where it
/// happened when known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ErrorBody {
    /// Stable code, e.g. `not_found`.
    pub code: ErrorCode,
    /// The message in plain words (no SQLite text, no OS error).
    pub message: String,
    /// The technical text behind the message: SQLite's message, a path and the OS error.
    pub detail: Option<String>,
    /// The file concerned, for imports and written files.
    pub file: Option<String>,
    /// The line concerned, for imports.
    pub line: Option<u32>,
    /// The field concerned.
    pub field: Option<String>,
}

impl ErrorBody {
    /// A request the shell lost before the core answered (`internal`).
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        Self {
            code: ErrorCode::Internal,
            message: "the request stopped unexpectedly".to_string(),
            detail: Some(detail.to_string()),
            file: None,
            line: None,
            field: None,
        }
    }
}

/// The one line the CLI prints: the message, then the detail after a colon when there is one.
impl std::fmt::Display for ErrorBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)?;
        if let Some(detail) = &self.detail {
            write!(f, ": {detail}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::SqliteCode;
    use std::path::PathBuf;

    fn sqlite(code: SqliteCode, text: &str) -> DeskError {
        DeskError::Store(StoreError::sqlite_failure(code, text))
    }

    #[test]
    fn codes_serialize_as_their_stable_strings() {
        for code in ErrorCode::ALL {
            assert_eq!(
                serde_json::to_value(code).unwrap(),
                serde_json::Value::String(code.as_str().to_string())
            );
        }
        let strings: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(
            strings,
            [
                "invalid_input",
                "not_found",
                "store_not_empty",
                "database_too_new",
                "store_busy",
                "io",
                "store",
                "internal"
            ]
        );
    }

    #[test]
    fn busy_and_locked_are_store_busy_with_sqlite_text_only_in_detail() {
        for code in [SqliteCode::Busy, SqliteCode::Locked] {
            let body = sqlite(code, "database is locked").body();
            assert_eq!(body.code, ErrorCode::StoreBusy);
            assert!(!body.message.contains("locked"), "{}", body.message);
            assert_eq!(body.detail.as_deref(), Some("database is locked"));
        }
        let other = sqlite(SqliteCode::Corrupt, "database disk image is malformed").body();
        assert_eq!(other.code, ErrorCode::Store);
        assert!(!other.message.contains("malformed"));
        assert_eq!(
            other.to_string(),
            "the database could not complete the request: database disk image is malformed"
        );
    }

    #[test]
    fn a_file_error_names_the_file_and_keeps_the_os_error_in_detail() {
        let e = DeskError::Store(StoreError::Io {
            path: PathBuf::from("/ro/report.html"),
            source: std::io::Error::new(std::io::ErrorKind::PermissionDenied, "permission denied"),
        });
        let body = e.body();
        assert_eq!(body.code, ErrorCode::Io);
        assert_eq!(body.file.as_deref(), Some("/ro/report.html"));
        assert!(!body.message.contains("/ro/"));
        assert_eq!(
            body.detail.as_deref(),
            Some("/ro/report.html: permission denied")
        );
    }

    #[test]
    fn plain_errors_have_no_detail() {
        let e = DeskError::NotFound {
            what: "reservation",
            id: "r1".into(),
        };
        let body = e.body();
        assert_eq!(body.detail, None);
        assert_eq!(body.to_string(), "no reservation with ID r1 in this store");
        let json = serde_json::to_value(&body).unwrap();
        assert_eq!(json["code"], "not_found");
        assert!(json.as_object().unwrap().contains_key("detail"));
    }
}
