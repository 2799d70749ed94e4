//! Reservation orders and reservations.

use super::{corrupt, StoreError};
use crate::domain::ids::{ReservationId, ReservationOrderId, SubscriptionId, TenantId};
use crate::domain::money::round_cents;
use crate::domain::money::{Currency, Money};
use crate::domain::reservation::{ProvisioningState, Reservation, ReservationOrder, ResourceType};
use crate::domain::scope::{Scope, ScopeType};
use crate::domain::term::{BillingPlan, Term};
use crate::domain::utilization::UtilizationAggregates;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use rust_decimal::Decimal;

/// An order as its columns hold it: what the import merge compares and writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredOrder {
    /// The customer's tenant ID.
    pub tenant_id: String,
    /// Display name.
    pub display_name: String,
    /// Term code (`P1Y`, `P3Y`, `P5Y`); `None` when no file said it.
    pub term: Option<String>,
    /// Billing plan (`Upfront`, `Monthly`); `None` when no file said it.
    pub billing_plan: Option<String>,
    /// Purchase day (ISO).
    pub purchase_date: String,
    /// Benefit start day (ISO).
    pub benefit_start: String,
    /// Expiry day (ISO).
    pub expiry_date: String,
    /// Units bought.
    pub original_quantity: u32,
    /// Total price in `currency` (`0` while `price_known` is false).
    pub total_price: String,
    /// Billing currency code.
    pub currency: String,
    /// Total price in USD (`0` while `price_known` is false).
    pub total_price_usd: String,
    /// Whether a source gave the price: an unknown price is never quoted.
    pub price_known: bool,
}

impl From<&ReservationOrder> for StoredOrder {
    fn from(o: &ReservationOrder) -> Self {
        Self {
            tenant_id: o.tenant_id.to_string(),
            display_name: o.display_name.clone(),
            term: o.term.map(|t| t.as_str().to_string()),
            billing_plan: o.billing_plan.map(|b| b.as_str().to_string()),
            purchase_date: o.purchase_date.to_string(),
            benefit_start: o.benefit_start.to_string(),
            expiry_date: o.expiry_date.to_string(),
            original_quantity: o.original_quantity,
            total_price: o.total_price.amount.to_string(),
            currency: o.total_price.currency.as_str().to_string(),
            total_price_usd: o.total_price_usd.amount.to_string(),
            price_known: true,
        }
    }
}

/// A reservation as its columns hold it (without the price share, which follows the order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredReservation {
    /// Its order.
    pub order_id: String,
    /// The customer's tenant ID.
    pub tenant_id: String,
    /// Display name.
    pub display_name: String,
    /// Reserved resource type.
    pub resource_type: String,
    /// SKU.
    pub sku: String,
    /// Azure region.
    pub region: String,
    /// Units.
    pub quantity: u32,
    /// Applied scope type.
    pub scope_type: String,
    /// Applied scope target (subscription, resource group or management group).
    pub scope_target: Option<String>,
    /// Billing subscription.
    pub billing_subscription_id: String,
    /// Instance size flexibility.
    pub instance_flexibility: bool,
    /// Auto-renew.
    pub renew: bool,
    /// Provisioning state.
    pub provisioning_state: String,
    /// Expiry day (ISO).
    pub expiry_date: String,
}

impl StoredReservation {
    /// The columns of `r`, a reservation of `order`.
    pub fn of(order: &ReservationOrder, r: &Reservation) -> Self {
        Self {
            order_id: r.order_id.to_string(),
            tenant_id: order.tenant_id.to_string(),
            display_name: r.display_name.clone(),
            resource_type: r.resource_type.as_str().to_string(),
            sku: r.sku.clone(),
            region: r.region.clone(),
            quantity: r.quantity,
            scope_type: r.scope.scope_type().as_str().to_string(),
            scope_target: r.scope.target(),
            billing_subscription_id: r.billing_subscription_id.to_string(),
            instance_flexibility: r.instance_flexibility,
            renew: r.renew,
            provisioning_state: r.provisioning_state.as_str().to_string(),
            expiry_date: order.expiry_date.to_string(),
        }
    }
}

