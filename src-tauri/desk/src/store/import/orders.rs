//! Merging reservation orders, and pricing an order from its imported purchase rows.

use super::{fingerprint, problem, Merged, Writer};
use crate::domain::money::round_cents;
use crate::domain::term::Term;
use crate::records::sink::{Loc, SinkProblem};
use crate::records::{Entity, OrderRec};
use crate::store::reservations::{self, StoredOrder};
use crate::store::{corrupt, costs, StoreError};
use chrono::NaiveDate;
use rusqlite::Transaction;
use rust_decimal::Decimal;

impl Writer<'_> {
    /// Writes a merged order, remembers whose it is and learns its customer's currency.
    pub(super) fn write_order(&mut self, id: &str, o: &StoredOrder) -> Result<(), StoreError> {
        reservations::write_order(self.tx, id, o)?;
        self.order_tenant
            .insert(id.to_string(), Some(o.tenant_id.clone()));
        if o.price_known {
            self.learn_currency(&o.tenant_id, &o.currency)?;
        }
        Ok(())
    }

    pub(super) fn order(&mut self, o: OrderRec, loc: &Loc) -> Merged {
        self.check_duplicate(1, o.id.as_str(), fingerprint(&o), loc, "reservation order")?;
        let existing = reservations::stored_order(self.tx, o.id.as_str())?;
        let known_tenant = match &existing {
            Some(e) => Some(e.tenant_id.clone()),
            None => self.order_tenant(o.id.as_str())?,
        };
        let tenant = self.owner(
            o.tenant_id.as_ref(),
            known_tenant,
            |k| format!("the order's customer as stored ({k}); an order cannot move between customers"),
            None,
            "the order's customer: import the Partner Center entitlements first, or pass --customer TENANT_ID",
        )?;
        let has_order_data =
            o.term.is_some() || o.purchase_date.is_some() || o.expiry_date.is_some();
        if existing.is_none() && !has_order_data {
            // Only the link to the customer is known (Partner Center entitlements).
            let added = reservations::add_owner(self.tx, o.id.as_str(), &tenant)?;
            self.order_tenant.insert(o.id.to_string(), Some(tenant));
            self.tally(Entity::Orders, !added, false);
            return Ok(());
        }
        let currency = match &existing {
            Some(e) => e.currency.clone(),
            None => self.customer_currency(&tenant)?,
        };
        let merged = merge_order(&o, existing.as_ref(), &tenant, &currency)?;
        let changed = existing.as_ref() != Some(&merged);
        if changed {
            self.write_order(o.id.as_str(), &merged)?;
        }
        self.tally(Entity::Orders, existing.is_some(), changed);
        Ok(())
    }
}

