//! Portfolio review on real SQLite files and through the `rdesk` binary: the dashboard JSON
//! contract, its figures against the lists behind them, triage hide/unhide with the audit log,
//! thresholds, reports, and the snapshot cache seeing every change (this process's and others').

use desk::app::TriagePage;
use desk::domain::review::{CalendarFilter, ReviewFilter, ReviewSettings};
use serde_json::Value;
use std::path::Path;
use std::process::Output;

use super::rdesk;

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "rdesk failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

fn json(out: &Output) -> Value {
    serde_json::from_str(&ok(out)).expect("stdout is one JSON document")
}

fn count(v: &Value) -> usize {
    v.as_array().map_or(0, Vec::len)
}

#[test]
fn dashboard_json_keeps_its_contract_and_agrees_with_the_lists() {
    let (_dir, db) = super::temp_db();
    ok(&rdesk(&db, &["demo", "--seed", "7"]));
    let b = json(&rdesk(&db, &["dashboard", "--json"]));
    for key in [
        "commitment_by_currency",
        "expiring",
        "under_utilized",
        "unused_commitment_usd",
        "low_headroom_customers",
    ] {
        assert!(b.get(key).is_some(), "the dashboard JSON has `{key}`: {b}");
    }
    let by_currency = b["commitment_by_currency"].as_object().expect("an object");
    assert!(!by_currency.is_empty());
    for (code, amount) in by_currency {
        assert_eq!(code.len(), 3, "currency codes: {code}");
        assert!(amount
            .as_str()
            .is_some_and(|a| a.parse::<rust_decimal::Decimal>().is_ok()));
    }
    assert!(b["unused_commitment_usd"]
        .as_str()
        .is_some_and(|a| a.parse::<rust_decimal::Decimal>().is_ok()));
    let ids = b["under_utilized"]["ids"].as_array().expect("ids");
    assert_eq!(
        b["under_utilized"]["count"].as_u64(),
        Some(ids.len() as u64)
    );
    assert!(b["low_headroom_customers"].is_array());

    // Each expiring count is what `rdesk reservations --expiring-within N` lists.
    for days in [30, 60, 90] {
        let list = json(&rdesk(
            &db,
            &[
                "reservations",
                "--expiring-within",
                &days.to_string(),
                "--json",
            ],
        ));
        let active = list
            .as_array()
            .expect("array")
            .iter()
            .filter(|r| matches!(r["status"].as_str(), Some("Succeeded" | "Expiring")))
            .count();
        assert_eq!(
            b["expiring"][format!("d{days}")].as_u64(),
            Some(active as u64),
            "expiring within {days} days"
        );
    }
    assert!(b["expiring"]["d30"].as_u64() <= b["expiring"]["d60"].as_u64());

    // --on moves the review day: a year on, everything bought in the demo has moved on.
    let later = json(&rdesk(&db, &["dashboard", "--on", "2031-01-01", "--json"]));
    assert_eq!(later["as_of"], "2031-01-01");
    assert_eq!(
        later["active_reservations"], 0,
        "every demo reservation has expired by 2031"
    );

    let text = ok(&rdesk(&db, &["dashboard"]));
    assert!(text.contains("Expiring (30/60/90 days)"), "{text}");
}

#[test]
fn the_facade_lists_behind_each_figure_match_the_figure() {
    let (_dir, _db, desk) = super::demo_desk();
    let today = super::today();
    let b = desk.dashboard(today).expect("dashboard");
    let n = |f: ReviewFilter| desk.review_list(&f, today, None).expect("list").items.len() as u32;
    assert_eq!(n(ReviewFilter::Active), b.active_reservations);
    assert_eq!(n(ReviewFilter::Expiring { days: 60 }), b.expiring.d60);
    assert_eq!(n(ReviewFilter::UnderUtilized), b.under_utilized.count);
    assert_eq!(n(ReviewFilter::RecentlyExpired), b.recently_expired);
    let under = desk
        .review_list(&ReviewFilter::UnderUtilized, today, None)
        .expect("list")
        .items;
    let head = desk
        .review_list(&ReviewFilter::UnderUtilized, today, Some(2))
        .expect("first rows");
    assert_eq!(
        head.total as usize,
        under.len(),
        "the count covers the whole list"
    );
    assert_eq!(
        head.items.as_slice(),
        &under[..2.min(under.len())],
        "the first rows, in order"
    );
    let listed: Vec<&str> = under.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        listed, b.under_utilized.ids,
        "the same reservations, in the same order"
    );
    let total: rust_decimal::Decimal = under
        .iter()
        .map(|r| {
            r.unused_usd
                .as_deref()
                .expect("the demo's prices are known")
                .parse::<rust_decimal::Decimal>()
                .expect("decimal")
        })
        .sum();
    let figure: rust_decimal::Decimal = b.unused_commitment_usd.parse().expect("decimal");
    assert!(
        (total - figure).abs()
            <= rust_decimal::Decimal::new(1, 2) * rust_decimal::Decimal::from(under.len()),
        "the figure is the sum of the rows (up to rounding each row to cents): {total} vs {figure}"
    );
    let month = &b.charts.expiries_by_month[1];
    assert_eq!(
        n(ReviewFilter::ExpiryMonth {
            month: month.month.clone()
        }),
        month.count
    );
}

