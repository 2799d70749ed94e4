//! The `rdesk` binary, run as a user runs it: exit codes, stderr, and the JSON contract.

use serde_json::Value;
use std::process::{Command, Output};

use super::rdesk;

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

/// A demo store (seed 7) and the first reservation of `rdesk reservations --json` that `wanted`
/// accepts.
fn demo_with(
    wanted: impl Fn(&Value) -> bool,
    what: &str,
) -> (tempfile::TempDir, std::path::PathBuf, Value) {
    let (dir, db) = super::temp_db();
    assert!(rdesk(&db, &["demo", "--seed", "7"]).status.success());
    let list = json(&rdesk(&db, &["reservations", "--json"]));
    let r = list
        .as_array()
        .expect("array")
        .iter()
        .find(|r| wanted(r))
        .unwrap_or_else(|| panic!("the demo has {what}"))
        .clone();
    (dir, db, r)
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
    let mut same = r.clone();
    assert!(
        same["exchange_right"].is_object(),
        "show adds the exchange right"
    );
    same["exchange_right"] = Value::Null;
    assert_eq!(same, list[0], "show and the list agree");
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

#[test]
fn refund_and_exchange_quotes_follow_the_json_contract() {
    let (_dir, db, r) = demo_with(
        |r| r["status"] == "Succeeded" && r["resource_type"] == "VirtualMachines",
        "an active VM reservation",
    );
    let id = r["id"].as_str().expect("id");
    let q = json(&rdesk(
        &db,
        &[
            "refund-quote",
            id,
            "--quantity",
            "1",
            "--on",
            "2026-12-01",
            "--json",
        ],
    ));
    assert_eq!(q["reservation_id"], id);
    assert_eq!(q["quantity"], 1);
    assert!(q["term_days"].is_i64() && q["remaining_days"].is_i64());
    for key in [
        "canceled_commitment",
        "canceled_commitment_usd",
        "fee",
        "refund",
    ] {
        assert!(is_money(&q[key]), "{key} is a money object");
    }
    for key in ["limit_usd", "used_usd", "available_usd"] {
        assert!(is_decimal_string(&q[key]), "{key} is a decimal string");
    }
    assert!(q["allowed"].is_boolean());
    assert!(q["reasons"].is_array());
    assert!(q["headroom_returns_on"].is_null() || q["headroom_returns_on"].is_string());
    let bad = json(&rdesk(
        &db,
        &["refund-quote", id, "--quantity", "999", "--json"],
    ));
    assert_eq!(bad["allowed"], false);
    assert!(bad["reasons"]
        .as_array()
        .expect("array")
        .iter()
        .any(|c| c == "InvalidRefundQuantity"));

    let value: rust_decimal::Decimal = json(&rdesk(&db, &["refund-quote", id, "--json"]))
        ["canceled_commitment"]["amount"]
        .as_str()
        .expect("amount")
        .parse()
        .expect("decimal");
    let currency = r["price"]["currency"].as_str().expect("currency");
    let buy = format!(
        "Standard_E8s_v5:{}:P3Y:1:{}:{}",
        r["region"].as_str().expect("region"),
        value + rust_decimal::Decimal::ONE,
        currency
    );
    let x = json(&rdesk(
        &db,
        &["exchange-quote", "--return", id, "--buy", &buy, "--json"],
    ));
    for key in ["refunds_total", "purchases_total", "net_payable"] {
        assert!(is_money(&x[key]), "{key} is a money object");
    }
    assert_eq!(x["allowed"], true, "{x}");
    assert_eq!(x["net_payable"]["amount"], "1.00");
    assert_eq!(x["reasons"], serde_json::json!([]));
    let usage = rdesk(
        &db,
        &[
            "exchange-quote",
            "--return",
            id,
            "--buy",
            "nonsense",
            "--json",
        ],
    );
    assert_eq!(usage.status.code(), Some(1), "a malformed --buy is refused");
    assert!(
        String::from_utf8_lossy(&usage.stderr).contains("SKU:REGION:TERM:QTY:PRICE:CURRENCY"),
        "the message shows the expected shape"
    );
    let usage = rdesk(&db, &["exchange-quote", "--return", id]);
    assert_eq!(usage.status.code(), Some(2), "--buy is required");
}

#[test]
fn tickets_move_through_their_lifecycle_on_the_command_line() {
    let (_dir, db, r) = demo_with(|r| r["status"] == "Succeeded", "an active reservation");
    let id = r["id"].as_str().expect("id").to_string();
    let t = json(&rdesk(
        &db,
        &[
            "ticket",
            "draft-refund",
            &id,
            "--reason",
            "Project ended",
            "--json",
        ],
    ));
    assert_eq!(t["status"], "draft");
    assert_eq!(
        t["missing"],
        serde_json::json!(["name", "email", "phone", "country"]),
        "a first ticket has no contact yet"
    );
    let n = t["id"].to_string();
    let text = rdesk(&db, &["ticket", "show", &n]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("Category: Exchanges and refunds"));
    assert!(
        String::from_utf8_lossy(&text.stderr)
            .contains("Not ready to paste: fill in name, email, phone, country first."),
        "{}",
        String::from_utf8_lossy(&text.stderr)
    );

    // The contact every new request starts from is set once, and is checked.
    let bad = rdesk(&db, &["contact", "--email", "not-an-email"]);
    assert_eq!(bad.status.code(), Some(1), "a malformed email is refused");
    let c = json(&rdesk(
        &db,
        &[
            "contact",
            "--name",
            "Ana Ruiz",
            "--email",
            "ana@partner.example",
            "--phone",
            "+34 600 000 000",
            "--country",
            "Spain",
            "--json",
        ],
    ));
    assert_eq!(c["name"], "Ana Ruiz");
    assert_eq!(
        c["preferred_contact_method"], "Email",
        "what was not given is kept"
    );
    let shown = rdesk(&db, &["contact"]);
    assert!(String::from_utf8_lossy(&shown.stdout).contains("Country/region: Spain"));
    let no_reason = json(&rdesk(&db, &["ticket", "draft-refund", &id, "--json"]));
    assert_eq!(
        no_reason["missing"],
        serde_json::json!(["reason"]),
        "the new draft has the contact; only the reason is left to fill in"
    );
    let description = no_reason["draft"]["problem"]["description"]
        .as_str()
        .unwrap();
    assert!(
        description.ends_with("\nReason:"),
        "no placeholder reason is written: {description}"
    );
    assert_eq!(
        rdesk(&db, &["ticket", "resolve", &n]).status.code(),
        Some(1),
        "a draft cannot be resolved"
    );
    assert!(rdesk(
        &db,
        &["ticket", "submit", &n, "--number", "2611240010001234"]
    )
    .status
    .success());
    assert!(rdesk(&db, &["ticket", "resolve", &n, "--on", "2026-11-24"])
        .status
        .success());
    let q = json(&rdesk(&db, &["refund-quote", &id, "--json"]));
    assert_ne!(q["used_usd"], "0", "the resolved refund is in the ledger");
    let tickets = json(&rdesk(&db, &["tickets", "--json"]));
    let resolved = tickets
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == t["id"])
        .expect("the first ticket is listed");
    assert_eq!(resolved["status"], "resolved");
    let policy = json(&rdesk(
        &db,
        &[
            "policy",
            "set",
            "early_termination_fee_rate",
            "0.12",
            "--from",
            "2027-06-01",
            "--json",
        ],
    ));
    assert!(policy
        .as_array()
        .expect("array")
        .iter()
        .any(|v| v["value"] == "0.12" && v["effective_from"] == "2027-06-01"));
}