/// Merges an order record over the stored order (or builds a new one).
pub(super) fn merge_order(
    o: &OrderRec,
    existing: Option<&StoredOrder>,
    tenant: &str,
    currency: &str,
) -> Result<StoredOrder, SinkProblem> {
    let missing = |field: &str| {
        problem(
            field,
            None,
            format!("the order's {field} (a new order needs its purchase date, expiry date and quantity)"),
        )
    };
    let d = |x: Option<NaiveDate>| x.map(|d| d.to_string());
    // What no file says stays unknown (NULL): the billing plan, and the term unless the dates
    // span exactly one, three or five years (below).
    let billing_plan = o
        .billing_plan
        .map(|b| b.as_str().to_string())
        .or_else(|| existing.and_then(|e| e.billing_plan.clone()));
    let purchase_date = d(o.purchase_date)
        .or_else(|| existing.map(|e| e.purchase_date.clone()))
        .or_else(|| d(o.benefit_start))
        .ok_or_else(|| missing("purchaseDate"))?;
    let benefit_start = d(o.benefit_start)
        .or_else(|| existing.map(|e| e.benefit_start.clone()))
        .unwrap_or_else(|| purchase_date.clone());
    let expiry_date = d(o.expiry_date)
        .or_else(|| existing.map(|e| e.expiry_date.clone()))
        .ok_or_else(|| missing("expiryDate"))?;
    if expiry_date <= benefit_start {
        return Err(problem(
            "expiryDate",
            Some(expiry_date),
            format!("an expiry after the benefit start ({benefit_start})"),
        ));
    }
    let term = o
        .term
        .map(|t| t.as_str().to_string())
        .or_else(|| existing.and_then(|e| e.term.clone()))
        .or_else(|| {
            let start = o.benefit_start.or(o.purchase_date)?;
            let expiry = o.expiry_date?;
            Term::from_dates(start, expiry).map(|t| t.as_str().to_string())
        });
    let original_quantity = o
        .original_quantity
        .or_else(|| existing.map(|e| e.original_quantity))
        .ok_or_else(|| missing("originalQuantity"))?;
    let (mut total_price, mut cur, mut total_usd, mut known) = match existing {
        Some(e) => (
            e.total_price.clone(),
            e.currency.clone(),
            e.total_price_usd.clone(),
            e.price_known,
        ),
        None => (
            "0".to_string(),
            currency.to_string(),
            "0".to_string(),
            false,
        ),
    };
    let usd = o.total_price_usd.map(|m| m.amount).or_else(|| {
        o.total_price
            .filter(|m| m.currency.as_str() == "USD")
            .map(|m| m.amount)
    });
    let billing = o
        .total_price
        .or_else(|| o.total_price_usd.filter(|_| cur == "USD"));
    if let (Some(b), Some(u)) = (billing, usd) {
        total_price = b.amount.to_string();
        cur = b.currency.as_str().to_string();
        total_usd = u.to_string();
        known = true;
    }
    Ok(StoredOrder {
        tenant_id: tenant.to_string(),
        display_name: o
            .display_name
            .clone()
            .or_else(|| existing.map(|e| e.display_name.clone()))
            .unwrap_or_else(|| o.id.to_string()),
        term,
        billing_plan,
        purchase_date,
        benefit_start,
        expiry_date,
        original_quantity,
        total_price,
        currency: cur,
        total_price_usd: total_usd,
        price_known: known,
    })
}

/// Prices an order whose price is unknown from its imported purchase rows: the sum of the
/// payments for an upfront order, the first payment times the months of the term for a monthly
/// one — when every row gives a USD amount (or is in USD).
pub(super) fn price_from_purchases(
    tx: &Transaction<'_>,
    order: &str,
) -> Result<Option<(String, String)>, StoreError> {
    let Some(stored) = reservations::stored_order(tx, order)? else {
        return Ok(None);
    };
    if stored.price_known {
        return Ok(None);
    }
    // Upfront rows add up, a monthly row is one payment of many: without the plan (and, for a
    // monthly plan, the term) the rows do not tell the price.
    let months = match (stored.billing_plan.as_deref(), stored.term.as_deref()) {
        (Some("Upfront"), _) => None,
        (Some("Monthly"), Some(term)) => Some(Decimal::from(
            Term::parse(term)
                .map_err(|e| corrupt("reservation_orders.term", e))?
                .months(),
        )),
        _ => return Ok(None),
    };
    let rows = costs::purchases(tx, order)?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let currency = first.1.clone();
    let mut total = Decimal::ZERO;
    let mut total_usd = Decimal::ZERO;
    for (amount, cur, usd) in &rows {
        if *cur != currency {
            return Ok(None);
        }
        let a: Decimal = amount
            .parse()
            .map_err(|e| corrupt("reservation_costs.amount", e))?;
        let u = match usd {
            Some(u) => u
                .parse()
                .map_err(|e| corrupt("reservation_costs.amount_usd", e))?,
            None if currency == "USD" => a,
            None => return Ok(None),
        };
        if let Some(months) = months {
            total = a * months;
            total_usd = u * months;
            break;
        }
        total += a;
        total_usd += u;
    }
    reservations::set_order_price(
        tx,
        order,
        &round_cents(total).to_string(),
        &currency,
        &round_cents(total_usd).to_string(),
    )?;
    Ok(Some((stored.tenant_id, currency)))
}