/// The keys of a JSON object in the order they are written.
fn keys_in_order(value: &impl serde::Serialize) -> Vec<String> {
    struct Keys(Vec<String>);
    impl<'de> serde::Deserialize<'de> for Keys {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct Visit;
            impl<'de> serde::de::Visitor<'de> for Visit {
                type Value = Keys;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("a JSON object")
                }
                fn visit_map<A: serde::de::MapAccess<'de>>(
                    self,
                    mut map: A,
                ) -> Result<Keys, A::Error> {
                    let mut keys = Vec::new();
                    while let Some(k) = map.next_key::<String>()? {
                        map.next_value::<serde::de::IgnoredAny>()?;
                        keys.push(k);
                    }
                    Ok(Keys(keys))
                }
            }
            d.deserialize_map(Visit)
        }
    }
    let text = serde_json::to_string(value).expect("serializes");
    serde_json::from_str::<Keys>(&text).expect("an object").0
}

/// The shared reservation summary's keys, in the place both views have them.
const SUMMARY: &[&str] = &[
    "resource_type",
    "sku",
    "region",
    "quantity",
    "scope_type",
    "status",
    "renew",
    "expiry_date",
    "days_left",
    "utilization_7d",
    "utilization_30d",
];

#[test]
fn review_items_and_report_reservations_keep_their_json_keys_in_order() {
    // Both flatten the shared ReservationSummary between their own fields: the keys must stay
    // where the window and the report have always read them.
    let (_dir, _db, desk) = super::demo_desk();
    let today = super::today();
    let list = desk
        .review_list(&ReviewFilter::Active, today, Some(1))
        .expect("list");
    assert_eq!(
        keys_in_order(&list.items[0]),
        [
            &["id", "name", "customer_id", "customer_name"][..],
            SUMMARY,
            &["price", "price_usd", "unused_usd", "renewal_lost"],
        ]
        .concat()
    );
    let tenant = list.items[0].customer_id.clone();
    let report = desk.customer_report(&tenant, today).expect("report");
    assert_eq!(
        keys_in_order(&report.reservations[0]),
        [
            &["id", "order_id", "name"][..],
            SUMMARY,
            &["under_utilized", "price", "unused_30d", "daily"],
        ]
        .concat()
    );
}

