//! Refund and exchange quotes: the store supplies the reservation, its customer's ledger and the
//! policy in force; the domain computes; the views explain.

use super::dto::decimal_text as text;
use super::dto::{
    day_count, ExchangePurchaseView, ExchangeQuoteView, ExchangeRequest, ExchangeReturnView,
    MoneyView, PolicyValue, RefundQuoteView,
};
use super::{Desk, DeskError};
use crate::domain::exchange::{quote_exchange, PurchaseItem, ReturnItem};
use crate::domain::ids::ReservationId;
use crate::domain::money::{parse_decimal, Currency, Money};
use crate::domain::policy::Policy;
use crate::domain::refund::{quote_refund, Reason, RefundQuote, UnitPrice};
use crate::domain::InvalidValue;
use crate::store::reservations::ReservationRecord;
use crate::store::{self, Store};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// Where a CSP refund goes (EXR-2023/2026).
pub const CSP_REFUND_DESTINATION: &str = "CSP: Microsoft cancels the original purchase invoice and issues a new invoice for the refund to the partner, who credits the customer.";

pub(super) fn policy_on(s: &Store, on: NaiveDate) -> Result<Policy, DeskError> {
    Ok(Policy::in_force(&store::policy::list(s.conn())?, on)?)
}

pub(super) fn record(s: &Store, id: &str) -> Result<ReservationRecord, DeskError> {
    let id = ReservationId::parse_lenient(id)?;
    store::reservations::get(s.conn(), &id)?.ok_or_else(|| DeskError::NotFound {
        what: "reservation",
        id: id.to_string(),
    })
}

/// The catalog's current price per unit for the reservation's SKU, if the user keeps one.
fn current_price(s: &Store, rec: &ReservationRecord) -> Result<Option<UnitPrice>, DeskError> {
    let r = &rec.reservation;
    let o = &rec.order;
    // The catalog is priced per term: an unknown term finds no current price.
    let Some(term) = o.term else {
        return Ok(None);
    };
    let billing = store::catalog::find(s.conn(), &r.sku, &r.region, term, o.total_price.currency)?;
    let usd = store::catalog::find(s.conn(), &r.sku, &r.region, term, Currency::USD)?;
    Ok(match (billing, usd) {
        (Some(b), Some(u)) => Some(UnitPrice {
            billing: b.unit_price.amount,
            usd: u.unit_price.amount,
        }),
        // Only one currency known: scale it by the purchase's own rate.
        (Some(b), None) => Some(UnitPrice {
            billing: b.unit_price.amount,
            usd: scale(
                b.unit_price.amount,
                o.total_price_usd.amount,
                o.total_price.amount,
            ),
        }),
        (None, Some(u)) => Some(UnitPrice {
            billing: scale(
                u.unit_price.amount,
                o.total_price.amount,
                o.total_price_usd.amount,
            ),
            usd: u.unit_price.amount,
        }),
        (None, None) => None,
    })
}

fn scale(x: Decimal, num: Decimal, den: Decimal) -> Decimal {
    if den.is_zero() {
        x
    } else {
        x * num / den
    }
}

fn used_values(p: &Policy) -> Vec<PolicyValue> {
    vec![
        p.refund_limit_usd.clone(),
        p.refund_window_days.clone(),
        p.fee_rate.clone(),
        p.exchange_cutover.clone(),
        p.non_refundable.clone(),
        p.savings_plan_covered.clone(),
    ]
}

