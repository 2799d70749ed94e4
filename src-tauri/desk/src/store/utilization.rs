//! Daily utilization rows and the precomputed 1/7/30-day figures on each reservation.

use super::{corrupt, StoreError};
use crate::domain::ids::ReservationId;
use crate::domain::utilization::{aggregates, DailyUtilization, UtilizationAggregates};
use chrono::NaiveDate;
use rusqlite::{params, Connection, Transaction};
use rust_decimal::Decimal;

/// Inserts or replaces the given days of the reservation with store key `key`.
pub fn upsert_days(
    tx: &Transaction<'_>,
    key: i64,
    days: &[DailyUtilization],
) -> Result<(), StoreError> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO utilization_daily (reservation_key, day, reserved_hours, used_hours)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (reservation_key, day) DO UPDATE SET
           reserved_hours = excluded.reserved_hours, used_hours = excluded.used_hours",
    )?;
    for d in days {
        stmt.execute(params![
            key,
            d.date.to_string(),
            d.reserved_hours.normalize().to_string(),
            d.used_hours.normalize().to_string()
        ])?;
    }
    Ok(())
}

/// Stores the 1/7/30-day figures on the reservation.
pub fn set_aggregates(
    tx: &Transaction<'_>,
    key: i64,
    a: &UtilizationAggregates,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "UPDATE reservations SET util_as_of = ?2, util_1d = ?3, util_7d = ?4, util_30d = ?5 WHERE key = ?1",
    )?
    .execute(params![
        key,
        a.as_of.map(|d| d.to_string()),
        a.d1.map(|d| d.to_string()),
        a.d7.map(|d| d.to_string()),
        a.d30.map(|d| d.to_string()),
    ])?;
    Ok(())
}

/// Recomputes the stored 1/7/30-day figures from the last 30 stored days.
pub fn refresh_aggregates(
    tx: &Transaction<'_>,
    key: i64,
) -> Result<UtilizationAggregates, StoreError> {
    let days = {
        let mut stmt = tx.prepare_cached(
            "SELECT day, reserved_hours, used_hours FROM utilization_daily
             WHERE reservation_key = ?1 ORDER BY day DESC LIMIT 30",
        )?;
        let mut rows = stmt.query(params![key])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(day_from_row(r)?);
        }
        out
    };
    let a = aggregates(&days);
    set_aggregates(tx, key, &a)?;
    Ok(a)
}

fn day_from_row(r: &rusqlite::Row<'_>) -> Result<DailyUtilization, StoreError> {
    let day: String = r.get(0)?;
    let reserved: String = r.get(1)?;
    let used: String = r.get(2)?;
    Ok(DailyUtilization {
        date: day
            .parse::<NaiveDate>()
            .map_err(|e| corrupt("utilization_daily.day", e))?,
        reserved_hours: reserved
            .parse::<Decimal>()
            .map_err(|e| corrupt("utilization_daily.reserved_hours", e))?,
        used_hours: used
            .parse::<Decimal>()
            .map_err(|e| corrupt("utilization_daily.used_hours", e))?,
    })
}

/// A reservation's daily rows, oldest first.
pub fn series(conn: &Connection, id: &ReservationId) -> Result<Vec<DailyUtilization>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT u.day, u.reserved_hours, u.used_hours FROM utilization_daily u
         JOIN reservations r ON r.key = u.reservation_key
         WHERE r.reservation_id = ?1 ORDER BY u.day",
    )?;
    let mut rows = stmt.query(params![id.as_str()])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(day_from_row(r)?);
    }
    Ok(out)
}

/// Number of daily rows in the store.
pub fn count(conn: &Connection) -> Result<u64, StoreError> {
    let n: i64 = conn.query_row("SELECT COUNT(*) FROM utilization_daily", [], |r| r.get(0))?;
    Ok(u64::try_from(n).unwrap_or(0))
}
