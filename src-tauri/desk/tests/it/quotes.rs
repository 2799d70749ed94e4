//! Refund and exchange quotes, tickets and the ledger, on a demo store.

use super::{demo_desk, today};
use desk::app::dto::{
    ExchangeRequest, PurchaseRequest, ReservationView, ReturnRequest, TicketStatus,
};
use desk::domain::reservation::Status;
use desk::domain::term::{BillingPlan, Term};
use desk::Desk;
use rust_decimal::Decimal;

fn dec(s: &str) -> Decimal {
    s.parse().expect("decimal string")
}

fn active(desk: &Desk, plan: BillingPlan) -> ReservationView {
    desk.reservations(None, None, today())
        .expect("list")
        .into_iter()
        .find(|r| {
            r.status == Status::Succeeded
                && r.billing_plan == Some(plan)
                && r.resource_type.as_str() == "VirtualMachines"
        })
        .expect("the demo has such a reservation")
}

#[test]
fn a_refund_quote_is_the_prorated_remaining_value() {
    let (_dir, _path, desk) = demo_desk();
    let r = active(&desk, BillingPlan::Upfront);
    let q = desk.refund_quote(&r.id, None, today()).expect("quote");
    assert_eq!(q.quantity, r.quantity, "default: return all units");
    assert_eq!(
        i64::from(q.remaining_days),
        i64::from(r.days_left),
        "R is the days to expiry"
    );
    let price = dec(&r.price.as_ref().unwrap().amount);
    let expected =
        (price * Decimal::from(q.remaining_days) / Decimal::from(q.term_days)).round_dp(2);
    let diff = (dec(&q.canceled_commitment.as_ref().unwrap().amount) - expected).abs();
    assert!(
        diff <= Decimal::new(1, 2),
        "C = price × R / T (± a cent from the per-unit split): {} vs {expected}",
        q.canceled_commitment.as_ref().unwrap().amount
    );
    assert_eq!(
        q.refund, q.canceled_commitment,
        "no fee today, so upfront refund = C"
    );
    assert_eq!(q.limit_usd, "50000");
    assert!(
        q.policy
            .iter()
            .any(|p| p.key.as_str() == "early_termination_fee_rate" && p.value == "0"),
        "the quote shows the policy it used"
    );
    assert!(!q.how.is_empty(), "the quote explains itself");
}

#[test]
fn resolving_a_refund_ticket_fills_the_ledger_and_reduces_headroom() {
    let (_dir, _path, desk) = demo_desk();
    let r = active(&desk, BillingPlan::Upfront);
    let before = desk.refund_quote(&r.id, Some(1), today()).expect("quote");
    let t = desk
        .draft_refund_ticket(&r.id, Some(1), today(), "Workload moved to containers")
        .expect("draft");
    assert_eq!(t.status, TicketStatus::Draft);
    assert_eq!(t.draft.basics.issue_type, "Billing");
    assert_eq!(t.draft.problem.problem_type, "Reservation management");
    assert_eq!(t.draft.problem.category, "Exchanges and refunds");
    for needle in [
        r.id.as_str(),
        r.order_id.as_str(),
        r.customer_name.as_str(),
        "Workload moved to containers",
        before.canceled_commitment.as_ref().unwrap().amount.as_str(),
    ] {
        assert!(
            t.draft.problem.description.contains(needle),
            "the description holds {needle}"
        );
    }
    assert!(
        t.text.contains("3 Contact information"),
        "the copyable text has all three steps"
    );
    let term = r.term.expect("the demo's terms are known");
    assert!(
        t.draft
            .problem
            .description
            .contains(&format!("Term: {}, billed", term.words())),
        "the term reads as words: {}",
        t.draft.problem.description
    );
    assert!(
        !t.draft.problem.description.contains(term.as_str()),
        "not the API code {term}"
    );

    let err = desk
        .move_ticket(t.id, TicketStatus::Resolved, None, today())
        .expect_err("a draft cannot be resolved");
    assert_eq!(err.code().as_str(), "invalid_input");
    let err = desk
        .move_ticket(t.id, TicketStatus::Submitted, Some("  "), today())
        .expect_err("the number is required");
    assert_eq!(err.body().field.as_deref(), Some("ms_ticket_number"));
    desk.move_ticket(
        t.id,
        TicketStatus::Submitted,
        Some("2611240010001234"),
        today(),
    )
    .expect("submit");
    let quote_still_open = desk.refund_quote(&r.id, Some(1), today()).expect("quote");
    assert_eq!(
        quote_still_open.used_usd, "0",
        "a submitted request is not yet a refund"
    );
    desk.move_ticket(t.id, TicketStatus::Resolved, None, today())
        .expect("resolve");

    let after = desk
        .refund_quote(&active(&desk, BillingPlan::Upfront).id, Some(1), today())
        .expect("quote");
    assert_eq!(
        dec(&after.used_usd),
        dec(&before.canceled_commitment_usd.as_ref().unwrap().amount),
        "the resolved refund counts against the limit"
    );
    assert_eq!(
        dec(&after.available_usd),
        Decimal::from(50_000) - dec(&before.canceled_commitment_usd.as_ref().unwrap().amount)
    );
    let tickets = desk.tickets().expect("list");
    assert_eq!(tickets.len(), 1);
    assert_eq!(tickets[0].status, TicketStatus::Resolved);
    assert_eq!(
        tickets[0].ms_ticket_number.as_deref(),
        Some("2611240010001234")
    );
}

