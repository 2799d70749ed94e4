//! The `rdesk` binary, run as a user runs it: exit codes, stderr, and the JSON contract.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn rdesk(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rdesk"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("RDESK_TODAY", "2026-11-24")
        .env_remove("RDESK_DB")
        .output()
        .expect("rdesk runs")
}

fn json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "rdesk failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is one JSON document")
}

fn is_decimal_string(v: &Value) -> bool {
    v.as_str()
        .is_some_and(|s| s.parse::<rust_decimal::Decimal>().is_ok())
}

fn is_money(v: &Value) -> bool {
    is_decimal_string(&v["amount"]) && v["currency"].as_str().is_some_and(|c| c.len() == 3)
}

#[test]
fn demo_then_browse_with_the_json_contract() {
    let (_dir, db) = super::temp_db();
    let out = rdesk(&db, &["demo", "--seed", "7"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("25 customers"));

    let customers = json(&rdesk(&db, &["customers", "--json"]));
    let customers = customers.as_array().expect("an array for lists");
    assert_eq!(customers.len(), 25);
    let c = &customers[0];
    for key in [
        "tenant_id",
        "name",
        "primary_domain",
        "billing_currency",
        "reservation_count",
        "nearest_expiry",
    ] {
        assert!(c.get(key).is_some(), "customer objects have {key}");
    }
    assert!(
        is_money(&c["total_commitment"]),
        "money is {{amount: string, currency}}"
    );

    let tenant = c["tenant_id"].as_str().expect("tenant id");
    let list = json(&rdesk(
        &db,
        &["reservations", "--customer", tenant, "--json"],
    ));
    let list = list.as_array().expect("array");
    assert!(!list.is_empty());
    assert!(
        list.iter().all(|r| r["customer_id"] == tenant),
        "--customer filters"
    );

    let id = list[0]["id"].as_str().expect("id");
    let r = json(&rdesk(&db, &["show", &id.to_uppercase(), "--json"]));
    assert!(r.is_object(), "show prints an object");
    assert_eq!(r, list[0], "show and the list agree");
    for key in [
        "id",
        "order_id",
        "customer_id",
        "display_name",
        "resource_type",
        "sku",
        "region",
        "billing_subscription_id",
    ] {
        assert!(r[key].is_string(), "{key} is a string");
    }
    assert!(r["quantity"].is_u64());
    assert!(r["renew"].is_boolean());
    assert!(["P1Y", "P3Y", "P5Y"].contains(&r["term"].as_str().expect("term")));
    assert!(["Upfront", "Monthly"].contains(&r["billing_plan"].as_str().expect("plan")));
    for key in ["purchase_date", "benefit_start", "expiry_date"] {
        r[key]
            .as_str()
            .expect("date")
            .parse::<chrono::NaiveDate>()
            .expect("ISO date");
    }
    let scope = r["scope_type"].as_str().expect("scope type");
    assert!(["single", "resource_group", "shared", "management_group"].contains(&scope));
    assert_eq!(
        r["scope_target"].is_null(),
        scope == "shared",
        "only shared scope has no target"
    );
    for key in ["utilization_1d", "utilization_7d", "utilization_30d"] {
        assert!(
            r[key].is_null() || is_decimal_string(&r[key]),
            "{key} is a decimal string or null"
        );
    }
    assert!(is_money(&r["price"]) && is_money(&r["price_usd"]));
    assert_eq!(r["price_usd"]["currency"], "USD");
    assert!(r["status"].is_string());

    let soon = json(&rdesk(
        &db,
        &["reservations", "--expiring-within", "30", "--json"],
    ));
    for r in soon.as_array().expect("array") {
        let left = r["days_left"].as_i64().expect("days_left");
        assert!((0..=30).contains(&left));
    }

    let text = rdesk(&db, &["show", id]);
    assert!(text.status.success());
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("Reservation order ID") && text.contains(id),
        "text output is readable"
    );
}

#[test]
fn exit_codes_say_what_went_wrong() {
    let (_dir, db) = super::temp_db();
    let usage = rdesk(&db, &["customers", "--no-such-flag"]);
    assert_eq!(usage.status.code(), Some(2), "bad usage exits 2");
    let usage = rdesk(&db, &["show"]);
    assert_eq!(
        usage.status.code(),
        Some(2),
        "a missing argument is bad usage"
    );

    let missing = rdesk(&db, &["show", "6ef59113-3482-40da-8d79-787f823e34bc"]);
    assert_eq!(
        missing.status.code(),
        Some(1),
        "an unknown reservation exits 1"
    );
    let err = String::from_utf8_lossy(&missing.stderr);
    assert_eq!(err.trim().lines().count(), 1, "one line on stderr: {err}");
    assert!(
        err.contains("6ef59113-3482-40da-8d79-787f823e34bc"),
        "the message names the ID: {err}"
    );

    let bad = rdesk(&db, &["reservations", "--customer", "contoso"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("tenant_id"),
        "the message names the field"
    );

    assert!(rdesk(&db, &["demo"]).status.success());
    let again = rdesk(&db, &["demo"]);
    assert_eq!(again.status.code(), Some(1), "a filled store is protected");
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("--replace"),
        "the message says how to proceed"
    );
    assert!(rdesk(&db, &["demo", "--replace", "--seed", "2"])
        .status
        .success());
}

#[test]
fn the_database_can_be_named_by_environment() {
    let (_dir, db) = super::temp_db();
    let out = Command::new(env!("CARGO_BIN_EXE_rdesk"))
        .args(["demo", "--customers", "3", "--days", "5", "--json"])
        .env("RDESK_DB", &db)
        .env("RDESK_TODAY", "2026-11-24")
        .output()
        .expect("runs");
    let summary = json(&out);
    assert_eq!(summary["customers"], 3);
    assert!(db.exists(), "RDESK_DB names the file");
}

#[test]
fn a_newer_database_is_refused_by_the_cli_too() {
    let (_dir, db) = super::temp_db();
    assert!(rdesk(&db, &["demo", "--customers", "2", "--days", "1"])
        .status
        .success());
    {
        let conn = rusqlite::Connection::open(&db).expect("raw open");
        conn.pragma_update(None, "user_version", 999).expect("bump");
    }
    let out = rdesk(&db, &["customers"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("newer"),
        "says why"
    );
}
