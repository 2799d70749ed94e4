//! Names a customer controls (company name, reservation display name) carrying terminal control,
//! bidi-override and formula text: stored and `--json`ed exactly, shown inert in every output a
//! person reads (CLI tables and details, ticket text, CSV and HTML reports, audit).

use serde_json::Value;

use super::rdesk;

/// ESC sequences (retitle, clear, colour), BEL, NUL, DEL, C1 (NEL, CSI), every bidi embedding,
/// override and isolate, a zero-width joiner that must stay, a formula and markup.
const COMPANY: &str = "Fabrikam\u{1b}]0;pwned\u{7}\u{1b}[2J \u{0}\u{7f}\u{85}\u{9b}31m \
    \u{202a}a\u{202b}b\u{202c}c\u{202d}d\u{202e}e \u{2066}f\u{2067}g\u{2068}h\u{2069} \
    👩\u{200d}💻 =cmd|' /C calc'!A0 <script>alert(1)</script>";

fn reservation_name() -> String {
    format!("vm\u{1b}[31mred\u{202e}evil {}", "n".repeat(1000))
}

/// The characters that must never reach a person raw (what `desk::text::is_unsafe` names),
/// newline allowed as a line end.
fn raw_unsafe(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| c != '\n' && desk::text::is_unsafe(c))
        .collect()
}

