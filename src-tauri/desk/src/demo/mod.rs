//! The built-in demo portfolio: realistic, deterministic for a seed and a "today", and able to
//! scale from a first look (25 customers) to 5,000 customers and 50,000 reservations.
//! It only produces domain values; the facade writes them through the store.

mod catalog;
mod rng;

use crate::domain::access::{Assignment, GrantedAt, PrincipalKind, Role};
use crate::domain::customer::{Customer, Subscription, SubscriptionState};
use crate::domain::ids::{ReservationId, ReservationOrderId, SubscriptionId, TenantId};
use crate::domain::money::{round_cents, Currency, Money};
use crate::domain::reservation::{ProvisioningState, Reservation, ReservationOrder, ResourceType};
use crate::domain::scope::Scope;
use crate::domain::term::{BillingPlan, Term};
use crate::domain::utilization::DailyUtilization;
use crate::domain::InvalidValue;
use catalog::{Sku, COMPANIES, RESOURCE_GROUPS, SKUS, SUBSCRIPTION_NAMES};
use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use rng::Rng;
use rust_decimal::Decimal;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoOptions {
    /// Number of customers.
    pub customers: u32,
    /// Number of reservations in all (default: six per customer).
    pub reservations: Option<u32>,
    /// Days of daily utilization history, ending yesterday.
    pub days: u32,
    /// Seed: the same seed and today give the same portfolio.
    pub seed: u32,
    /// The day the portfolio is generated for (expiries are spread around it).
    pub today: NaiveDate,
}

impl DemoOptions {
    /// Customers in the default demo.
    pub const DEFAULT_CUSTOMERS: u32 = 25;
    /// Days of utilization in the default demo.
    pub const DEFAULT_DAYS: u32 = 365;
    /// The default seed.
    pub const DEFAULT_SEED: u32 = 1;
    /// The most customers or reservations one demo may hold.
    pub const MAX_COUNT: u32 = 1_000_000;
    /// The longest utilization history.
    pub const MAX_DAYS: u32 = 3_660;

    /// The default demo for `today`.
    pub fn first_look(today: NaiveDate) -> Self {
        Self {
            customers: Self::DEFAULT_CUSTOMERS,
            reservations: None,
            days: Self::DEFAULT_DAYS,
            seed: Self::DEFAULT_SEED,
            today,
        }
    }

    /// Total reservations to generate.
    pub fn reservation_count(&self) -> u32 {
        self.reservations
            .unwrap_or_else(|| self.customers.saturating_mul(6))
    }

    /// Checks the ranges.
    pub fn validate(&self) -> Result<(), InvalidValue> {
        if self.customers == 0 || self.customers > Self::MAX_COUNT {
            return Err(InvalidValue::new(
                "customers",
                format!("expected 1 to {}", Self::MAX_COUNT),
                &self.customers.to_string(),
            ));
        }
        if self.reservation_count() > Self::MAX_COUNT {
            return Err(InvalidValue::new(
                "reservations",
                format!("expected at most {}", Self::MAX_COUNT),
                &self.reservation_count().to_string(),
            ));
        }
        if self.days > Self::MAX_DAYS {
            return Err(InvalidValue::new(
                "days",
                format!("expected at most {}", Self::MAX_DAYS),
                &self.days.to_string(),
            ));
        }
        Ok(())
    }
}

/// A customer with its subscriptions.
#[derive(Debug, Clone)]
pub struct DemoCustomer {
    /// The customer.
    pub customer: Customer,
    /// Its subscriptions.
    pub subscriptions: Vec<Subscription>,
    /// Tenant-wide role assignments on reservations.
    pub tenant_assignments: Vec<Assignment>,
}

/// How a reservation is used, from which its daily rows are generated on demand.
#[derive(Debug, Clone, Copy)]
pub struct UsageProfile {
    seed: u64,
    /// Typical utilization in percent.
    base: u32,
    /// From this day on, utilization moves to the second value.
    change: Option<(NaiveDate, u32)>,
    /// Hour of the first day the benefit started.
    start_hour: u32,
    /// The last day with data (yesterday, the expiry, or the cancellation).
    data_until: NaiveDate,
    /// Dips at weekends (development and test workloads).
    weekend_dip: bool,
}

