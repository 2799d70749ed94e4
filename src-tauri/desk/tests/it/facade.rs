//! The facade's use cases on a demo store.

use super::{demo_desk, today};
use desk::demo::DemoOptions;
use desk::domain::reservation::Status;
use rust_decimal::Decimal;

fn dec(s: &str) -> Decimal {
    s.parse().expect("decimal string")
}

#[test]
fn customers_can_be_found_by_name_domain_or_tenant_id() {
    let (_dir, _path, desk) = demo_desk();
    let all = desk.customers(None, today()).expect("list");
    assert_eq!(all.len(), 25);
    let target = &all[3];
    let by_name = desk
        .customers(Some(&target.name[..4].to_lowercase()), today())
        .expect("search");
    assert!(
        by_name.iter().any(|c| c.tenant_id == target.tenant_id),
        "name search is case-insensitive"
    );
    let by_domain = desk
        .customers(Some(&target.primary_domain.to_uppercase()), today())
        .expect("search");
    assert_eq!(by_domain.len(), 1);
    let by_tenant = desk
        .customers(Some(&target.tenant_id[..13]), today())
        .expect("search");
    assert_eq!(by_tenant[0].tenant_id, target.tenant_id);
    let chinese = desk.customers(Some("有限公司"), today()).expect("search");
    assert!(!chinese.is_empty(), "Chinese names are searchable");
    assert!(
        desk.customers(Some("%"), today())
            .expect("search")
            .is_empty(),
        "LIKE wildcards are literal"
    );
    assert!(desk
        .customers(Some("_"), today())
        .expect("search")
        .is_empty());
}

#[test]
fn a_customer_total_is_the_exact_sum_of_its_active_reservations() {
    let (_dir, _path, desk) = demo_desk();
    for c in desk.customers(None, today()).expect("list") {
        let list = desk
            .reservations(Some(&c.tenant_id), None, today())
            .expect("list");
        assert_eq!(list.len() as u32, c.reservation_count);
        let active: Vec<_> = list
            .iter()
            .filter(|r| matches!(r.status, Status::Succeeded | Status::Expiring))
            .collect();
        assert_eq!(
            active.len() as u32,
            c.active_reservation_count,
            "{}",
            c.name
        );
        let sum: Decimal = active
            .iter()
            .map(|r| dec(&r.price.as_ref().unwrap().amount))
            .sum();
        assert_eq!(
            dec(&c.total_commitment.amount),
            sum,
            "{}: total commitment",
            c.name
        );
        assert_eq!(c.total_commitment.currency, c.billing_currency);
        let nearest = active.iter().map(|r| r.expiry_date).min();
        assert_eq!(c.nearest_expiry, nearest, "{}: nearest expiry", c.name);
        for r in &list {
            assert_eq!(
                r.price.as_ref().unwrap().currency,
                c.billing_currency,
                "prices are in the billing currency"
            );
            assert_eq!(r.price_usd.as_ref().unwrap().currency, "USD");
        }
    }
}

#[test]
fn expiring_within_keeps_active_reservations_in_the_window() {
    let (_dir, _path, desk) = demo_desk();
    let soon = desk.reservations(None, Some(30), today()).expect("list");
    assert!(
        !soon.is_empty(),
        "the demo has reservations expiring within 30 days"
    );
    for r in &soon {
        assert!(
            (0..=30).contains(&r.days_left),
            "{} has {} days left",
            r.id,
            r.days_left
        );
        assert_eq!(r.status, Status::Expiring);
    }
    let all = desk.reservations(None, None, today()).expect("list");
    let expected = all
        .iter()
        .filter(|r| r.status != Status::Cancelled && (0..=30).contains(&r.days_left))
        .count();
    assert_eq!(
        soon.len(),
        expected,
        "nothing active in the window may be missed"
    );
}

