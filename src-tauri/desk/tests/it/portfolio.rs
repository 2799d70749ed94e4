//! The portfolio file: export, import into another store, and the same content comes back;
//! importing it again changes nothing; a damaged portfolio leaves the store as it was.

use super::import::{counts, failed, imported};
use super::{demo_desk, temp_db, today};
use desk::app::ImportOutcome;
use desk::Desk;
use std::path::Path;
use std::sync::atomic::AtomicBool;

/// The file without its header line (which carries the export time).
fn body(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("read export");
    text.split_once('\n').expect("header line").1.to_string()
}

#[test]
fn a_portfolio_survives_export_and_import_unchanged() {
    let (dir, _path, origin) = demo_desk();
    let file = dir.path().join("portfolio.jsonl");
    let report = origin.export_portfolio(&file).expect("export");
    assert_eq!(report.customers, 25);
    assert!(
        report.reservations > 0 && report.utilization_days > 1000,
        "{report:?}"
    );

    let (_dir2, path2) = temp_db();
    let copy = Desk::open(&path2).expect("open empty store");
    let files = imported(
        copy.import_files(&[file.as_path()], None, None, today())
            .expect("store ok"),
    );
    assert_eq!(files[0].format, "portfolio", "detected from content");
    assert_eq!(counts(&files[0], "customers").0, 25);
    assert_eq!(counts(&files[0], "reservations").0, report.reservations);
    assert_eq!(counts(&files[0], "utilization").0, report.utilization_days);

    let again = dir.path().join("again.jsonl");
    copy.export_portfolio(&again).expect("export the copy");
    assert!(
        body(&file) == body(&again),
        "the copy exports exactly what the origin exported"
    );

    // Every view the user sees says the same in both stores.
    let a = origin
        .reservations(None, None, today())
        .expect("origin list");
    let b = copy.reservations(None, None, today()).expect("copy list");
    assert_eq!(
        serde_json::to_value(&a).expect("json"),
        serde_json::to_value(&b).expect("json")
    );
    let id = &a[0].id;
    assert_eq!(
        serde_json::to_value(origin.reservation(id, today()).expect("show")).expect("json"),
        serde_json::to_value(copy.reservation(id, today()).expect("show")).expect("json")
    );

    let outcome = copy
        .import_files(&[file.as_path()], None, None, today())
        .expect("store ok");
    assert!(
        matches!(outcome, ImportOutcome::Imported { changed: false, .. }),
        "{outcome:?}"
    );
    let files = imported(outcome);
    assert_eq!(
        counts(&files[0], "reservations"),
        (0, 0, report.reservations, 0)
    );
}

#[test]
fn a_damaged_portfolio_is_refused_whole_and_a_cancelled_import_writes_nothing() {
    let (dir, _path, origin) = demo_desk();
    let file = dir.path().join("portfolio.jsonl");
    origin.export_portfolio(&file).expect("export");
    let text = std::fs::read_to_string(&file).expect("read");

    let (_d, path2) = temp_db();
    let copy = Desk::open(&path2).expect("open");
    // Cut in the middle of a line near the end: everything before it is valid.
    let cut = dir.path().join("cut.jsonl");
    std::fs::write(&cut, &text[..text.len() - 40]).expect("write");
    let problems = failed(
        copy.import_files(&[cut.as_path()], None, None, today())
            .expect("store ok"),
    );
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].line.is_some() && problems[0].expected.contains("truncated"),
        "{:?}",
        problems[0]
    );
    assert_eq!(
        copy.customers(None, today()).expect("list").len(),
        0,
        "nothing was written"
    );

    // A wrong type and an out-of-range date on two lines: both are listed with line and field.
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let r = lines
        .iter()
        .position(|l| l.contains("\"kind\":\"reservation\""))
        .expect("a reservation line");
    lines[r] = lines[r].replacen("\"quantity\":", "\"quantity\":\"many\",\"x\":", 1);
    let o = lines
        .iter()
        .position(|l| l.contains("\"kind\":\"order\""))
        .expect("an order line");
    let start = lines[o].find("\"expiry_date\":\"").expect("expiry") + "\"expiry_date\":\"".len();
    lines[o].replace_range(start..start + 10, "9999-12-31");
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(&bad, lines.join("\n")).expect("write");
    let problems = failed(
        copy.import_files(&[bad.as_path()], None, None, today())
            .expect("store ok"),
    );
    let fields: Vec<(Option<u32>, Option<&str>)> = problems
        .iter()
        .map(|p| (p.line, p.field.as_deref()))
        .collect();
    assert!(
        fields.contains(&(
            Some(u32::try_from(o + 1).expect("line")),
            Some("expiry_date")
        )),
        "{problems:?}"
    );
    assert!(
        fields.contains(&(Some(u32::try_from(r + 1).expect("line")), Some("quantity"))),
        "{problems:?}"
    );
    assert_eq!(copy.customers(None, today()).expect("list").len(), 0);

    let cancel = AtomicBool::new(true);
    let outcome = copy
        .import_files_with(&[file.as_path()], None, None, today(), &mut |_| {}, &cancel)
        .expect("store ok");
    assert!(
        matches!(outcome, ImportOutcome::Cancelled { .. }),
        "{outcome:?}"
    );
    assert_eq!(
        copy.customers(None, today()).expect("list").len(),
        0,
        "a cancelled import writes nothing"
    );
}

#[cfg(unix)]
#[test]
fn an_export_or_report_onto_a_pipe_or_device_is_refused_and_never_replaces_it() {
    // Writing is a rename of a finished file onto the chosen name: onto `/dev/null` or a pipe
    // that would replace the device with a regular file. Both writers refuse instead.
    use std::os::unix::fs::FileTypeExt;
    let (dir, _path, desk) = demo_desk();
    let fifo = dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let err = desk.export_portfolio(&fifo).expect_err("a pipe is no file");
    assert!(err.to_string().contains("not a regular file"), "{err}");
    let tenant = desk.customers(None, today()).expect("customers")[0]
        .tenant_id
        .clone();
    let err = desk
        .save_report(
            &tenant,
            desk::app::ReportFormat::Html,
            desk::app::ReportLanguage::En,
            &fifo,
            today(),
        )
        .expect_err("a pipe is no file");
    assert!(err.to_string().contains("not a regular file"), "{err}");
    let kind = std::fs::symlink_metadata(&fifo)
        .expect("still there")
        .file_type();
    assert!(kind.is_fifo(), "the pipe is still a pipe");
    assert!(
        !dir.path().join(".pipe.partial").exists(),
        "no partial file is left"
    );
}
