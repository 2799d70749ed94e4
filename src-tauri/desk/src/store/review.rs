//! What the portfolio review reads in one pass (one row per reservation, lineage, the refund
//! ledger) and the triage items a user hid.

use super::reservations::{date, dec, opt_decimal as opt_dec, text};
use super::StoreError;
use crate::domain::money::{Currency, Money};
use crate::domain::refund::LedgerEntry;
use crate::domain::reservation::{ProvisioningState, ResourceType};
use crate::domain::review::ReviewRow;
use crate::domain::scope::ScopeType;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use std::collections::{HashMap, HashSet};

/// Every reservation as the review sees it, with `renewal_lost` worked out from the lineage.
pub fn rows(conn: &Connection) -> Result<Vec<ReviewRow>, StoreError> {
    let lost = renewal_lost(conn)?;
    let mut stmt = conn.prepare_cached(
        "SELECT r.reservation_id, r.order_id, r.tenant_id, c.name, r.display_name, r.resource_type,
                r.sku, r.region, r.quantity, r.scope_type, r.provisioning_state, r.renew,
                o.benefit_start, r.expiry_date, r.price, o.currency, r.price_usd, r.util_7d, r.util_30d,
                o.price_known
           FROM reservations r
           JOIN reservation_orders o ON o.order_id = r.order_id
           JOIN customers c ON c.tenant_id = r.tenant_id",
    )?;
    let mut q = stmt.query([])?;
    let mut out = Vec::new();
    let e = |x: crate::domain::InvalidValue| x.to_string();
    while let Some(r) = q.next()? {
        let id: String = r.get(0)?;
        let currency = text(r, 15, "reservation_orders.currency", |s| {
            Currency::parse(s).map_err(e)
        })?;
        let known: bool = r.get(19)?;
        out.push(ReviewRow {
            renewal_lost: lost.contains(&id),
            reservation_id: id,
            order_id: r.get(1)?,
            tenant_id: r.get(2)?,
            customer_name: r.get(3)?,
            display_name: r.get(4)?,
            resource_type: text(r, 5, "reservations.resource_type", |s| {
                ResourceType::parse(s).map_err(e)
            })?,
            sku: r.get(6)?,
            region: r.get(7)?,
            quantity: r.get(8)?,
            scope_type: text(r, 9, "reservations.scope_type", |s| {
                ScopeType::parse(s).map_err(e)
            })?,
            state: text(r, 10, "reservations.provisioning_state", |s| {
                ProvisioningState::parse(s).map_err(e)
            })?,
            renew: r.get(11)?,
            benefit_start: text(r, 12, "reservation_orders.benefit_start", date)?,
            expiry_date: text(r, 13, "reservations.expiry_date", date)?,
            price: if known {
                Some(Money::new(
                    text(r, 14, "reservations.price", dec)?,
                    currency,
                ))
            } else {
                None
            },
            price_usd: if known {
                Some(text(r, 16, "reservations.price_usd", dec)?)
            } else {
                None
            },
            util_7d: opt_dec(r, 17, "reservations.util_7d")?,
            util_30d: opt_dec(r, 18, "reservations.util_30d")?,
        });
    }
    Ok(out)
}

/// Reservations that came from a split or merge of a reservation set to renew (either side of
/// the lineage may be the one recorded).
fn renewal_lost(conn: &Connection) -> Result<HashSet<String>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.reservation_id FROM reservation_lineage l
           JOIN reservations p ON p.reservation_id = l.related_id
          WHERE l.kind IN ('split_from', 'merged_from') AND p.renew = 1
         UNION
         SELECT l.related_id FROM reservation_lineage l
           JOIN reservations p ON p.reservation_id = l.reservation_id
          WHERE l.kind IN ('split_into', 'merged_into') AND p.renew = 1",
    )?;
    let ids = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<Result<HashSet<_>, _>>()?;
    Ok(ids)
}

/// The refund ledger of every customer, oldest first.
pub fn ledgers(conn: &Connection) -> Result<HashMap<String, Vec<LedgerEntry>>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT tenant_id, date, amount_usd, kind FROM refund_ledger ORDER BY date, id",
    )?;
    let mut q = stmt.query([])?;
    let mut out: HashMap<String, Vec<LedgerEntry>> = HashMap::new();
    while let Some(r) = q.next()? {
        let kind: String = r.get(3)?;
        out.entry(r.get(0)?).or_default().push(LedgerEntry {
            date: text(r, 1, "refund_ledger.date", date)?,
            amount_usd: text(r, 2, "refund_ledger.amount_usd", dec)?,
            exchange: kind == "exchange",
        });
    }
    Ok(out)
}

/// A hidden triage item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hidden {
    /// `kind:reservation_id`.
    pub key: String,
    /// The reservation.
    pub reservation_id: String,
    /// Why the user hid it.
    pub reason: String,
    /// When (UTC, RFC 3339).
    pub hidden_at: String,
}

fn hidden_from(r: &Row<'_>) -> rusqlite::Result<Hidden> {
    Ok(Hidden {
        key: r.get(0)?,
        reservation_id: r.get(1)?,
        reason: r.get(2)?,
        hidden_at: r.get(3)?,
    })
}

/// All hidden items, by key.
pub fn hidden(conn: &Connection) -> Result<HashMap<String, Hidden>, StoreError> {
    let mut stmt = conn
        .prepare_cached("SELECT item_key, reservation_id, reason, hidden_at FROM triage_hidden")?;
    let items = stmt
        .query_map([], hidden_from)?
        .map(|h| h.map(|h| (h.key.clone(), h)))
        .collect::<Result<HashMap<_, _>, _>>()?;
    Ok(items)
}

/// Hides an item (replacing an earlier reason).
pub fn hide(tx: &Transaction<'_>, h: &Hidden) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO triage_hidden (item_key, reservation_id, reason, hidden_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (item_key) DO UPDATE SET reason = excluded.reason, hidden_at = excluded.hidden_at",
        params![h.key, h.reservation_id, h.reason, h.hidden_at],
    )?;
    Ok(())
}

/// Shows an item again; returns what it was, if it was hidden.
pub fn unhide(tx: &Transaction<'_>, key: &str) -> Result<Option<Hidden>, StoreError> {
    let before = tx
        .query_row(
            "SELECT item_key, reservation_id, reason, hidden_at FROM triage_hidden WHERE item_key = ?1",
            params![key],
            hidden_from,
        )
        .optional()?;
    tx.execute(
        "DELETE FROM triage_hidden WHERE item_key = ?1",
        params![key],
    )?;
    Ok(before)
}

/// SQLite's `data_version`: changes when another connection commits to the file.
pub fn data_version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
}
