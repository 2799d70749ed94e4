//! A hand-made portfolio whose every dashboard figure is worked out by hand (on 2026-11-24):
//!
//! | id | customer | state | renew | expiry | days | price (USD) | 7d / 30d % | notes |
//! |----|----------|-------|-------|--------|------|-------------|------------|-------|
//! | a1 | Contoso (EUR) | Succeeded | no | 2026-12-10 | 16 | EUR 1000 (1100) | 95 / 96 | expiring ≤30 |
//! | a2 | Contoso | Succeeded | yes | 2027-01-20 | 57 | EUR 2000 (3650), 365-day term | 50 / 60 | under-used, single scope |
//! | a3 | Contoso | Succeeded | no | 2028-06-01 | — | EUR 500 (550) | 70 / 85 | 30-day above 80: fine |
//! | b1 | Fabrikam (USD) | Succeeded | no | 2027-02-20 | 88 | USD 7300, 365-day term | 5 / 2 | idle |
//! | b2 | Fabrikam | Expired | no | 2026-11-10 | −14 | USD 100 | — | recently expired |
//! | b3 | Fabrikam | Succeeded | no | 2026-10-01 | −54 | USD 100 | — | expired long ago |
//! | c1 | Tailspin (USD) | Succeeded | no | 2028-06-01 | — | USD 10000 | 90 / 90 | renewal lost in a split |
//! | c2 | Tailspin | Cancelled | no | 2027-05-01 | — | USD 999 | 1 / 1 | ignored |
//! | c3 | Tailspin | Succeeded | yes | 2027-03-01 | 97 | USD 1200 | none | no data |
//!
//! Headroom: Contoso 50,000 available, Fabrikam 5,000, Tailspin 9,000.

use super::*;
use crate::domain::money::Currency;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

const TODAY: &str = "2026-11-24";

#[allow(clippy::too_many_arguments)]
fn row(
    id: &str,
    tenant: &str,
    state: ProvisioningState,
    renew: bool,
    start: &str,
    expiry: &str,
    price: (&str, &str),
    price_usd: &str,
    util: Option<(&str, &str)>,
) -> ReviewRow {
    let customer_name = match tenant {
        "a" => "Contoso",
        "b" => "Fabrikam",
        _ => "Tailspin",
    };
    ReviewRow {
        reservation_id: id.to_string(),
        order_id: format!("order-{id}"),
        tenant_id: tenant.to_string(),
        customer_name: customer_name.to_string(),
        display_name: format!("VM_RI_{id}"),
        resource_type: if id == "b1" {
            ResourceType::SqlDatabases
        } else {
            ResourceType::VirtualMachines
        },
        sku: "Standard_D2s_v5".into(),
        region: if tenant == "a" {
            "westeurope"
        } else {
            "eastus"
        }
        .into(),
        quantity: 1,
        scope_type: if id == "a2" {
            ScopeType::Single
        } else {
            ScopeType::Shared
        },
        state,
        renew,
        benefit_start: d(start),
        expiry_date: d(expiry),
        price: Some(Money::new(dec(price.0), Currency::parse(price.1).unwrap())),
        price_usd: Some(dec(price_usd)),
        util_7d: util.map(|u| dec(u.0)),
        util_30d: util.map(|u| dec(u.1)),
        renewal_lost: false,
    }
}

fn portfolio() -> Vec<ReviewRow> {
    use ProvisioningState::{Cancelled, Expired, Succeeded};
    let mut rows = vec![
        row(
            "a1",
            "a",
            Succeeded,
            false,
            "2023-12-10",
            "2026-12-10",
            ("1000", "EUR"),
            "1100",
            Some(("95", "96")),
        ),
        row(
            "a2",
            "a",
            Succeeded,
            true,
            "2026-01-20",
            "2027-01-20",
            ("2000", "EUR"),
            "3650",
            Some(("50", "60")),
        ),
        row(
            "a3",
            "a",
            Succeeded,
            false,
            "2025-06-01",
            "2028-06-01",
            ("500", "EUR"),
            "550",
            Some(("70", "85")),
        ),
        row(
            "b1",
            "b",
            Succeeded,
            false,
            "2026-02-20",
            "2027-02-20",
            ("7300", "USD"),
            "7300",
            Some(("5", "2")),
        ),
        row(
            "b2",
            "b",
            Expired,
            false,
            "2025-11-10",
            "2026-11-10",
            ("100", "USD"),
            "100",
            None,
        ),
        row(
            "b3",
            "b",
            Succeeded,
            false,
            "2025-10-01",
            "2026-10-01",
            ("100", "USD"),
            "100",
            None,
        ),
        row(
            "c1",
            "c",
            Succeeded,
            false,
            "2025-06-01",
            "2028-06-01",
            ("10000", "USD"),
            "10000",
            Some(("90", "90")),
        ),
        row(
            "c2",
            "c",
            Cancelled,
            false,
            "2024-05-01",
            "2027-05-01",
            ("999", "USD"),
            "999",
            Some(("1", "1")),
        ),
        row(
            "c3",
            "c",
            Succeeded,
            true,
            "2026-03-01",
            "2027-03-01",
            ("1200", "USD"),
            "1200",
            None,
        ),
    ];
    rows[6].renewal_lost = true;
    rows
}