#[test]
fn hiding_a_triage_item_is_kept_audited_and_undoable() {
    let (_dir, db) = super::temp_db();
    ok(&rdesk(&db, &["demo", "--seed", "7"]));
    let q = json(&rdesk(&db, &["triage", "list", "--json"]));
    let items = q["items"].as_array().expect("items");
    assert!(!items.is_empty(), "the demo has decisions to make");
    let key = items[0]["key"].as_str().expect("key").to_string();
    let before = items.len();

    let empty = rdesk(&db, &["triage", "hide", &key, "--reason", "   "]);
    assert_eq!(empty.status.code(), Some(1), "a reason is required");
    assert!(String::from_utf8_lossy(&empty.stderr).contains("reason"));
    let unknown = rdesk(
        &db,
        &[
            "triage",
            "hide",
            "idle:00000000-0000-0000-0000-000000000000",
            "--reason",
            "x",
        ],
    );
    assert_eq!(
        unknown.status.code(),
        Some(1),
        "an unknown reservation is refused"
    );

    ok(&rdesk(
        &db,
        &[
            "triage",
            "hide",
            &key,
            "--reason",
            "Migrating to a savings plan",
        ],
    ));
    let q = json(&rdesk(&db, &["triage", "list", "--json"]));
    assert_eq!(count(&q["items"]), before - 1);
    assert_eq!(q["hidden_count"], 1);
    assert!(q["items"]
        .as_array()
        .expect("items")
        .iter()
        .all(|i| i["key"] != key.as_str()));
    let all = json(&rdesk(&db, &["triage", "list", "--all", "--json"]));
    let hidden = all["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["key"] == key.as_str())
        .expect("--all shows the hidden item");
    assert_eq!(hidden["hidden"]["reason"], "Migrating to a savings plan");

    let audit = json(&rdesk(&db, &["audit", "--json"]));
    let entry = audit
        .as_array()
        .expect("audit rows")
        .iter()
        .find(|e| e["action"] == "triage.hide")
        .expect("the audit log records the hide");
    assert_eq!(entry["subject"], key.as_str());

    ok(&rdesk(&db, &["triage", "unhide", &key]));
    let q = json(&rdesk(&db, &["triage", "list", "--json"]));
    assert_eq!(count(&q["items"]), before, "the item is back");
    assert_eq!(q["hidden_count"], 0);
    let audit = json(&rdesk(&db, &["audit", "--json"]));
    assert!(audit
        .as_array()
        .expect("rows")
        .iter()
        .any(|e| e["action"] == "triage.unhide"));
    let again = rdesk(&db, &["triage", "unhide", &key]);
    assert_eq!(
        again.status.code(),
        Some(1),
        "nothing hidden under that key any more"
    );
}

#[test]
fn thresholds_change_the_figures_and_bad_ones_are_refused() {
    let (_dir, _db, desk) = super::demo_desk();
    let today = super::today();
    let before = desk
        .dashboard(today)
        .expect("dashboard")
        .under_utilized
        .count;
    let strict = ReviewSettings {
        underuse_threshold_percent: "95".into(),
        ..ReviewSettings::default()
    };
    desk.set_review_settings(&strict).expect("valid settings");
    let after = desk.dashboard(today).expect("dashboard");
    assert!(
        after.under_utilized.count > before,
        "a higher threshold flags more"
    );
    assert_eq!(after.underuse_threshold_percent, "95");
    let err = desk
        .set_review_settings(&ReviewSettings {
            underuse_threshold_percent: "120".into(),
            ..ReviewSettings::default()
        })
        .expect_err("over 100 %");
    assert_eq!(
        err.body().field.as_deref(),
        Some("underuse_threshold_percent")
    );
    assert_eq!(
        desk.review_settings().expect("settings"),
        {
            let mut s = strict.clone();
            s.low_headroom_usd = "10000".into();
            s
        },
        "a refused change leaves the saved thresholds alone"
    );
}

#[test]
fn the_cache_sees_writes_from_another_process() {
    let (_dir, db, desk) = super::demo_desk();
    let today = super::today();
    let q = desk.triage(today, TriagePage::ALL).expect("triage");
    let key = q.items[0].key.clone();
    // Another process (the CLI) hides an item while this one holds its snapshot.
    ok(&rdesk(
        &db,
        &["triage", "hide", &key, "--reason", "handled elsewhere"],
    ));
    let q2 = desk.triage(today, TriagePage::ALL).expect("triage");
    assert_eq!(
        q2.hidden_count, 1,
        "the snapshot was rebuilt after the other process wrote"
    );
    assert!(q2.items.iter().all(|i| i.key != key));
    // And a write through this facade too.
    desk.unhide_triage_item(&key).expect("unhide");
    assert_eq!(
        desk.triage(today, TriagePage::ALL)
            .expect("triage")
            .hidden_count,
        0
    );
}

#[test]
fn reports_are_written_in_the_billing_currency_and_escape_names() {
    let (dir, db) = super::temp_db();
    ok(&rdesk(&db, &["demo", "--seed", "7"]));
    let customers = json(&rdesk(&db, &["customers", "--json"]));
    let c = customers
        .as_array()
        .expect("customers")
        .iter()
        .find(|c| c["billing_currency"] != "USD" && c["reservation_count"].as_u64() > Some(1))
        .expect("a customer billed in another currency");
    let tenant = c["tenant_id"].as_str().expect("tenant");
    let currency = c["billing_currency"].as_str().expect("currency");

    let html = dir.path().join("review.html");
    let out = ok(&rdesk(
        &db,
        &[
            "report",
            "--customer",
            tenant,
            "--format",
            "html",
            "--out",
            html.to_str().expect("path"),
        ],
    ));
    assert!(out.contains("Wrote"), "{out}");
    let page = std::fs::read_to_string(&html).expect("the report exists");
    assert!(page.starts_with("<!doctype html>") || page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("Reservation review"));
    assert!(page.contains(currency), "money in {currency}");
    assert!(!page.contains("<script"), "no script in a report");

    let csv = dir.path().join("review.csv");
    ok(&rdesk(
        &db,
        &[
            "report",
            "--customer",
            tenant,
            "--format",
            "csv",
            "--out",
            csv.to_str().expect("path"),
        ],
    ));
    let text = std::fs::read_to_string(&csv).expect("the CSV exists");
    let mut lines = text.lines();
    assert!(lines
        .next()
        .expect("header")
        .starts_with("customer,tenant_id,reservation_id"));
    assert_eq!(
        lines.count() as u64,
        c["reservation_count"].as_u64().expect("count")
    );

    let bad = rdesk(
        &db,
        &[
            "report",
            "--customer",
            tenant,
            "--format",
            "pdf",
            "--out",
            "x",
        ],
    );
    assert_eq!(
        bad.status.code(),
        Some(2),
        "an unknown format is a usage error"
    );
    let missing = rdesk(
        &db,
        &[
            "report",
            "--customer",
            "11111111-2222-3333-4444-555555555555",
            "--format",
            "csv",
            "--out",
            csv.to_str().expect("path"),
        ],
    );
    assert_eq!(missing.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(&csv).expect("still there"),
        text,
        "a failed report leaves the old file alone"
    );
    let nowhere = rdesk(
        &db,
        &[
            "report",
            "--customer",
            tenant,
            "--format",
            "csv",
            "--out",
            "/nonexistent-dir/r.csv",
        ],
    );
    assert_eq!(nowhere.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&nowhere.stderr).contains("/nonexistent-dir/r.csv"),
        "the error names the file"
    );

    // A hostile name from an imported file is text in the page, never markup.
    let hostile = r#"<img src=x onerror="alert(1)"></style><script>alert(2)</script> & Co"#;
    let pc = dir.path().join("customers.json");
    let id = "5d1f3e2a-8b7c-4d6e-9f0a-1b2c3d4e5f60";
    std::fs::write(
        &pc,
        serde_json::json!({"totalCount": 1, "items": [{"id": id, "companyProfile": {"tenantId": id, "domain": "x.onmicrosoft.com", "companyName": hostile}, "attributes": {"objectType": "Customer"}}], "attributes": {"objectType": "Collection"}}).to_string(),
    )
    .expect("write");
    ok(&rdesk(&db, &["import", pc.to_str().expect("path")]));
    ok(&rdesk(
        &db,
        &[
            "report",
            "--customer",
            id,
            "--format",
            "html",
            "--out",
            html.to_str().expect("path"),
        ],
    ));
    let page = std::fs::read_to_string(&html).expect("report");
    assert!(!page.contains("<img"), "the name is escaped");
    assert!(!page.contains("<script"), "the name is escaped");
    assert!(page.contains("&lt;img"), "and shown as text");
}

