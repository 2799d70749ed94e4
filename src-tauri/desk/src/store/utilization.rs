//! Daily utilization rows and the precomputed 1/7/30-day figures on each reservation.

use super::{corrupt, StoreError};
use crate::domain::ids::ReservationId;
use crate::domain::utilization::{aggregates, DailyUtilization, UtilizationAggregates};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use rust_decimal::Decimal;

/// What writing a day did to the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayWrite {
    /// The day was not stored.
    Added,
    /// The day was stored with other hours.
    Updated,
    /// The day was stored with the same hours.
    Unchanged,
}

/// Writes one day (`day` ISO, hours as decimal text) of the reservation with store key `key`,
/// replacing what was stored: the one write of the `utilization_daily` table.
pub fn write_day(
    tx: &Transaction<'_>,
    key: i64,
    day: &str,
    reserved_hours: &str,
    used_hours: &str,
) -> Result<DayWrite, StoreError> {
    // A new day is one statement; only days already stored are compared.
    let inserted = tx
        .prepare_cached(
            "INSERT INTO utilization_daily (reservation_key, day, reserved_hours, used_hours)
             VALUES (?1, ?2, ?3, ?4) ON CONFLICT (reservation_key, day) DO NOTHING",
        )?
        .execute(params![key, day, reserved_hours, used_hours])?;
    if inserted > 0 {
        return Ok(DayWrite::Added);
    }
    let updated = tx
        .prepare_cached(
            "UPDATE utilization_daily SET reserved_hours = ?3, used_hours = ?4
             WHERE reservation_key = ?1 AND day = ?2
               AND (reserved_hours IS NOT ?3 OR used_hours IS NOT ?4)",
        )?
        .execute(params![key, day, reserved_hours, used_hours])?;
    Ok(if updated > 0 {
        DayWrite::Updated
    } else {
        DayWrite::Unchanged
    })
}

/// Inserts or replaces the given days of the reservation with store key `key`.
pub fn upsert_days(
    tx: &Transaction<'_>,
    key: i64,
    days: &[DailyUtilization],
) -> Result<(), StoreError> {
    for d in days {
        write_day(
            tx,
            key,
            &d.date.to_string(),
            &d.reserved_hours.normalize().to_string(),
            &d.used_hours.normalize().to_string(),
        )?;
    }
    Ok(())
}

/// Whether the reservation with store key `key` has any stored day.
pub fn has_days(conn: &Connection, key: i64) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM utilization_daily WHERE reservation_key = ?1)",
        )?
        .query_row([key], |r| r.get(0))?)
}

/// One month's reserved and used hours (decimal text) of a reservation, as stored.
pub fn stored_month(
    conn: &Connection,
    key: i64,
    month: &str,
) -> Result<Option<(String, String)>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT reserved_hours, used_hours FROM utilization_monthly WHERE reservation_key = ?1 AND month = ?2",
        )?
        .query_row(params![key, month], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Writes one month's hours of a reservation: the one write of `utilization_monthly`.
pub fn write_month(
    tx: &Transaction<'_>,
    key: i64,
    month: &str,
    reserved_hours: &str,
    used_hours: &str,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO utilization_monthly (reservation_key, month, reserved_hours, used_hours)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (reservation_key, month) DO UPDATE SET
           reserved_hours = excluded.reserved_hours, used_hours = excluded.used_hours",
    )?
    .execute(params![key, month, reserved_hours, used_hours])?;
    Ok(())
}

/// The stored 1/7/30-day figures of a reservation as text: as-of day, then 1, 7 and 30 days.
pub fn stored_aggregates(conn: &Connection, key: i64) -> Result<[Option<String>; 4], StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT util_as_of, util_1d, util_7d, util_30d FROM reservations WHERE key = ?1",
        )?
        .query_row([key], |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?]))?)
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