#[test]
fn scope_plans_and_the_audit_log_on_the_command_line() {
    let (_dir, db, r) = demo_with(
        |r| r["status"] == "Succeeded" && r["scope_type"] != "shared",
        "an active, not shared reservation",
    );
    let id = r["id"].as_str().expect("id");
    let access = json(&rdesk(&db, &["access", "list", id, "--json"]));
    assert!(access["assignments"].is_array() && access["warnings"].is_array());

    let plan = json(&rdesk(
        &db,
        &["scope", "plan", id, "--to", "shared", "--json"],
    ));
    for key in [
        "before",
        "after",
        "az_command",
        "patch_body",
        "portal_url",
        "valid",
        "problems",
    ] {
        assert!(plan.get(key).is_some(), "the plan has {key}");
    }
    assert_eq!(plan["valid"], true);
    assert_eq!(
        plan["patch_body"]["properties"]["appliedScopeType"],
        "Shared"
    );
    let plans = json(&rdesk(&db, &["plan", "list", "--json"]));
    assert_eq!(plans[0]["status"], "pending");
    let n = plans[0]["id"].to_string();
    assert!(rdesk(&db, &["plan", "apply", &n]).status.success());
    assert_eq!(
        json(&rdesk(&db, &["show", id, "--json"]))["scope_type"],
        "shared"
    );
    assert_eq!(
        rdesk(&db, &["plan", "discard", &n]).status.code(),
        Some(1),
        "an applied plan stays applied"
    );

    let again = rdesk(&db, &["scope", "plan", id, "--to", "shared", "--json"]);
    assert_eq!(again.status.code(), Some(1), "an invalid plan exits 1");
    let body: Value = serde_json::from_slice(&again.stdout).expect("the plan is still printed");
    assert_eq!(body["valid"], false);
    assert_eq!(body["problems"][0]["code"], "AppliedScopesSameAsExisting");
    assert_eq!(
        rdesk(&db, &["scope", "plan", id, "--to", "everywhere"])
            .status
            .code(),
        Some(1),
        "a malformed target is refused"
    );

    let renewal = json(&rdesk(
        &db,
        &[
            "renew",
            "plan",
            id,
            "--term",
            "P1Y",
            "--quantity",
            "1",
            "--billing-plan",
            "Monthly",
            "--json",
        ],
    ));
    assert_eq!(renewal["valid"], true, "{renewal}");
    assert_eq!(renewal["after"]["renew"], true);
    assert_eq!(renewal["after"]["renewal"]["term"], "P1Y");
    assert_eq!(
        renewal["patch_body"]["properties"]["renewProperties"]["purchaseProperties"]["properties"]
            ["billingPlan"],
        "Monthly"
    );
    let zero = rdesk(&db, &["renew", "plan", id, "--quantity", "0"]);
    assert_eq!(zero.status.code(), Some(1), "a renewal of nothing exits 1");
    assert!(String::from_utf8_lossy(&zero.stderr).contains("at least one unit"));
    assert_eq!(
        rdesk(&db, &["renew", "plan", id, "--term", "P2Y"])
            .status
            .code(),
        Some(1),
        "a term Azure does not sell is refused"
    );

    let audit = json(&rdesk(&db, &["audit", "--since", "2000-01-01", "--json"]));
    let actions: Vec<&str> = audit
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|a| a["action"].as_str())
        .collect();
    assert!(
        actions.starts_with(&["plan.draft", "plan.apply", "plan.draft"]),
        "the renewal's draft, the scope plan's apply and draft, newest first: {actions:?}"
    );
    assert!(actions.contains(&"demo.load"));
}