fn stdout(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "rdesk failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

fn assert_inert(what: &str, text: &str) {
    let raw = raw_unsafe(text);
    assert!(raw.is_empty(), "{what} shows raw {raw:?}:\n{text}");
}

/// A demo store where one refundable reservation and its customer carry the hostile names,
/// brought in by importing an edited portfolio file.
fn hostile_store() -> (tempfile::TempDir, std::path::PathBuf, String, String) {
    let (dir, db) = super::temp_db();
    assert!(rdesk(&db, &["demo", "--seed", "7"]).status.success());
    let list: Value =
        serde_json::from_str(&stdout(&rdesk(&db, &["reservations", "--json"]))).expect("json");
    let r = list
        .as_array()
        .expect("array")
        .iter()
        .find(|r| {
            r["status"] == "Succeeded"
                && r["days_left"].as_i64() > Some(60)
                && serde_json::from_str::<Value>(&stdout(&rdesk(
                    &db,
                    &["refund-quote", r["id"].as_str().unwrap_or(""), "--json"],
                )))
                .is_ok_and(|q| q["allowed"] == true)
        })
        .expect("a refundable reservation in the demo")
        .clone();
    let id = r["id"].as_str().expect("id").to_string();
    let tenant = r["customer_id"].as_str().expect("tenant").to_string();
    let file = dir.path().join("portfolio.jsonl");
    stdout(&rdesk(
        &db,
        &["export", "--out", file.to_str().expect("path")],
    ));
    let edited: Vec<String> = std::fs::read_to_string(&file)
        .expect("portfolio")
        .lines()
        .map(|l| {
            let mut v: Value = serde_json::from_str(l).expect("a JSON line");
            if v["kind"] == "customer" && v["tenant_id"] == tenant.as_str() {
                v["name"] = COMPANY.into();
            }
            if v["kind"] == "reservation" && v["id"] == id.as_str() {
                v["display_name"] = reservation_name().into();
            }
            v.to_string()
        })
        .collect();
    std::fs::write(&file, edited.join("\n") + "\n").expect("write");
    let out = stdout(&rdesk(&db, &["import", file.to_str().expect("path")]));
    assert_inert("import", &out);
    (dir, db, id, tenant)
}

#[test]
fn hostile_names_are_kept_exactly_and_shown_inert_everywhere() {
    let (dir, db, id, tenant) = hostile_store();

    // Kept exactly: the JSON a program reads back has the original characters.
    let customers = stdout(&rdesk(&db, &["customers", "--json"]));
    assert_inert("customers --json (escaped)", &customers);
    let customers: Value = serde_json::from_str(&customers).expect("json");
    assert!(customers
        .as_array()
        .expect("array")
        .iter()
        .any(|c| c["name"] == COMPANY));
    let shown: Value =
        serde_json::from_str(&stdout(&rdesk(&db, &["show", &id, "--json"]))).expect("json");
    assert_eq!(shown["display_name"], reservation_name().as_str());
    assert_eq!(shown["customer_name"], COMPANY);

    // Shown inert: every table and detail view.
    let table = stdout(&rdesk(&db, &["customers"]));
    assert_inert("customers", &table);
    assert!(
        table.contains("Fabrikam\\u{1b}]0;pwned\\u{7}\\u{1b}[2J"),
        "{table}"
    );
    assert!(table.contains("👩\u{200d}💻"), "the joiner stays");
    assert!(
        table.contains("=cmd|' /C calc'!A0 <script>"),
        "plain text stays"
    );
    // Columns still line up: the tenant ID column starts at the same place on every row.
    let hostile_row = table.lines().find(|l| l.contains(&tenant)).expect("row");
    let at = desk::text::width(&hostile_row[..hostile_row.find(&tenant).expect("tenant")]);
    let header = table.lines().next().expect("header");
    assert_eq!(
        at,
        desk::text::width(&header[..header.find("TENANT ID").expect("column")]),
        "the tenant column aligns with its header:\n{table}"
    );

    for args in [
        vec!["reservations"],
        vec!["reservations", "--customer", &tenant],
        vec!["show", &id],
        vec!["refund-quote", &id],
        vec!["triage", "list", "--all"],
        vec!["access", "list", &id],
        vec!["dashboard"],
    ] {
        assert_inert(&args.join(" "), &stdout(&rdesk(&db, &args)));
    }
    let detail = stdout(&rdesk(&db, &["show", &id]));
    assert!(detail.contains("vm\\u{1b}[31mred\\u{202e}evil"), "{detail}");

    // Ticket text, as drafted and as shown again; its JSON too (it is text to paste).
    let drafted = stdout(&rdesk(
        &db,
        &[
            "ticket",
            "draft-refund",
            &id,
            "--reason",
            "moved\u{1b}[8m to\u{202e} PaaS",
        ],
    ));
    assert_inert("ticket draft-refund", &drafted);
    assert!(
        drafted.contains("Customer: Fabrikam\\u{1b}]0;pwned"),
        "{drafted}"
    );
    let tickets: Value =
        serde_json::from_str(&stdout(&rdesk(&db, &["tickets", "--json"]))).expect("json");
    let ticket = tickets
        .as_array()
        .and_then(|t| t.last())
        .expect("the new ticket");
    let number = ticket["id"].as_u64().expect("id").to_string();
    for text in [
        ticket["text"].as_str().expect("text"),
        ticket["draft"]["problem"]["summary"]
            .as_str()
            .expect("summary"),
        ticket["draft"]["problem"]["description"]
            .as_str()
            .expect("description"),
    ] {
        assert_inert("ticket JSON text", text);
    }
    assert_inert(
        "ticket show",
        &stdout(&rdesk(&db, &["ticket", "show", &number])),
    );
    assert_inert("tickets", &stdout(&rdesk(&db, &["tickets"])));
    assert_inert("audit", &stdout(&rdesk(&db, &["audit"])));

    // Reports: CSV and HTML files.
    for format in ["csv", "html"] {
        let out = dir.path().join(format!("report.{format}"));
        stdout(&rdesk(
            &db,
            &[
                "report",
                "--customer",
                &tenant,
                "--format",
                format,
                "--out",
                out.to_str().expect("path"),
            ],
        ));
        let text = std::fs::read_to_string(&out).expect("report");
        let raw: Vec<char> = raw_unsafe(&text)
            .into_iter()
            .filter(|&c| c != '\r')
            .collect();
        assert!(raw.is_empty(), "{format} report shows raw {raw:?}");
        assert!(text.contains("Fabrikam\\u{1b}]0;pwned"), "{format}");
        if format == "csv" {
            assert!(!text.contains(",=cmd"), "formulas stay defused");
        } else {
            assert!(!text.contains("<script>alert(1)"), "markup stays text");
        }
    }

    // The portfolio file keeps the exact names, written as escapes.
    let file = dir.path().join("again.jsonl");
    stdout(&rdesk(
        &db,
        &["export", "--out", file.to_str().expect("path")],
    ));
    let exported = std::fs::read_to_string(&file).expect("portfolio");
    assert_inert("portfolio file", &exported);
    assert!(exported
        .lines()
        .any(|l| serde_json::from_str::<Value>(l).is_ok_and(|v| v["name"] == COMPANY)));
}

#[test]
fn a_failed_import_reads_right_and_shows_the_value_inert() {
    let (dir, db) = super::temp_db();
    let file = dir.path().join("roles.json");
    // One bad value carrying an escape sequence: the problem line shows it, inert and cut.
    let bad = format!("\u{1b}[2J{}", "x".repeat(300));
    std::fs::write(
        &file,
        serde_json::json!([{
            "principalId": bad,
            "principalName": "a",
            "principalType": "User",
            "roleDefinitionName": "Owner",
            "scope": "/providers/Microsoft.Capacity/reservationOrders/329b6c7b-ee70-401a-afc3-7090d6fd255d"
        }])
        .to_string(),
    )
    .expect("write");
    let out = rdesk(&db, &["import", file.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).expect("UTF-8");
    assert_inert("import problems", &err);
    let last = err.lines().last().expect("a summary line");
    assert_eq!(
        last,
        "rdesk: error: import: 1 problem found; nothing was imported"
    );
    let problem = err.lines().next().expect("a problem line");
    assert!(problem.contains("roles.json"), "{problem}");
    assert!(problem.contains("principalId"), "{problem}");
    assert!(problem.contains("\\u{1b}[2J"), "{problem}");
    assert!(
        problem.contains("characters)"),
        "long values are cut with their length: {problem}"
    );
}

#[test]
fn utf16_exports_import_like_their_utf8_twins() {
    let (dir, db) = super::temp_db();
    let id = "5d1f3e2a-8b7c-4d6e-9f0a-1b2c3d4e5f60";
    let json = serde_json::json!({"totalCount": 1, "items": [{"id": id, "companyProfile": {"tenantId": id, "domain": "x.onmicrosoft.com", "companyName": "Contoso 日本 👩\u{200d}💻"}, "attributes": {"objectType": "Customer"}}], "attributes": {"objectType": "Collection"}}).to_string();
    for (name, bom, le) in [
        ("le.json", [0xFF, 0xFE], true),
        ("be.json", [0xFE, 0xFF], false),
    ] {
        let mut bytes = bom.to_vec();
        for u in json.encode_utf16() {
            bytes.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        let file = dir.path().join(name);
        std::fs::write(&file, bytes).expect("write");
        let out = rdesk(&db, &["import", file.to_str().expect("path")]);
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let customers: Value =
        serde_json::from_str(&stdout(&rdesk(&db, &["customers", "--json"]))).expect("json");
    assert_eq!(customers[0]["name"], "Contoso 日本 👩\u{200d}💻");

    // A broken UTF-16 file is refused with where it breaks, and nothing is written.
    let file = dir.path().join("odd.json");
    let mut bytes = vec![0xFF, 0xFE];
    for u in "{\"items\": []".encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    bytes.push(b'x');
    std::fs::write(&file, bytes).expect("write");
    let out = rdesk(
        &db,
        &[
            "import",
            "--format",
            "partner-center",
            file.to_str().expect("path"),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("odd.json") && err.contains("UTF-16"), "{err}");
}
