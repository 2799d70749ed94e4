//! Customers and their subscriptions.

use super::{corrupt, like_pattern, StoreError};
use crate::domain::customer::{Customer, Subscription, SubscriptionState};
use crate::domain::ids::{SubscriptionId, TenantId};
use crate::domain::money::Currency;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

/// A customer as its columns hold it: what the import merge compares and writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCustomer {
    /// Tenant ID.
    pub tenant_id: String,
    /// Company name.
    pub name: String,
    /// Primary domain (empty when no source gave it).
    pub primary_domain: String,
    /// Billing currency code.
    pub billing_currency: String,
    /// ISO country code (`ZZ` when no source gave it).
    pub country: String,
}

impl From<&Customer> for StoredCustomer {
    fn from(c: &Customer) -> Self {
        Self {
            tenant_id: c.tenant_id.to_string(),
            name: c.name.clone(),
            primary_domain: c.primary_domain.clone(),
            billing_currency: c.billing_currency.as_str().to_string(),
            country: c.country.clone(),
        }
    }
}

/// A subscription as its columns hold it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSubscription {
    /// Subscription ID.
    pub id: String,
    /// The customer's tenant ID.
    pub tenant_id: String,
    /// Display name.
    pub display_name: String,
    /// State (`Active`, `Disabled`, ...).
    pub state: String,
}

impl From<&Subscription> for StoredSubscription {
    fn from(s: &Subscription) -> Self {
        Self {
            id: s.id.to_string(),
            tenant_id: s.tenant_id.to_string(),
            display_name: s.display_name.clone(),
            state: s.state.as_str().to_string(),
        }
    }
}

/// Inserts or updates a customer by tenant ID: the one write of the `customers` table.
pub fn write(tx: &Transaction<'_>, c: &StoredCustomer) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO customers (tenant_id, name, primary_domain, billing_currency, country)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (tenant_id) DO UPDATE SET name = excluded.name,
           primary_domain = excluded.primary_domain, billing_currency = excluded.billing_currency,
           country = excluded.country",
    )?
    .execute(params![
        c.tenant_id,
        c.name,
        c.primary_domain,
        c.billing_currency,
        c.country
    ])?;
    Ok(())
}

/// Inserts or updates a customer by tenant ID.
pub fn upsert(tx: &Transaction<'_>, c: &Customer) -> Result<(), StoreError> {
    write(tx, &StoredCustomer::from(c))
}

/// A customer's stored columns, or `None` when the tenant is not in the store.
pub fn stored(conn: &Connection, tenant: &str) -> Result<Option<StoredCustomer>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT name, primary_domain, billing_currency, country FROM customers WHERE tenant_id = ?1",
        )?
        .query_row([tenant], |r| {
            Ok(StoredCustomer {
                tenant_id: tenant.to_string(),
                name: r.get(0)?,
                primary_domain: r.get(1)?,
                billing_currency: r.get(2)?,
                country: r.get(3)?,
            })
        })
        .optional()?)
}

/// Whether the tenant is a customer in the store.
pub fn exists(conn: &Connection, tenant: &str) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM customers WHERE tenant_id = ?1")?
        .query_row([tenant], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The customer's billing currency code, or `None` when the tenant is not in the store.
pub fn billing_currency(conn: &Connection, tenant: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT billing_currency FROM customers WHERE tenant_id = ?1")?
        .query_row([tenant], |r| r.get(0))
        .optional()?)
}

/// Sets the customer's billing currency.
pub fn set_billing_currency(
    tx: &Transaction<'_>,
    tenant: &str,
    currency: &str,
) -> Result<(), StoreError> {
    tx.prepare_cached("UPDATE customers SET billing_currency = ?2 WHERE tenant_id = ?1")?
        .execute(params![tenant, currency])?;
    Ok(())
}

/// Inserts or updates a subscription by ID: the one write of the `subscriptions` table.
pub fn write_subscription(tx: &Transaction<'_>, s: &StoredSubscription) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO subscriptions (subscription_id, tenant_id, display_name, state)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (subscription_id) DO UPDATE SET tenant_id = excluded.tenant_id,
           display_name = excluded.display_name, state = excluded.state",
    )?
    .execute(params![s.id, s.tenant_id, s.display_name, s.state])?;
    Ok(())
}

/// Inserts or updates a subscription by ID.
pub fn upsert_subscription(tx: &Transaction<'_>, s: &Subscription) -> Result<(), StoreError> {
    write_subscription(tx, &StoredSubscription::from(s))
}

/// A subscription's stored columns, or `None` when it is not in the store.
pub fn stored_subscription(
    conn: &Connection,
    id: &str,
) -> Result<Option<StoredSubscription>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT tenant_id, display_name, state FROM subscriptions WHERE subscription_id = ?1",
        )?
        .query_row([id], |r| {
            Ok(StoredSubscription {
                id: id.to_string(),
                tenant_id: r.get(0)?,
                display_name: r.get(1)?,
                state: r.get(2)?,
            })
        })
        .optional()?)
}