#[test]
fn past_refunds_exhaust_the_limit_and_headroom_returns_a_year_later() {
    let (_dir, _path, desk) = demo_desk();
    let all = desk.reservations(None, None, today()).expect("list");
    let customer = all[0].customer_id.clone();
    let mine: Vec<_> = all
        .iter()
        .filter(|r| r.customer_id == customer && r.status == Status::Succeeded)
        .collect();
    let r = mine[0];
    // Record refunds until the customer's headroom is below this quote.
    let quote = desk.refund_quote(&r.id, None, today()).expect("quote");
    let needed = dec(&quote.canceled_commitment_usd.as_ref().unwrap().amount);
    let earlier = today() - chrono::Days::new(100);
    desk.set_policy_value(
        "refund_limit_usd",
        &(needed - Decimal::ONE).to_string(),
        today(),
        "test: a limit just below this refund",
    )
    .expect("policy");
    let q = desk.refund_quote(&r.id, None, today()).expect("quote");
    assert!(!q.allowed);
    assert_eq!(
        q.reasons
            .iter()
            .map(|r| format!("{r:?}"))
            .collect::<Vec<_>>(),
        ["RefundLimitExceeded"]
    );
    assert_eq!(
        q.headroom_returns_on, None,
        "more than the whole limit never fits"
    );
    desk.set_policy_value(
        "refund_limit_usd",
        &(needed * Decimal::from(2)).to_string(),
        today(),
        "test: same day replaces",
    )
    .expect("policy");
    desk.record_past_refund(&r.id, None, earlier)
        .expect("history");
    desk.record_past_refund(&r.id, None, earlier)
        .expect("history");
    let q = desk.refund_quote(&r.id, None, today()).expect("quote");
    assert!(
        !q.allowed,
        "two earlier refunds of the same size used the limit"
    );
    assert_eq!(
        q.headroom_returns_on,
        Some(earlier + chrono::Days::new(365)),
        "headroom returns 365 days after the refunds"
    );
}

#[test]
fn an_exchange_quote_checks_value_and_family_and_never_uses_the_limit() {
    let (_dir, _path, desk) = demo_desk();
    let r = active(&desk, BillingPlan::Upfront);
    let refund = desk.refund_quote(&r.id, None, today()).expect("quote");
    let value = dec(&refund.canceled_commitment.as_ref().unwrap().amount);
    let buy = |price: Decimal, sku: &str| PurchaseRequest {
        sku: sku.into(),
        region: r.region.clone(),
        term: Term::P3Y,
        quantity: 1,
        unit_price: price.to_string(),
        currency: r.price.as_ref().unwrap().currency.clone(),
    };
    let req = |p: PurchaseRequest| ExchangeRequest {
        returns: vec![ReturnRequest {
            reservation_id: r.id.clone(),
            quantity: None,
        }],
        purchases: vec![p],
        on: Some(today()),
    };
    let q = desk
        .exchange_quote(
            &req(buy(value + Decimal::from(100), "Standard_E8s_v5")),
            today(),
        )
        .expect("quote");
    assert!(q.allowed, "{:?}", q.reason_messages);
    assert_eq!(
        q.refunds_total, refund.canceled_commitment,
        "the exchange credits the prorated value"
    );
    assert_eq!(
        dec(&q.net_payable.as_ref().unwrap().amount),
        Decimal::from(100)
    );
    let short = desk
        .exchange_quote(&req(buy(value - Decimal::ONE, "Standard_E8s_v5")), today())
        .expect("quote");
    assert!(!short.allowed);
    assert!(short
        .reasons
        .iter()
        .any(|r| format!("{r:?}") == "InsufficientPurchaseValue"));
    let cross = desk
        .exchange_quote(
            &req(buy(value * Decimal::from(2), "Cosmos_DB_100_RU_s")),
            today(),
        )
        .expect("quote");
    assert!(cross
        .reasons
        .iter()
        .any(|r| format!("{r:?}") == "DifferentProductFamily"));

    let t = desk
        .draft_exchange_ticket(
            &req(buy(value + Decimal::from(100), "Standard_E8s_v5")),
            today(),
            "Move to E-series",
        )
        .expect("draft");
    desk.move_ticket(t.id, TicketStatus::Submitted, Some("123"), today())
        .expect("submit");
    desk.move_ticket(t.id, TicketStatus::Resolved, None, today())
        .expect("resolve");
    let after = desk.refund_quote(&r.id, None, today()).expect("quote");
    assert_eq!(
        after.used_usd, "0",
        "exchanges do not count against the refund limit"
    );
}

#[test]
fn policy_values_are_dated_and_validated() {
    let (_dir, _path, desk) = demo_desk();
    let r = active(&desk, BillingPlan::Upfront);
    let from = today() + chrono::Days::new(30);
    desk.set_policy_value(
        "early_termination_fee_rate",
        "0.12",
        from,
        "test: announced fee",
    )
    .expect("set");
    let now = desk.refund_quote(&r.id, None, today()).expect("quote");
    assert_eq!(now.fee_rate, "0", "the new rate is not in force yet");
    let later = desk.refund_quote(&r.id, None, from).expect("quote");
    assert_eq!(later.fee_rate, "0.12");
    assert_eq!(
        dec(&later.fee.as_ref().unwrap().amount),
        (dec(&later.canceled_commitment.as_ref().unwrap().amount) * Decimal::new(12, 2))
            .round_dp(2)
    );
    let err = desk
        .set_policy_value("early_termination_fee_rate", "12", from, "")
        .expect_err("12 is not a rate");
    assert_eq!(err.body().field.as_deref(), Some("policy_value"));
    let err = desk
        .set_policy_value("refund_limit", "1", from, "")
        .expect_err("unknown key");
    assert_eq!(err.body().field.as_deref(), Some("policy_key"));
}