/// An order and its reservations.
#[derive(Debug, Clone)]
pub struct DemoOrder {
    /// The order.
    pub order: ReservationOrder,
    /// Its reservations with their usage.
    pub reservations: Vec<(Reservation, UsageProfile)>,
    /// Role assignments on the order, and on its first reservation.
    pub assignments: Vec<Assignment>,
}

/// The whole generated portfolio (utilization rows excepted: see [`usage_days`]).
#[derive(Debug, Clone)]
pub struct Portfolio {
    /// Customers.
    pub customers: Vec<DemoCustomer>,
    /// Orders, grouped by customer.
    pub orders: Vec<DemoOrder>,
}

fn guid<T>(rng: &mut Rng, parse: impl Fn(&str) -> Result<T, InvalidValue>) -> T {
    // A formatted 128-bit value always parses; fall back to a fixed valid GUID otherwise.
    parse(&rng.guid())
        .or_else(|_| parse("00000000-0000-4000-8000-000000000000"))
        .unwrap_or_else(|_| unreachable!("constant GUID is valid"))
}

fn make_customer(rng: &mut Rng, index: u32) -> DemoCustomer {
    let base = &COMPANIES[(index as usize) % COMPANIES.len()];
    let round = index / COMPANIES.len() as u32;
    let (name, slug) = if round == 0 {
        (base.name.to_string(), base.slug.to_string())
    } else {
        (
            format!("{} — Branch {}", base.name, round + 1),
            format!("{}{}", base.slug, round + 1),
        )
    };
    let tenant_id = guid(rng, TenantId::parse);
    let currency = Currency::parse(catalog::currency_for(base.country)).unwrap_or(Currency::USD);
    let customer = Customer {
        tenant_id: tenant_id.clone(),
        name,
        primary_domain: format!("{slug}.onmicrosoft.com"),
        billing_currency: currency,
        country: base.country.to_string(),
    };
    let n_subs = rng.range(1, 5);
    let mut subscriptions = Vec::with_capacity(n_subs as usize);
    for i in 0..n_subs {
        let label = SUBSCRIPTION_NAMES[(i as usize) % SUBSCRIPTION_NAMES.len()];
        let state = if i > 0 && rng.chance(8) {
            SubscriptionState::Disabled
        } else {
            SubscriptionState::Active
        };
        subscriptions.push(Subscription {
            id: guid(rng, SubscriptionId::parse),
            tenant_id: tenant_id.clone(),
            display_name: format!("{} {}", base.slug.to_ascii_uppercase(), label),
            state,
        });
    }
    DemoCustomer {
        customer,
        subscriptions,
        tenant_assignments: Vec::new(),
    }
}

fn assignment(
    rng: &mut Rng,
    name: String,
    kind: PrincipalKind,
    role: Role,
    granted_at: GrantedAt,
) -> Assignment {
    Assignment {
        principal_name: name,
        principal_id: rng.guid(),
        kind,
        role,
        granted_at,
    }
}

