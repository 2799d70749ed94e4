//! Reading the whole store for the portfolio export, one row at a time.

use super::StoreError;
use rusqlite::{Connection, Row};
use serde_json::{json, Value};

/// Calls `line` with one JSON object per stored fact, in an order the importer can replay:
/// customers, subscriptions, order owners, orders, reservations, utilization (one object per
/// reservation with all its days), monthly utilization, aggregates of reservations without days,
/// lineage, costs, role assignments and the refund ledger.
pub fn for_each(
    conn: &Connection,
    line: &mut dyn FnMut(&str, Value) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let t = |r: &Row<'_>, i: usize| -> rusqlite::Result<Value> {
        Ok(match r.get::<_, Option<String>>(i)? {
            Some(s) => Value::String(s),
            None => Value::Null,
        })
    };
    each(conn, "SELECT tenant_id, name, primary_domain, billing_currency, country FROM customers ORDER BY tenant_id", &mut |r| {
        line("customer", json!({"tenant_id": t(r, 0)?, "name": t(r, 1)?, "primary_domain": t(r, 2)?, "billing_currency": t(r, 3)?, "country": t(r, 4)?}))
    })?;
    each(conn, "SELECT subscription_id, tenant_id, display_name, state FROM subscriptions ORDER BY subscription_id", &mut |r| {
        line("subscription", json!({"id": t(r, 0)?, "tenant_id": t(r, 1)?, "display_name": t(r, 2)?, "state": t(r, 3)?}))
    })?;
    each(conn, "SELECT order_id, tenant_id FROM order_owners WHERE order_id NOT IN (SELECT order_id FROM reservation_orders) ORDER BY order_id", &mut |r| {
        line("order_owner", json!({"order_id": t(r, 0)?, "tenant_id": t(r, 1)?}))
    })?;
    each(conn, "SELECT order_id, tenant_id, display_name, term, billing_plan, purchase_date, benefit_start, expiry_date, original_quantity, total_price, currency, total_price_usd, price_known FROM reservation_orders ORDER BY order_id", &mut |r| {
        let known: bool = r.get(12)?;
        let quantity: u32 = r.get(8)?;
        line("order", json!({
            "id": t(r, 0)?, "tenant_id": t(r, 1)?, "display_name": t(r, 2)?, "term": t(r, 3)?,
            "billing_plan": t(r, 4)?, "purchase_date": t(r, 5)?, "benefit_start": t(r, 6)?,
            "expiry_date": t(r, 7)?, "original_quantity": quantity,
            "total_price": if known { json!({"amount": t(r, 9)?, "currency": t(r, 10)?}) } else { Value::Null },
            "total_price_usd": if known { t(r, 11)? } else { Value::Null },
        }))
    })?;
    each(conn, "SELECT reservation_id, order_id, tenant_id, display_name, resource_type, sku, region, quantity, scope_type, scope_target, billing_subscription_id, instance_flexibility, renew, provisioning_state, expiry_date FROM reservations ORDER BY key", &mut |r| {
        let quantity: u32 = r.get(7)?;
        let isf: bool = r.get(11)?;
        let renew: bool = r.get(12)?;
        line("reservation", json!({
            "id": t(r, 0)?, "order_id": t(r, 1)?, "tenant_id": t(r, 2)?, "display_name": t(r, 3)?,
            "resource_type": t(r, 4)?, "sku": t(r, 5)?, "region": t(r, 6)?, "quantity": quantity,
            "scope_type": t(r, 8)?, "scope_target": t(r, 9)?, "billing_subscription_id": t(r, 10)?,
            "instance_flexibility": isf, "renew": renew, "provisioning_state": t(r, 13)?,
            "expiry_date": t(r, 14)?,
        }))
    })?;
    // All days of one reservation on one line.
    let mut current: Option<(String, Vec<Value>)> = None;
    each(conn, "SELECT r.reservation_id, u.day, u.reserved_hours, u.used_hours FROM utilization_daily u JOIN reservations r ON r.key = u.reservation_key ORDER BY u.reservation_key, u.day", &mut |r| {
        let id: String = r.get(0)?;
        let day = json!([t(r, 1)?, t(r, 2)?, t(r, 3)?]);
        match &mut current {
            Some((cur, days)) if *cur == id => days.push(day),
            _ => {
                if let Some((cur, days)) = current.take() {
                    line("utilization", json!({"reservation_id": cur, "days": days}))?;
                }
                current = Some((id, vec![day]));
            }
        }
        Ok(())
    })?;
    if let Some((cur, days)) = current.take() {
        line("utilization", json!({"reservation_id": cur, "days": days}))?;
    }
    each(conn, "SELECT r.reservation_id, m.month, m.reserved_hours, m.used_hours FROM utilization_monthly m JOIN reservations r ON r.key = m.reservation_key ORDER BY m.reservation_key, m.month", &mut |r| {
        line("utilization_month", json!({"reservation_id": t(r, 0)?, "month": t(r, 1)?, "reserved_hours": t(r, 2)?, "used_hours": t(r, 3)?}))
    })?;
    each(conn, "SELECT reservation_id, util_as_of, util_1d, util_7d, util_30d FROM reservations r WHERE util_as_of IS NOT NULL AND NOT EXISTS (SELECT 1 FROM utilization_daily u WHERE u.reservation_key = r.key) ORDER BY key", &mut |r| {
        line("aggregates", json!({"reservation_id": t(r, 0)?, "as_of": t(r, 1)?, "d1": t(r, 2)?, "d7": t(r, 3)?, "d30": t(r, 4)?}))
    })?;
    each(conn, "SELECT reservation_id, related_id, kind FROM reservation_lineage ORDER BY reservation_id, related_id, kind", &mut |r| {
        line("lineage", json!({"reservation_id": t(r, 0)?, "related_id": t(r, 1)?, "relation": t(r, 2)?}))
    })?;
    each(conn, "SELECT order_id, reservation_id, day, kind, line_key, amount, currency, amount_usd, quantity FROM reservation_costs ORDER BY order_id, reservation_id, day, kind, line_key", &mut |r| {
        line("cost", json!({"order_id": t(r, 0)?, "reservation_id": t(r, 1)?, "day": t(r, 2)?, "charge": t(r, 3)?, "line_key": t(r, 4)?, "amount": t(r, 5)?, "currency": t(r, 6)?, "amount_usd": t(r, 7)?, "quantity": t(r, 8)?}))
    })?;
    each(conn, "SELECT tenant_id, order_id, reservation_id, granted_at, principal_id, principal_name, kind, role FROM role_assignments ORDER BY id", &mut |r| {
        line("assignment", json!({"tenant_id": t(r, 0)?, "order_id": t(r, 1)?, "reservation_id": t(r, 2)?, "granted_at": t(r, 3)?, "principal_id": t(r, 4)?, "principal_name": t(r, 5)?, "principal_kind": t(r, 6)?, "role": t(r, 7)?}))
    })?;
    each(conn, "SELECT tenant_id, reservation_id, kind, date, quantity, amount, currency, amount_usd, source_key FROM refund_ledger ORDER BY id", &mut |r| {
        let quantity: u32 = r.get(4)?;
        line("ledger", json!({"tenant_id": t(r, 0)?, "reservation_id": t(r, 1)?, "type": t(r, 2)?, "date": t(r, 3)?, "quantity": quantity, "amount": t(r, 5)?, "currency": t(r, 6)?, "amount_usd": t(r, 7)?, "source_key": t(r, 8)?}))
    })?;
    Ok(())
}

fn each(
    conn: &Connection,
    sql: &str,
    f: &mut dyn FnMut(&Row<'_>) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let mut stmt = conn.prepare(sql)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        f(r)?;
    }
    Ok(())
}
