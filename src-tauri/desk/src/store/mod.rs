//! The SQLite store: the only module with SQL. Reads take `&Connection`; writes take a
//! `Transaction`, so every change that spans rows commits or rolls back as a whole.

pub mod access;
pub mod audit;
pub mod catalog;
pub mod costs;
pub mod customers;
pub mod import;
pub mod ledger;
mod migrate;
pub mod plans;
pub mod policy;
pub mod portfolio;
pub mod reservations;
pub mod review;
pub mod settings;
pub mod tickets;
pub mod utilization;

pub use migrate::{backup_path, LATEST_VERSION};

use rusqlite::{Connection, OpenFlags, Transaction};
use std::path::{Path, PathBuf};
use std::time::Duration;
use thiserror::Error;

/// Why the store could not do what was asked.
#[derive(Debug, Error)]
pub enum StoreError {
    /// SQLite refused or failed (no SQL text is included).
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    /// Another connection held the database (SQLite BUSY or LOCKED) past the busy timeout;
    /// the same request may succeed when tried again.
    #[error("the database is in use by another program: {0}")]
    Busy(rusqlite::Error),
    /// The database file or its folder could not be created.
    #[error("cannot create {path}: {source}")]
    Io {
        /// The path concerned.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The file was written by a newer Reservation Desk; it is left untouched.
    #[error("this database has schema version {found}, newer than this program supports ({supported}); it was left untouched — update Reservation Desk")]
    TooNew {
        /// The version in the file.
        found: u32,
        /// The newest version this binary knows.
        supported: u32,
    },
    /// A stored value no longer parses (the file was edited by hand or damaged).
    #[error("stored value {field} is not valid: {message}")]
    Corrupt {
        /// Column concerned.
        field: String,
        /// What is wrong.
        message: String,
    },
}

impl From<rusqlite::Error> for StoreError {
    /// SQLite's BUSY and LOCKED become [`StoreError::Busy`]; every other failure is
    /// [`StoreError::Sqlite`].
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode::{DatabaseBusy, DatabaseLocked};
        match e.sqlite_error_code() {
            Some(DatabaseBusy | DatabaseLocked) => Self::Busy(e),
            _ => Self::Sqlite(e),
        }
    }
}

/// SQLite result codes a test can make a [`StoreError`] from, without naming `rusqlite`.
#[cfg(test)]
#[derive(Debug, Clone, Copy)]
pub(crate) enum SqliteCode {
    /// `SQLITE_BUSY`.
    Busy,
    /// `SQLITE_LOCKED`.
    Locked,
    /// `SQLITE_CORRUPT`.
    Corrupt,
}

#[cfg(test)]
impl StoreError {
    /// The error SQLite reports with `code` and `text`, as the store would wrap it.
    pub(crate) fn sqlite_failure(code: SqliteCode, text: &str) -> Self {
        use rusqlite::ffi;
        let code = match code {
            SqliteCode::Busy => ffi::SQLITE_BUSY,
            SqliteCode::Locked => ffi::SQLITE_LOCKED,
            SqliteCode::Corrupt => ffi::SQLITE_CORRUPT,
        };
        Self::from(rusqlite::Error::SqliteFailure(
            ffi::Error::new(code),
            Some(text.to_string()),
        ))
    }
}

/// A read connection, as the table modules' read functions take it.
pub type Conn = Connection;

/// The transaction [`Store::write`] runs in, as the table modules' write functions take it.
pub type Tx<'c> = Transaction<'c>;

/// The open database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
    writes: u64,
}

impl Store {
    /// Opens (creating if needed, owner-only on Unix) and migrates the database at `path`.
    /// A database newer than this binary is refused before anything is written to it.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let io = |source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        };
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        if !path.exists() {
            create_private_file(path).map_err(io)?;
        }
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(Duration::from_secs(5))?;
        // Switching to WAL and migrating can meet SQLITE_BUSY without SQLite's busy handler
        // being asked (another process opening, switching or checkpointing the same file at that
        // moment): both are idempotent, so they are tried again for a bounded time.
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            match Self::prepare(&mut conn, path) {
                Err(StoreError::Busy(_)) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(25));
                }
                done => break done?,
            }
        }
        Ok(Self {
            conn,
            path: path.to_path_buf(),
            writes: 0,
        })
    }

    /// Refuses a newer store, sets the connection's pragmas and migrates.
    fn prepare(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
        // Check the version before any pragma that writes (journal_mode changes the header).
        migrate::check_not_newer(conn)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        migrate::migrate(conn, path)?;
        Ok(())
    }

    /// The database file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The connection, for reads.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// A stamp that changes whenever the file's content may have changed: this connection's
    /// write count and SQLite's `data_version` (which moves when another process commits).
    /// Caches of derived figures compare it to know they are still true.
    pub fn stamp(&self) -> Result<(u64, i64), StoreError> {
        Ok((self.writes, review::data_version(&self.conn)?))
    }

    /// Runs SQLite's own consistency check; `Ok(true)` when the file is sound.
    pub fn integrity_ok(&self) -> Result<bool, StoreError> {
        let r: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        Ok(r == "ok")
    }

    /// The schema version in the file.
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        migrate::current_version(&self.conn)
    }

    /// Runs `f` in one immediate transaction: it commits when `f` succeeds and rolls back
    /// (leaving the store exactly as it was) when `f` fails.
    pub fn write<T, E>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        self.writes += 1;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let value = f(&tx)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(value)
    }
}

#[cfg(unix)]
fn create_private_file(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map(drop)
}

#[cfg(not(unix))]
fn create_private_file(path: &Path) -> std::io::Result<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map(drop)
}

/// Maps a stored text that no longer parses to [`StoreError::Corrupt`].
pub(crate) fn corrupt(field: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        field: field.to_string(),
        message: e.to_string(),
    }
}

/// Escapes `%`, `_` and `\` for a `LIKE … ESCAPE '\'` pattern.
pub(crate) fn like_pattern(needle: &str) -> String {
    let mut p = String::with_capacity(needle.len() + 2);
    p.push('%');
    for c in needle.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}