/// Who holds which role: mostly the partner's admin agents as Owner on each order, with a few
/// orders reachable only through Lighthouse or a guest account, or not by the partner at all.
fn add_assignments(rng: &mut Rng, customers: &mut [DemoCustomer], orders: &mut [DemoOrder]) {
    for c in customers.iter_mut() {
        let domain = c.customer.primary_domain.clone();
        if rng.chance(30) {
            c.tenant_assignments.push(assignment(
                rng,
                "FinOps team".into(),
                PrincipalKind::Group,
                Role::ReservationsReader,
                GrantedAt::Tenant,
            ));
        }
        if rng.chance(15) {
            c.tenant_assignments.push(assignment(
                rng,
                format!("cloud-admin@{domain}"),
                PrincipalKind::User,
                Role::ReservationsAdministrator,
                GrantedAt::Tenant,
            ));
        }
    }
    for o in orders.iter_mut() {
        let domain = customers
            .iter()
            .find(|c| c.customer.tenant_id == o.order.tenant_id)
            .map(|c| c.customer.primary_domain.clone())
            .unwrap_or_default();
        let roll = rng.range(1, 100);
        let partner = if roll <= 88 {
            Some((
                "Admin agents (partner, Admin on Behalf Of)".to_string(),
                PrincipalKind::PartnerAdminAgent,
            ))
        } else if roll <= 93 {
            Some((
                "Partner operations (Azure Lighthouse)".to_string(),
                PrincipalKind::PartnerLighthouse,
            ))
        } else if roll <= 97 {
            Some((
                format!("account.manager_partner.example#EXT#@{domain}"),
                PrincipalKind::PartnerGuest,
            ))
        } else {
            None
        };
        if let Some((name, kind)) = partner {
            o.assignments
                .push(assignment(rng, name, kind, Role::Owner, GrantedAt::Order));
        }
        // Each customer's own people, each present with its own odds (percent).
        let own: [(u32, String, PrincipalKind, Role, GrantedAt); 3] = [
            (
                70,
                format!("it-admin@{domain}"),
                PrincipalKind::User,
                Role::Owner,
                GrantedAt::Order,
            ),
            (
                40,
                format!("finance@{domain}"),
                PrincipalKind::User,
                Role::Reader,
                GrantedAt::Reservation,
            ),
            (
                15,
                "Platform engineering".into(),
                PrincipalKind::Group,
                Role::ReservationsContributor,
                GrantedAt::Reservation,
            ),
        ];
        for (odds, name, kind, role, at) in own {
            if rng.chance(odds) {
                o.assignments.push(assignment(rng, name, kind, role, at));
            }
        }
    }
}

/// How many reservations each customer gets: at least one each while there are enough, the rest
/// weighted so that a few large customers hold many.
fn allocate(rng: &mut Rng, customers: u32, total: u32) -> Vec<u32> {
    let mut counts = vec![0u32; customers as usize];
    let mut left = total;
    for c in counts.iter_mut() {
        if left == 0 {
            break;
        }
        *c = 1;
        left -= 1;
    }
    let weights: Vec<u64> = (0..customers)
        .map(|_| {
            if rng.chance(15) {
                u64::from(rng.range(6, 14))
            } else {
                u64::from(rng.range(1, 4))
            }
        })
        .collect();
    let cumulative: Vec<u64> = weights
        .iter()
        .scan(0u64, |acc, w| {
            *acc += w;
            Some(*acc)
        })
        .collect();
    let sum = cumulative.last().copied().unwrap_or(1).max(1);
    for _ in 0..left {
        let x = rng.next_u64() % sum;
        let i = cumulative.partition_point(|&c| c <= x);
        if let Some(c) = counts.get_mut(i) {
            *c += 1;
        }
    }
    counts
}

fn pick_expiry(rng: &mut Rng, term: Term, today: NaiveDate) -> NaiveDate {
    let roll = rng.range(1, 100);
    let offset: i64 = if roll <= 10 {
        -rng.range_i64(1, 300)
    } else if roll <= 18 {
        rng.range_i64(0, 30)
    } else if roll <= 25 {
        rng.range_i64(31, 60)
    } else if roll <= 32 {
        rng.range_i64(61, 90)
    } else {
        let term_days = i64::from(term.years()) * 365;
        rng.range_i64(91, (term_days - 2).max(92))
    };
    if offset >= 0 {
        today
            .checked_add_days(Days::new(offset.unsigned_abs()))
            .unwrap_or(today)
    } else {
        today
            .checked_sub_days(Days::new(offset.unsigned_abs()))
            .unwrap_or(today)
    }
}