#[test]
fn reports_follow_the_language_asked_for() {
    let (dir, db) = super::temp_db();
    ok(&rdesk(&db, &["demo", "--seed", "7"]));
    let customers = json(&rdesk(&db, &["customers", "--json"]));
    let c = customers
        .as_array()
        .expect("customers")
        .iter()
        .find(|c| c["reservation_count"].as_u64() > Some(0))
        .expect("a customer with reservations");
    let tenant = c["tenant_id"].as_str().expect("tenant");
    let currency = c["billing_currency"].as_str().expect("currency");
    let report = |lang: Option<&str>, format: &str, file: &Path| {
        let mut args = vec![
            "report",
            "--customer",
            tenant,
            "--format",
            format,
            "--out",
            file.to_str().expect("path"),
        ];
        if let Some(lang) = lang {
            args.extend(["--lang", lang]);
        }
        rdesk(&db, &args)
    };

    let zh = dir.path().join("review.zh.html");
    let out = ok(&report(Some("zh-CN"), "html", &zh));
    assert!(out.contains("Wrote"), "{out}");
    let page = std::fs::read_to_string(&zh).expect("the Chinese report exists");
    assert!(page.contains("<html lang=\"zh-CN\">"));
    assert!(page.contains("预留"));
    assert!(page.contains("使用率") && page.contains("剩余退款额度"));
    assert!(page.contains("2026年11月24日") && page.contains("2026-11-24"));
    assert!(page.contains(currency), "money still in {currency}");
    assert!(!page.contains("Reservation review"), "no English title");
    assert!(!page.contains("<script"));

    // The default stays English, and the language tag is read in any case.
    let en = dir.path().join("review.en.html");
    ok(&report(None, "html", &en));
    let english = std::fs::read_to_string(&en).expect("the English report exists");
    assert!(english.contains("<html lang=\"en\">"));
    assert!(english.contains("Reservation review"));
    assert!(!english.contains("预留"));
    ok(&report(Some("ZH-cn"), "html", &en));
    assert!(std::fs::read_to_string(&en)
        .expect("rewritten")
        .contains("<html lang=\"zh-CN\">"));

    // The CSV is for machines: English headers whatever the language.
    let csv = dir.path().join("review.csv");
    ok(&report(Some("zh-CN"), "csv", &csv));
    let text = std::fs::read_to_string(&csv).expect("the CSV exists");
    assert!(text.starts_with("customer,tenant_id,reservation_id"));

    let fr = dir.path().join("review.fr.html");
    let bad = report(Some("fr"), "html", &fr);
    assert_eq!(
        bad.status.code(),
        Some(2),
        "an unknown language is a usage error"
    );
    assert!(String::from_utf8_lossy(&bad.stderr).contains("fr"));
    assert!(!fr.exists(), "and writes nothing");
}

