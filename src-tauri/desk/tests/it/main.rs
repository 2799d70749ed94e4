//! Integration tests: the store on real SQLite files in a temporary folder, the facade, and the
//! `rdesk` binary run as a user runs it.

mod changes;
mod cli;
mod crash;
mod facade;
mod fake_azure;
mod fetch;
mod hostile;
mod import;
mod import_properties;
mod import_store;
mod layers;
mod migration;
mod portfolio;
mod prices;
mod properties;
mod quotes;
mod review;
mod store;

use chrono::NaiveDate;
use desk::demo::DemoOptions;
use desk::Desk;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the `rdesk` binary on `db` as a user would, on the tests' fixed day.
pub fn rdesk(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rdesk"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("RDESK_TODAY", "2026-11-24")
        .env_remove("RDESK_DB")
        .output()
        .expect("rdesk runs")
}

/// Runs `rdesk` like [`rdesk`], with extra environment variables.
pub fn rdesk_env(db: &Path, args: &[&str], env: &[(&str, String)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rdesk"));
    cmd.arg("--db")
        .arg(db)
        .args(args)
        .env("RDESK_TODAY", "2026-11-24")
        .env_remove("RDESK_DB");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("rdesk runs")
}

/// The fixed "today" of these tests.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).expect("valid date")
}

/// A temporary folder and a database path inside it.
pub fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("desk.sqlite3");
    (dir, path)
}

/// A store filled with the default demo (seed 7).
pub fn demo_desk() -> (tempfile::TempDir, PathBuf, Desk) {
    let (dir, path) = temp_db();
    let desk = Desk::open(&path).expect("open");
    desk.load_demo(
        &DemoOptions {
            seed: 7,
            ..DemoOptions::first_look(today())
        },
        false,
        &mut |_| {},
    )
    .expect("demo loads into an empty store");
    (dir, path, desk)
}
