//! Cost rows of imported cost exports (purchases, refunds, usage) per reservation order.

use super::StoreError;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

/// Where a cost row sits: one per order, reservation (empty when none), day, kind and line.
#[derive(Debug, Clone, Copy)]
pub struct CostKey<'a> {
    /// The reservation order.
    pub order_id: &'a str,
    /// The reservation, or empty.
    pub reservation_id: &'a str,
    /// Day (ISO).
    pub day: &'a str,
    /// Charge kind (`purchase`, `refund`, `usage`, `unused`).
    pub kind: &'a str,
    /// The line's own key within the day.
    pub line_key: &'a str,
}

/// A cost row's values as stored: amount, currency, USD amount and quantity (decimal text).
pub type CostValues = (String, String, Option<String>, Option<String>);

/// A cost row's stored values, or `None` when it is not stored.
pub fn stored(conn: &Connection, k: CostKey<'_>) -> Result<Option<CostValues>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT amount, currency, amount_usd, quantity FROM reservation_costs
             WHERE order_id = ?1 AND reservation_id = ?2 AND day = ?3 AND kind = ?4 AND line_key = ?5",
        )?
        .query_row(
            params![k.order_id, k.reservation_id, k.day, k.kind, k.line_key],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?)
}

/// Writes a cost row: the one write of the `reservation_costs` table.
pub fn write(tx: &Transaction<'_>, k: CostKey<'_>, v: &CostValues) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO reservation_costs (order_id, reservation_id, day, kind, line_key,
           amount, currency, amount_usd, quantity)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (order_id, reservation_id, day, kind, line_key) DO UPDATE SET
           amount = excluded.amount, currency = excluded.currency,
           amount_usd = excluded.amount_usd, quantity = excluded.quantity",
    )?
    .execute(params![
        k.order_id,
        k.reservation_id,
        k.day,
        k.kind,
        k.line_key,
        v.0,
        v.1,
        v.2,
        v.3
    ])?;
    Ok(())
}

/// An order's purchase rows, oldest first: amount, currency and USD amount (decimal text).
pub fn purchases(
    conn: &Connection,
    order: &str,
) -> Result<Vec<(String, String, Option<String>)>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT amount, currency, amount_usd FROM reservation_costs WHERE order_id = ?1 AND kind = 'purchase' ORDER BY day",
        )?
        .query_map([order], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?)
}
