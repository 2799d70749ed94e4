//! Change plans: pending, applied or discarded.

use super::{corrupt, StoreError};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

/// A stored plan (before/after and the patch body as JSON text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRow {
    /// Plan number.
    pub id: i64,
    /// Customer.
    pub tenant_id: String,
    /// Customer name.
    pub customer_name: String,
    /// Reservation.
    pub reservation_id: String,
    /// configuration or access.
    pub kind: String,
    /// For access plans: the assignment added or removed (JSON).
    pub access_change: Option<String>,
    /// Reservation name.
    pub reservation_name: String,
    /// pending, applied or discarded.
    pub status: String,
    /// Created (RFC 3339).
    pub created_at: String,
    /// Applied or discarded (RFC 3339).
    pub decided_at: Option<String>,
    /// Configuration before (JSON).
    pub before: String,
    /// Configuration after (JSON).
    pub after: String,
    /// The az command.
    pub az_command: String,
    /// The az rest command.
    pub az_rest_command: String,
    /// The PATCH body (JSON).
    pub patch_body: String,
    /// Portal link.
    pub portal_url: String,
}

/// Stores a pending plan; returns its number.
pub fn insert(tx: &Transaction<'_>, p: &PlanRow) -> Result<i64, StoreError> {
    tx.execute(
        "INSERT INTO change_plans (tenant_id, reservation_id, kind, access_change, status, created_at, before, after, az_command, az_rest_command, patch_body, portal_url)
         VALUES (?1, ?2, ?3, ?4, 'pending', ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![p.tenant_id, p.reservation_id, p.kind, p.access_change, p.created_at, p.before, p.after, p.az_command, p.az_rest_command, p.patch_body, p.portal_url],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Marks a plan applied or discarded.
pub fn decide(tx: &Transaction<'_>, id: i64, status: &str, at: &str) -> Result<(), StoreError> {
    if !matches!(status, "applied" | "discarded") {
        return Err(corrupt("change_plans.status", status));
    }
    tx.execute(
        "UPDATE change_plans SET status = ?2, decided_at = ?3 WHERE id = ?1",
        params![id, status, at],
    )?;
    Ok(())
}

const SELECT: &str = "SELECT p.id, p.tenant_id, c.name, p.reservation_id, COALESCE(r.display_name, p.reservation_id), p.status,
        p.created_at, p.decided_at, p.before, p.after, p.az_command, p.az_rest_command, p.patch_body, p.portal_url,
        p.kind, p.access_change
   FROM change_plans p JOIN customers c ON c.tenant_id = p.tenant_id
   LEFT JOIN reservations r ON r.reservation_id = p.reservation_id";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<PlanRow> {
    Ok(PlanRow {
        id: r.get(0)?,
        tenant_id: r.get(1)?,
        customer_name: r.get(2)?,
        reservation_id: r.get(3)?,
        reservation_name: r.get(4)?,
        status: r.get(5)?,
        created_at: r.get(6)?,
        decided_at: r.get(7)?,
        before: r.get(8)?,
        after: r.get(9)?,
        az_command: r.get(10)?,
        az_rest_command: r.get(11)?,
        patch_body: r.get(12)?,
        portal_url: r.get(13)?,
        kind: r.get(14)?,
        access_change: r.get(15)?,
    })
}

/// One plan.
pub fn get(conn: &Connection, id: i64) -> Result<Option<PlanRow>, StoreError> {
    let sql = format!("{SELECT} WHERE p.id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![id], from_row)
        .optional()?)
}

/// All plans: pending first, then newest first.
pub fn list(conn: &Connection) -> Result<Vec<PlanRow>, StoreError> {
    let sql =
        format!("{SELECT} ORDER BY CASE p.status WHEN 'pending' THEN 0 ELSE 1 END, p.id DESC");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}