#[test]
fn the_calendar_lists_expiries_in_range_with_filters() {
    let (_dir, _db, desk) = super::demo_desk();
    let today = super::today();
    let from = super::today();
    let to = from + chrono::Days::new(365);
    let all = desk
        .calendar(from, to, &CalendarFilter::default(), today)
        .expect("calendar");
    assert!(!all.entries.is_empty());
    assert!(
        all.entries.windows(2).all(|w| w[0].date <= w[1].date),
        "by date"
    );
    let region = all.entries[0].reservation.summary.region.clone();
    let filtered = desk
        .calendar(
            from,
            to,
            &CalendarFilter {
                region: Some(region.to_uppercase()),
                ..CalendarFilter::default()
            },
            today,
        )
        .expect("calendar");
    assert!(!filtered.entries.is_empty());
    assert!(filtered.entries.iter().all(|e| e
        .reservation
        .summary
        .region
        .eq_ignore_ascii_case(&region)));
    assert!(filtered.entries.len() <= all.entries.len());
    assert!(
        desk.calendar(to, from, &CalendarFilter::default(), today)
            .is_err(),
        "a backwards range is refused"
    );
}

#[test]
fn expiries_export_as_an_ics_file_a_mail_client_imports() {
    let (dir, _db, desk) = super::demo_desk();
    let today = super::today();
    let to = today + chrono::Days::new(365);
    let view = desk
        .calendar(today, to, &CalendarFilter::default(), today)
        .expect("calendar");
    let path = dir.path().join("expiries.ics");
    let saved = desk
        .save_expiries_ics(today, to, &CalendarFilter::default(), &path, today)
        .expect("saved");
    assert_eq!(saved.items as usize, view.entries.len());
    let text = std::fs::read_to_string(&path).expect("read");
    assert_eq!(saved.bytes as usize, text.len());
    assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    assert_eq!(text.matches("BEGIN:VEVENT\r\n").count(), view.entries.len());
    let first = &view.entries[0];
    assert!(text.contains(&format!(
        "DTSTART;VALUE=DATE:{}\r\n",
        first.date.format("%Y%m%d")
    )));
    assert!(text.contains(&format!(
        "UID:{}-expiry@reservation-desk\r\n",
        first.reservation.id.to_ascii_lowercase()
    )));
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "a line longer than 75 octets: {line}");
        assert!(!line.contains('\n') && !line.contains('\r'));
    }
    assert!(!dir.path().join(".expiries.ics.partial").exists());
    assert!(desk
        .save_expiries_ics(to, today, &CalendarFilter::default(), &path, today)
        .is_err());
}

#[test]
fn a_list_exports_as_csv_exactly_as_shown() {
    let (dir, _db, desk) = super::demo_desk();
    let path = dir.path().join("customers.csv");
    let table = desk::app::ListTable {
        header: vec!["Customer".into(), "Total commitment (USD)".into()],
        rows: vec![
            vec!["Contoso, Ltd".into(), "1,234.50 USD".into()],
            vec!["@SUM(A1)".into(), "—".into()],
        ],
    };
    let saved = desk.save_list_csv(&table, &path).expect("saved");
    assert_eq!(saved.items, 2);
    let text = std::fs::read_to_string(&path).expect("read");
    assert_eq!(
        text,
        "\u{feff}Customer,Total commitment (USD)\r\n\"Contoso, Ltd\",\"1,234.50 USD\"\r\n'@SUM(A1),—\r\n"
    );
}
