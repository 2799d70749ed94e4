//! Import benchmark: generates Cost Management reservation-details CSVs of N rows (default
//! 1,000,000; `cargo bench -p desk --bench import -- 200000` for another N) for a demo portfolio
//! of 2,000 reservations, imports each with the release `rdesk` binary (validating and upserting
//! into the real store), and — in the same run, on the same file — times the SQLite shell's
//! `.import --csv` into a bare table. Three cases:
//!
//! - **empty store**: the reservations without any utilization; the file holds one or two
//!   instances per reservation-day, going back a day at a time from yesterday.
//! - **incremental**: the store already holds a year of daily utilization (365 days) for the
//!   same reservations, and the file is the *next* month: 30 days after that year, every
//!   reservation-day spread over as many instances as it takes to reach N rows (about 17 per
//!   reservation-day at 1,000,000 rows), as a month's export of a busy portfolio looks.
//! - **overlapping**: the empty-store file imported into that year store: its days, going back
//!   from yesterday, are mostly days the store already holds with other hours (a re-export of a
//!   longer period), so most of them are updates.
//!
//! Each import runs `BENCH_IMPORT_RUNS` times (default 3) on a fresh copy of the store, the shell
//! as often into a fresh file, alternately; the fastest run of each is reported (the machine may
//! be busy with other work). Reports seconds, rows/s, rdesk's peak memory and rdesk's time as a
//! multiple of the shell's (below 1 is faster than the shell); asserts nothing about time.
//!
//! Run with `bash .ci/bench-import.sh [ROWS]`, which installs the `sqlite3` shell first.

use chrono::{Days, NaiveDate};
use desk::demo::DemoOptions;
use desk::Desk;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Reservations in the demo portfolio.
const RESERVATIONS: u32 = 2_000;
/// Days of utilization already stored in the incremental case.
const YEAR: u32 = 365;
/// Days in the imported month of the incremental case.
const MONTH: u64 = 30;

type Ids = Vec<(String, String, String)>;