fn customer_from_row(r: &Row<'_>) -> Result<Customer, StoreError> {
    let tenant: String = r.get(0)?;
    let currency: String = r.get(3)?;
    Ok(Customer {
        tenant_id: TenantId::parse(&tenant).map_err(|e| corrupt("customers.tenant_id", e))?,
        name: r.get(1)?,
        primary_domain: r.get(2)?,
        billing_currency: Currency::parse(&currency)
            .map_err(|e| corrupt("customers.billing_currency", e))?,
        country: r.get(4)?,
    })
}

/// A customer with its subscription count.
#[derive(Debug, Clone)]
pub struct CustomerRow {
    /// The customer.
    pub customer: Customer,
    /// How many subscriptions are known.
    pub subscription_count: u32,
}

/// Customers whose name, primary domain or tenant ID contains `query` (case-insensitive for
/// ASCII), ordered by name; all customers when `query` is `None` or blank.
pub fn list(conn: &Connection, query: Option<&str>) -> Result<Vec<CustomerRow>, StoreError> {
    let pattern = query
        .map(str::trim)
        .filter(|q| !q.is_empty())
        .map(like_pattern);
    let mut stmt = conn.prepare_cached(
        "SELECT c.tenant_id, c.name, c.primary_domain, c.billing_currency, c.country,
                (SELECT COUNT(*) FROM subscriptions s WHERE s.tenant_id = c.tenant_id)
         FROM customers c
         WHERE ?1 IS NULL
            OR c.name LIKE ?1 ESCAPE '\\'
            OR c.primary_domain LIKE ?1 ESCAPE '\\'
            OR c.tenant_id LIKE ?1 ESCAPE '\\'
         ORDER BY c.name COLLATE NOCASE, c.tenant_id",
    )?;
    let mut rows = stmt.query(params![pattern])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(CustomerRow {
            customer: customer_from_row(r)?,
            subscription_count: r.get(5)?,
        });
    }
    Ok(out)
}

/// One customer by tenant ID.
pub fn get(conn: &Connection, tenant: &TenantId) -> Result<Option<CustomerRow>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.tenant_id, c.name, c.primary_domain, c.billing_currency, c.country,
                (SELECT COUNT(*) FROM subscriptions s WHERE s.tenant_id = c.tenant_id)
         FROM customers c WHERE c.tenant_id = ?1",
    )?;
    let row = stmt
        .query_row(params![tenant.as_str()], |r| {
            Ok(customer_from_row(r).map(|customer| CustomerRow {
                customer,
                subscription_count: r.get(5).unwrap_or(0),
            }))
        })
        .optional()?;
    row.transpose()
}

/// A customer's subscriptions, by name.
pub fn subscriptions(
    conn: &Connection,
    tenant: &TenantId,
) -> Result<Vec<Subscription>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT subscription_id, display_name, state FROM subscriptions
         WHERE tenant_id = ?1 ORDER BY display_name COLLATE NOCASE, subscription_id",
    )?;
    let mut rows = stmt.query(params![tenant.as_str()])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        let state: String = r.get(2)?;
        out.push(Subscription {
            id: SubscriptionId::parse(&id)
                .map_err(|e| corrupt("subscriptions.subscription_id", e))?,
            tenant_id: tenant.clone(),
            display_name: r.get(1)?,
            state: SubscriptionState::parse(&state)
                .map_err(|e| corrupt("subscriptions.state", e))?,
        });
    }
    Ok(out)
}

/// Number of customers.
pub fn count(conn: &Connection) -> Result<u32, StoreError> {
    Ok(conn.query_row("SELECT COUNT(*) FROM customers", [], |r| r.get(0))?)
}

/// Removes every customer and, by cascade, everything that belongs to them.
pub fn delete_all(tx: &Transaction<'_>) -> Result<(), StoreError> {
    // Children first: the bulk table empties fastest without a per-row cascade.
    tx.execute_batch(
        "DELETE FROM change_plans; DELETE FROM role_assignments; DELETE FROM refund_ledger; DELETE FROM tickets; DELETE FROM utilization_daily; DELETE FROM reservations;
         DELETE FROM reservation_orders; DELETE FROM subscriptions; DELETE FROM customers;",
    )?;
    Ok(())
}

/// Any customer's subscription by ID.
pub fn subscription(
    conn: &Connection,
    id: &SubscriptionId,
) -> Result<Option<Subscription>, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT subscription_id, tenant_id, display_name, state FROM subscriptions WHERE subscription_id = ?1")?;
    let row = stmt
        .query_row(params![id.as_str()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })
        .optional()?;
    row.map(|(id, tenant, name, state)| {
        Ok(Subscription {
            id: SubscriptionId::parse(&id)
                .map_err(|e| corrupt("subscriptions.subscription_id", e))?,
            tenant_id: TenantId::parse(&tenant)
                .map_err(|e| corrupt("subscriptions.tenant_id", e))?,
            display_name: name,
            state: SubscriptionState::parse(&state)
                .map_err(|e| corrupt("subscriptions.state", e))?,
        })
    })
    .transpose()
}