fn refund_view(
    rec: &ReservationRecord,
    q: &RefundQuote,
    on: NaiveDate,
    policy: &Policy,
) -> RefundQuoteView {
    let o = &rec.order;
    let cur = o.total_price.currency;
    let mut reasons = q.reasons.clone();
    if rec.price.is_none() {
        reasons.insert(0, Reason::PriceUnknown);
    }
    // What stops every figure: a price, plan or term no file gave.
    let unknown = reasons.iter().copied().find(|r| r.is_unknown_fact());
    let known = unknown.is_none();
    // No figure is ever computed from an unknown price.
    let figure = |m: Money| known.then(|| MoneyView::from(m));
    let mut how = vec![
        format!(
            "Term days T = {} ({} to {}); remaining days R = {} (from {} to the expiry, UTC, clamped to 0..T).",
            q.value.term_days, o.benefit_start, o.expiry_date, q.value.remaining_days, on
        ),
        format!(
            "Price per unit U = {} {} (the lower of the purchase price and the catalog's current price).",
            q.basis.billing.round_dp(2),
            cur
        ),
        format!(
            "Canceled commitment C = U × {} × R / T = {} ({} USD).",
            q.quantity, q.value.canceled, q.value.canceled_usd.amount
        ),
    ];
    if let (Some(paid), Some(future)) = (q.paid_to_date, q.future_payments_canceled) {
        how.push(format!(
            "Monthly plan: paid so far {paid}; the current month's unused part is refunded and the future payments ({future}) are canceled — they count against the limit."
        ));
    }
    how.push(format!(
        "Early-termination fee = {} × {} (policy from {}) = {}; refund = {}.",
        text(q.fee_rate),
        if q.paid_to_date.is_some() {
            "the current month's refund"
        } else {
            "C"
        },
        policy.fee_rate.effective_from,
        q.fee,
        q.refund
    ));
    how.push(format!(
        "Refund limit: {} USD per customer over {} days (policy from {}); used {} USD; available {} USD.",
        text(q.limit.limit_usd),
        policy.window_days(),
        policy.refund_limit_usd.effective_from,
        text(q.limit.used_usd),
        text(q.limit.available_usd)
    ));
    if let Some(reason) = unknown {
        how.truncate(1);
        how.push(format!("No figure is quoted: {}", reason.message()));
    }
    RefundQuoteView {
        reservation_id: rec.reservation.id.to_string(),
        order_id: o.id.to_string(),
        customer_id: o.tenant_id.to_string(),
        customer_name: rec.customer_name.clone(),
        on,
        quantity: q.quantity,
        billing_plan: o.billing_plan,
        term_days: day_count(q.value.term_days),
        remaining_days: day_count(q.value.remaining_days),
        unit_price_basis: figure(Money::new(q.basis.billing.round_dp(2), cur)),
        canceled_commitment: figure(q.value.canceled),
        canceled_commitment_usd: figure(q.value.canceled_usd),
        fee_rate: text(q.fee_rate),
        fee: figure(q.fee),
        refund: figure(q.refund),
        paid_to_date: q.paid_to_date.and_then(figure),
        future_payments_canceled: q.future_payments_canceled.and_then(figure),
        limit_usd: text(q.limit.limit_usd),
        used_usd: text(q.limit.used_usd),
        available_usd: text(q.limit.available_usd),
        available_after_usd: known
            .then(|| text((q.limit.available_usd - q.value.canceled_usd.amount).round_dp(2))),
        allowed: q.allowed && known,
        reason_messages: reasons.iter().map(|r| r.message().to_string()).collect(),
        reasons,
        headroom_returns_on: q.headroom_returns_on,
        refund_destination: CSP_REFUND_DESTINATION.to_string(),
        policy: used_values(policy),
        how,
    }
}

impl Desk {
    /// Quotes a prorated refund of `quantity` units (default all) on `on`.
    pub fn refund_quote(
        &self,
        reservation_id: &str,
        quantity: Option<u32>,
        on: NaiveDate,
    ) -> Result<RefundQuoteView, DeskError> {
        let s = self.store();
        let rec = record(&s, reservation_id)?;
        let policy = policy_on(&s, on)?;
        let ledger = store::ledger::entries(s.conn(), &rec.order.tenant_id)?;
        let q = quote_refund(
            &rec.order,
            &rec.reservation,
            quantity.unwrap_or(rec.reservation.quantity),
            on,
            current_price(&s, &rec)?,
            &ledger,
            &policy,
        );
        Ok(refund_view(&rec, &q, on, &policy))
    }

