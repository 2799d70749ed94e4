//! Embedded, numbered, append-only migrations tracked by `PRAGMA user_version`.

use super::StoreError;
use rusqlite::Connection;

/// The migrations in order; migration `i` brings the schema to version `i + 1`.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_init.sql"),
    include_str!("../../migrations/0002_refunds_tickets_policy.sql"),
    include_str!("../../migrations/0003_access_and_change_plans.sql"),
    include_str!("../../migrations/0004_imports.sql"),
    include_str!("../../migrations/0005_triage.sql"),
];

/// The schema version this binary writes.
pub const LATEST_VERSION: u32 = MIGRATIONS.len() as u32;

/// Reads the schema version without changing anything.
pub fn current_version(conn: &Connection) -> Result<u32, StoreError> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Refuses a database written by a newer binary, before anything touches it.
pub fn check_not_newer(conn: &Connection) -> Result<u32, StoreError> {
    let found = current_version(conn)?;
    if found > LATEST_VERSION {
        return Err(StoreError::TooNew {
            found,
            supported: LATEST_VERSION,
        });
    }
    Ok(found)
}

/// Applies every pending migration in one transaction.
pub fn migrate(conn: &mut Connection) -> Result<u32, StoreError> {
    let found = check_not_newer(conn)?;
    if found == LATEST_VERSION {
        return Ok(found);
    }
    let tx = conn.transaction()?;
    for sql in &MIGRATIONS[found as usize..] {
        tx.execute_batch(sql)?;
    }
    tx.pragma_update(None, "user_version", LATEST_VERSION)?;
    tx.commit()?;
    Ok(LATEST_VERSION)
}