fn main() {
    let rows: u64 = std::env::args()
        .skip(1)
        .find_map(|a| a.replace('_', "").parse().ok())
        .unwrap_or(1_000_000);
    let runs: u32 = std::env::var("BENCH_IMPORT_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3)
        .max(1);
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).expect("date");
    let dir = tempfile::tempdir().expect("temp dir");

    // Empty store: reservations only.
    let empty_db = dir.path().join("empty.sqlite3");
    let ids = demo(&empty_db, today);
    let empty_csv = dir.path().join("details-empty.csv");
    let started = Instant::now();
    write_csv(&empty_csv, &ids, rows, today);
    report_generated(&empty_csv, rows, ids.len(), started);

    // Incremental: the same reservations with a year of daily utilization, one row per
    // reservation-day, imported the way the store gets it; the file is the month since.
    let year_db = dir.path().join("year.sqlite3");
    let month_start = today.checked_sub_days(Days::new(MONTH)).expect("day");
    let year_start = month_start
        .checked_sub_days(Days::new(u64::from(YEAR)))
        .expect("day");
    let started = Instant::now();
    let year_ids = demo(&year_db, today);
    let (quantities, _) = month_layout(year_ids.len(), rows);
    let year_csv = dir.path().join("details-year.csv");
    write_days_csv(
        &year_csv,
        &year_ids,
        year_start,
        u64::from(YEAR),
        &vec![1; year_ids.len()],
        &quantities,
        u64::MAX,
    );
    import(&year_db, &year_csv).expect("import the year");
    std::fs::remove_file(&year_csv).expect("remove");
    println!(
        "incremental store: {} reservations, {} daily utilization rows ({YEAR} days each, {year_start} to {}), built in {:.1} s",
        year_ids.len(),
        stored_days(&year_db),
        month_start.pred_opt().expect("day"),
        started.elapsed().as_secs_f64()
    );
    let month_csv = dir.path().join("details-month.csv");
    let started = Instant::now();
    let (quantities, instances) = month_layout(year_ids.len(), rows);
    write_days_csv(
        &month_csv,
        &year_ids,
        month_start,
        MONTH,
        &instances,
        &quantities,
        rows,
    );
    report_generated(&month_csv, rows, year_ids.len(), started);

    let empty = measure(dir.path(), &empty_db, &empty_csv, runs);
    let incremental = measure(dir.path(), &year_db, &month_csv, runs);
    let overlap = measure(dir.path(), &year_db, &empty_csv, runs);

    let rate = |secs: f64| rows as f64 / secs.max(1e-9);
    println!();
    println!(
        "| import of {rows} reservation-details rows (fastest of {runs}) | rdesk | rdesk rows/s | rdesk peak RSS | sqlite3 `.import --csv` into a bare table | sqlite3 rows/s | rdesk time / sqlite3 time |"
    );
    println!("|---|---|---|---|---|---|---|");
    let cases = [
        ("empty store".to_string(), &empty),
        (
            format!(
                "incremental: store with {} reservations × {YEAR} days, next {MONTH} days",
                fmt_thousands(u64::from(RESERVATIONS))
            ),
            &incremental,
        ),
        (
            "overlapping: the empty-store file into that store (its days back from yesterday rewrite the stored year)".to_string(),
            &overlap,
        ),
    ];
    for (label, m) in &cases {
        let (shell, shell_rate, ratio) = match m.theirs {
            Ok(t) => (
                format!("{t:.2} s"),
                format!("{:.0}", rate(t)),
                format!("{:.2}×", m.ours / t),
            ),
            Err(ref e) => (e.clone(), "—".into(), "—".into()),
        };
        println!(
            "| {label} | {:.2} s | {:.0} | {} | {shell} | {shell_rate} | {ratio} |",
            m.ours,
            rate(m.ours),
            m.peak_mb
                .map_or_else(|| "unknown".into(), |mb| format!("{mb:.0} MB")),
        );
    }
    println!();
    for (label, m) in &cases {
        match m.theirs {
            Ok(t) => println!(
                "{label}: rdesk {:.2} s, sqlite3 {t:.2} s, ratio {:.2}× the shell's time, peak RSS {}",
                m.ours,
                m.ours / t,
                m.peak_mb
                    .map_or_else(|| "unknown".into(), |mb| format!("{mb:.0} MB")),
            ),
            Err(ref e) => println!("{label}: rdesk {:.2} s; sqlite3 shell {e}", m.ours),
        }
    }
}

/// A demo store at `db` without utilization; returns its reservations (ID, order, SKU).
fn demo(db: &Path, today: NaiveDate) -> Ids {
    // A store left from an earlier run of the same name is replaced.
    remove_store(db);
    let desk = Desk::open(db).expect("open");
    desk.load_demo(
        &DemoOptions {
            customers: 200,
            reservations: Some(RESERVATIONS),
            days: 0,
            seed: 11,
            today,
        },
        false,
        &mut |_| {},
    )
    .expect("demo");
    desk.reservations(None, None, today)
        .expect("list")
        .into_iter()
        .map(|r| (r.id, r.order_id, r.sku))
        .collect()
}

fn stored_days(db: &Path) -> i64 {
    rusqlite::Connection::open(db)
        .expect("open")
        .query_row("SELECT count(*) FROM utilization_daily", [], |r| r.get(0))
        .expect("count")
}

