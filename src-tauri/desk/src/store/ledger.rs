//! The refund ledger: refunds and exchanges Microsoft processed, per customer.

use super::{corrupt, StoreError};
use crate::domain::ids::TenantId;
use crate::domain::refund::LedgerEntry;
use chrono::NaiveDate;
use rusqlite::{params, Connection, Transaction};

/// A ledger row to record.
#[derive(Debug, Clone)]
pub struct NewEntry<'a> {
    /// Customer.
    pub tenant_id: &'a str,
    /// Reservation returned.
    pub reservation_id: &'a str,
    /// True for an exchange (never counted against the limit).
    pub exchange: bool,
    /// Day processed.
    pub date: NaiveDate,
    /// Units returned.
    pub quantity: u32,
    /// Canceled commitment in the billing currency.
    pub amount: &'a str,
    /// Billing currency.
    pub currency: &'a str,
    /// Canceled commitment in USD.
    pub amount_usd: &'a str,
    /// The ticket it came from.
    pub ticket_id: Option<i64>,
    /// Where an imported entry came from (a cost row, a portfolio line): recorded once.
    pub source_key: Option<&'a str>,
}

/// Records an entry; false when an entry with the same source key is already there: the one
/// write of the `refund_ledger` table.
pub fn record(tx: &Transaction<'_>, e: &NewEntry<'_>) -> Result<bool, StoreError> {
    Ok(tx
        .prepare_cached(
            "INSERT INTO refund_ledger (tenant_id, reservation_id, kind, date, quantity, amount,
               currency, amount_usd, ticket_id, source_key)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
             ON CONFLICT (source_key) WHERE source_key IS NOT NULL DO NOTHING",
        )?
        .execute(params![
            e.tenant_id,
            e.reservation_id,
            if e.exchange { "exchange" } else { "refund" },
            e.date.to_string(),
            e.quantity,
            e.amount,
            e.currency,
            e.amount_usd,
            e.ticket_id,
            e.source_key
        ])?
        > 0)
}

/// A customer's entries, oldest first.
pub fn entries(conn: &Connection, tenant: &TenantId) -> Result<Vec<LedgerEntry>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT date, amount_usd, kind FROM refund_ledger WHERE tenant_id = ?1 ORDER BY date, id",
    )?;
    let mut rows = stmt.query(params![tenant.as_str()])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let date: String = r.get(0)?;
        let amount: String = r.get(1)?;
        let kind: String = r.get(2)?;
        out.push(LedgerEntry {
            date: date.parse().map_err(|e| corrupt("refund_ledger.date", e))?,
            amount_usd: amount
                .parse()
                .map_err(|e| corrupt("refund_ledger.amount_usd", e))?,
            exchange: kind == "exchange",
        });
    }
    Ok(out)
}

/// Exchanges of a reservation processed on or after `from`.
pub fn exchanges_since(
    conn: &Connection,
    reservation_id: &str,
    from: NaiveDate,
) -> Result<u32, StoreError> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM refund_ledger WHERE reservation_id = ?1 AND kind = 'exchange' AND date >= ?2",
        params![reservation_id, from.to_string()],
        |r| r.get(0),
    )?)
}