/// Inserts or updates an order by ID and refreshes its reservations' price shares: the one
/// write of the `reservation_orders` table.
pub fn write_order(tx: &Transaction<'_>, id: &str, o: &StoredOrder) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO reservation_orders (order_id, tenant_id, display_name, term,
           billing_plan, purchase_date, benefit_start, expiry_date, original_quantity,
           total_price, currency, total_price_usd, price_known)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
         ON CONFLICT (order_id) DO UPDATE SET tenant_id = excluded.tenant_id,
           display_name = excluded.display_name, term = excluded.term,
           billing_plan = excluded.billing_plan, purchase_date = excluded.purchase_date,
           benefit_start = excluded.benefit_start, expiry_date = excluded.expiry_date,
           original_quantity = excluded.original_quantity,
           total_price = excluded.total_price, currency = excluded.currency,
           total_price_usd = excluded.total_price_usd, price_known = excluded.price_known",
    )?
    .execute(params![
        id,
        o.tenant_id,
        o.display_name,
        o.term,
        o.billing_plan,
        o.purchase_date,
        o.benefit_start,
        o.expiry_date,
        o.original_quantity,
        o.total_price,
        o.currency,
        o.total_price_usd,
        o.price_known
    ])?;
    refresh_prices(tx, id)
}

/// Inserts or updates an order by ID.
pub fn upsert_order(tx: &Transaction<'_>, o: &ReservationOrder) -> Result<(), StoreError> {
    write_order(tx, o.id.as_str(), &StoredOrder::from(o))
}

/// An order's stored columns, or `None` when it is not in the store.
pub fn stored_order(conn: &Connection, id: &str) -> Result<Option<StoredOrder>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT tenant_id, display_name, term, billing_plan, purchase_date, benefit_start,
               expiry_date, original_quantity, total_price, currency, total_price_usd, price_known
             FROM reservation_orders WHERE order_id = ?1",
        )?
        .query_row([id], |r| {
            Ok(StoredOrder {
                tenant_id: r.get(0)?,
                display_name: r.get(1)?,
                term: r.get(2)?,
                billing_plan: r.get(3)?,
                purchase_date: r.get(4)?,
                benefit_start: r.get(5)?,
                expiry_date: r.get(6)?,
                original_quantity: r.get(7)?,
                total_price: r.get(8)?,
                currency: r.get(9)?,
                total_price_usd: r.get(10)?,
                price_known: r.get(11)?,
            })
        })
        .optional()?)
}

/// Fills an order's unknown billing plan and term from a source that reveals them (a purchase
/// cost row); known values are kept. `true` when the order changed.
pub fn fill_order_plan(
    tx: &Transaction<'_>,
    id: &str,
    billing_plan: Option<&str>,
    term: Option<&str>,
) -> Result<bool, StoreError> {
    if billing_plan.is_none() && term.is_none() {
        return Ok(false);
    }
    let n = tx
        .prepare_cached(
            "UPDATE reservation_orders
                SET billing_plan = COALESCE(billing_plan, ?2), term = COALESCE(term, ?3)
              WHERE order_id = ?1
                AND ((billing_plan IS NULL AND ?2 IS NOT NULL) OR (term IS NULL AND ?3 IS NOT NULL))",
        )?
        .execute(params![id, billing_plan, term])?;
    Ok(n > 0)
}

/// Sets an order's price (learned from its purchase rows) and refreshes the price shares.
pub fn set_order_price(
    tx: &Transaction<'_>,
    id: &str,
    total: &str,
    currency: &str,
    total_usd: &str,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "UPDATE reservation_orders SET total_price = ?2, currency = ?3, total_price_usd = ?4, price_known = 1 WHERE order_id = ?1",
    )?
    .execute(params![id, total, currency, total_usd])?;
    refresh_prices(tx, id)
}

/// How many of the customer's priced orders are in another currency than `currency`.
pub fn priced_orders_in_other_currency(
    conn: &Connection,
    tenant: &str,
    currency: &str,
) -> Result<u32, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT count(*) FROM reservation_orders
             WHERE tenant_id = ?1 AND price_known = 1 AND currency != ?2",
        )?
        .query_row(params![tenant, currency], |r| r.get(0))?)
}

/// Records whose order `order` is when nothing else about it is known (Partner Center
/// entitlements, a CSP cost row); false when it was already recorded: the one write of
/// `order_owners`.
pub fn add_owner(tx: &Transaction<'_>, order: &str, tenant: &str) -> Result<bool, StoreError> {
    Ok(tx
        .prepare_cached("INSERT OR IGNORE INTO order_owners (order_id, tenant_id) VALUES (?1, ?2)")?
        .execute(params![order, tenant])?
        > 0)
}

