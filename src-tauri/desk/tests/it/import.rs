//! Importing `az role assignment list` JSON: idempotent, all-or-nothing, located errors.

use super::{demo_desk, today};
use desk::app::ImportOutcome;
use desk::import::ImportProblem;
use desk::records::report::FileReport;
use std::path::Path;

/// The reports of an import that must succeed.
pub fn imported(o: ImportOutcome) -> Vec<FileReport> {
    match o {
        ImportOutcome::Imported { files, .. } => files,
        other => panic!("expected the import to succeed: {other:?}"),
    }
}

/// The problems of an import that must fail.
pub fn failed(o: ImportOutcome) -> Vec<ImportProblem> {
    match o {
        ImportOutcome::Failed { problems, .. } => problems,
        other => panic!("expected the import to fail: {other:?}"),
    }
}

/// (added, updated, unchanged, skipped) of one entity in a file report.
pub fn counts(r: &FileReport, entity: &str) -> (u32, u32, u32, u32) {
    r.entities
        .iter()
        .find(|e| e.entity == entity)
        .map_or((0, 0, 0, 0), |e| {
            (e.added, e.updated, e.unchanged, e.skipped)
        })
}

fn roles_json(order: &str, reservation: &str) -> String {
    format!(
        r#"[
  {{"principalId": "aaaaaaaa-1111-4111-8111-111111111111", "principalName": "Imported owner", "principalType": "User", "roleDefinitionName": "Owner", "scope": "/providers/Microsoft.Capacity/reservationOrders/{order}"}},
  {{"principalId": "bbbbbbbb-1111-4111-8111-111111111111", "principalName": "Imported reader", "principalType": "User", "roleDefinitionName": "Reader", "scope": "/providers/microsoft.capacity/reservationOrders/{order}/reservations/{reservation}"}},
  {{"principalId": "cccccccc-1111-4111-8111-111111111111", "principalName": "Someone", "principalType": "User", "roleDefinitionName": "Owner", "scope": "/subscriptions/dddddddd-1111-4111-8111-111111111111"}}
]"#
    )
}

#[test]
fn role_assignments_import_once_and_re_import_changes_nothing() {
    let (dir, _path, desk) = demo_desk();
    let r = desk
        .reservations(None, None, today())
        .expect("list")
        .remove(0);
    let file = dir.path().join("roles.json");
    std::fs::write(&file, roles_json(&r.order_id, &r.id)).expect("write");
    let before = desk.access(&r.id).expect("access").assignments.len();
    let reports = imported(
        desk.import_files(&[file.as_path()], None, None, today())
            .expect("store ok"),
    );
    assert_eq!(
        counts(&reports[0], "role_assignments"),
        (2, 0, 0, 1),
        "{:?}",
        reports[0].warnings
    );
    assert_eq!(
        reports[0].format, "role-assignments",
        "detected from content"
    );
    let after = desk.access(&r.id).expect("access");
    assert_eq!(after.assignments.len(), before + 2);
    assert!(
        after
            .can_refund_or_exchange
            .iter()
            .any(|n| n == "Imported owner"),
        "an order Owner may refund"
    );
    let again = desk
        .import_files(&[file.as_path()], None, None, today())
        .expect("store ok");
    assert!(
        matches!(again, ImportOutcome::Imported { changed: false, .. }),
        "re-import changes nothing and says so: {again:?}"
    );
    assert_eq!(
        counts(&imported(again)[0], "role_assignments"),
        (0, 0, 2, 1)
    );
}

#[test]
fn a_bad_file_in_an_import_leaves_the_store_unchanged() {
    let (dir, _path, desk) = demo_desk();
    let r = desk
        .reservations(None, None, today())
        .expect("list")
        .remove(0);
    let good = dir.path().join("good.json");
    std::fs::write(&good, roles_json(&r.order_id, &r.id)).expect("write");
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, &roles_json(&r.order_id, &r.id)[..200]).expect("write truncated");
    let binary = dir.path().join("binary.json");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x5b]).expect("write");
    let before = desk.access(&r.id).expect("access").assignments.len();
    let audit_before = desk.audit(None).expect("audit").len();
    let paths: Vec<&Path> = vec![good.as_path(), bad.as_path(), binary.as_path()];
    let problems = failed(
        desk.import_files(&paths, None, None, today())
            .expect("store ok"),
    );
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[0].file.ends_with("binary.json") && problems[0].expected.contains("known format"),
        "{:?}",
        problems[0]
    );
    assert!(
        problems[1].file.ends_with("bad.json") && problems[1].line.is_some(),
        "{:?}",
        problems[1]
    );
    assert_eq!(
        desk.access(&r.id).expect("access").assignments.len(),
        before,
        "nothing from the good file was written either"
    );
    assert_eq!(desk.audit(None).expect("audit").len(), audit_before);
    let unknown = dir.path().join("costs.csv");
    std::fs::write(&unknown, "Date,Cost\n2026-01-01,1\n").expect("write");
    let problems = failed(
        desk.import_files(&[unknown.as_path()], None, None, today())
            .expect("store ok"),
    );
    assert!(problems[0].expected.contains("known format"));
}

#[test]
fn a_missing_or_empty_file_is_said_so_at_once_and_never_called_truncated() {
    let (dir, _path, desk) = demo_desk();
    let r = desk
        .reservations(None, None, today())
        .expect("list")
        .remove(0);
    let missing = dir.path().join("no-such-export.json");
    let empty = dir.path().join("empty.json");
    std::fs::write(&empty, "\u{feff}\n  \n").expect("write");
    let good = dir.path().join("roles.json");
    std::fs::write(&good, roles_json(&r.order_id, &r.id)).expect("write");

    let detected = desk.detect_files(&[missing.as_path(), empty.as_path(), good.as_path()]);
    assert_eq!(
        detected[0].problem.as_deref(),
        Some("a file at this path (there is none)")
    );
    assert_eq!(
        detected[1].problem.as_deref(),
        Some("a file with data (this one is empty)")
    );
    assert_eq!(detected[1].format, None, "an empty file has no format");
    assert_eq!(detected[2].problem, None);
    assert_eq!(detected[2].format.as_deref(), Some("role-assignments"));

    // With its format given, an empty file is still "empty", not a truncated JSON document.
    let before = desk.access(&r.id).expect("access").assignments.len();
    let problems = failed(
        desk.import_files(
            &[empty.as_path(), good.as_path()],
            Some(desk::import::Format::RoleAssignments),
            None,
            today(),
        )
        .expect("store ok"),
    );
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].file.ends_with("empty.json"));
    assert!(problems[0].expected.contains("empty"), "{problems:?}");
    assert!(!problems[0].expected.contains("truncated"));
    assert_eq!(
        desk.access(&r.id).expect("access").assignments.len(),
        before,
        "nothing was imported: all or nothing"
    );
}
