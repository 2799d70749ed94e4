//! The prorated refund calculator and the per-customer refund limit (DOMAIN.md §6 rules 1–7).
//!
//! Rounding: every amount is computed exactly with `Decimal` and rounded once, when the figure
//! is final, to the currency's minor unit (cents for USD, EUR, GBP and CNY), half away from zero.
//! No rule reads the clock: the return date is always passed in.

use super::money::{round_cents, Currency, Money};
use super::policy::Policy;
use super::reservation::{ProvisioningState, Reservation, ReservationOrder};
use super::term::{days_between, BillingPlan};
use chrono::{Days, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;

/// Why a refund (or an exchange) cannot go ahead. The codes are Azure's where Azure has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Reason {
    /// The canceled commitment does not fit the customer's remaining refund limit.
    RefundLimitExceeded,
    /// The reservation's type cannot be refunded or exchanged.
    NotRefundable,
    /// The quantity is zero or more than the reservation holds.
    InvalidRefundQuantity,
    /// The reservation is cancelled, expired, split or merged.
    OperationCannotBePerformedInCurrentState,
    /// Returned and new reservations are not all of one product family.
    DifferentProductFamily,
    /// Bought on or after the exchange cut-over for a savings-plan-covered service.
    ExchangeNotAllowedAfterCutover,
    /// The one final exchange after the cut-over has been used.
    FinalExchangeUsed,
    /// The new lifetime commitment is less than the returned value.
    InsufficientPurchaseValue,
    /// A purchase is priced in another currency than the returned reservations' billing currency.
    CurrencyMismatch,
    /// The returned reservations belong to more than one customer.
    MixedCustomers,
    /// Nothing to return, or nothing to buy.
    EmptyExchange,
    /// A purchase's SKU is not in the catalog and its type cannot be told from its name.
    UnknownSku,
    /// No imported file gave the reservation's price, so no figure can be quoted.
    PriceUnknown,
    /// No imported file gave the order's billing plan, which decides how a refund is figured.
    BillingPlanUnknown,
    /// A monthly plan whose term no file gave (nor its dates): the payments made are unknown.
    TermUnknown,
}

impl Reason {
    /// Whether the reason is a fact no imported file gave (price, billing plan, term): then no
    /// figure may be shown, since any would be computed from a guess.
    pub fn is_unknown_fact(self) -> bool {
        matches!(
            self,
            Self::PriceUnknown | Self::BillingPlanUnknown | Self::TermUnknown
        )
    }

    /// The reason in plain words.
    pub fn message(self) -> &'static str {
        match self {
            Self::RefundLimitExceeded => "The canceled commitment is more than the customer's remaining refund limit (USD, rolling window).",
            Self::NotRefundable => "This type of reservation cannot be refunded or exchanged.",
            Self::InvalidRefundQuantity => "The quantity must be at least 1 and at most the reservation's quantity.",
            Self::OperationCannotBePerformedInCurrentState => "Only an active reservation can be refunded or exchanged.",
            Self::DifferentProductFamily => "Exchanges are allowed only within one product family; across families, cancel and repurchase.",
            Self::ExchangeNotAllowedAfterCutover => "Reservations of savings-plan-covered services bought on or after the cut-over date cannot be exchanged.",
            Self::FinalExchangeUsed => "This reservation has already used its one final exchange after the cut-over date.",
            Self::InsufficientPurchaseValue => "The new reservations' lifetime commitment must be at least the returned value.",
            Self::CurrencyMismatch => "New purchases must be priced in the billing currency of the returned reservations.",
            Self::MixedCustomers => "All returned reservations must belong to one customer.",
            Self::EmptyExchange => "An exchange needs at least one reservation to return and one to buy.",
            Self::UnknownSku => "A SKU to buy is not in the catalog and its type cannot be recognised.",
            Self::PriceUnknown => "The reservation's price is unknown: import the reservation order with its payment schedule, or a cost-details export with its purchase row.",
            Self::BillingPlanUnknown => "The reservation's billing plan is unknown: import the reservation order (Azure Reservations API), a cost-details export with its purchase row, or a portfolio file.",
            Self::TermUnknown => "The reservation's term is unknown: import the reservation order (Azure Reservations API) or a portfolio file.",
        }
    }
}

