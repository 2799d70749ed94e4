//! Support-request drafts and their lifecycle.

use super::{corrupt, StoreError};
use crate::domain::ticket::{TicketDraft, TicketKind, TicketStatus};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

/// One reservation returned by a refund or exchange ticket, as the ledger will record it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnRecord {
    /// Reservation.
    pub reservation_id: String,
    /// Units.
    pub quantity: u32,
    /// Canceled commitment (billing currency).
    pub amount: String,
    /// Canceled commitment in USD.
    pub amount_usd: String,
}

#[derive(Serialize, Deserialize)]
struct StoredBody {
    draft: TicketDraft,
    #[serde(default)]
    returns: Vec<ReturnRecord>,
}

/// A stored ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketRow {
    /// Local ID.
    pub id: i64,
    /// Customer.
    pub tenant_id: String,
    /// Customer name.
    pub customer_name: String,
    /// Reservation concerned, if any.
    pub reservation_id: Option<String>,
    /// Kind.
    pub kind: TicketKind,
    /// Status.
    pub status: TicketStatus,
    /// Microsoft's ticket number once submitted.
    pub ms_ticket_number: Option<String>,
    /// Created (RFC 3339).
    pub created_at: String,
    /// Last changed (RFC 3339).
    pub updated_at: String,
    /// The three steps.
    pub draft: TicketDraft,
    /// Reservations returned (refund or exchange).
    pub returns: Vec<ReturnRecord>,
    /// The quote's date.
    pub quote_on: Option<String>,
    /// Units.
    pub quantity: Option<u32>,
    /// Canceled commitment (billing currency).
    pub amount: Option<String>,
    /// Billing currency.
    pub currency: Option<String>,
    /// Canceled commitment in USD.
    pub amount_usd: Option<String>,
}

/// Fields of a new ticket.
#[derive(Debug, Clone)]
pub struct NewTicket<'a> {
    /// Customer.
    pub tenant_id: &'a str,
    /// Reservation.
    pub reservation_id: Option<&'a str>,
    /// Kind.
    pub kind: TicketKind,
    /// Now (RFC 3339).
    pub now: &'a str,
    /// The three steps.
    pub draft: &'a TicketDraft,
    /// Reservations returned.
    pub returns: Vec<ReturnRecord>,
    /// Quote date.
    pub quote_on: Option<String>,
    /// Units.
    pub quantity: Option<u32>,
    /// Canceled commitment.
    pub amount: Option<String>,
    /// Currency.
    pub currency: Option<String>,
    /// USD.
    pub amount_usd: Option<String>,
}

/// Inserts a draft; returns its ID.
pub fn insert(tx: &Transaction<'_>, t: &NewTicket<'_>) -> Result<i64, StoreError> {
    let body = serde_json::to_string(&StoredBody {
        draft: t.draft.clone(),
        returns: t.returns.clone(),
    })
    .map_err(|e| corrupt("tickets.body", e))?;
    tx.execute(
        "INSERT INTO tickets (tenant_id, reservation_id, kind, status, created_at, updated_at, body, quote_on, quantity, amount, currency, amount_usd)
         VALUES (?1, ?2, ?3, 'draft', ?4, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![t.tenant_id, t.reservation_id, t.kind.as_str(), t.now, body, t.quote_on, t.quantity, t.amount, t.currency, t.amount_usd],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Replaces the draft's three steps.
pub fn update_draft(
    tx: &Transaction<'_>,
    row: &TicketRow,
    draft: &TicketDraft,
    now: &str,
) -> Result<(), StoreError> {
    let id = row.id;
    let body = serde_json::to_string(&StoredBody {
        draft: draft.clone(),
        returns: row.returns.clone(),
    })
    .map_err(|e| corrupt("tickets.body", e))?;
    tx.execute(
        "UPDATE tickets SET body = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, body, now],
    )?;
    Ok(())
}

/// Moves a ticket to `status` (the caller checked the transition).
pub fn set_status(
    tx: &Transaction<'_>,
    id: i64,
    status: TicketStatus,
    number: Option<&str>,
    now: &str,
) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE tickets SET status = ?2, ms_ticket_number = COALESCE(?3, ms_ticket_number), updated_at = ?4 WHERE id = ?1",
        params![id, status.as_str(), number, now],
    )?;
    Ok(())
}

const SELECT: &str = "SELECT t.id, t.tenant_id, c.name, t.reservation_id, t.kind, t.status, t.ms_ticket_number,
        t.created_at, t.updated_at, t.body, t.quote_on, t.quantity, t.amount, t.currency, t.amount_usd
   FROM tickets t JOIN customers c ON c.tenant_id = t.tenant_id";

fn from_row(r: &rusqlite::Row<'_>) -> Result<TicketRow, StoreError> {
    let kind: String = r.get(4)?;
    let status: String = r.get(5)?;
    let body: String = r.get(9)?;
    let body: StoredBody = serde_json::from_str(&body).map_err(|e| corrupt("tickets.body", e))?;
    Ok(TicketRow {
        id: r.get(0)?,
        tenant_id: r.get(1)?,
        customer_name: r.get(2)?,
        reservation_id: r.get(3)?,
        kind: TicketKind::parse(&kind).map_err(|e| corrupt("tickets.kind", e))?,
        status: TicketStatus::parse(&status).map_err(|e| corrupt("tickets.status", e))?,
        ms_ticket_number: r.get(6)?,
        created_at: r.get(7)?,
        updated_at: r.get(8)?,
        draft: body.draft,
        returns: body.returns,
        quote_on: r.get(10)?,
        quantity: r.get(11)?,
        amount: r.get(12)?,
        currency: r.get(13)?,
        amount_usd: r.get(14)?,
    })
}

/// One ticket.
pub fn get(conn: &Connection, id: i64) -> Result<Option<TicketRow>, StoreError> {
    let sql = format!("{SELECT} WHERE t.id = ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    let row = stmt
        .query_row(params![id], |r| Ok(from_row(r)))
        .optional()?;
    row.transpose()
}

/// All tickets, newest first.
pub fn list(conn: &Connection) -> Result<Vec<TicketRow>, StoreError> {
    let sql = format!("{SELECT} ORDER BY t.id DESC");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(from_row(r)?);
    }
    Ok(out)
}
