//! Import benchmark: generates a Cost Management reservation-details CSV of N rows (default
//! 1,000,000; `cargo bench -p desk --bench import -- 200000` for another N) for a demo portfolio,
//! imports it with the release `rdesk` binary (validating and upserting into the real store),
//! and — in the same run, on the same file — times the SQLite shell's `.import` into a bare table.
//! Reports rows/s and peak memory; asserts nothing about time.
//!
//! Run with `bash .ci/bench-import.sh [ROWS]`, which installs the `sqlite3` shell first.

use chrono::{Days, NaiveDate};
use desk::demo::DemoOptions;
use desk::Desk;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

fn main() {
    let rows: u64 = std::env::args()
        .skip(1)
        .find_map(|a| a.replace('_', "").parse().ok())
        .unwrap_or(1_000_000);
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).expect("date");
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("bench.sqlite3");
    let reservations: u32 = 2_000;
    {
        let desk = Desk::open(&db).expect("open");
        desk.load_demo(
            &DemoOptions {
                customers: 200,
                reservations: Some(reservations),
                days: 0,
                seed: 11,
                today,
            },
            false,
            &mut |_| {},
        )
        .expect("demo");
    }
    let ids: Vec<(String, String, String)> = {
        let desk = Desk::open(&db).expect("open");
        desk.reservations(None, None, today)
            .expect("list")
            .into_iter()
            .map(|r| (r.id, r.order_id, r.sku))
            .collect()
    };
    let csv = dir.path().join("reservation-details.csv");
    let started = Instant::now();
    write_csv(&csv, &ids, rows, today);
    let size = std::fs::metadata(&csv).expect("size").len();
    println!(
        "generated {rows} rows ({:.1} MiB) for {} reservations in {:.1} s",
        size as f64 / 1_048_576.0,
        ids.len(),
        started.elapsed().as_secs_f64()
    );

    let rdesk = env!("CARGO_BIN_EXE_rdesk");
    let started = Instant::now();
    let out = Command::new(rdesk)
        .arg("--db")
        .arg(&db)
        .args(["import", "--format", "reservation-details"])
        .arg(&csv)
        .env("RDESK_REPORT_PEAK_RSS", "1")
        .output()
        .expect("run rdesk");
    let ours = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        eprintln!("{}\n{stderr}", String::from_utf8_lossy(&out.stdout));
        panic!("rdesk import failed");
    }
    let peak = stderr
        .lines()
        .find_map(|l| l.strip_prefix("rdesk: peak RSS "))
        .unwrap_or("unknown")
        .to_string();

    let bare = dir.path().join("bare.sqlite3");
    let started = Instant::now();
    let shell = Command::new("sqlite3")
        .arg(&bare)
        .arg(format!(".import --csv {} details", csv.display()))
        .output();
    let theirs = started.elapsed().as_secs_f64();
    let rate = |secs: f64| rows as f64 / secs.max(1e-9);
    println!();
    println!("| import of {rows} reservation-details rows | time | rows/s | peak memory |");
    println!("|---|---|---|---|");
    println!("| rdesk import (parse, validate, upsert, refresh aggregates) | {ours:.2} s | {:.0} | {peak} |", rate(ours));
    match shell {
        Ok(o) if o.status.success() => {
            println!(
                "| sqlite3 shell `.import --csv` into a bare table | {theirs:.2} s | {:.0} | — |",
                rate(theirs)
            );
            println!();
            println!("rdesk / sqlite3 speed: {:.2}×", theirs / ours);
        }
        Ok(o) => println!(
            "| sqlite3 shell | failed: {} | | |",
            String::from_utf8_lossy(&o.stderr).trim()
        ),
        Err(e) => {
            println!("| sqlite3 shell | not installed ({e}); run bash .ci/bench-import.sh | | |")
        }
    }
}

/// Writes `rows` rows in the MCA reservation-details export layout: one row per reservation,
/// day and instance (two instances share some reservation-days).
fn write_csv(path: &Path, ids: &[(String, String, String)], rows: u64, today: NaiveDate) {
    let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(path).expect("create"));
    writeln!(w, "InstanceFlexibilityGroup,InstanceFlexibilityRatio,InstanceId,Kind,ReservationOrderId,ReservationId,ReservedHours,RIUsedHours,SkuName,TotalReservedQuantity,UsageDate,UsedHours").expect("write");
    let n = ids.len() as u64;
    let mut written = 0u64;
    let mut day_index = 0u64;
    'outer: loop {
        let day = today
            .checked_sub_days(Days::new(1 + day_index % 3000))
            .expect("day");
        for (i, (res, order, sku)) in ids.iter().enumerate() {
            let instances = if i % 4 == 0 { 2 } else { 1 };
            for k in 0..instances {
                if written == rows {
                    break 'outer;
                }
                let used = 12 + (i as u64 * 7 + day_index * 3 + k) % 12;
                writeln!(
                    w,
                    "\"DSv3 Series\",1,/subscriptions/0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d/resourcegroups/rg-{i}/providers/microsoft.compute/virtualmachines/vm-{i}-{k},Reservation,{order},{res},24,{used},{sku},1,{day},{used}"
                )
                .expect("write");
                written += 1;
            }
        }
        day_index += 1;
        let _ = n;
    }
    w.flush().expect("flush");
}