fn headroom() -> Vec<Headroom> {
    let h = |tenant: &str, name: &str, used: &str| Headroom {
        tenant_id: tenant.into(),
        name: name.into(),
        limit_usd: dec("50000"),
        used_usd: dec(used),
        available_usd: dec("50000") - dec(used),
    };
    vec![
        h("a", "Contoso", "0"),
        h("b", "Fabrikam", "45000"),
        h("c", "Tailspin", "41000"),
    ]
}

fn thresholds() -> Thresholds {
    ReviewSettings::default().thresholds().unwrap()
}

fn board() -> Dashboard {
    dashboard(&portfolio(), &headroom(), d(TODAY), &thresholds())
}

#[test]
fn commitment_by_currency_sums_the_active_reservations_only() {
    let b = board();
    assert_eq!(b.active_reservations, 6, "a1 a2 a3 b1 c1 c3 run today");
    let expected: BTreeMap<String, String> = [
        ("EUR".to_string(), "3500.00".to_string()),
        ("USD".to_string(), "18500.00".to_string()),
    ]
    .into();
    assert_eq!(
        b.commitment_by_currency, expected,
        "expired and cancelled ones are not commitments"
    );
    assert_eq!(
        b.commitment_usd, "23800.00",
        "1100 + 3650 + 550 + 7300 + 10000 + 1200"
    );
}

#[test]
fn expiring_windows_include_the_shorter_ones_and_count_renewals() {
    let b = board();
    assert_eq!(
        b.expiring,
        Expiring {
            d30: 1,
            d60: 2,
            d90: 3
        },
        "a1; a1 a2; a1 a2 b1 (c3 is 97 days away)"
    );
    assert_eq!(
        b.expiring_renewing,
        Expiring {
            d30: 0,
            d60: 1,
            d90: 1
        },
        "only a2 renews"
    );
}

#[test]
fn under_utilized_needs_both_averages_below_the_threshold() {
    let b = board();
    assert_eq!(b.under_utilized.count, 2);
    assert_eq!(
        b.under_utilized.ids,
        vec!["b1", "a2"],
        "the most unused money first; a3's 30-day 85 % is fine"
    );
    assert_eq!(b.underuse_threshold_percent, "80");
}

#[test]
fn unused_commitment_is_price_times_period_over_term_times_unused_share() {
    // b1: 7300 × 30 / 365 × (100 − 2) / 100 = 588.00; a2: 3650 × 30 / 365 × 40 / 100 = 120.00.
    assert_eq!(board().unused_commitment_usd, "708.00");
    let rows = portfolio();
    assert_eq!(cents(rows[3].unused_usd().unwrap()), "588.00");
    assert_eq!(
        cents(rows[1].unused_billing().unwrap().amount),
        "65.75",
        "in EUR: 2000 × 30 / 365 × 0.4 = 65.753…"
    );
}

#[test]
fn low_headroom_lists_customers_below_the_setting_least_first() {
    let b = board();
    let names: Vec<&str> = b
        .low_headroom_customers
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(
        names,
        vec!["Fabrikam", "Tailspin"],
        "5,000 and 9,000 are below 10,000"
    );
    assert_eq!(b.low_headroom_customers[0].available_usd, "5000.00");
    assert_eq!(b.low_headroom_customers[0].used_usd, "45000.00");
    let strict = Thresholds {
        low_headroom_usd: dec("6000"),
        ..thresholds()
    };
    let b = dashboard(&portfolio(), &headroom(), d(TODAY), &strict);
    assert_eq!(
        b.low_headroom_customers.len(),
        1,
        "only Fabrikam is below 6,000"
    );
}

#[test]
fn recently_expired_and_renewals_lost() {
    let b = board();
    assert_eq!(
        b.recently_expired, 1,
        "b2 ended 14 days ago; b3 54 days ago is not recent"
    );
    assert_eq!(b.renewals_lost, 1, "c1");
}

