//! The audit log: one row per change a user made.

use super::StoreError;
use rusqlite::{params, Transaction};

/// Appends an audit row inside the change's own transaction.
pub fn record(
    tx: &Transaction<'_>,
    at: &str,
    action: &str,
    subject: &str,
    before: Option<&str>,
    after: Option<&str>,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO audit_log (at, action, subject, before, after) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![at, action, subject, before, after],
    )?;
    Ok(())
}

/// Number of audit rows (used by tests and the status line).
pub fn count(conn: &rusqlite::Connection) -> Result<u32, StoreError> {
    Ok(conn.query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get(0))?)
}

/// One audit row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    /// Row number.
    pub id: i64,
    /// When (RFC 3339).
    pub at: String,
    /// What, e.g. `plan.apply`.
    pub action: String,
    /// What it concerned.
    pub subject: String,
    /// Before.
    pub before: Option<String>,
    /// After.
    pub after: Option<String>,
}

/// Rows at or after `since` (an ISO date or timestamp), newest first.
pub fn list(conn: &rusqlite::Connection, since: Option<&str>) -> Result<Vec<AuditRow>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, action, subject, before, after FROM audit_log WHERE ?1 IS NULL OR at >= ?1 ORDER BY id DESC",
    )?;
    let rows = stmt.query_map(params![since], |r| {
        Ok(AuditRow {
            id: r.get(0)?,
            at: r.get(1)?,
            action: r.get(2)?,
            subject: r.get(3)?,
            before: r.get(4)?,
            after: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}