#[test]
fn a_reservation_is_found_by_any_spelling_of_its_id() {
    let (_dir, _path, desk) = demo_desk();
    let r = desk
        .reservations(None, None, today())
        .expect("list")
        .remove(0);
    let upper = desk
        .reservation(&r.id.to_uppercase(), today())
        .expect("upper case ID");
    assert!(
        upper.exchange_right.is_some(),
        "one reservation carries its exchange right"
    );
    assert_eq!(
        desk::app::dto::ReservationView {
            exchange_right: None,
            ..upper.clone()
        },
        r
    );
    let arm = format!(
        "/providers/microsoft.capacity/reservationOrders/{}/reservations/{}",
        r.order_id, r.id
    );
    assert_eq!(desk.reservation(&arm, today()).expect("ARM ID"), upper);
    let missing = desk
        .reservation("00000000-0000-4000-8000-000000000000", today())
        .expect_err("unknown ID");
    assert_eq!(missing.code().as_str(), "not_found");
    let bad = desk
        .reservation("not-a-guid", today())
        .expect_err("malformed ID");
    assert_eq!(bad.code().as_str(), "invalid_input");
    assert_eq!(
        bad.body().field.as_deref(),
        Some("reservation_id"),
        "the error names the field"
    );
}

#[test]
fn stored_utilization_figures_match_the_daily_rows() {
    let (_dir, _path, desk) = demo_desk();
    let list = desk.reservations(None, None, today()).expect("list");
    let mut checked = 0;
    for r in list.iter().take(40) {
        let series = desk.utilization(&r.id).expect("series");
        let Some(last) = series.last() else {
            assert!(r.utilization_30d.is_none(), "no data, no figure");
            continue;
        };
        assert_eq!(Some(last.date), r.utilization_as_of);
        assert!(last.date < today(), "utilization lags: no data for today");
        let tail: Vec<_> = series.iter().rev().take(30).collect();
        let used: Decimal = tail.iter().map(|d| dec(&d.used_hours)).sum();
        let reserved: Decimal = tail.iter().map(|d| dec(&d.reserved_hours)).sum();
        let expected = (used * Decimal::ONE_HUNDRED / reserved)
            .round_dp(2)
            .normalize();
        assert_eq!(
            r.utilization_30d.as_deref().map(dec),
            Some(expected),
            "{}: 30-day figure",
            r.id
        );
        assert_eq!(r.utilization_1d, last.percent, "{}: 1-day figure", r.id);
        checked += 1;
    }
    assert!(checked > 20, "most demo reservations have data");
}

#[test]
fn the_demo_scales_and_stays_consistent() {
    let (_dir, path) = super::temp_db();
    let desk = desk::Desk::open(&path).expect("open");
    let opts = DemoOptions {
        customers: 300,
        reservations: Some(3_000),
        days: 30,
        seed: 11,
        today: today(),
    };
    let started = std::time::Instant::now();
    let mut last = None;
    let summary = desk
        .load_demo(&opts, false, &mut |p| last = Some(p.clone()))
        .expect("load");
    eprintln!(
        "demo 300 customers / 3000 reservations / 30 days: {:?}",
        started.elapsed()
    );
    assert_eq!(summary.customers, 300);
    assert_eq!(summary.reservations, 3_000);
    let last = last.expect("progress was reported");
    assert_eq!(
        (last.done, last.total),
        (3_000, 3_000),
        "progress ends at the total"
    );
    let customers = desk.customers(None, today()).expect("list");
    assert_eq!(customers.len(), 300);
    let names: std::collections::HashSet<_> = customers.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names.len(), 300, "customer names are unique");
    assert_eq!(
        desk.reservations(None, None, today()).expect("list").len(),
        3_000
    );
}

#[test]
fn the_desk_reads_time_from_the_clock_it_was_given() {
    let (_dir, path) = super::temp_db();
    let at = chrono::DateTime::parse_from_rfc3339("2027-01-15T08:45:00Z")
        .expect("instant")
        .with_timezone(&chrono::Utc);
    let desk = desk::Desk::open_with_clock(&path, desk::app::Clock::fixed(at)).expect("open");
    assert_eq!(desk.today().to_string(), "2027-01-15");
    desk.set_policy_value(
        "refund_limit_usd",
        "60000",
        chrono::NaiveDate::from_ymd_opt(2027, 2, 1).expect("day"),
        "clock test",
    )
    .expect("a policy value");
    let audit = desk.audit(None).expect("audit");
    assert!(!audit.is_empty());
    assert!(
        audit.iter().all(|a| a.at == "2027-01-15T08:45:00Z"),
        "every audit row carries the clock's instant: {:?}",
        audit.iter().map(|a| &a.at).collect::<Vec<_>>()
    );
}