#[test]
fn charts_band_utilization_and_count_expiries_by_month() {
    let b = board();
    let counts: Vec<u32> = b.charts.utilization.iter().map(|u| u.count).collect();
    assert_eq!(
        counts,
        vec![1, 0, 0, 0, 0, 0, 1, 0, 1, 2],
        "b1 2 %, a2 60 %, a3 85 %, a1 96 % and c1 90 %"
    );
    assert_eq!(b.charts.utilization[9].from, 90);
    assert_eq!(b.charts.utilization[9].to, 100);
    assert_eq!(b.charts.no_utilization_data, 1, "c3");
    let months: Vec<(&str, u32, u32)> = b
        .charts
        .expiries_by_month
        .iter()
        .filter(|m| m.count > 0)
        .map(|m| (m.month.as_str(), m.count, m.renewing))
        .collect();
    assert_eq!(
        months,
        vec![
            ("2026-12", 1, 0),
            ("2027-01", 1, 1),
            ("2027-02", 1, 0),
            ("2027-03", 1, 1)
        ]
    );
    assert_eq!(b.charts.expiries_by_month.len(), 12);
    assert_eq!(b.charts.expiries_by_month[0].month, "2026-11");
    let unused: Vec<(&str, &str)> = b
        .charts
        .unused_by_customer
        .iter()
        .map(|c| (c.name.as_str(), c.unused_usd.as_str()))
        .collect();
    assert_eq!(unused, vec![("Fabrikam", "588.00"), ("Contoso", "120.00")]);
}

#[test]
fn every_figure_opens_the_list_behind_it() {
    let rows = portfolio();
    let t = thresholds();
    let today = d(TODAY);
    let b = dashboard(&rows, &headroom(), today, &t);
    let count = |f: ReviewFilter| u32_len(rows.iter().filter(|r| f.matches(r, today, &t)).count());
    assert_eq!(count(ReviewFilter::Active), b.active_reservations);
    assert_eq!(count(ReviewFilter::Expiring { days: 30 }), b.expiring.d30);
    assert_eq!(count(ReviewFilter::Expiring { days: 60 }), b.expiring.d60);
    assert_eq!(count(ReviewFilter::Expiring { days: 90 }), b.expiring.d90);
    assert_eq!(count(ReviewFilter::UnderUtilized), b.under_utilized.count);
    assert_eq!(count(ReviewFilter::RecentlyExpired), b.recently_expired);
    assert_eq!(count(ReviewFilter::RenewalLost), b.renewals_lost);
    assert_eq!(
        count(ReviewFilter::NoUtilizationData),
        b.charts.no_utilization_data
    );
    assert_eq!(
        count(ReviewFilter::Currency {
            currency: "eur".into()
        }),
        3
    );
    for band in &b.charts.utilization {
        assert_eq!(
            count(ReviewFilter::UtilizationBand {
                from: band.from,
                to: band.to
            }),
            band.count,
            "band {}",
            band.from
        );
    }
    for m in &b.charts.expiries_by_month {
        assert_eq!(
            count(ReviewFilter::ExpiryMonth {
                month: m.month.clone()
            }),
            m.count
        );
    }
    assert_eq!(
        count(ReviewFilter::CustomerUnderUtilized {
            tenant_id: "b".into()
        }),
        1
    );
}

#[test]
fn triage_puts_the_urgent_first_then_the_most_money() {
    let rows = portfolio();
    let h = headroom();
    let available = |tenant: &str| {
        h.iter()
            .find(|x| x.tenant_id == tenant)
            .map(|x| x.available_usd)
    };
    let q = triage(
        &rows,
        d(TODAY),
        &thresholds(),
        &available,
        &|_| true,
        &|_| None,
    );
    let got: Vec<(&str, TriageKind, TriageAction)> = q
        .iter()
        .map(|c| (c.row.reservation_id.as_str(), c.kind, c.action))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "a1",
                TriageKind::ExpiringWithoutRenewal,
                TriageAction::Renew
            ),
            ("b1", TriageKind::Idle, TriageAction::Refund),
            ("a2", TriageKind::UnderUsed, TriageAction::RightSizeScope),
            ("c1", TriageKind::RenewalLost, TriageAction::Renew),
        ],
        "a1 expires in 16 days; then b1 (588 unused), a2 (120), c1 (0)"
    );
    assert_eq!(q[1].key, "idle:b1");
    assert_eq!(q[1].remaining_usd, Some(dec("1760")), "7300 × 88 / 365");
}

