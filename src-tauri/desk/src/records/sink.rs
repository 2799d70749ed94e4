//! Where records go: the [`Sink`] a parser hands them to (the store's import writer, or a test's
//! vector), where each came from ([`Loc`]), and the two ways a sink can refuse one.

use super::{Entity, Record};
use std::fmt;

/// Where in the file a record or problem comes from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Loc {
    /// 1-based line (CSV, JSON Lines).
    pub line: Option<u32>,
    /// JSON path such as `$.value[3].properties.quantity`.
    pub path: Option<String>,
}

impl Loc {
    /// A CSV or JSON Lines line.
    pub fn line(line: u32) -> Self {
        Self {
            line: Some(line),
            path: None,
        }
    }

    /// A JSON path.
    pub fn path(path: impl Into<String>) -> Self {
        Self {
            line: None,
            path: Some(path.into()),
        }
    }
}

/// Receives records; implemented by the store's import writer (and by tests).
pub trait Sink {
    /// Merges one record. `Ok(Err(problem))` is the file's fault (e.g. a reservation whose
    /// customer is unknown): it becomes a problem at `loc`. `Err` is the sink's own failure.
    fn accept(&mut self, record: Record, loc: &Loc) -> Result<Result<(), SinkProblem>, SinkError>;

    /// Records a warning about the file (e.g. a row skipped).
    fn warn(&mut self, warning: String);

    /// Counts a row the parser skipped on purpose (e.g. not about a reservation).
    fn skip(&mut self, entity: Entity, reason: String);
}

/// A record the sink could not place: the file's fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SinkProblem {
    /// The field concerned.
    pub field: String,
    /// What was found.
    pub found: Option<String>,
    /// What was expected.
    pub expected: String,
}

/// The sink itself failed (for the store: disk full, database locked, …), not the file. It
/// carries the sink's own error, which the caller that chose the sink takes back with
/// [`SinkError::into_inner`].
#[derive(Debug)]
pub struct SinkError(Box<dyn std::error::Error + Send + Sync>);

impl SinkError {
    /// Wraps the sink's own error.
    pub fn new(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self(Box::new(e))
    }

    /// The sink's error, as the type it was made from when it is that type.
    pub fn into_inner<E: std::error::Error + 'static>(
        self,
    ) -> Result<E, Box<dyn std::error::Error + Send + Sync>> {
        self.0.downcast::<E>().map(|e| *e)
    }
}

impl fmt::Display for SinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for SinkError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.0)
    }
}
