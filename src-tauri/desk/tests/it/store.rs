//! The store's guarantees: file permissions, migrations, refusing newer files, atomic writes.

use super::{temp_db, today};
use desk::demo::DemoOptions;
use desk::domain::customer::Customer;
use desk::domain::ids::TenantId;
use desk::domain::money::Currency;
use desk::store::{Store, StoreError, LATEST_VERSION};
use desk::{Desk, DeskError};

#[cfg(unix)]
#[test]
fn a_new_database_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, path) = temp_db();
    Store::open(&path).expect("open");
    let mode = std::fs::metadata(&path)
        .expect("file exists")
        .permissions()
        .mode();
    assert_eq!(
        mode & 0o777,
        0o600,
        "portfolio data must not be world-readable"
    );
}

#[test]
fn opening_creates_folders_and_migrates_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir
        .path()
        .join("nested")
        .join("deeper")
        .join("desk.sqlite3");
    let s = Store::open(&path).expect("first open creates the folders");
    assert_eq!(s.schema_version().expect("version"), LATEST_VERSION);
    drop(s);
    let s = Store::open(&path).expect("second open is a no-op migration");
    assert_eq!(s.schema_version().expect("version"), LATEST_VERSION);
}

#[test]
fn a_store_held_by_another_program_is_busy_and_can_be_tried_again() {
    let (_dir, path) = temp_db();
    let desk = Desk::open(&path).expect("open");
    let other = rusqlite::Connection::open(&path).expect("second connection");
    other
        .execute_batch("BEGIN EXCLUSIVE")
        .expect("the other program takes the write lock");
    // The store waits out its busy timeout (5 s) before it gives up.
    let err = desk
        .load_demo(&DemoOptions::first_look(today()), false, &mut |_| {})
        .expect_err("the write lock is held elsewhere");
    assert_eq!(err.code().as_str(), "store_busy", "unexpected error: {err}");
    let body = err.body();
    assert!(
        body.detail.as_deref().is_some_and(|d| d.contains("locked")),
        "SQLite's words belong in the detail: {body:?}"
    );
    assert!(!body.message.contains("locked"), "{}", body.message);
    other.execute_batch("ROLLBACK").expect("release");
    desk.load_demo(&DemoOptions::first_look(today()), false, &mut |_| {})
        .expect("trying again succeeds once the lock is gone");
}

#[test]
fn a_database_from_a_newer_version_is_refused_and_left_untouched() {
    let (dir, path) = temp_db();
    drop(Store::open(&path).expect("open"));
    {
        let conn = rusqlite::Connection::open(&path).expect("raw open");
        conn.pragma_update(None, "journal_mode", "DELETE")
            .expect("journal mode");
        conn.pragma_update(None, "user_version", LATEST_VERSION + 5)
            .expect("bump version");
    }
    let before = std::fs::read(&path).expect("read");
    let files_before: Vec<_> = std::fs::read_dir(dir.path())
        .expect("ls")
        .map(|e| e.expect("entry").file_name())
        .collect();
    let err = Desk::open(&path).expect_err("a newer schema must be refused");
    assert!(
        matches!(err, DeskError::Store(StoreError::TooNew { found, supported }) if found == LATEST_VERSION + 5 && supported == LATEST_VERSION),
        "unexpected error: {err}"
    );
    assert_eq!(err.code().as_str(), "database_too_new");
    assert!(
        err.to_string().contains("left untouched"),
        "the message must reassure: {err}"
    );
    assert_eq!(
        std::fs::read(&path).expect("read"),
        before,
        "not one byte may change"
    );
    let files_after: Vec<_> = std::fs::read_dir(dir.path())
        .expect("ls")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(files_before, files_after, "no -wal or -shm file may appear");
}

#[test]
fn a_failed_write_leaves_the_store_as_it_was() {
    let (_dir, path) = temp_db();
    let mut s = Store::open(&path).expect("open");
    let customer = Customer {
        tenant_id: TenantId::parse("11111111-1111-4111-8111-111111111111").expect("guid"),
        name: "Contoso".into(),
        primary_domain: "contoso.onmicrosoft.com".into(),
        billing_currency: Currency::USD,
        country: "US".into(),
    };
    let result: Result<(), StoreError> = s.write(|tx| {
        desk::store::customers::upsert(tx, &customer)?;
        Err(StoreError::Corrupt {
            field: "test".into(),
            message: "fail after the first row".into(),
        })
    });
    assert!(result.is_err());
    assert_eq!(
        desk::store::customers::count(s.conn()).expect("count"),
        0,
        "the row must be rolled back"
    );
}

#[test]
fn the_demo_fills_only_an_empty_store_unless_replaced() {
    let (_dir, path) = temp_db();
    let desk = Desk::open(&path).expect("open");
    let opts = DemoOptions {
        seed: 3,
        ..DemoOptions::first_look(today())
    };
    let first = desk
        .load_demo(&opts, false, &mut |_| {})
        .expect("empty store takes the demo");
    let err = desk
        .load_demo(&opts, false, &mut |_| {})
        .expect_err("a filled store is protected");
    assert_eq!(err.code().as_str(), "store_not_empty");
    let before = desk.reservations(None, None, today()).expect("list");
    let again = desk
        .load_demo(&opts, true, &mut |_| {})
        .expect("--replace replaces");
    assert_eq!(first, again, "the same seed writes the same portfolio");
    assert_eq!(
        before,
        desk.reservations(None, None, today()).expect("list")
    );
    let other = desk
        .load_demo(&DemoOptions { seed: 4, ..opts }, true, &mut |_| {})
        .expect("replace with another seed");
    assert_eq!(other.seed, 4);
    assert_ne!(
        before,
        desk.reservations(None, None, today()).expect("list"),
        "the old portfolio is gone"
    );
    assert!(desk.integrity_ok().expect("integrity check runs"));
}

#[test]
fn invalid_demo_options_are_refused_before_anything_is_written() {
    let (_dir, path) = temp_db();
    let desk = Desk::open(&path).expect("open");
    for opts in [
        DemoOptions {
            customers: 0,
            ..DemoOptions::first_look(today())
        },
        DemoOptions {
            days: 100_000,
            ..DemoOptions::first_look(today())
        },
    ] {
        let err = desk
            .load_demo(&opts, false, &mut |_| {})
            .expect_err("invalid options");
        assert_eq!(err.code().as_str(), "invalid_input");
    }
    assert!(desk.is_empty().expect("count"), "nothing may be written");
}