#[test]
fn an_idle_reservation_is_exchanged_when_a_refund_would_not_fit() {
    let rows = portfolio();
    let tight = |_: &str| Some(dec("1000"));
    let q = triage(&rows, d(TODAY), &thresholds(), &tight, &|_| true, &|_| None);
    let b1 = q.iter().find(|c| c.row.reservation_id == "b1").unwrap();
    assert_eq!(
        b1.action,
        TriageAction::ExchangeDown,
        "1,760 to cancel does not fit 1,000 of headroom"
    );
    let plenty = |_: &str| Some(dec("50000"));
    let q = triage(
        &rows,
        d(TODAY),
        &thresholds(),
        &plenty,
        &|t| t != ResourceType::SqlDatabases,
        &|_| None,
    );
    let b1 = q.iter().find(|c| c.row.reservation_id == "b1").unwrap();
    assert_eq!(
        b1.action,
        TriageAction::ExchangeDown,
        "a type that cannot be refunded is exchanged"
    );
    let a2 = q.iter().find(|c| c.row.reservation_id == "a2").unwrap();
    assert_eq!(a2.action, TriageAction::RightSizeScope);
}

#[test]
fn calendar_lists_expiries_in_range_with_filters() {
    let rows = portfolio();
    let all = expiries(
        &rows,
        d("2026-11-01"),
        d("2027-03-31"),
        &CalendarFilter::default(),
    );
    let ids: Vec<&str> = all.iter().map(|r| r.reservation_id.as_str()).collect();
    assert_eq!(
        ids,
        vec!["b2", "a1", "a2", "b1", "c3"],
        "by date; cancelled c2 is not an expiry"
    );
    let only_b = CalendarFilter {
        customer: Some("B".into()),
        ..CalendarFilter::default()
    };
    assert_eq!(
        expiries(&rows, d("2026-11-01"), d("2027-03-31"), &only_b).len(),
        2
    );
    let sql = CalendarFilter {
        resource_type: Some(ResourceType::SqlDatabases),
        ..CalendarFilter::default()
    };
    assert_eq!(
        expiries(&rows, d("2026-01-01"), d("2030-01-01"), &sql).len(),
        1
    );
    let region = CalendarFilter {
        region: Some("WestEurope".into()),
        ..CalendarFilter::default()
    };
    assert_eq!(
        expiries(&rows, d("2026-01-01"), d("2030-01-01"), &region).len(),
        3
    );
}

#[test]
fn settings_are_checked() {
    assert!(ReviewSettings::default().thresholds().is_ok());
    let bad = |u: &str, i: &str, h: &str| {
        ReviewSettings {
            underuse_threshold_percent: u.into(),
            idle_below_percent: i.into(),
            low_headroom_usd: h.into(),
        }
        .thresholds()
        .unwrap_err()
        .field
    };
    assert_eq!(bad("101", "10", "0"), "underuse_threshold_percent");
    assert_eq!(bad("eighty", "10", "0"), "underuse_threshold_percent");
    assert_eq!(bad("50", "60", "0"), "idle_below_percent");
    assert_eq!(bad("80", "10", "-1"), "low_headroom_usd");
}

#[test]
fn months_and_cents() {
    assert_eq!(add_months(d("2026-11-24"), 2), d("2027-01-01"));
    assert_eq!(month_end(d("2028-02-10")), d("2028-02-29"));
    assert_eq!(cents(dec("0.005")), "0.01");
    assert_eq!(cents(dec("12")), "12.00");
}

#[test]
fn the_without_price_figure_opens_the_reservations_it_leaves_out() {
    let mut rows = portfolio();
    let t = thresholds();
    let today = d(TODAY);
    // One active reservation with no price at all, one whose USD value is unknown,
    // and an expired one without a price (never on the dashboard's active figures).
    let active: Vec<usize> = (0..rows.len())
        .filter(|&i| rows[i].is_active(today))
        .collect();
    rows[active[0]].price = None;
    rows[active[0]].price_usd = None;
    rows[active[1]].price_usd = None;
    let expired = (0..rows.len())
        .find(|&i| !rows[i].is_active(today))
        .expect("the portfolio has an expired reservation");
    rows[expired].price = None;
    let b = dashboard(&rows, &headroom(), today, &t);
    let listed: Vec<&str> = rows
        .iter()
        .filter(|r| ReviewFilter::WithoutPrice.matches(r, today, &t))
        .map(|r| r.reservation_id.as_str())
        .collect();
    assert_eq!(b.reservations_without_price, 2);
    assert_eq!(u32_len(listed.len()), b.reservations_without_price);
    assert!(listed.contains(&rows[active[0]].reservation_id.as_str()));
    assert!(listed.contains(&rows[active[1]].reservation_id.as_str()));
    assert!(!listed.contains(&rows[expired].reservation_id.as_str()));
}

