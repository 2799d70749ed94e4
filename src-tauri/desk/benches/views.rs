//! View benchmark: the data each window view asks for, on the portfolio of 5,000
//! customers and 50,000 reservations with 365 days of utilization (`rdesk demo --customers 5000
//! --reservations 50000 --days 365`). Each path is timed warm (the review snapshot is current) and
//! after a change to the store (the snapshot is rebuilt first), next to its target, including the
//! JSON the window receives. Reports median, p95 and max; asserts nothing about time.
//!
//! `cargo bench -p desk --bench views [-- CUSTOMERS RESERVATIONS DAYS]`, or `bash .ci/bench-views.sh`.

use chrono::NaiveDate;
use desk::app::TriagePage;
use desk::demo::DemoOptions;
use desk::domain::review::{CalendarFilter, ReviewFilter};
use desk::Desk;
use std::time::{Duration, Instant};

struct Row {
    name: &'static str,
    target_ms: Option<f64>,
    samples: Vec<Duration>,
    bytes: usize,
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn measure<T: serde::Serialize>(
    name: &'static str,
    target_ms: Option<f64>,
    runs: usize,
    mut f: impl FnMut() -> T,
) -> Row {
    let mut samples = Vec::with_capacity(runs);
    let mut bytes = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let value = f();
        // The window receives JSON: serializing is part of what it waits for.
        bytes = serde_json::to_vec(&value).map_or(0, |v| v.len());
        samples.push(start.elapsed());
    }
    samples.sort();
    Row {
        name,
        target_ms,
        samples,
        bytes,
    }
}

fn pick(samples: &[Duration], q: f64) -> Duration {
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let i = ((samples.len() as f64 - 1.0) * q).round() as usize;
    samples.get(i).copied().unwrap_or_default()
}

fn main() {
    let args: Vec<u32> = std::env::args()
        .skip(1)
        .filter_map(|a| a.replace('_', "").parse().ok())
        .collect();
    let customers = args.first().copied().unwrap_or(5_000);
    let reservations = args.get(1).copied().unwrap_or(50_000);
    let days = args.get(2).copied().unwrap_or(365);
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).expect("date");
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("views.sqlite3");

    let start = Instant::now();
    let desk = Desk::open(&db).expect("open");
    let demo = desk
        .load_demo(
            &DemoOptions {
                customers,
                reservations: Some(reservations),
                days,
                seed: 5,
                today,
            },
            false,
            &mut |_| {},
        )
        .expect("demo");
    println!(
        "portfolio: {} customers, {} reservations, {} utilization days (loaded in {:.1} s)",
        demo.customers,
        demo.reservations,
        demo.utilization_days,
        start.elapsed().as_secs_f64()
    );
    drop(desk);

    // A fresh process opens the store: the first dashboard builds the snapshot.
    let desk = Desk::open(&db).expect("reopen");
    let first = Instant::now();
    let board = desk.dashboard(today).expect("dashboard");
    let first = first.elapsed();
    let tenant = desk.customers(None, today).expect("customers")[customers as usize / 2]
        .tenant_id
        .clone();
    let under = board.under_utilized.ids.first().cloned();

    let mut rows = Vec::new();
    rows.push(measure("dashboard (warm)", Some(50.0), 200, || {
        desk.dashboard(today).expect("dashboard")
    }));
    // A change (hide, then show, a triage item) makes the next read rebuild the snapshot.
    let triage_key = desk
        .triage(today, TriagePage::ALL)
        .expect("triage")
        .items
        .first()
        .map(|i| i.key.clone());
    rows.push(measure("dashboard after a change", Some(50.0), 10, || {
        if let Some(k) = &triage_key {
            desk.hide_triage_item(k, "benchmark").expect("hide");
            desk.unhide_triage_item(k).expect("unhide");
        }
        desk.dashboard(today).expect("dashboard")
    }));
    // Another process (the CLI, an import) writes: the next read rebuilds the snapshot.
    let other = Desk::open(&db).expect("second connection");
    rows.push(measure(
        "dashboard after another process wrote",
        Some(50.0),
        10,
        || {
            if let Some(k) = &triage_key {
                other.hide_triage_item(k, "benchmark").expect("hide");
                other.unhide_triage_item(k).expect("unhide");
            }
            desk.dashboard(today).expect("dashboard")
        },
    ));
    drop(other);
    for (name, q) in [
        ("search keystroke \"c\"", "c"),
        ("search keystroke \"co\"", "co"),
        ("search keystroke \"con\"", "con"),
        ("search keystroke \"contoso\"", "contoso"),
    ] {
        rows.push(measure(name, Some(16.0), 200, || {
            desk.customers(Some(q), today).expect("search")
        }));
    }
    rows.push(measure("customer list, all 5,000", None, 50, || {
        desk.customers(None, today).expect("customers")
    }));
    rows.push(measure(
        "open a customer (detail + reservations)",
        Some(50.0),
        200,
        || {
            (
                desk.customer(&tenant, today).expect("customer"),
                desk.reservations(Some(&tenant), None, today)
                    .expect("reservations"),
            )
        },
    ));
    if let Some(id) = &under {
        rows.push(measure(
            "open a reservation (+365-day chart)",
            Some(50.0),
            200,
            || {
                (
                    desk.reservation(id, today).expect("reservation"),
                    desk.utilization(id).expect("utilization"),
                )
            },
        ));
    }
    let first_page = TriagePage {
        include_hidden: false,
        offset: 0,
        limit: Some(200),
    };
    rows.push(measure(
        "triage queue (first 200 + counts)",
        Some(50.0),
        100,
        || desk.triage(today, first_page).expect("triage"),
    ));
    rows.push(measure("triage queue (all items)", None, 20, || {
        desk.triage(today, TriagePage::ALL).expect("triage")
    }));
    rows.push(measure(
        "review list: expiring in 90 days",
        Some(50.0),
        100,
        || {
            desk.review_list(&ReviewFilter::Expiring { days: 90 }, today, None)
                .expect("list")
        },
    ));
    rows.push(measure(
        "review list: first 200 of all active",
        Some(50.0),
        100,
        || {
            desk.review_list(&ReviewFilter::Active, today, Some(200))
                .expect("list")
        },
    ));
    rows.push(measure("review list: all active", None, 20, || {
        desk.review_list(&ReviewFilter::Active, today, None)
            .expect("list")
    }));
    let from = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    let to = NaiveDate::from_ymd_opt(2026, 12, 31).expect("date");
    rows.push(measure("calendar month", Some(50.0), 100, || {
        desk.calendar(from, to, &CalendarFilter::default(), today)
            .expect("calendar")
    }));
    rows.push(measure("review report (HTML)", None, 20, || {
        desk.render_report(
            &tenant,
            desk::app::ReportFormat::Html,
            desk::app::ReportLanguage::En,
            today,
        )
        .expect("report")
        .0
    }));

    println!(
        "first dashboard after opening the store (builds the snapshot): {:.1} ms",
        ms(first)
    );
    println!(
        "{:<42} {:>9} {:>9} {:>9} {:>9} {:>10}",
        "path", "median", "p95", "max", "target", "JSON"
    );
    for r in &rows {
        let target = r
            .target_ms
            .map_or_else(|| "-".to_string(), |t| format!("<{t:.0} ms"));
        println!(
            "{:<42} {:>6.2} ms {:>6.2} ms {:>6.2} ms {:>9} {:>7} kB",
            r.name,
            ms(pick(&r.samples, 0.5)),
            ms(pick(&r.samples, 0.95)),
            ms(pick(&r.samples, 1.0)),
            target,
            r.bytes / 1024
        );
    }
}