/// A past refund or exchange in a customer's ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LedgerEntry {
    /// The day it was processed (UTC).
    pub date: NaiveDate,
    /// Canceled commitment in USD.
    pub amount_usd: Decimal,
    /// True for the refund side of an exchange, which does not count against the limit.
    pub exchange: bool,
}

/// The customer's refund limit on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LimitStatus {
    /// The limit in USD.
    pub limit_usd: Decimal,
    /// Refunded (canceled commitment, USD) within the window ending on the day.
    pub used_usd: Decimal,
    /// `limit − used`, never below zero.
    pub available_usd: Decimal,
}

/// `used(t)`: refunds (not exchanges) with `t − window < date ≤ t`.
pub fn limit_status(ledger: &[LedgerEntry], on: NaiveDate, policy: &Policy) -> LimitStatus {
    let window = u64::from(policy.window_days());
    let from = on
        .checked_sub_days(Days::new(window))
        .unwrap_or(NaiveDate::MIN);
    let used: Decimal = ledger
        .iter()
        .filter(|e| !e.exchange && e.date > from && e.date <= on)
        .map(|e| e.amount_usd)
        .sum();
    let limit = policy.limit_usd();
    LimitStatus {
        limit_usd: limit,
        used_usd: used,
        available_usd: (limit - used).max(Decimal::ZERO),
    }
}

/// The first day on or after `on` when `needed_usd` fits the limit again, assuming no new
/// refunds; `None` when it never fits (it is more than the limit itself).
pub fn headroom_returns_on(
    ledger: &[LedgerEntry],
    on: NaiveDate,
    needed_usd: Decimal,
    policy: &Policy,
) -> Option<NaiveDate> {
    if needed_usd > policy.limit_usd() {
        return None;
    }
    let window = u64::from(policy.window_days());
    let mut candidates: Vec<NaiveDate> = ledger
        .iter()
        .filter(|e| !e.exchange)
        .filter_map(|e| e.date.checked_add_days(Days::new(window)))
        .filter(|d| *d > on)
        .collect();
    candidates.push(on);
    candidates.sort();
    candidates
        .into_iter()
        .find(|d| needed_usd <= limit_status(ledger, *d, policy).available_usd)
}

/// Prices per unit over the whole term, from the purchase or the current catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitPrice {
    /// In the billing currency.
    pub billing: Decimal,
    /// In USD.
    pub usd: Decimal,
}

/// `U = min(U_purchase, U_current)` per currency (rule 3).
pub fn price_basis(order: &ReservationOrder, current: Option<UnitPrice>) -> UnitPrice {
    let q = Decimal::from(order.original_quantity.max(1));
    let purchase = UnitPrice {
        billing: order.total_price.amount / q,
        usd: order.total_price_usd.amount / q,
    };
    match current {
        Some(c) => UnitPrice {
            billing: purchase.billing.min(c.billing),
            usd: purchase.usd.min(c.usd),
        },
        None => purchase,
    }
}

/// The remaining value of returning `quantity` units on `on`, and the figures behind it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RemainingValue {
    /// `T`: days in the term.
    pub term_days: i64,
    /// `R`: days left, clamped to `0..=T`.
    pub remaining_days: i64,
    /// `C` in the billing currency, to the cent.
    pub canceled: Money,
    /// `C` in USD, to the cent.
    pub canceled_usd: Money,
}

