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

/// The schema of every shipped version, dumped once from the commit that shipped it
/// (`tests/fixtures/schemas/vN.sql`); never regenerated from today's migration files.
const SHIPPED: [&str; 7] = [
    include_str!("../fixtures/schemas/v1.sql"),
    include_str!("../fixtures/schemas/v2.sql"),
    include_str!("../fixtures/schemas/v3.sql"),
    include_str!("../fixtures/schemas/v4.sql"),
    include_str!("../fixtures/schemas/v5.sql"),
    include_str!("../fixtures/schemas/v6.sql"),
    include_str!("../fixtures/schemas/v7.sql"),
];

/// Tables, indexes and triggers of a database, as SQLite keeps them (sorted, internals left out).
fn schema(path: &std::path::Path) -> Vec<(String, String, String, Option<String>)> {
    let conn = rusqlite::Connection::open(path).expect("open");
    let mut stmt = conn
        .prepare(
            "SELECT type, name, tbl_name, sql FROM sqlite_master
             WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
        )
        .expect("prepare");
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .expect("query")
        .collect::<Result<Vec<_>, _>>()
        .expect("rows");
    rows
}

fn version(path: &std::path::Path) -> u32 {
    rusqlite::Connection::open(path)
        .expect("open")
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version")
}

#[test]
fn every_shipped_schema_upgrades_to_exactly_what_a_new_store_has() {
    let (_fresh_dir, fresh) = temp_db();
    drop(Desk::open(&fresh).expect("a new store"));
    let want = schema(&fresh);
    assert!(want.len() > 20, "the new store has its tables and indexes");
    for (i, dump) in SHIPPED.iter().enumerate() {
        let shipped = u32::try_from(i + 1).expect("small");
        let (_dir, path) = temp_db();
        rusqlite::Connection::open(&path)
            .expect("create")
            .execute_batch(dump)
            .expect("the frozen dump loads");
        assert_eq!(version(&path), shipped);
        let before = schema(&path);
        drop(Desk::open(&path).unwrap_or_else(|e| panic!("v{shipped} upgrades: {e}")));
        assert_eq!(version(&path), desk::store::LATEST_VERSION);
        assert_eq!(
            schema(&path),
            want,
            "v{shipped} upgraded differs from a new store"
        );
        let backup = desk::store::backup_path(&path, shipped);
        if shipped < desk::store::LATEST_VERSION {
            assert!(backup.exists(), "v{shipped} was copied before the upgrade");
            assert_eq!(version(&backup), shipped, "the copy is the old store");
            assert_eq!(schema(&backup), before, "the copy holds the old schema");
        } else {
            assert!(!backup.exists(), "a current store is not copied");
        }
    }
}