/// Imports `csv` into `db` with the rdesk binary; its stdout, or its output when it fails.
fn import(db: &Path, csv: &Path) -> Result<String, String> {
    let out = Command::new(env!("CARGO_BIN_EXE_rdesk"))
        .arg("--db")
        .arg(db)
        .args(["import", "--format", "reservation-details"])
        .arg(csv)
        .output()
        .expect("run rdesk");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    if out.status.success() {
        Ok(stdout)
    } else {
        Err(format!(
            "{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

fn report_generated(csv: &Path, rows: u64, reservations: usize, started: Instant) {
    let size = std::fs::metadata(csv).expect("size").len();
    println!(
        "generated {} ({rows} rows, {:.1} MiB) for {reservations} reservations in {:.1} s",
        csv.file_name().unwrap_or_default().to_string_lossy(),
        size as f64 / 1_048_576.0,
        started.elapsed().as_secs_f64()
    );
}

struct Measured {
    /// rdesk's fastest run, seconds.
    ours: f64,
    /// rdesk's highest peak RSS over the runs, MB.
    peak_mb: Option<f64>,
    /// The shell's fastest run, seconds, or why it did not run.
    theirs: Result<f64, String>,
}

/// Imports `csv` into a fresh copy of `db` with rdesk and into a fresh bare table with the
/// shell, `runs` times each.
fn measure(dir: &Path, db: &Path, csv: &Path, runs: u32) -> Measured {
    let rdesk = env!("CARGO_BIN_EXE_rdesk");
    let mut ours = f64::INFINITY;
    let mut peak_mb: Option<f64> = None;
    let mut theirs: Result<f64, String> = Err("did not run".into());
    for run in 0..runs {
        let copy = dir.join("run.sqlite3");
        copy_store(db, &copy);
        let started = Instant::now();
        let out = Command::new(rdesk)
            .arg("--db")
            .arg(&copy)
            .args(["import", "--format", "reservation-details"])
            .arg(csv)
            .env("RDESK_REPORT_PEAK_RSS", "1")
            .output()
            .expect("run rdesk");
        ours = ours.min(started.elapsed().as_secs_f64());
        let stderr = String::from_utf8_lossy(&out.stderr);
        if !out.status.success() {
            eprintln!("{}\n{stderr}", String::from_utf8_lossy(&out.stdout));
            panic!("rdesk import failed");
        }
        if run == 0 {
            println!(
                "rdesk import of {}:\n{}",
                csv.file_name().unwrap_or_default().to_string_lossy(),
                String::from_utf8_lossy(&out.stdout).trim_end()
            );
        }
        let peak = stderr
            .lines()
            .find_map(|l| l.strip_prefix("rdesk: peak RSS "))
            .and_then(|p| p.trim().strip_suffix(" kB"))
            .and_then(|kb| kb.trim().parse::<f64>().ok())
            .map(|kb| kb / 1024.0);
        if let Some(p) = peak {
            peak_mb = Some(peak_mb.map_or(p, |m| m.max(p)));
        }
        remove_store(&copy);

        let bare = dir.join("bare.sqlite3");
        remove_store(&bare);
        let started = Instant::now();
        let shell = Command::new("sqlite3")
            .arg(&bare)
            .arg(format!(".import --csv {} details", csv.display()))
            .output();
        let secs = started.elapsed().as_secs_f64();
        remove_store(&bare);
        theirs = match (shell, theirs) {
            (Ok(o), Ok(best)) if o.status.success() => Ok(best.min(secs)),
            (Ok(o), Err(_)) if o.status.success() => Ok(secs),
            (Ok(o), _) => Err(format!(
                "failed: {}",
                String::from_utf8_lossy(&o.stderr).trim()
            )),
            (Err(e), _) => Err(format!("not installed ({e}); run bash .ci/bench-import.sh")),
        };
    }
    Measured {
        ours,
        peak_mb,
        theirs,
    }
}

fn sidecars(db: &Path) -> [PathBuf; 3] {
    let with = |s: &str| PathBuf::from(format!("{}{s}", db.display()));
    [db.to_path_buf(), with("-wal"), with("-shm")]
}

fn copy_store(from: &Path, to: &Path) {
    remove_store(to);
    for (f, t) in sidecars(from).iter().zip(sidecars(to).iter()) {
        if f.exists() {
            std::fs::copy(f, t).expect("copy store");
        }
    }
}

fn remove_store(db: &Path) {
    for f in sidecars(db) {
        let _ = std::fs::remove_file(f);
    }
}

fn fmt_thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

const HEADER: &str = "InstanceFlexibilityGroup,InstanceFlexibilityRatio,InstanceId,Kind,ReservationOrderId,ReservationId,ReservedHours,RIUsedHours,SkuName,TotalReservedQuantity,UsageDate,UsedHours";

/// One row: instance `k` of reservation `i` on `day`, reserving `quantity` × 24 hours.
fn write_row(
    w: &mut impl Write,
    i: usize,
    k: u64,
    (res, order, sku): &(String, String, String),
    quantity: u64,
    day: NaiveDate,
    used: u64,
) {
    let reserved = 24 * quantity;
    writeln!(
        w,
        "\"DSv3 Series\",1,/subscriptions/0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d/resourcegroups/rg-{i}/providers/microsoft.compute/virtualmachines/vm-{i}-{k},Reservation,{order},{res},{reserved},{used},{sku},{quantity},{day},{used}"
    )
    .expect("write");
}

/// Writes `rows` rows in the MCA reservation-details export layout: one row per reservation,
/// day and instance (two instances share some reservation-days), going back from yesterday.
fn write_csv(path: &Path, ids: &[(String, String, String)], rows: u64, today: NaiveDate) {
    let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(path).expect("create"));
    writeln!(w, "{HEADER}").expect("write");
    let mut written = 0u64;
    let mut day_index = 0u64;
    'outer: loop {
        let day = today
            .checked_sub_days(Days::new(1 + day_index % 3000))
            .expect("day");
        for (i, id) in ids.iter().enumerate() {
            let instances = if i % 4 == 0 { 2 } else { 1 };
            for k in 0..instances {
                if written == rows {
                    break 'outer;
                }
                let used = 12 + (i as u64 * 7 + day_index * 3 + k) % 12;
                // Reserved hours as the earlier one-instance layout had them: 24 per row.
                write_row(&mut w, i, k, id, 1, day, used);
                written += 1;
            }
        }
        day_index += 1;
    }
    w.flush().expect("flush");
}

/// How the incremental case's month spreads `rows` rows over the reservations: every
/// reservation-day has its instances, reservation `i` twice as many as the others when
/// `i % 4 == 0` (as in [`write_csv`]), so many that the month holds `rows` rows. Returns each
/// reservation's quantity and instances per day (the same: each instance uses one reserved VM).
fn month_layout(n: usize, rows: u64) -> (Vec<u64>, Vec<u64>) {
    let weight = |i: usize| if i.is_multiple_of(4) { 2 } else { 1 };
    let total_weight: u64 = (0..n).map(weight).sum::<u64>().max(1);
    // Rows per day, shared out by weight; what rounding leaves goes one each to the first ones.
    let per_day = rows.div_ceil(MONTH);
    let mut instances: Vec<u64> = (0..n)
        .map(|i| (per_day * weight(i) / total_weight).max(1))
        .collect();
    let mut left = per_day.saturating_sub(instances.iter().sum::<u64>());
    for c in &mut instances {
        if left == 0 {
            break;
        }
        *c += 1;
        left -= 1;
    }
    (instances.clone(), instances)
}

/// Writes up to `limit` rows for the `days` days from `first`, in the same layout, day by day:
/// reservation `i` has `instances[i]` rows a day, each repeating its reserved hours
/// (`quantities[i]` × 24) and using 12 to 23 hours times its share of the quantity.
fn write_days_csv(
    path: &Path,
    ids: &[(String, String, String)],
    first: NaiveDate,
    days: u64,
    instances: &[u64],
    quantities: &[u64],
    limit: u64,
) {
    let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(path).expect("create"));
    writeln!(w, "{HEADER}").expect("write");
    let mut written = 0u64;
    'outer: for d in 0..days {
        let day = first.checked_add_days(Days::new(d)).expect("day");
        for (i, id) in ids.iter().enumerate() {
            let count = instances[i];
            let share = (quantities[i] / count).max(1);
            for k in 0..count {
                if written == limit {
                    break 'outer;
                }
                let used = (12 + (i as u64 * 7 + d * 3 + k) % 12) * share;
                write_row(&mut w, i, k, id, quantities[i], day, used);
                written += 1;
            }
        }
    }
    w.flush().expect("flush");
}