/// `C = U × q × R / T` (rules 1, 2, 4).
pub fn remaining_value(
    order: &ReservationOrder,
    quantity: u32,
    on: NaiveDate,
    basis: UnitPrice,
) -> RemainingValue {
    let term_days = order.term_days().max(1);
    let remaining_days = days_between(on, order.expiry_date).clamp(0, term_days);
    let share = Decimal::from(quantity) * Decimal::from(remaining_days) / Decimal::from(term_days);
    RemainingValue {
        term_days,
        remaining_days,
        canceled: Money::new(
            round_cents(basis.billing * share),
            order.total_price.currency,
        ),
        canceled_usd: Money::new(round_cents(basis.usd * share), Currency::USD),
    }
}

/// Monthly payments taken by `on`: the first at purchase, then one on each monthly due date
/// strictly before the return date (a payment falling due on the return date is not taken —
/// it is one of the canceled future payments).
pub fn payments_made(order: &ReservationOrder, months: u32, on: NaiveDate) -> u32 {
    let later = (1..months)
        .take_while(|k| {
            order
                .benefit_start
                .checked_add_months(Months::new(*k))
                .is_some_and(|due| due < on)
        })
        .count() as u32;
    if on < order.benefit_start {
        0
    } else {
        (1 + later).min(months)
    }
}

/// A prorated refund quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundQuote {
    /// Units returned.
    pub quantity: u32,
    /// Remaining value and days.
    pub value: RemainingValue,
    /// The unit price basis used.
    pub basis: UnitPrice,
    /// Early-termination fee.
    pub fee: Money,
    /// The fee rate applied.
    pub fee_rate: Decimal,
    /// What is paid back, in the billing currency.
    pub refund: Money,
    /// Monthly plans: paid so far for the returned units.
    pub paid_to_date: Option<Money>,
    /// Monthly plans: future payments that are canceled (not refunded).
    pub future_payments_canceled: Option<Money>,
    /// The customer's limit before this refund.
    pub limit: LimitStatus,
    /// True when nothing stands in the way.
    pub allowed: bool,
    /// What stands in the way.
    pub reasons: Vec<Reason>,
    /// When enough headroom comes back, if the limit is the problem and it ever will.
    pub headroom_returns_on: Option<NaiveDate>,
}