/// The customer an order belongs to: from the order, or from its recorded owner.
pub fn order_owner(conn: &Connection, order: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT tenant_id FROM reservation_orders WHERE order_id = ?1
             UNION ALL SELECT tenant_id FROM order_owners WHERE order_id = ?1 LIMIT 1",
        )?
        .query_row([order], |r| r.get(0))
        .optional()?)
}

/// Inserts or updates a reservation by ID and refreshes its order's price shares; returns its
/// store key: the one write of the `reservations` table.
pub fn write(tx: &Transaction<'_>, id: &str, r: &StoredReservation) -> Result<i64, StoreError> {
    let key: i64 = tx
        .prepare_cached(
            "INSERT INTO reservations (reservation_id, order_id, tenant_id, display_name,
               resource_type, sku, region, quantity, scope_type, scope_target,
               billing_subscription_id, instance_flexibility, renew, provisioning_state,
               expiry_date, price, price_usd)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, '0', '0')
             ON CONFLICT (reservation_id) DO UPDATE SET order_id = excluded.order_id,
               tenant_id = excluded.tenant_id, display_name = excluded.display_name,
               resource_type = excluded.resource_type, sku = excluded.sku,
               region = excluded.region, quantity = excluded.quantity,
               scope_type = excluded.scope_type, scope_target = excluded.scope_target,
               billing_subscription_id = excluded.billing_subscription_id,
               instance_flexibility = excluded.instance_flexibility,
               renew = excluded.renew, provisioning_state = excluded.provisioning_state,
               expiry_date = excluded.expiry_date
             RETURNING key",
        )?
        .query_row(
            params![
                id,
                r.order_id,
                r.tenant_id,
                r.display_name,
                r.resource_type,
                r.sku,
                r.region,
                r.quantity,
                r.scope_type,
                r.scope_target,
                r.billing_subscription_id,
                r.instance_flexibility,
                r.renew,
                r.provisioning_state,
                r.expiry_date
            ],
            |row| row.get(0),
        )?;
    refresh_prices(tx, &r.order_id)?;
    Ok(key)
}

/// Inserts or updates a reservation of `order` by ID; returns its store key.
/// Its price is the order's price shared by quantity.
pub fn upsert(
    tx: &Transaction<'_>,
    order: &ReservationOrder,
    r: &Reservation,
) -> Result<i64, StoreError> {
    write(tx, r.id.as_str(), &StoredReservation::of(order, r))
}

/// A reservation's stored columns, or `None` when it is not in the store.
pub fn stored(conn: &Connection, id: &str) -> Result<Option<StoredReservation>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT order_id, tenant_id, display_name, resource_type, sku, region, quantity,
               scope_type, scope_target, billing_subscription_id, instance_flexibility, renew,
               provisioning_state, expiry_date
             FROM reservations WHERE reservation_id = ?1",
        )?
        .query_row([id], |r| {
            Ok(StoredReservation {
                order_id: r.get(0)?,
                tenant_id: r.get(1)?,
                display_name: r.get(2)?,
                resource_type: r.get(3)?,
                sku: r.get(4)?,
                region: r.get(5)?,
                quantity: r.get(6)?,
                scope_type: r.get(7)?,
                scope_target: r.get(8)?,
                billing_subscription_id: r.get(9)?,
                instance_flexibility: r.get(10)?,
                renew: r.get(11)?,
                provisioning_state: r.get(12)?,
                expiry_date: r.get(13)?,
            })
        })
        .optional()?)
}