    /// Quotes an exchange.
    pub fn exchange_quote(
        &self,
        req: &ExchangeRequest,
        today: NaiveDate,
    ) -> Result<ExchangeQuoteView, DeskError> {
        let on = req.on.unwrap_or(today);
        let s = self.store();
        let policy = policy_on(&s, on)?;
        let mut items = Vec::new();
        let mut extras = Vec::new();
        let mut all_known = true;
        for r in &req.returns {
            let rec = record(&s, &r.reservation_id)?;
            let exchanged = store::ledger::exchanges_since(
                s.conn(),
                rec.reservation.id.as_str(),
                policy.cutover(),
            )?;
            all_known &= rec.price.is_some();
            extras.push((
                rec.price.is_some(),
                rec.reservation.display_name.clone(),
                rec.reservation.sku.clone(),
                rec.reservation.quantity,
                rec.utilization,
            ));
            items.push(ReturnItem {
                quantity: r.quantity.unwrap_or(rec.reservation.quantity),
                exchanges_since_cutover: exchanged,
                created_after_cutover_by_exchange: false,
                current_price: current_price(&s, &rec)?,
                order: rec.order,
                reservation: rec.reservation,
            });
        }
        let mut purchases = Vec::new();
        for p in &req.purchases {
            let raw = format!(
                "{}:{}:{}:{}:{}:{}",
                p.sku,
                p.region,
                p.term.as_str(),
                p.quantity,
                p.unit_price,
                p.currency
            );
            let mut item = PurchaseItem::parse(&raw)?;
            let currency = item.unit_price.currency;
            if let Some(entry) =
                store::catalog::find(s.conn(), &item.sku, &item.region, item.term, currency)?
            {
                item.resource_type = Some(entry.resource_type);
            }
            purchases.push(item);
        }
        let q = quote_exchange(&items, &purchases, on, &policy);
        let mut reasons = q.reasons.clone();
        if !all_known {
            // The value returned is unknown, so "at least that value" cannot be checked.
            reasons.retain(|r| *r != Reason::InsufficientPurchaseValue);
            reasons.insert(0, Reason::PriceUnknown);
        }
        let returns = q
            .returns
            .iter()
            .zip(&extras)
            .map(|(line, (known, name, sku, held, util))| {
                let idle_share = util
                    .d30
                    .map(|p| {
                        (Decimal::ONE_HUNDRED - p.min(Decimal::ONE_HUNDRED)) / Decimal::ONE_HUNDRED
                    })
                    .unwrap_or(Decimal::ZERO);
                let suggested = (Decimal::from(*held) * idle_share).floor();
                ExchangeReturnView {
                    reservation_id: line.reservation_id.clone(),
                    display_name: name.clone(),
                    sku: sku.clone(),
                    quantity: line.quantity,
                    reservation_quantity: *held,
                    remaining_days: day_count(line.remaining_days),
                    term_days: day_count(line.term_days),
                    refund: known.then(|| line.refund.into()),
                    refund_usd: known.then(|| line.refund_usd.into()),
                    utilization_7d: util.d7.map(text),
                    utilization_30d: util.d30.map(text),
                    suggested_return: u32::try_from(suggested.mantissa()).unwrap_or(0).min(*held),
                }
            })
            .collect();
        let purchase_views = purchases
            .iter()
            .map(|p| ExchangePurchaseView {
                sku: p.sku.clone(),
                region: p.region.clone(),
                term: p.term,
                quantity: p.quantity,
                resource_type: p.resource_type,
                unit_price: p.unit_price.into(),
                total: Money::new(p.total(), p.unit_price.currency).into(),
            })
            .collect();
        Ok(ExchangeQuoteView {
            on,
            customer_id: items.first().map(|i| i.order.tenant_id.to_string()),
            returns,
            purchases: purchase_views,
            refunds_total: all_known.then(|| q.refunds_total.into()),
            purchases_total: q.purchases_total.into(),
            net_payable: all_known.then(|| q.net_payable.into()),
            allowed: q.allowed && all_known,
            reason_messages: reasons.iter().map(|r| r.message().to_string()).collect(),
            reasons,
            policy: used_values(&policy),
        })
    }
}

/// Parses `RESERVATION_ID[:QTY]` as the CLI takes it.
pub fn parse_return(raw: &str) -> Result<super::dto::ReturnRequest, DeskError> {
    let (id, qty) = match raw.rsplit_once(':') {
        Some((id, q)) if !q.contains('/') => (id, Some(q)),
        _ => (raw, None),
    };
    let quantity = qty
        .map(|q| {
            q.trim().parse::<u32>().map_err(|_| {
                InvalidValue::new("quantity", "expected a whole number after the colon", q)
            })
        })
        .transpose()?;
    ReservationId::parse_lenient(id)?;
    Ok(super::dto::ReturnRequest {
        reservation_id: id.to_string(),
        quantity,
    })
}

/// Parses `SKU:REGION:TERM:QTY:PRICE:CURRENCY` into a purchase request.
pub fn parse_purchase(raw: &str) -> Result<super::dto::PurchaseRequest, DeskError> {
    let p = PurchaseItem::parse(raw)?;
    parse_decimal("price", &p.unit_price.amount.to_string())?;
    Ok(super::dto::PurchaseRequest {
        sku: p.sku,
        region: p.region,
        term: p.term,
        quantity: p.quantity,
        unit_price: p.unit_price.amount.to_string(),
        currency: p.unit_price.currency.to_string(),
    })
}