fn pick_scope(rng: &mut Rng, c: &DemoCustomer) -> Scope {
    let active: Vec<&Subscription> = c
        .subscriptions
        .iter()
        .filter(|s| s.state == SubscriptionState::Active)
        .collect();
    let sub = |rng: &mut Rng| {
        if active.is_empty() {
            c.subscriptions[0].id.clone()
        } else {
            rng.pick(&active).id.clone()
        }
    };
    let roll = rng.range(1, 100);
    if roll <= 40 {
        Scope::Shared
    } else if roll <= 78 {
        Scope::Single {
            subscription: sub(rng),
        }
    } else if roll <= 91 {
        Scope::ResourceGroup {
            subscription: sub(rng),
            resource_group: (*rng.pick(RESOURCE_GROUPS)).to_string(),
        }
    } else {
        let slug = c
            .customer
            .primary_domain
            .split('.')
            .next()
            .unwrap_or("root")
            .to_string();
        Scope::ManagementGroup {
            group_id: format!("mg-{slug}"),
        }
    }
}

fn usd_to_billing(usd: Decimal, currency: Currency) -> Decimal {
    round_cents(
        usd * Decimal::from(10_000) / Decimal::from(catalog::usd_rate_e4(currency.as_str())),
    )
}

fn pick_profile(rng: &mut Rng, benefit_start: NaiveDate, end: NaiveDate) -> UsageProfile {
    let roll = rng.range(1, 100);
    let base = if roll <= 55 {
        rng.range(92, 100)
    } else if roll <= 75 {
        rng.range(80, 92)
    } else if roll <= 92 {
        rng.range(25, 75)
    } else {
        rng.range(0, 8)
    };
    let span = (end - benefit_start).num_days().max(1);
    let change = if rng.chance(15) && span > 60 {
        let at = benefit_start + Days::new(rng.range_i64(30, span - 1).unsigned_abs());
        Some((
            at,
            if base > 60 {
                rng.range(10, 55)
            } else {
                rng.range(85, 100)
            },
        ))
    } else {
        None
    };
    UsageProfile {
        seed: rng.next_u64(),
        base,
        change,
        start_hour: rng.range(0, 23),
        data_until: end,
        weekend_dip: rng.chance(25),
    }
}

fn make_order(rng: &mut Rng, c: &DemoCustomer, size: u32, today: NaiveDate) -> DemoOrder {
    let sku: &Sku = rng.pick(SKUS);
    let term = if rng.chance(55) { Term::P1Y } else { Term::P3Y };
    let plan = if rng.chance(60) {
        BillingPlan::Upfront
    } else {
        BillingPlan::Monthly
    };
    let rough_expiry = pick_expiry(rng, term, today);
    let benefit_start = rough_expiry
        .checked_sub_months(Months::new(term.months()))
        .unwrap_or(rough_expiry);
    let benefit_start = benefit_start.min(today - Days::new(1));
    let expiry = term.expiry_from(benefit_start);
    let purchase = benefit_start;

    let quantities: Vec<u32> = (0..size)
        .map(|_| 1 + (rng.range(0, sku.max_quantity - 1) * rng.range(0, 100)) / 100)
        .collect();
    let original_quantity: u32 = quantities.iter().sum();
    let per_year_factor: u32 = match term {
        Term::P1Y => 100,
        Term::P3Y => 64,
        Term::P5Y => 55,
    };
    let usd = Decimal::from(sku.usd_per_year)
        * Decimal::from(term.years())
        * Decimal::from(original_quantity)
        * Decimal::from(per_year_factor * rng.range(95, 105))
        / Decimal::from(10_000);
    let total_usd = round_cents(usd);
    let currency = c.customer.billing_currency;
    let order = ReservationOrder {
        id: guid(rng, ReservationOrderId::parse),
        tenant_id: c.customer.tenant_id.clone(),
        display_name: String::new(),
        term: Some(term),
        billing_plan: Some(plan),
        purchase_date: purchase,
        benefit_start,
        expiry_date: expiry,
        original_quantity,
        total_price: Money::new(usd_to_billing(total_usd, currency), currency),
        total_price_usd: Money::new(total_usd, Currency::USD),
    };
    let name = format!(
        "{}_{:02}-{:02}-{}_{:02}-{:02}",
        catalog::name_prefix(sku.resource_type),
        purchase.month(),
        purchase.day(),
        purchase.year(),
        rng.range(0, 23),
        rng.range(0, 59)
    );
    let expired = expiry < today;
    let cancelled = !expired && rng.chance(3);
    let yesterday = today - Days::new(1);
    let mut reservations = Vec::with_capacity(size as usize);
    for (i, quantity) in quantities.into_iter().enumerate() {
        let state = if expired {
            ProvisioningState::Expired
        } else if cancelled {
            ProvisioningState::Cancelled
        } else {
            ProvisioningState::Succeeded
        };
        let data_until = if cancelled {
            let back = rng.range_i64(10, 120).unsigned_abs();
            (yesterday - Days::new(back)).max(benefit_start)
        } else {
            expiry.min(yesterday)
        };
        let reservation = Reservation {
            id: guid(rng, ReservationId::parse),
            order_id: order.id.clone(),
            display_name: if size == 1 {
                name.clone()
            } else {
                format!("{name}_{}", i + 1)
            },
            resource_type: sku.resource_type,
            sku: sku.name.to_string(),
            region: (*rng.pick(catalog::regions_for(&c.customer.country))).to_string(),
            quantity,
            scope: pick_scope(rng, c),
            billing_subscription_id: rng.pick(&c.subscriptions).id.clone(),
            instance_flexibility: sku.resource_type == ResourceType::VirtualMachines
                && rng.chance(85),
            renew: state == ProvisioningState::Succeeded && rng.chance(40),
            provisioning_state: state,
        };
        let profile = pick_profile(rng, benefit_start, data_until);
        reservations.push((reservation, profile));
    }
    let mut order = order;
    order.display_name = name;
    DemoOrder {
        order,
        reservations,
        assignments: Vec::new(),
    }
}