#[test]
fn import_lists_every_error_and_exits_1() {
    let (dir, db) = super::temp_db();
    assert!(rdesk(&db, &["demo", "--customers", "3", "--days", "5"])
        .status
        .success());
    let bad = dir.path().join("roles.json");
    std::fs::write(&bad, r#"[{"principalId": "x", "roleDefinitionName": "Owner", "scope": "/providers/Microsoft.Capacity/reservationOrders/bad"}, 5]"#).expect("write");
    let out = rdesk(&db, &["import", bad.to_str().expect("utf-8 path")]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("$[0].principalId") && err.contains("$[1]"),
        "every problem is listed with its JSON path: {err}"
    );
    assert!(err.contains("nothing was imported"), "{err}");
    let usage = rdesk(
        &db,
        &["import", bad.to_str().expect("path"), "--format", "excel"],
    );
    assert_eq!(
        usage.status.code(),
        Some(2),
        "an unknown --format is bad usage"
    );
    assert!(
        String::from_utf8_lossy(&usage.stderr).contains("role-assignments"),
        "the message lists the formats"
    );
}

#[test]
fn json_is_one_global_flag_for_every_command() {
    let (dir, db) = super::temp_db();
    assert!(rdesk(&db, &["demo", "--seed", "7"]).status.success());
    // Before or after the subcommand, the same document.
    let after = json(&rdesk(&db, &["customers", "--json"]));
    let before = json(&rdesk(&db, &["--json", "customers"]));
    assert_eq!(after, before);
    // Commands that print a sentence print their result as JSON with --json.
    let out = dir.path().join("p.jsonl");
    let export = json(&rdesk(
        &db,
        &["export", "--out", out.to_str().expect("path"), "--json"],
    ));
    assert_eq!(export["customers"], 25);
    let queue = json(&rdesk(&db, &["triage", "list", "--json"]));
    let key = queue["items"][0]["key"]
        .as_str()
        .expect("a triage item")
        .to_string();
    let hid = json(&rdesk(
        &db,
        &[
            "--json",
            "triage",
            "hide",
            &key,
            "--reason",
            "decided with the customer",
        ],
    ));
    assert_eq!(hid["key"], key.as_str());
    assert_eq!(hid["hidden"], true);
    let shown = json(&rdesk(&db, &["triage", "unhide", &key, "--json"]));
    assert_eq!(shown["hidden"], false);
}

#[test]
fn an_unknown_price_quotes_null_figures_and_exits_0() {
    let (dir, db) = super::temp_db();
    let tenant = "7c25a2bf-44b5-4db7-85f5-93efd1a9bd6d";
    let order = "a075419f-44cc-497f-b68a-14ee811d48b9";
    let res = "6ef59113-3482-40da-8d79-787f823e34bc";
    // An `az reservations reservation list` page: no price, no billing plan's amount.
    let page = format!(
        r#"{{"value": [{{"id": "/providers/Microsoft.Capacity/reservationOrders/{order}/reservations/{res}", "name": "{order}/{res}", "location": "westeurope", "sku": {{"name": "Standard_D2s_v5"}}, "properties": {{"displayName": "vm-ri", "billingPlan": "Upfront", "reservedResourceType": "VirtualMachines", "quantity": 2, "appliedScopeType": "Shared", "billingScopeId": "/subscriptions/0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d", "term": "P1Y", "purchaseDate": "2026-01-10", "benefitStartTime": "2026-01-10T10:00:00Z", "expiryDate": "2027-01-10", "provisioningState": "Succeeded"}}}}]}}"#
    );
    let file = dir.path().join("reservations.json");
    std::fs::write(&file, page).expect("write");
    let imported = rdesk(
        &db,
        &["import", file.to_str().expect("path"), "--customer", tenant],
    );
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    let q = json(&rdesk(
        &db,
        &["refund-quote", res, "--on", "2026-12-01", "--json"],
    ));
    assert_eq!(q["allowed"], false);
    assert_eq!(q["reasons"][0], "PriceUnknown");
    for key in [
        "canceled_commitment",
        "canceled_commitment_usd",
        "fee",
        "refund",
        "unit_price_basis",
    ] {
        assert!(q[key].is_null(), "{key} is null, not 0: {}", q[key]);
    }
    let text = rdesk(&db, &["refund-quote", res, "--on", "2026-12-01"]);
    let out = String::from_utf8_lossy(&text.stdout);
    assert!(
        out.contains("unknown") && !out.contains("0.00 USD"),
        "{out}"
    );
    let ticket = rdesk(
        &db,
        &[
            "ticket",
            "draft-refund",
            res,
            "--on",
            "2026-12-01",
            "--reason",
            "idle",
        ],
    );
    assert_eq!(
        ticket.status.code(),
        Some(1),
        "no ticket from an unknown price: {}",
        String::from_utf8_lossy(&ticket.stderr)
    );
}

#[test]
fn skip_invalid_imports_the_valid_rows_and_lists_the_others() {
    let (dir, db) = super::temp_db();
    let tenant = "7c25a2bf-44b5-4db7-85f5-93efd1a9bd6d";
    let order = "a075419f-44cc-497f-b68a-14ee811d48b9";
    let good = "6ef59113-3482-40da-8d79-787f823e34bc";
    let item = |res: &str, quantity: &str| {
        format!(
            r#"{{"id": "/providers/Microsoft.Capacity/reservationOrders/{order}/reservations/{res}", "name": "{order}/{res}", "location": "westeurope", "sku": {{"name": "Standard_D2s_v5"}}, "properties": {{"reservedResourceType": "VirtualMachines", "quantity": {quantity}, "appliedScopeType": "Shared", "billingScopeId": "/subscriptions/0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d", "purchaseDate": "2026-01-10", "benefitStartTime": "2026-01-10T10:00:00Z", "expiryDate": "2027-01-10", "provisioningState": "Succeeded"}}}}"#
        )
    };
    // A list page with one good reservation, one whose ID is not a GUID and one with a bad
    // quantity (Azure pages carry no billing plan: that is not a problem).
    let page = format!(
        r#"{{"value": [{}, {}, {}]}}"#,
        item(good, "2"),
        item("not-a-guid", "1"),
        item("d4e5f607-1829-4c3a-9d4e-5f6071829304", "\"three\"")
    );
    let file = dir.path().join("reservations.json");
    std::fs::write(&file, &page).expect("write");
    let path = file.to_str().expect("path");

    let strict = rdesk(&db, &["import", path, "--customer", tenant]);
    assert_eq!(strict.status.code(), Some(1), "all or nothing by default");
    let err = String::from_utf8_lossy(&strict.stderr);
    assert!(
        err.contains("--skip-invalid"),
        "the way out is named: {err}"
    );
    assert_eq!(
        json(&rdesk(&db, &["reservations", "--json"])),
        serde_json::json!([]),
        "nothing was written"
    );
    let strict_json = rdesk(&db, &["import", path, "--customer", tenant, "--json"]);
    let failed: Value = serde_json::from_slice(&strict_json.stdout).expect("json");
    assert_eq!(failed["status"], "failed");
    assert_eq!(failed["skippable"], true);

    let out = rdesk(
        &db,
        &[
            "import",
            "--skip-invalid",
            path,
            "--customer",
            tenant,
            "--json",
        ],
    );
    let report = json(&out);
    assert_eq!(report["status"], "imported");
    assert_eq!(report["skipped_count"], 2);
    let skipped = report["skipped"].as_array().expect("skipped rows");
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    assert!(
        skipped.iter().any(|s| s["path"]
            .as_str()
            .is_some_and(|p| p.starts_with("$.value[1]"))
            && s["id"].as_str().is_some_and(|id| id.contains("not-a-guid"))),
        "the bad ID is listed as found: {skipped:?}"
    );
    assert!(
        skipped
            .iter()
            .any(|s| s["field"] == "quantity" && s["found"] == "three"),
        "{skipped:?}"
    );
    let list = json(&rdesk(&db, &["reservations", "--json"]));
    let ids: Vec<&str> = list
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert_eq!(ids, vec![good], "only the valid row is in the store");
    let shown = json(&rdesk(&db, &["show", good, "--json"]));
    for key in ["price", "price_usd", "billing_plan"] {
        assert!(shown[key].is_null(), "{key}: {}", shown[key]);
    }
    assert_eq!(shown["term"], "P1Y", "derived from one year of dates");

    // A file that cannot be parsed at all is still refused whole.
    let truncated = dir.path().join("truncated.json");
    std::fs::write(&truncated, &page[..page.len() / 2]).expect("write");
    let cut = rdesk(
        &db,
        &[
            "import",
            "--skip-invalid",
            truncated.to_str().expect("path"),
            "--customer",
            tenant,
            "--json",
        ],
    );
    assert_eq!(cut.status.code(), Some(1));
    let cut: Value = serde_json::from_slice(&cut.stdout).expect("json");
    assert_eq!(cut["status"], "failed");
    assert_eq!(cut["skippable"], false);
}

#[test]
fn show_says_what_exchanges_a_reservation_has_left() {
    let (_dir, db, r) = demo_with(
        |r| r["status"] == "Succeeded" && r["resource_type"] == "VirtualMachines",
        "an active VM reservation",
    );
    let id = r["id"].as_str().expect("id");
    let listed = json(&rdesk(&db, &["reservations", "--json"]));
    assert!(
        listed[0]["exchange_right"].is_null(),
        "lists leave it out (null)"
    );
    let shown = json(&rdesk(&db, &["show", id, "--json"]));
    let right = &shown["exchange_right"];
    let purchased = shown["purchase_date"].as_str().unwrap();
    let expected = if purchased >= "2027-02-01" {
        "none"
    } else {
        "unlimited"
    };
    assert_eq!(right["state"], expected, "{right}");
    assert_eq!(right["cutover"], "2027-02-01");
    if expected == "unlimited" {
        assert_eq!(right["until"], "2027-02-01");
        assert!(right["days_left"].as_i64().unwrap() > 0);
    }
    let text = rdesk(&db, &["show", id]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("Exchange right") && text.contains(right["note"].as_str().unwrap()),
        "{text}"
    );
}
