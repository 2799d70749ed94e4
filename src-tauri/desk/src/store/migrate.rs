//! Embedded, numbered, append-only migrations tracked by `PRAGMA user_version`.

use super::StoreError;
use rusqlite::{Connection, DatabaseName, OptionalExtension, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

/// The migrations in order; migration `i` brings the schema to version `i + 1`.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_init.sql"),
    include_str!("../../migrations/0002_refunds_tickets_policy.sql"),
    include_str!("../../migrations/0003_access_and_change_plans.sql"),
    include_str!("../../migrations/0004_imports.sql"),
    include_str!("../../migrations/0005_triage.sql"),
    include_str!("../../migrations/0006_partial_orders.sql"),
    include_str!("../../migrations/0007_catalog_source.sql"),
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

/// Where the copy of a version-`version` store is kept before it is upgraded:
/// `desk.sqlite3` → `desk.sqlite3.v5.bak`, next to it.
pub fn backup_path(db: &Path, version: u32) -> PathBuf {
    let name = db.file_name().map_or_else(
        || "desk.sqlite3".into(),
        |n| n.to_string_lossy().into_owned(),
    );
    db.with_file_name(format!("{name}.v{version}.bak"))
}

/// Copies the whole database with SQLite's online backup API to [`backup_path`]. The copy is
/// written to a temporary file and renamed into place only when it holds schema `version`: when
/// another process upgraded the store meanwhile, the copy is dropped and the first one stays.
fn backup(conn: &Connection, db: &Path, version: u32) -> Result<(), StoreError> {
    static COPIES: AtomicU32 = AtomicU32::new(0);
    let target = backup_path(db, version);
    let tmp = target.with_extension(format!(
        "bak.tmp-{}-{}",
        std::process::id(),
        COPIES.fetch_add(1, Ordering::Relaxed)
    ));
    let io = |source| StoreError::Io {
        path: target.clone(),
        source,
    };
    let copied = conn.backup(DatabaseName::Main, &tmp, None).and_then(|()| {
        Connection::open(&tmp)?.query_row("PRAGMA user_version", [], |r| r.get::<_, u32>(0))
    });
    match copied {
        Ok(v) if v == version => std::fs::rename(&tmp, &target).map_err(io),
        Ok(_) => {
            let _ = std::fs::remove_file(&tmp);
            Ok(())
        }
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(io(std::io::Error::other(e)))
        }
    }
}

/// Applies every pending migration in one `BEGIN IMMEDIATE` transaction, the version read again
/// inside it: when the window and the CLI open an old store together, one migrates and the other
/// finds it done. A store that holds a schema is first copied next to itself ([`backup_path`]).
/// Foreign keys are off while migrations run (a migration may rebuild a table that others
/// refer to, SQLite's documented way to change a column's constraints) and are checked before
/// the transaction commits; the connection's setting is restored afterwards.
pub fn migrate(conn: &mut Connection, db: &Path) -> Result<u32, StoreError> {
    let found = check_not_newer(conn)?;
    if found == LATEST_VERSION {
        return Ok(found);
    }
    if found > 0 {
        backup(conn, db, found)?;
    }
    let enforced: bool = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let done = apply(conn);
    conn.pragma_update(None, "foreign_keys", if enforced { "ON" } else { "OFF" })?;
    done
}

/// Runs the pending migrations in one transaction, refusing to commit a dangling reference.
fn apply(conn: &mut Connection) -> Result<u32, StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let found = check_not_newer(&tx)?;
    if found == LATEST_VERSION {
        tx.commit()?;
        return Ok(found);
    }
    for sql in &MIGRATIONS[found as usize..] {
        tx.execute_batch(sql)?;
    }
    let dangling: Option<String> = tx
        .query_row("PRAGMA foreign_key_check", [], |r| r.get(0))
        .optional()?;
    if let Some(table) = dangling {
        return Err(StoreError::Corrupt {
            field: format!("{table} (foreign key)"),
            message: "a row refers to one that does not exist after the upgrade".into(),
        });
    }
    tx.pragma_update(None, "user_version", LATEST_VERSION)?;
    tx.commit()?;
    Ok(LATEST_VERSION)
}
