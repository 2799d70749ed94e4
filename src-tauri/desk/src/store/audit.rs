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
