//! Role assignments.

use super::{corrupt, StoreError};
use crate::domain::access::{Assignment, GrantedAt, PrincipalKind, Role};
use rusqlite::{params, Connection, Transaction};

/// Where an assignment is stored: the customer, and the order or reservation it is granted on.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// Customer.
    pub tenant_id: &'a str,
    /// The order (for order and reservation grants).
    pub order_id: Option<&'a str>,
    /// The reservation (for reservation grants).
    pub reservation_id: Option<&'a str>,
}

/// Inserts an assignment; false when the same one was already there.
pub fn insert(tx: &Transaction<'_>, t: Target<'_>, a: &Assignment) -> Result<bool, StoreError> {
    let (order, reservation) = match a.granted_at {
        GrantedAt::Tenant => (None, None),
        GrantedAt::Order => (t.order_id, None),
        GrantedAt::Reservation => (t.order_id, t.reservation_id),
    };
    tx.prepare_cached(
        "INSERT OR IGNORE INTO role_assignments (tenant_id, order_id, reservation_id, granted_at, principal_id, principal_name, kind, role)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![t.tenant_id, order, reservation, a.granted_at.as_str(), a.principal_id, a.principal_name, a.kind.as_str(), a.role.name()])
    .map(|n| n > 0)
    .map_err(StoreError::from)
}

/// Assignments that reach a reservation: on it, on its order, and tenant-wide.
pub fn reaching(
    conn: &Connection,
    tenant_id: &str,
    order_id: &str,
    reservation_id: &str,
) -> Result<Vec<Assignment>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT principal_name, principal_id, kind, role, granted_at FROM role_assignments
         WHERE tenant_id = ?1 AND (granted_at = 'tenant'
               OR (granted_at = 'order' AND order_id = ?2)
               OR (granted_at = 'reservation' AND reservation_id = ?3))
         ORDER BY CASE granted_at WHEN 'reservation' THEN 0 WHEN 'order' THEN 1 ELSE 2 END, principal_name, role",
    )?;
    let mut rows = stmt.query(params![tenant_id, order_id, reservation_id])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let kind: String = r.get(2)?;
        let role: String = r.get(3)?;
        let at: String = r.get(4)?;
        out.push(Assignment {
            principal_name: r.get(0)?,
            principal_id: r.get(1)?,
            kind: PrincipalKind::parse(&kind).map_err(|e| corrupt("role_assignments.kind", e))?,
            role: Role::parse(&role).map_err(|e| corrupt("role_assignments.role", e))?,
            granted_at: GrantedAt::parse(&at)
                .map_err(|e| corrupt("role_assignments.granted_at", e))?,
        });
    }
    Ok(out)
}

/// Removes an assignment; false when it was not there.
pub fn delete(tx: &Transaction<'_>, t: Target<'_>, a: &Assignment) -> Result<bool, StoreError> {
    let (order, reservation) = match a.granted_at {
        GrantedAt::Tenant => (None, None),
        GrantedAt::Order => (t.order_id, None),
        GrantedAt::Reservation => (t.order_id, t.reservation_id),
    };
    Ok(tx.execute(
        "DELETE FROM role_assignments WHERE tenant_id = ?1 AND granted_at = ?2 AND COALESCE(order_id, '') = COALESCE(?3, '')
           AND COALESCE(reservation_id, '') = COALESCE(?4, '') AND lower(principal_id) = lower(?5) AND role = ?6",
        params![t.tenant_id, a.granted_at.as_str(), order, reservation, a.principal_id, a.role.name()],
    )? > 0)
}