/// Generates the portfolio for `opts` (which must be valid).
pub fn generate(opts: &DemoOptions) -> Portfolio {
    let seed = u64::from(opts.seed);
    let mut rng = Rng::new(seed, 1);
    let mut customers: Vec<DemoCustomer> = (0..opts.customers)
        .map(|i| make_customer(&mut rng, i))
        .collect();
    let counts = allocate(
        &mut Rng::new(seed, 2),
        opts.customers,
        opts.reservation_count(),
    );
    let mut rng = Rng::new(seed, 3);
    let mut orders = Vec::new();
    for (c, &n) in customers.iter().zip(&counts) {
        let mut left = n;
        while left > 0 {
            let size = if left >= 2 && rng.chance(10) { 2 } else { 1 };
            orders.push(make_order(&mut rng, c, size, opts.today));
            left -= size;
        }
    }
    add_assignments(&mut Rng::new(seed, 4), &mut customers, &mut orders);
    Portfolio { customers, orders }
}

/// The daily utilization of one reservation: up to `days` days ending on the profile's last
/// day of data, never before the benefit start. The first day is partial (it starts at the
/// purchase hour), as Cost Management reports it.
pub fn usage_days(
    order: &ReservationOrder,
    reservation: &Reservation,
    profile: &UsageProfile,
    days: u32,
    today: NaiveDate,
) -> Vec<DailyUtilization> {
    if days == 0 || profile.data_until < order.benefit_start {
        return Vec::new();
    }
    let window_start = today
        .checked_sub_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MIN);
    let first = order.benefit_start.max(window_start);
    if first > profile.data_until {
        return Vec::new();
    }
    let mut rng = Rng::new(profile.seed, 0);
    let full_day = Decimal::from(reservation.quantity * 24);
    let mut out = Vec::with_capacity(
        usize::try_from((profile.data_until - first).num_days() + 1).unwrap_or(0),
    );
    let mut date = first;
    while date <= profile.data_until {
        let reserved = if date == order.benefit_start {
            Decimal::from(reservation.quantity * (24 - profile.start_hour))
        } else {
            full_day
        };
        let base = match profile.change {
            Some((at, after)) if date >= at => after,
            _ => profile.base,
        };
        let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
        let dip: i64 = if profile.weekend_dip && weekend {
            1_500
        } else {
            0
        };
        // Percent in hundredths, with ±6 points of noise.
        let pct_e2 = (i64::from(base) * 100 + rng.range_i64(-600, 600) - dip).clamp(0, 10_000);
        let used = (reserved * Decimal::from(pct_e2) / Decimal::from(10_000)).round_dp(2);
        out.push(DailyUtilization {
            date,
            reserved_hours: reserved,
            used_hours: used,
        });
        date = match date.succ_opt() {
            Some(d) => d,
            None => break,
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::reservation::{status_on, Status};

    fn today() -> NaiveDate {
        "2026-11-24".parse().unwrap()
    }

    #[test]
    fn same_seed_same_portfolio() {
        let opts = DemoOptions::first_look(today());
        let a = generate(&opts);
        let b = generate(&opts);
        let ids = |p: &Portfolio| -> Vec<String> {
            p.orders
                .iter()
                .flat_map(|o| o.reservations.iter().map(|(r, _)| r.id.to_string()))
                .collect()
        };
        assert_eq!(ids(&a), ids(&b), "the demo is deterministic for a seed");
        let c = generate(&DemoOptions { seed: 2, ..opts });
        assert_ne!(ids(&a), ids(&c), "another seed gives another portfolio");
    }

    #[test]
    fn first_look_is_varied_and_valid() {
        let opts = DemoOptions::first_look(today());
        let p = generate(&opts);
        assert_eq!(p.customers.len(), 25);
        let all: Vec<(&ReservationOrder, &Reservation)> = p
            .orders
            .iter()
            .flat_map(|o| o.reservations.iter().map(move |(r, _)| (&o.order, r)))
            .collect();
        assert_eq!(all.len(), 150, "six reservations per customer by default");
        for c in &p.customers {
            c.customer.validate().expect("demo customers are valid");
        }
        for (o, r) in &all {
            o.validate().expect("demo orders are valid");
            r.validate().expect("demo reservations are valid");
        }
        let currencies: std::collections::BTreeSet<&str> = p
            .customers
            .iter()
            .map(|c| c.customer.billing_currency.as_str())
            .collect();
        assert_eq!(
            currencies.into_iter().collect::<Vec<_>>(),
            ["CNY", "EUR", "GBP", "USD"]
        );
        assert!(
            p.customers.iter().any(|c| !c.customer.name.is_ascii()),
            "names in several scripts"
        );
        let statuses: Vec<Status> = all
            .iter()
            .map(|(o, r)| status_on(r.provisioning_state, o.expiry_date, today()))
            .collect();
        for s in [Status::Succeeded, Status::Expiring, Status::Expired] {
            assert!(statuses.contains(&s), "the demo shows {s:?} reservations");
        }
        for t in [
            ResourceType::VirtualMachines,
            ResourceType::SqlDatabases,
            ResourceType::CosmosDb,
            ResourceType::AppService,
            ResourceType::DedicatedHost,
        ] {
            assert!(
                all.iter().any(|(_, r)| r.resource_type == t),
                "the demo has {t:?}"
            );
        }
        assert!(
            all.iter().any(|(o, _)| o.term == Some(Term::P1Y))
                && all.iter().any(|(o, _)| o.term == Some(Term::P3Y))
        );
        assert!(all
            .iter()
            .any(|(o, _)| o.billing_plan == Some(BillingPlan::Monthly)));
        for (o, _) in &all {
            assert!(o.benefit_start < today(), "every reservation has started");
        }
    }

    #[test]
    fn usage_starts_partial_and_stops_yesterday() {
        let opts = DemoOptions::first_look(today());
        let p = generate(&opts);
        let o = &p.orders[0];
        let (r, profile) = &o.reservations[0];
        let days = usage_days(&o.order, r, profile, 365, today());
        assert!(!days.is_empty());
        let last = days.last().unwrap();
        assert!(last.date < today(), "today's data has not arrived yet");
        for d in &days {
            assert!(
                d.used_hours <= d.reserved_hours,
                "cannot use more than reserved"
            );
            assert!(d.used_hours >= Decimal::ZERO);
        }
        assert!(days.len() <= 365);
    }
}