#[test]
fn on_its_last_two_days_a_reservation_is_only_renewed_or_let_go() {
    use ProvisioningState::Succeeded;
    let today = d(TODAY);
    let day = |n: i64| (today + chrono::Duration::days(n)).to_string();
    let idle = Some(("2", "3"));
    let rows = vec![
        // Idle and not renewing: tomorrow it ends, so a refund would cancel next to nothing.
        row(
            "t1",
            "a",
            Succeeded,
            false,
            "2024-01-01",
            &day(1),
            ("1000", "USD"),
            "1000",
            idle,
        ),
        // Idle and renewing, ending today: nothing to refund or exchange either.
        row(
            "t2",
            "a",
            Succeeded,
            true,
            "2024-01-01",
            &day(0),
            ("1000", "USD"),
            "1000",
            idle,
        ),
        // Idle with two days left: still worth a refund or an exchange.
        row(
            "t3",
            "a",
            Succeeded,
            false,
            "2024-01-01",
            &day(2),
            ("1000", "USD"),
            "1000",
            idle,
        ),
    ];
    let plenty = |_: &str| Some(dec("50000"));
    let q = triage(&rows, today, &thresholds(), &plenty, &|_| true, &|_| None);
    let got: Vec<(&str, TriageKind, TriageAction)> = q
        .iter()
        .map(|c| (c.row.reservation_id.as_str(), c.kind, c.action))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "t1",
                TriageKind::ExpiringWithoutRenewal,
                TriageAction::Renew
            ),
            ("t3", TriageKind::Idle, TriageAction::Refund),
        ],
        "no Refund or Exchange suggestion on the last two days; a renewing one has nothing to decide"
    );
}

#[test]
fn a_renewal_into_a_reservation_that_can_never_be_exchanged_is_a_decision() {
    use ProvisioningState::Succeeded;
    let today = d(TODAY);
    let cutover = d("2027-02-01");
    let used = Some(("95", "96"));
    let rows = vec![
        // Renews on the cut-over day, used well: the renewal is the decision.
        row(
            "n1",
            "a",
            Succeeded,
            true,
            "2024-02-01",
            "2027-02-01",
            ("1000", "USD"),
            "1000",
            used,
        ),
        // Renews the day before: still exchangeable afterwards (one final exchange).
        row(
            "n2",
            "a",
            Succeeded,
            true,
            "2024-01-31",
            "2027-01-31",
            ("1000", "USD"),
            "1000",
            used,
        ),
        // Not renewing: an expiring item as before.
        row(
            "n3",
            "a",
            Succeeded,
            false,
            "2024-02-05",
            "2027-02-05",
            ("1000", "USD"),
            "1000",
            used,
        ),
        // Renews after the cut-over, but more than 90 days away.
        row(
            "n4",
            "a",
            Succeeded,
            true,
            "2024-06-01",
            "2027-06-01",
            ("1000", "USD"),
            "1000",
            used,
        ),
        // Idle wins: a refund or an exchange before the renewal settles both.
        row(
            "n5",
            "a",
            Succeeded,
            true,
            "2024-02-10",
            "2027-02-10",
            ("1000", "USD"),
            "1000",
            Some(("2", "3")),
        ),
    ];
    let plenty = |_: &str| Some(dec("50000"));
    let covered = |t: ResourceType| (t == ResourceType::VirtualMachines).then_some(cutover);
    let q = triage(&rows, today, &thresholds(), &plenty, &|_| true, &covered);
    let got: Vec<(&str, TriageKind)> = q
        .iter()
        .map(|c| (c.row.reservation_id.as_str(), c.kind))
        .collect();
    assert!(
        got.contains(&("n1", TriageKind::RenewsNotExchangeable)),
        "{got:?}"
    );
    assert!(!got.iter().any(|(id, _)| *id == "n2"), "{got:?}");
    assert!(
        got.contains(&("n3", TriageKind::ExpiringWithoutRenewal)),
        "{got:?}"
    );
    assert!(!got.iter().any(|(id, _)| *id == "n4"), "{got:?}");
    assert!(got.contains(&("n5", TriageKind::Idle)), "{got:?}");
    let n1 = q.iter().find(|c| c.row.reservation_id == "n1").unwrap();
    assert_eq!(n1.action, TriageAction::Renew);
    assert_eq!(n1.key, "renews_not_exchangeable:n1");
    let none = triage(&rows, today, &thresholds(), &plenty, &|_| true, &|_| None);
    assert!(!none
        .iter()
        .any(|c| c.kind == TriageKind::RenewsNotExchangeable));
}
