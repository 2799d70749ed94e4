//! Upgrading databases written by every earlier schema version.

use super::temp_db;
use desk::Desk;

const V1: &str = include_str!("../../migrations/0001_init.sql");

#[test]
fn a_version_1_database_is_upgraded_with_its_data_kept() {
    let (_dir, path) = temp_db();
    {
        let conn = rusqlite::Connection::open(&path).expect("create v1 file");
        conn.execute_batch(V1).expect("v1 schema");
        conn.execute_batch(
            "INSERT INTO customers VALUES ('11111111-1111-4111-8111-111111111111', 'Contoso Retail', 'contoso.onmicrosoft.com', 'EUR', 'DE');
             INSERT INTO subscriptions VALUES ('22222222-2222-4222-8222-222222222222', '11111111-1111-4111-8111-111111111111', 'Production', 'Active');
             INSERT INTO audit_log (at, action, subject) VALUES ('2026-01-01T00:00:00Z', 'demo.load', 'store');
             PRAGMA user_version = 1;",
        )
        .expect("v1 data");
    }
    let desk = Desk::open(&path).expect("the upgrade succeeds");
    let info = desk.info(super::today()).expect("info");
    assert_eq!(info.schema_version, desk::store::LATEST_VERSION);
    let customers = desk.customers(None, super::today()).expect("list");
    assert_eq!(customers.len(), 1, "data survives the upgrade");
    assert_eq!(customers[0].name, "Contoso Retail");
    assert_eq!(
        desk.policy_values().expect("policy").len(),
        6,
        "the upgrade seeds the documented policy values"
    );
    assert!(desk.tickets().expect("tickets").is_empty());
    assert!(desk.integrity_ok().expect("check"));
}

const V2: &str = include_str!("../../migrations/0002_refunds_tickets_policy.sql");

#[test]
fn a_version_2_database_is_upgraded_with_its_tickets_and_policy_kept() {
    let (_dir, path) = temp_db();
    {
        let conn = rusqlite::Connection::open(&path).expect("create v2 file");
        conn.execute_batch(V1).expect("v1 schema");
        conn.execute_batch(V2).expect("v2 schema");
        conn.execute_batch(
            "INSERT INTO customers VALUES ('11111111-1111-4111-8111-111111111111', 'Contoso Retail', 'contoso.onmicrosoft.com', 'EUR', 'DE');
             INSERT INTO policy_values (key, value, effective_from, source) VALUES ('early_termination_fee_rate', '0.12', '2027-07-01', 'v2 user edit');
             INSERT INTO tickets (tenant_id, kind, status, created_at, updated_at, body)
               VALUES ('11111111-1111-4111-8111-111111111111', 'other', 'draft', '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z',
                       '{\"draft\":{\"basics\":{\"issue_type\":\"Billing\",\"subscription_id\":\"x\"},\"problem\":{\"problem_type\":\"Reservation management\",\"category\":\"Other\",\"summary\":\"kept\",\"description\":\"d\"},\"contact\":{\"preferred_contact_method\":\"Email\",\"severity\":\"C\",\"name\":\"\",\"email\":\"\",\"phone\":\"\",\"country\":\"\",\"time_zone\":\"\",\"language\":\"English\"}}}');
             PRAGMA user_version = 2;",
        )
        .expect("v2 data");
    }
    let desk = Desk::open(&path).expect("the upgrade succeeds");
    assert_eq!(
        desk.info(super::today()).expect("info").schema_version,
        desk::store::LATEST_VERSION
    );
    let policy = desk.policy_values().expect("policy");
    assert_eq!(
        policy.len(),
        1,
        "a store that already has policy values keeps exactly them"
    );
    assert_eq!(policy[0].value, "0.12");
    let tickets = desk.tickets().expect("tickets");
    assert_eq!(tickets[0].draft.problem.summary, "kept");
    assert!(
        desk.plans().expect("plans").is_empty(),
        "v3 tables exist and are empty"
    );
    assert!(desk.integrity_ok().expect("check"));
}