/// FNV-1a (64-bit) of a file's bytes: a pinned fingerprint, not a security measure.
fn fingerprint(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[test]
fn shipped_migration_files_are_never_edited() {
    // A change to the schema goes into a new numbered file; these stay as they shipped.
    let pinned: [(&str, &str, u64); 7] = [
        (
            "0001_init.sql",
            include_str!("../../migrations/0001_init.sql"),
            0xec0f_e626_941d_d7dc,
        ),
        (
            "0002_refunds_tickets_policy.sql",
            include_str!("../../migrations/0002_refunds_tickets_policy.sql"),
            0xd589_75ce_4ef0_97d8,
        ),
        (
            "0003_access_and_change_plans.sql",
            include_str!("../../migrations/0003_access_and_change_plans.sql"),
            0xe59d_f9c4_d896_67f7,
        ),
        (
            "0004_imports.sql",
            include_str!("../../migrations/0004_imports.sql"),
            0x9689_6aff_0e41_222a,
        ),
        (
            "0005_triage.sql",
            include_str!("../../migrations/0005_triage.sql"),
            0x5a58_fdd7_715b_9530,
        ),
        (
            "0006_partial_orders.sql",
            include_str!("../../migrations/0006_partial_orders.sql"),
            0x312c_523d_b006_0a6b,
        ),
        (
            "0007_catalog_source.sql",
            include_str!("../../migrations/0007_catalog_source.sql"),
            0x2a76_9d81_d759_8c06,
        ),
    ];
    for (name, text, want) in pinned {
        assert_eq!(
            fingerprint(text.as_bytes()),
            want,
            "{name} was edited after it shipped: put the change in a new numbered migration"
        );
    }
    let on_disk = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations"))
        .expect("migrations folder")
        .count();
    assert_eq!(
        on_disk,
        desk::store::LATEST_VERSION as usize,
        "every migration file is pinned here"
    );
}

#[test]
fn the_window_and_the_cli_opening_an_old_store_together_migrate_it_once() {
    let (_dir, path) = temp_db();
    rusqlite::Connection::open(&path)
        .expect("create")
        .execute_batch(SHIPPED[0])
        .expect("v1");
    rusqlite::Connection::open(&path)
        .expect("open")
        .execute_batch(
            "INSERT INTO customers VALUES ('11111111-1111-4111-8111-111111111111', 'Contoso Retail', 'contoso.onmicrosoft.com', 'EUR', 'DE');",
        )
        .expect("data");
    let start = std::sync::Arc::new(std::sync::Barrier::new(4));
    let openers: Vec<_> = (0..4)
        .map(|_| {
            let path = path.clone();
            let start = start.clone();
            std::thread::spawn(move || {
                start.wait();
                Desk::open(&path).map(|_| ()).map_err(|e| e.to_string())
            })
        })
        .collect();
    for o in openers {
        o.join().expect("thread").expect("every opener succeeds");
    }
    assert_eq!(version(&path), desk::store::LATEST_VERSION);
    let desk = Desk::open(&path).expect("open");
    assert_eq!(desk.customers(None, super::today()).expect("list").len(), 1);
    assert!(desk.integrity_ok().expect("check"));
}

#[test]
fn a_version_5_store_keeps_its_orders_reservations_and_utilization_through_the_order_rebuild() {
    // Version 6 rebuilds reservation_orders (term and billing plan may be unknown): with foreign
    // keys on, dropping the old table would cascade to every reservation. Nothing may be lost.
    let (_dir, path) = temp_db();
    {
        let conn = rusqlite::Connection::open(&path).expect("create");
        conn.execute_batch(SHIPPED[4]).expect("v5");
        conn.execute_batch(
            "PRAGMA foreign_keys = ON;
             INSERT INTO customers VALUES ('11111111-1111-4111-8111-111111111111', 'Contoso Retail', 'contoso.onmicrosoft.com', 'USD', 'US');
             INSERT INTO subscriptions VALUES ('22222222-2222-4222-8222-222222222222', '11111111-1111-4111-8111-111111111111', 'Production', 'Active');
             INSERT INTO reservation_orders VALUES ('33333333-3333-4333-8333-333333333333', '11111111-1111-4111-8111-111111111111', 'Order', 'P3Y', 'Monthly', '2025-01-01', '2025-01-01', '2028-01-01', 2, '3600', 'USD', '3600', 1);
             INSERT INTO reservations (reservation_id, order_id, tenant_id, display_name, resource_type, sku, region, quantity, scope_type, scope_target, billing_subscription_id, instance_flexibility, renew, provisioning_state, expiry_date, price, price_usd)
               VALUES ('44444444-4444-4444-8444-444444444444', '33333333-3333-4333-8333-333333333333', '11111111-1111-4111-8111-111111111111', 'VM reservation', 'VirtualMachines', 'Standard_D2s_v5', 'westeurope', 2, 'shared', NULL, '22222222-2222-4222-8222-222222222222', 1, 0, 'Succeeded', '2028-01-01', '3600', '3600');
             INSERT INTO utilization_daily VALUES (1, '2026-11-01', '48', '24');",
        )
        .expect("v5 data");
    }
    let desk = Desk::open(&path).expect("the upgrade succeeds");
    let list = desk.reservations(None, None, super::today()).expect("list");
    assert_eq!(list.len(), 1, "the reservation survives the rebuild");
    let r = desk
        .reservation("44444444-4444-4444-8444-444444444444", super::today())
        .expect("show");
    assert_eq!(r.term, Some(desk::domain::term::Term::P3Y));
    assert_eq!(
        r.billing_plan,
        Some(desk::domain::term::BillingPlan::Monthly)
    );
    let conn = rusqlite::Connection::open(&path).expect("open");
    let days: u32 = conn
        .query_row("SELECT count(*) FROM utilization_daily", [], |r| r.get(0))
        .expect("count");
    assert_eq!(days, 1, "utilization survives");
    let dangling: u32 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .expect("check");
    assert_eq!(dangling, 0);
    assert!(desk.integrity_ok().expect("check"));
}
