//! Property tests of the refund calculator and the limit (issue: refund and exchange).

use chrono::{Days, NaiveDate};
use desk::domain::ids::{ReservationId, ReservationOrderId, SubscriptionId, TenantId};
use desk::domain::money::{Currency, Money};
use desk::domain::policy::{defaults, Policy};
use desk::domain::refund::{limit_status, quote_refund, LedgerEntry};
use desk::domain::reservation::{ProvisioningState, Reservation, ReservationOrder, ResourceType};
use desk::domain::scope::Scope;
use desk::domain::term::{BillingPlan, Term};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn policy() -> Policy {
    Policy::in_force(
        &defaults(),
        NaiveDate::from_ymd_opt(2026, 11, 24).expect("date"),
    )
    .expect("policy")
}

fn order(
    term: Term,
    plan: BillingPlan,
    start: NaiveDate,
    total_cents: i64,
    qty: u32,
) -> ReservationOrder {
    ReservationOrder {
        id: ReservationOrderId::parse("a075419f-44cc-497f-b68a-14ee811d48b9").expect("guid"),
        tenant_id: TenantId::parse("11111111-1111-4111-8111-111111111111").expect("guid"),
        display_name: "o".into(),
        term: Some(term),
        billing_plan: Some(plan),
        purchase_date: start,
        benefit_start: start,
        expiry_date: term.expiry_from(start),
        original_quantity: qty,
        total_price: Money::new(
            Decimal::new(total_cents, 2),
            Currency::parse("EUR").expect("code"),
        ),
        total_price_usd: Money::new(Decimal::new(total_cents * 108, 4), Currency::USD),
    }
}

fn reservation(qty: u32) -> Reservation {
    Reservation {
        id: ReservationId::parse("6ef59113-3482-40da-8d79-787f823e34bc").expect("guid"),
        order_id: ReservationOrderId::parse("a075419f-44cc-497f-b68a-14ee811d48b9").expect("guid"),
        display_name: "r".into(),
        resource_type: ResourceType::VirtualMachines,
        sku: "Standard_D2s_v5".into(),
        region: "westeurope".into(),
        quantity: qty,
        scope: Scope::Shared,
        billing_subscription_id: SubscriptionId::parse("22222222-2222-4222-8222-222222222222")
            .expect("guid"),
        instance_flexibility: true,
        renew: false,
        provisioning_state: ProvisioningState::Succeeded,
    }
}

fn start_date() -> impl Strategy<Value = NaiveDate> {
    (0u64..2_500).prop_map(|d| NaiveDate::from_ymd_opt(2019, 1, 1).expect("date") + Days::new(d))
}

fn term() -> impl Strategy<Value = Term> {
    prop_oneof![Just(Term::P1Y), Just(Term::P3Y), Just(Term::P5Y)]
}

fn plan() -> impl Strategy<Value = BillingPlan> {
    prop_oneof![Just(BillingPlan::Upfront), Just(BillingPlan::Monthly)]
}

fn ledger() -> impl Strategy<Value = Vec<LedgerEntry>> {
    proptest::collection::vec(
        (start_date(), 0i64..6_000_000, any::<bool>()).prop_map(|(date, cents, exchange)| {
            LedgerEntry {
                date,
                amount_usd: Decimal::new(cents, 2),
                exchange,
            }
        }),
        0..12,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// A refund is never negative and never more than was paid for the returned units.
    #[test]
    fn a_refund_is_never_negative_nor_more_than_was_paid(
        term in term(), plan in plan(), start in start_date(), total in 1i64..200_000_000,
        qty in 1u32..50, pick in 0u32..50, offset in -100i64..2_000,
    ) {
        let o = order(term, plan, start, total, qty);
        let q = pick % qty + 1;
        let on = if offset >= 0 { start + Days::new(offset.unsigned_abs()) } else { start - Days::new(offset.unsigned_abs()) };
        let quote = quote_refund(&o, &reservation(qty), q, on, None, &[], &policy());
        prop_assert!(quote.refund.amount >= Decimal::ZERO, "negative refund {}", quote.refund);
        let paid = match quote.paid_to_date {
            Some(p) => p.amount,
            None => o.total_price.amount * Decimal::from(q) / Decimal::from(qty),
        };
        prop_assert!(quote.refund.amount <= paid + Decimal::new(1, 2), "refund {} above paid {}", quote.refund, paid);
        prop_assert!(quote.value.canceled.amount >= Decimal::ZERO);
        prop_assert_eq!(quote.refund.amount.scale() <= 2, true, "rounded to cents");
    }

    /// An allowed refund never takes the ledger past the limit.
    #[test]
    fn an_allowed_refund_never_takes_the_ledger_past_the_limit(
        term in term(), start in start_date(), total in 1i64..20_000_000, offset in 0i64..1_500, entries in ledger(),
    ) {
        let o = order(term, BillingPlan::Upfront, start, total, 1);
        let on = start + Days::new(offset.unsigned_abs());
        let p = policy();
        let quote = quote_refund(&o, &reservation(1), 1, on, None, &entries, &p);
        if quote.allowed {
            let mut after = entries.clone();
            after.push(LedgerEntry { date: on, amount_usd: quote.value.canceled_usd.amount, exchange: false });
            // A ledger already over the limit (an import can hold one) only lets a zero refund
            // through: the refund itself never adds past the limit.
            let before = limit_status(&entries, on, &p).used_usd;
            prop_assert!(limit_status(&after, on, &p).used_usd <= p.limit_usd().max(before));
        }
        if let Some(day) = quote.headroom_returns_on {
            prop_assert!(day >= on);
            prop_assert!(quote.value.canceled_usd.amount <= limit_status(&entries, day, &p).available_usd, "headroom is really back on {}", day);
        }
    }

    /// Results do not depend on the order of ledger entries.
    #[test]
    fn quotes_do_not_depend_on_ledger_order(
        start in start_date(), total in 1i64..20_000_000, offset in 0i64..365, entries in ledger(), seed in any::<u64>(),
    ) {
        let o = order(Term::P1Y, BillingPlan::Upfront, start, total, 1);
        let on = start + Days::new(offset.unsigned_abs());
        let mut shuffled = entries.clone();
        // A deterministic shuffle from the seed.
        let n = shuffled.len();
        let mut s = seed;
        for i in (1..n).rev() {
            s = s.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let j = usize::try_from(s >> 33).unwrap_or(0) % (i + 1);
            shuffled.swap(i, j);
        }
        let a = quote_refund(&o, &reservation(1), 1, on, None, &entries, &policy());
        let b = quote_refund(&o, &reservation(1), 1, on, None, &shuffled, &policy());
        prop_assert_eq!(a, b);
    }
}
