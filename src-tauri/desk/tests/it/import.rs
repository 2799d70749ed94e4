//! Importing `az role assignment list` JSON: idempotent, all-or-nothing, located errors.

use super::{demo_desk, today};
use std::path::Path;

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
    let reports = desk
        .import_files(&[file.as_path()], None, None)
        .expect("store ok")
        .expect("valid file");
    assert_eq!(
        (reports[0].added, reports[0].unchanged, reports[0].skipped),
        (2, 0, 1),
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
        .import_files(&[file.as_path()], None, None)
        .expect("store ok")
        .expect("valid file");
    assert_eq!(
        (again[0].added, again[0].unchanged),
        (0, 2),
        "re-import changes nothing and says so"
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
    let failed = desk
        .import_files(&paths, None, None)
        .expect("store ok")
        .expect_err("the truncated file fails the import");
    assert_eq!(failed.problems.len(), 2);
    assert!(
        failed.problems[0].file.ends_with("bad.json") && failed.problems[0].line.is_some(),
        "{:?}",
        failed.problems[0]
    );
    assert!(
        failed.problems[1].expected.contains("UTF-8"),
        "{:?}",
        failed.problems[1]
    );
    assert_eq!(
        desk.access(&r.id).expect("access").assignments.len(),
        before,
        "nothing from the good file was written either"
    );
    assert_eq!(desk.audit(None).expect("audit").len(), audit_before);
    let unknown = dir.path().join("costs.csv");
    std::fs::write(&unknown, "Date,Cost\n2026-01-01,1\n").expect("write");
    let failed = desk
        .import_files(&[unknown.as_path()], None, None)
        .expect("store ok")
        .expect_err("unknown format");
    assert!(failed.problems[0].expected.contains("known format"));
}