/// A reservation's store key, or `None` when it is not in the store.
pub fn key_of(conn: &Connection, id: &str) -> Result<Option<i64>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT key FROM reservations WHERE reservation_id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// Recomputes the price share of each reservation of `order` from the order's total.
pub fn refresh_prices(tx: &Transaction<'_>, order: &str) -> Result<(), StoreError> {
    let Some((total, usd, qty)): Option<(String, String, u32)> = tx
        .prepare_cached(
            "SELECT total_price, total_price_usd, original_quantity FROM reservation_orders WHERE order_id = ?1",
        )?
        .query_row([order], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?
    else {
        return Ok(());
    };
    let total: Decimal = total
        .parse()
        .map_err(|e| corrupt("reservation_orders.total_price", e))?;
    let usd: Decimal = usd
        .parse()
        .map_err(|e| corrupt("reservation_orders.total_price_usd", e))?;
    let rows: Vec<(i64, u32)> = tx
        .prepare_cached("SELECT key, quantity FROM reservations WHERE order_id = ?1")?
        .query_map([order], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let share = |t: Decimal, q: u32| round_cents(t * Decimal::from(q) / Decimal::from(qty.max(1)));
    for (key, q) in rows {
        tx.prepare_cached("UPDATE reservations SET price = ?2, price_usd = ?3 WHERE key = ?1")?
            .execute(params![
                key,
                share(total, q).to_string(),
                share(usd, q).to_string()
            ])?;
    }
    Ok(())
}

/// Records that `related` was exchanged for, or renewed into, `reservation`; false when it
/// was already recorded: the one write of `reservation_lineage`.
pub fn add_lineage(
    tx: &Transaction<'_>,
    reservation: &str,
    related: &str,
    kind: &str,
) -> Result<bool, StoreError> {
    Ok(tx
        .prepare_cached(
            "INSERT OR IGNORE INTO reservation_lineage (reservation_id, related_id, kind) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![reservation, related, kind])?
        > 0)
}

/// A reservation with its order, customer name, price share and utilization figures.
#[derive(Debug, Clone)]
pub struct ReservationRecord {
    /// The reservation.
    pub reservation: Reservation,
    /// Its order.
    pub order: ReservationOrder,
    /// The owning customer's name.
    pub customer_name: String,
    /// This reservation's share of the order's price, in the billing currency; `None` when no
    /// imported file gave the order's price.
    pub price: Option<Money>,
    /// The same in USD.
    pub price_usd: Option<Money>,
    /// Stored 1/7/30-day utilization.
    pub utilization: UtilizationAggregates,
}

const SELECT: &str = "SELECT r.reservation_id, r.order_id, r.display_name, r.resource_type, r.sku,
        r.region, r.quantity, r.scope_type, r.scope_target, r.billing_subscription_id,
        r.instance_flexibility, r.renew, r.provisioning_state, r.price, r.price_usd,
        r.util_as_of, r.util_1d, r.util_7d, r.util_30d,
        o.tenant_id, o.display_name, o.term, o.billing_plan, o.purchase_date, o.benefit_start,
        o.expiry_date, o.original_quantity, o.total_price, o.currency, o.total_price_usd,
        c.name, o.price_known
   FROM reservations r
   JOIN reservation_orders o ON o.order_id = r.order_id
   JOIN customers c ON c.tenant_id = r.tenant_id";

/// A TEXT column parsed by `parse`; a value that does not parse is reported as corrupt `field`.
pub(super) fn text<T>(
    r: &Row<'_>,
    i: usize,
    field: &str,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> Result<T, StoreError> {
    let s: String = r.get(i)?;
    parse(&s).map_err(|m| corrupt(field, m))
}

/// A nullable TEXT column parsed by `parse` (`None` for NULL).
pub(super) fn opt_text<T>(
    r: &Row<'_>,
    i: usize,
    field: &str,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> Result<Option<T>, StoreError> {
    let s: Option<String> = r.get(i)?;
    s.map(|s| parse(&s).map_err(|m| corrupt(field, m)))
        .transpose()
}

/// A nullable decimal TEXT column.
pub(super) fn opt_decimal(
    r: &Row<'_>,
    i: usize,
    field: &str,
) -> Result<Option<Decimal>, StoreError> {
    let s: Option<String> = r.get(i)?;
    s.map(|s| s.parse::<Decimal>().map_err(|e| corrupt(field, e)))
        .transpose()
}

/// Parses an ISO date.
pub(super) fn date(s: &str) -> Result<NaiveDate, String> {
    s.parse::<NaiveDate>().map_err(|e| e.to_string())
}

/// Parses a decimal.
pub(super) fn dec(s: &str) -> Result<Decimal, String> {
    s.parse::<Decimal>().map_err(|e| e.to_string())
}

fn record_from_row(r: &Row<'_>) -> Result<ReservationRecord, StoreError> {
    let e = |x: crate::domain::InvalidValue| x.to_string();
    let currency = text(r, 28, "reservation_orders.currency", |s| {
        Currency::parse(s).map_err(e)
    })?;
    let scope_type = text(r, 7, "reservations.scope_type", |s| {
        ScopeType::parse(s).map_err(e)
    })?;
    let scope_target: Option<String> = r.get(8)?;
    let reservation = Reservation {
        id: text(r, 0, "reservations.reservation_id", |s| {
            ReservationId::parse(s).map_err(e)
        })?,
        order_id: text(r, 1, "reservations.order_id", |s| {
            ReservationOrderId::parse(s).map_err(e)
        })?,
        display_name: r.get(2)?,
        resource_type: text(r, 3, "reservations.resource_type", |s| {
            ResourceType::parse(s).map_err(e)
        })?,
        sku: r.get(4)?,
        region: r.get(5)?,
        quantity: r.get(6)?,
        scope: Scope::from_parts(scope_type, scope_target.as_deref())
            .map_err(|x| corrupt("reservations.scope_target", x))?,
        billing_subscription_id: text(r, 9, "reservations.billing_subscription_id", |s| {
            SubscriptionId::parse(s).map_err(e)
        })?,
        instance_flexibility: r.get(10)?,
        renew: r.get(11)?,
        provisioning_state: text(r, 12, "reservations.provisioning_state", |s| {
            ProvisioningState::parse(s).map_err(e)
        })?,
    };
    let order = ReservationOrder {
        id: reservation.order_id.clone(),
        tenant_id: text(r, 19, "reservation_orders.tenant_id", |s| {
            TenantId::parse(s).map_err(e)
        })?,
        display_name: r.get(20)?,
        term: opt_text(r, 21, "reservation_orders.term", |s| {
            Term::parse(s).map_err(e)
        })?,
        billing_plan: opt_text(r, 22, "reservation_orders.billing_plan", |s| {
            BillingPlan::parse(s).map_err(e)
        })?,
        purchase_date: text(r, 23, "reservation_orders.purchase_date", date)?,
        benefit_start: text(r, 24, "reservation_orders.benefit_start", date)?,
        expiry_date: text(r, 25, "reservation_orders.expiry_date", date)?,
        original_quantity: r.get(26)?,
        total_price: Money::new(
            text(r, 27, "reservation_orders.total_price", dec)?,
            currency,
        ),
        total_price_usd: Money::new(
            text(r, 29, "reservation_orders.total_price_usd", dec)?,
            Currency::USD,
        ),
    };
    let known: bool = r.get(31)?;
    let utilization = UtilizationAggregates {
        as_of: r
            .get::<_, Option<String>>(15)?
            .map(|s| date(&s).map_err(|m| corrupt("reservations.util_as_of", m)))
            .transpose()?,
        d1: opt_decimal(r, 16, "reservations.util_1d")?,
        d7: opt_decimal(r, 17, "reservations.util_7d")?,
        d30: opt_decimal(r, 18, "reservations.util_30d")?,
    };
    Ok(ReservationRecord {
        price: known
            .then(|| text(r, 13, "reservations.price", dec).map(|p| Money::new(p, currency)))
            .transpose()?,
        price_usd: known
            .then(|| {
                text(r, 14, "reservations.price_usd", dec).map(|p| Money::new(p, Currency::USD))
            })
            .transpose()?,
        reservation,
        order,
        customer_name: r.get(30)?,
        utilization,
    })
}

/// Which reservations to list.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only this customer's.
    pub customer: Option<TenantId>,
    /// Only active ones whose expiry falls in `[from, to]`.
    pub expiring_between: Option<(NaiveDate, NaiveDate)>,
}

/// Reservations matching `filter`, by customer name, then expiry, then name.
pub fn list(conn: &Connection, filter: &Filter) -> Result<Vec<ReservationRecord>, StoreError> {
    // Each condition is in the SQL only when it applies, so the planner can use the tenant and
    // expiry indexes (an `?1 IS NULL OR …` form would scan every reservation).
    let mut conditions = Vec::new();
    let mut values: Vec<String> = Vec::new();
    if let Some(t) = &filter.customer {
        values.push(t.as_str().to_string());
        conditions.push(format!("r.tenant_id = ?{}", values.len()));
    }
    if let Some((from, to)) = filter.expiring_between {
        values.push(from.to_string());
        values.push(to.to_string());
        conditions.push(format!(
            "r.provisioning_state = 'Succeeded' AND r.expiry_date >= ?{} AND r.expiry_date <= ?{}",
            values.len() - 1,
            values.len()
        ));
    }
    let clause = if conditions.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conditions.join(" AND "))
    };
    let sql = format!(
        "{SELECT}
         {clause}
         ORDER BY c.name COLLATE NOCASE, r.expiry_date, r.display_name, r.reservation_id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(rusqlite::params_from_iter(values.iter()))?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(record_from_row(r)?);
    }
    Ok(out)
}

/// One reservation by ID.
pub fn get(conn: &Connection, id: &ReservationId) -> Result<Option<ReservationRecord>, StoreError> {
    let sql = format!("{SELECT} WHERE r.reservation_id = ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params![id.as_str()])?;
    match rows.next()? {
        Some(r) => Ok(Some(record_from_row(r)?)),
        None => Ok(None),
    }
}

/// The figures a customer list needs, per reservation: customer, state, expiry and prices.
#[derive(Debug, Clone)]
pub struct CommitmentRow {
    /// Owning customer.
    pub tenant_id: String,
    /// Stored state.
    pub state: ProvisioningState,
    /// Expiry date.
    pub expiry_date: NaiveDate,
    /// Price in the billing currency.
    pub price: Option<Decimal>,
    /// Billing currency.
    pub currency: Currency,
    /// Price in USD.
    pub price_usd: Option<Decimal>,
}

/// Commitment rows for all customers (or one).
pub fn commitments(
    conn: &Connection,
    customer: Option<&TenantId>,
) -> Result<Vec<CommitmentRow>, StoreError> {
    const COLUMNS: &str = "SELECT r.tenant_id, r.provisioning_state, r.expiry_date, r.price, c.billing_currency, r.price_usd, o.price_known
         FROM reservations r JOIN customers c ON c.tenant_id = r.tenant_id
         JOIN reservation_orders o ON o.order_id = r.order_id";
    // Two statements rather than `?1 IS NULL OR …`, which would scan every reservation.
    let mut stmt = match customer {
        Some(_) => conn.prepare_cached(&format!("{COLUMNS} WHERE r.tenant_id = ?1"))?,
        None => conn.prepare_cached(COLUMNS)?,
    };
    let mut rows = match customer {
        Some(t) => stmt.query(params![t.as_str()])?,
        None => stmt.query([])?,
    };
    let mut out = Vec::new();
    let e = |x: crate::domain::InvalidValue| x.to_string();
    while let Some(r) = rows.next()? {
        let known: bool = r.get(6)?;
        out.push(CommitmentRow {
            tenant_id: r.get(0)?,
            state: text(r, 1, "reservations.provisioning_state", |s| {
                ProvisioningState::parse(s).map_err(e)
            })?,
            expiry_date: text(r, 2, "reservations.expiry_date", date)?,
            price: known
                .then(|| text(r, 3, "reservations.price", dec))
                .transpose()?,
            currency: text(r, 4, "customers.billing_currency", |s| {
                Currency::parse(s).map_err(e)
            })?,
            price_usd: known
                .then(|| text(r, 5, "reservations.price_usd", dec))
                .transpose()?,
        });
    }
    Ok(out)
}

/// Number of reservations.
pub fn count(conn: &Connection) -> Result<u32, StoreError> {
    Ok(conn.query_row("SELECT COUNT(*) FROM reservations", [], |r| r.get(0))?)
}

/// Writes a reservation's configuration (scope, instance size flexibility, renew).
pub fn set_configuration(
    tx: &Transaction<'_>,
    id: &ReservationId,
    scope: &Scope,
    instance_flexibility: bool,
    renew: bool,
) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE reservations SET scope_type = ?2, scope_target = ?3, instance_flexibility = ?4, renew = ?5 WHERE reservation_id = ?1",
        params![id.as_str(), scope.scope_type().as_str(), scope.target(), instance_flexibility, renew],
    )?;
    Ok(())
}

/// The distinct scope targets a customer's reservations use (its known resource groups and
/// management groups).
pub fn scope_targets(conn: &Connection, tenant: &TenantId) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT scope_target FROM reservations WHERE tenant_id = ?1 AND scope_target IS NOT NULL ORDER BY scope_target",
    )?;
    let rows = stmt.query_map(params![tenant.as_str()], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// The customer that owns an order, if the order is known.
pub fn order_tenant(
    conn: &Connection,
    order: &ReservationOrderId,
) -> Result<Option<String>, StoreError> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .query_row(
            "SELECT tenant_id FROM reservation_orders WHERE order_id = ?1",
            params![order.as_str()],
            |r| r.get(0),
        )
        .optional()?)
}