/// Quotes returning `quantity` units of `reservation` on `on` (rules 1–7).
pub fn quote_refund(
    order: &ReservationOrder,
    reservation: &Reservation,
    quantity: u32,
    on: NaiveDate,
    current: Option<UnitPrice>,
    ledger: &[LedgerEntry],
    policy: &Policy,
) -> RefundQuote {
    let mut reasons = Vec::new();
    if quantity == 0 || quantity > reservation.quantity {
        reasons.push(Reason::InvalidRefundQuantity);
    }
    if !policy.is_refundable(reservation.resource_type) {
        reasons.push(Reason::NotRefundable);
    }
    if reservation.provisioning_state != ProvisioningState::Succeeded || on > order.expiry_date {
        reasons.push(Reason::OperationCannotBePerformedInCurrentState);
    }
    let q = quantity.min(reservation.quantity);
    let basis = price_basis(order, current);
    let value = remaining_value(order, q, on, basis);
    let fee_rate = policy.fee_rate();
    let currency = order.total_price.currency;
    // An unknown plan (or the months of a monthly plan) leaves the figures below meaningless:
    // the reason says so, and the views show none of them.
    let plan = order.billing_plan.unwrap_or_else(|| {
        reasons.push(Reason::BillingPlanUnknown);
        BillingPlan::Upfront
    });
    let (before_fee, paid_to_date, future) = match (plan, order.term) {
        (BillingPlan::Upfront, _) => (value.canceled.amount, None, None),
        (BillingPlan::Monthly, None) => {
            reasons.push(Reason::TermUnknown);
            (value.canceled.amount, None, None)
        }
        (BillingPlan::Monthly, Some(term)) => {
            let lifetime = basis.billing * Decimal::from(q);
            let months = Decimal::from(term.months());
            let paid = lifetime * Decimal::from(payments_made(order, term.months(), on)) / months;
            let consumed = lifetime * Decimal::from(value.term_days - value.remaining_days)
                / Decimal::from(value.term_days);
            (
                round_cents((paid - consumed).max(Decimal::ZERO)),
                Some(Money::new(round_cents(paid), currency)),
                Some(Money::new(round_cents(lifetime - paid), currency)),
            )
        }
    };
    let fee = round_cents(before_fee * fee_rate);
    let limit = limit_status(ledger, on, policy);
    let mut headroom = None;
    if value.canceled_usd.amount > limit.available_usd {
        reasons.push(Reason::RefundLimitExceeded);
        headroom = headroom_returns_on(ledger, on, value.canceled_usd.amount, policy);
    }
    RefundQuote {
        quantity,
        value,
        basis,
        fee: Money::new(fee, currency),
        fee_rate,
        refund: Money::new(before_fee - fee, currency),
        paid_to_date,
        future_payments_canceled: future,
        limit,
        allowed: reasons.is_empty(),
        reasons,
        headroom_returns_on: headroom,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::policy::{defaults, PolicyKey, PolicyValue};
    use crate::domain::reservation::ResourceType;
    use crate::domain::scope::Scope;
    use crate::domain::term::Term;
    use crate::test_ids;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn policy() -> Policy {
        Policy::in_force(&defaults(), d("2026-11-24")).unwrap()
    }

    fn order(term: Term, plan: BillingPlan, start: &str, total: i64, qty: u32) -> ReservationOrder {
        let usd = Money::new(Decimal::from(total), Currency::USD);
        test_ids::order(term, plan, d(start), qty, usd, usd)
    }

    fn reservation(qty: u32) -> Reservation {
        test_ids::reservation(ResourceType::VirtualMachines, qty, Scope::Shared)
    }

    /// EXR-2023 worked example: a 3-year reservation at USD 100/month refunded in month 12 has a
    /// canceled commitment of USD 2,400 (24 remaining months), leaves 47,600 of the 50,000 limit,
    /// and the limit is back to 50,000 365 days after the refund.
    #[test]
    fn exr_2023_three_year_100_per_month_refunded_in_month_12() {
        let o = order(Term::P3Y, BillingPlan::Monthly, "2025-01-01", 3_600, 1);
        let r = reservation(1);
        let on = d("2026-01-01"); // twelve payments made, twenty-four to go
        let q = quote_refund(&o, &r, 1, on, None, &[], &policy());
        assert_eq!(
            q.value.canceled_usd.amount,
            Decimal::from(2_400),
            "canceled commitment"
        );
        assert_eq!(
            q.future_payments_canceled.unwrap().amount,
            Decimal::from(2_400),
            "24 payments of 100 canceled"
        );
        assert_eq!(
            q.refund.amount,
            Decimal::ZERO,
            "month 12 was used in full, so nothing is paid back"
        );
        assert!(q.allowed);
        let ledger = [LedgerEntry {
            date: on,
            amount_usd: q.value.canceled_usd.amount,
            exchange: false,
        }];
        assert_eq!(
            limit_status(&ledger, on, &policy()).available_usd,
            Decimal::from(47_600),
            "headroom after the refund"
        );
        assert_eq!(
            limit_status(&ledger, d("2026-12-31"), &policy()).available_usd,
            Decimal::from(47_600)
        );
        assert_eq!(
            limit_status(&ledger, d("2027-01-01"), &policy()).available_usd,
            Decimal::from(50_000),
            "back 365 days later"
        );
    }

    /// EXR-2026 worked example: a 3-year monthly reservation of USD 3,000/month (108,000 in all)
    /// can be canceled only once 58,000 has been spent, when the remaining 50,000 fits the limit.
    #[test]
    fn exr_2026_three_year_3000_per_month_cancellable_only_after_58000_spent() {
        let o = order(Term::P3Y, BillingPlan::Monthly, "2025-01-01", 108_000, 1);
        let r = reservation(1);
        // T = 1095 days; C = 108,000 × R / 1095 ≤ 50,000 first holds at R = 506.
        let first_allowed = o.expiry_date - Days::new(506);
        let q = quote_refund(&o, &r, 1, first_allowed, None, &[], &policy());
        assert!(q.allowed, "{:?}", q.reasons);
        assert!(q.value.canceled_usd.amount <= Decimal::from(50_000));
        let spent = Decimal::from(108_000) - q.value.canceled_usd.amount;
        assert!(spent >= Decimal::from(58_000), "spent {spent}");
        let day_before = quote_refund(
            &o,
            &r,
            1,
            first_allowed - Days::new(1),
            None,
            &[],
            &policy(),
        );
        assert_eq!(day_before.reasons, vec![Reason::RefundLimitExceeded]);
        assert!(day_before.value.canceled_usd.amount > Decimal::from(50_000));
        assert_eq!(
            day_before.headroom_returns_on, None,
            "waiting for headroom never helps: only spending does"
        );
        let early = quote_refund(&o, &r, 1, d("2025-06-01"), None, &[], &policy());
        assert!(
            !early.allowed,
            "early in the term the canceled payments exceed the limit"
        );
    }

    /// API-CalculateRefund example identity: billingRefundAmount = totalPaid − prorated,
    /// 24 − 3.28 = 20.72 (here: a 366-day term paid 24 upfront, returned after 50 days).
    #[test]
    fn api_calculate_refund_identity_paid_minus_prorated() {
        let o = order(Term::P1Y, BillingPlan::Upfront, "2024-01-01", 24, 1);
        let r = reservation(1);
        let q = quote_refund(&o, &r, 1, d("2024-02-20"), None, &[], &policy());
        assert_eq!(q.value.term_days, 366);
        let prorated = round_cents(
            Decimal::from(24) * Decimal::from(q.value.term_days - q.value.remaining_days)
                / Decimal::from(q.value.term_days),
        );
        assert_eq!(prorated, Decimal::new(328, 2));
        assert_eq!(q.refund.amount, Decimal::new(2_072, 2));
        assert_eq!(
            q.refund.amount,
            Decimal::from(24) - prorated,
            "refund = paid − prorated"
        );
    }

    /// EXR-2026 worked example: bought 2024-07-10 and returned 2025-07-09 leaves 1 remaining day.
    #[test]
    fn remaining_days_follow_the_docs_example() {
        // Bought 2024-07-10, returned 2025-07-09: one day left (EXR-2026).
        let o = order(Term::P1Y, BillingPlan::Upfront, "2024-07-10", 3650, 1);
        let v = remaining_value(&o, 1, d("2025-07-09"), price_basis(&o, None));
        assert_eq!(v.term_days, 365);
        assert_eq!(v.remaining_days, 1);
        assert_eq!(v.canceled.amount, Decimal::from(10), "3650 × 1/365");
        let after = remaining_value(&o, 1, d("2025-08-01"), price_basis(&o, None));
        assert_eq!(after.remaining_days, 0, "never negative");
        let before = remaining_value(&o, 1, d("2024-01-01"), price_basis(&o, None));
        assert_eq!(before.remaining_days, 365, "never more than the term");
    }

    #[test]
    fn upfront_refund_is_the_prorated_remaining_value_minus_the_fee() {
        let o = order(Term::P3Y, BillingPlan::Upfront, "2025-01-01", 36_000, 4);
        let r = reservation(4);
        let q = quote_refund(&o, &r, 2, d("2026-01-01"), None, &[], &policy());
        // T = 1095 (2025-01-01..2028-01-01), R = 730, U = 9000: C = 9000 × 2 × 730/1095 = 12000.
        assert_eq!(q.value.term_days, 1095);
        assert_eq!(q.value.remaining_days, 730);
        assert_eq!(q.value.canceled.amount, Decimal::from(12_000));
        assert_eq!(q.refund.amount, Decimal::from(12_000), "no fee today");
        assert!(q.allowed, "{:?}", q.reasons);

        let mut values = defaults();
        values.push(PolicyValue {
            key: PolicyKey::EarlyTerminationFeeRate,
            value: "0.12".into(),
            effective_from: d("2025-12-01"),
            source: "t".into(),
        });
        let with_fee = quote_refund(
            &o,
            &r,
            2,
            d("2026-01-01"),
            None,
            &[],
            &Policy::in_force(&values, d("2026-01-01")).unwrap(),
        );
        assert_eq!(with_fee.fee.amount, Decimal::from(1_440));
        assert_eq!(with_fee.refund.amount, Decimal::from(10_560));
    }

    #[test]
    fn the_lower_of_purchase_and_current_price_is_used() {
        let o = order(Term::P1Y, BillingPlan::Upfront, "2026-01-01", 1000, 1);
        let cheaper = UnitPrice {
            billing: Decimal::from(730),
            usd: Decimal::from(730),
        };
        let dearer = UnitPrice {
            billing: Decimal::from(2000),
            usd: Decimal::from(2000),
        };
        assert_eq!(price_basis(&o, Some(cheaper)).billing, Decimal::from(730));
        assert_eq!(price_basis(&o, Some(dearer)).billing, Decimal::from(1000));
    }

    #[test]
    fn monthly_plans_refund_the_current_month_and_cancel_the_rest() {
        // Docs: 3-year at USD 100/month refunded in month 12 → canceled commitment 2,400 (24 months).
        let o = order(Term::P3Y, BillingPlan::Monthly, "2025-01-01", 3_600, 1);
        let r = reservation(1);
        let on = d("2025-12-15");
        let q = quote_refund(&o, &r, 1, on, None, &[], &policy());
        assert_eq!(payments_made(&o, 36, on), 12);
        assert_eq!(q.paid_to_date.unwrap().amount, Decimal::from(1_200));
        assert_eq!(
            q.future_payments_canceled.unwrap().amount,
            Decimal::from(2_400)
        );
        // Consumed = 3600 × 348/1095 = 1144.11; refund = 1200 − 1144.11 = 55.89 (the rest of December).
        assert_eq!(q.refund.amount, Decimal::new(5589, 2));
        // C = 3600 × 747/1095 = 2455.89: the current month's remainder plus the canceled payments.
        assert_eq!(q.value.canceled.amount, Decimal::new(245589, 2));
        assert_eq!(
            q.value.canceled.amount,
            q.refund.amount + q.future_payments_canceled.unwrap().amount
        );
    }

    #[test]
    fn the_limit_counts_refunds_in_the_window_and_tells_when_headroom_returns() {
        let p = policy();
        let ledger = [
            LedgerEntry {
                date: d("2026-02-01"),
                amount_usd: Decimal::from(30_000),
                exchange: false,
            },
            LedgerEntry {
                date: d("2026-06-01"),
                amount_usd: Decimal::from(15_000),
                exchange: false,
            },
            LedgerEntry {
                date: d("2026-07-01"),
                amount_usd: Decimal::from(40_000),
                exchange: true,
            },
            LedgerEntry {
                date: d("2025-06-01"),
                amount_usd: Decimal::from(20_000),
                exchange: false,
            },
        ];
        let s = limit_status(&ledger, d("2026-11-24"), &p);
        assert_eq!(
            s.used_usd,
            Decimal::from(45_000),
            "exchanges and refunds older than 365 days do not count"
        );
        assert_eq!(s.available_usd, Decimal::from(5_000));
        assert_eq!(
            headroom_returns_on(&ledger, d("2026-11-24"), Decimal::from(4_000), &p),
            Some(d("2026-11-24"))
        );
        // 30,000 comes back 365 days after 2026-02-01.
        assert_eq!(
            headroom_returns_on(&ledger, d("2026-11-24"), Decimal::from(20_000), &p),
            Some(d("2027-02-01"))
        );
        assert_eq!(
            headroom_returns_on(&ledger, d("2026-11-24"), Decimal::from(40_000), &p),
            Some(d("2027-06-01"))
        );
        assert_eq!(
            headroom_returns_on(&ledger, d("2026-11-24"), Decimal::from(60_000), &p),
            None,
            "more than the limit never fits"
        );
        // The day a refund turns 365 days old it no longer counts.
        assert_eq!(
            limit_status(&ledger, d("2027-02-01"), &p).used_usd,
            Decimal::from(15_000)
        );
        assert_eq!(
            limit_status(&ledger, d("2027-01-31"), &p).used_usd,
            Decimal::from(45_000)
        );
    }

    #[test]
    fn refusals_carry_azure_reason_codes() {
        let o = order(Term::P1Y, BillingPlan::Upfront, "2026-06-01", 120_000, 2);
        let r = reservation(2);
        let q = quote_refund(&o, &r, 3, d("2026-11-24"), None, &[], &policy());
        assert!(q.reasons.contains(&Reason::InvalidRefundQuantity));
        let q = quote_refund(&o, &r, 2, d("2026-11-24"), None, &[], &policy());
        assert_eq!(
            q.reasons,
            vec![Reason::RefundLimitExceeded],
            "about 71,000 USD is above the limit"
        );
        assert!(!q.allowed);
        assert_eq!(q.headroom_returns_on, None);
        let mut redhat = r.clone();
        redhat.resource_type = ResourceType::RedHat;
        let q = quote_refund(&o, &redhat, 1, d("2026-11-24"), None, &[], &policy());
        assert!(q.reasons.contains(&Reason::NotRefundable));
        let mut gone = r;
        gone.provisioning_state = ProvisioningState::Cancelled;
        let q = quote_refund(&o, &gone, 1, d("2026-11-24"), None, &[], &policy());
        assert!(q
            .reasons
            .contains(&Reason::OperationCannotBePerformedInCurrentState));
    }

    #[test]
    fn an_unknown_billing_plan_or_monthly_term_is_a_reason_not_a_guess() {
        let mut o = order(Term::P1Y, BillingPlan::Upfront, "2026-01-01", 1_200, 1);
        o.billing_plan = None;
        let q = quote_refund(
            &o,
            &reservation(1),
            1,
            d("2026-07-01"),
            None,
            &[],
            &policy(),
        );
        assert!(!q.allowed);
        assert!(
            q.reasons.contains(&Reason::BillingPlanUnknown),
            "{:?}",
            q.reasons
        );
        assert!(q.reasons.iter().all(|r| *r != Reason::TermUnknown));

        let mut m = order(Term::P3Y, BillingPlan::Monthly, "2026-01-01", 3_600, 1);
        m.term = None;
        let q = quote_refund(
            &m,
            &reservation(1),
            1,
            d("2026-07-01"),
            None,
            &[],
            &policy(),
        );
        assert!(!q.allowed);
        assert_eq!(q.reasons, vec![Reason::TermUnknown]);
        assert_eq!(q.paid_to_date, None, "no payment count without the term");

        // An upfront plan needs no term: the dates give T.
        let mut u = order(Term::P1Y, BillingPlan::Upfront, "2026-01-01", 1_200, 1);
        u.term = None;
        let q = quote_refund(
            &u,
            &reservation(1),
            1,
            d("2026-07-01"),
            None,
            &[],
            &policy(),
        );
        assert!(q.allowed, "{:?}", q.reasons);
        assert!(
            Reason::BillingPlanUnknown.is_unknown_fact() && Reason::TermUnknown.is_unknown_fact()
        );
        assert!(!Reason::RefundLimitExceeded.is_unknown_fact());
    }
}
