//! The architecture's layers, checked on the source: one write path per table, parsers that
//! never reach the store, SQL only in the store, no SQLite type in the app layer.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, with its text, in path order.
fn sources(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path
                    .strip_prefix(src())
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, fs::read_to_string(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// The tables each `INSERT [OR ...] INTO <table>` of `text` writes, temporary tables left out.
fn inserted_tables(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("INSERT ") {
        rest = &rest[i + 7..];
        let Some(into) = rest.find("INTO ") else {
            break;
        };
        // `INSERT OR IGNORE INTO`: at most one short word between INSERT and INTO.
        if into > 12 {
            continue;
        }
        let table: String = rest[into + 5..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
            .collect();
        if !table.is_empty() && !table.starts_with("temp.") {
            out.push(table);
        }
    }
    out
}

#[test]
fn each_table_has_one_insert_and_it_is_in_the_tables_module() {
    let mut writers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (file, text) in sources(&src()) {
        if file == "store/migrate.rs" {
            continue;
        }
        for table in inserted_tables(&text) {
            writers.entry(table).or_default().push(file.clone());
        }
    }
    for table in [
        "customers",
        "subscriptions",
        "reservation_orders",
        "reservations",
        "utilization_daily",
        "refund_ledger",
        "order_owners",
        "role_assignments",
    ] {
        assert!(
            writers.contains_key(table),
            "no write of {table} found: {writers:?}"
        );
    }
    for (table, files) in &writers {
        assert_eq!(files.len(), 1, "{table} is inserted in {files:?}");
        assert!(
            files[0].starts_with("store/") && !files[0].starts_with("store/import/"),
            "{table} is written outside its store module: {}",
            files[0]
        );
    }
}

#[test]
fn the_scan_sees_an_insert_of_any_form() {
    let t = "x(\"INSERT INTO a (k) VALUES (1)\"); y(\"INSERT OR IGNORE INTO b (k)\"); \
             z(\"INSERT OR REPLACE INTO temp.c (k)\"); w(\"INSERT something long and not INTO d\")";
    assert_eq!(inserted_tables(t), ["a", "b"]);
}

fn offenders(dir: &str, needle: &str) -> Vec<String> {
    sources(&src().join(dir))
        .into_iter()
        .filter(|(_, text)| text.contains(needle))
        .map(|(file, _)| file)
        .collect()
}

#[test]
fn parsers_and_records_never_reach_the_store() {
    assert_eq!(offenders("import", "crate::store"), Vec::<String>::new());
    assert_eq!(offenders("records", "crate::store"), Vec::<String>::new());
    assert_eq!(offenders("records", "crate::import"), Vec::<String>::new());
    // The fetcher asks and collects; the app layer imports what it fetched.
    assert_eq!(offenders("fetch", "crate::store"), Vec::<String>::new());
    assert_eq!(offenders("fetch", "crate::app"), Vec::<String>::new());
    assert_eq!(offenders("store", "crate::fetch"), Vec::<String>::new());
}

#[test]
fn the_store_does_not_know_the_parsers() {
    assert_eq!(offenders("store", "crate::import"), Vec::<String>::new());
}

#[test]
fn sqlite_is_named_only_in_the_store() {
    for (file, text) in sources(&src()) {
        if file.starts_with("store/") {
            continue;
        }
        assert!(!text.contains("rusqlite"), "{file} names rusqlite");
        for sql in ["PRAGMA ", "SELECT ", "UPDATE ", "DELETE FROM "] {
            // SQL keywords inside string literals: in the store only.
            assert!(
                !text.contains(&format!("\"{sql}")),
                "{file} holds SQL ({sql})"
            );
        }
    }
}
