//! Daily utilization rows and the precomputed 1/7/30-day figures on each reservation.

use super::{corrupt, StoreError};
use crate::domain::ids::ReservationId;
use crate::domain::utilization::{aggregates, DailyUtilization, UtilizationAggregates};
use chrono::NaiveDate;
use rusqlite::types::ValueRef;
use rusqlite::{params, CachedStatement, Connection, OptionalExtension, Transaction};
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

/// Stored days read ahead at a time by [`DayWriter`].
const READ_AHEAD: usize = 512;

/// Writes days (`day` ISO, hours as decimal text), replacing what was stored: the one write of
/// the `utilization_daily` table. Its statements are prepared once for all the days it writes,
/// and given days in (reservation, day) order — as imports and the demo write them — it reads
/// the stored days a reservation at a time ahead of the writes, so that a new day is one insert,
/// a changed day one update and an unchanged day no statement at all. Days in another order are
/// written as correctly, only with more reads.
pub struct DayWriter<'c> {
    insert: CachedStatement<'c>,
    update: CachedStatement<'c>,
    read: CachedStatement<'c>,
    /// The reservation whose stored days are in `ahead`, and the last day asked about.
    at: Option<(i64, String)>,
    /// Stored days (day, reserved, used) of that reservation from the first day asked about
    /// since the last read, in day order; `None` hours are not text.
    ahead: Vec<(String, Option<(String, String)>)>,
    /// Days of `ahead` already passed.
    pos: usize,
    /// Whether `ahead` holds every stored day after its first (the read was not cut short).
    complete: bool,
}

impl std::fmt::Debug for DayWriter<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DayWriter")
            .field("at", &self.at)
            .finish_non_exhaustive()
    }
}

impl<'c> DayWriter<'c> {
    /// Prepares the writes; `tx` is the writing transaction.
    pub fn new(tx: &'c Transaction<'_>) -> Result<Self, StoreError> {
        let conn: &'c Connection = tx;
        Ok(Self {
            insert: conn.prepare_cached(
                "INSERT INTO utilization_daily (reservation_key, day, reserved_hours, used_hours)
                 VALUES (?1, ?2, ?3, ?4) ON CONFLICT (reservation_key, day) DO NOTHING",
            )?,
            update: conn.prepare_cached(
                "UPDATE utilization_daily SET reserved_hours = ?3, used_hours = ?4
                 WHERE reservation_key = ?1 AND day = ?2
                   AND (reserved_hours IS NOT ?3 OR used_hours IS NOT ?4)",
            )?,
            read: conn.prepare_cached(
                "SELECT day, reserved_hours, used_hours FROM utilization_daily
                 WHERE reservation_key = ?1 AND day >= ?2 ORDER BY day LIMIT ?3",
            )?,
            at: None,
            ahead: Vec::new(),
            pos: 0,
            complete: true,
        })
    }

    /// Writes one day of the reservation with store key `key`.
    pub fn write(
        &mut self,
        key: i64,
        day: &str,
        reserved_hours: &str,
        used_hours: &str,
    ) -> Result<DayWrite, StoreError> {
        match self.stored(key, day)? {
            Stored::Same(r, u) if r == reserved_hours && u == used_hours => {
                return Ok(DayWrite::Unchanged)
            }
            Stored::Same(..) | Stored::Other => {}
            Stored::Absent => {
                let inserted =
                    self.insert
                        .execute(params![key, day, reserved_hours, used_hours])?;
                if inserted > 0 {
                    return Ok(DayWrite::Added);
                }
            }
        }
        // Stored (as read, or found by the insert): the update compares in SQL too, so the
        // read-ahead only saves statements and never decides what is written.
        let updated = self
            .update
            .execute(params![key, day, reserved_hours, used_hours])?;
        Ok(if updated > 0 {
            DayWrite::Updated
        } else {
            DayWrite::Unchanged
        })
    }

    /// What is stored for `key` on `day`, reading ahead when needed.
    fn stored(&mut self, key: i64, day: &str) -> Result<Stored<'_>, StoreError> {
        let in_order = matches!(&self.at, Some((k, last)) if *k == key && day > last.as_str());
        if !in_order {
            self.read_from(key, day)?;
        }
        loop {
            while self
                .ahead
                .get(self.pos)
                .is_some_and(|(d, _)| d.as_str() < day)
            {
                self.pos += 1;
            }
            if self.pos < self.ahead.len() || self.complete {
                break;
            }
            // Past what was read, and there is more: read on from this day.
            self.read_from(key, day)?;
        }
        if let Some((_, last)) = &mut self.at {
            last.clear();
            last.push_str(day);
        }
        Ok(match self.ahead.get(self.pos) {
            Some((d, Some((r, u)))) if d == day => Stored::Same(r, u),
            Some((d, None)) if d == day => Stored::Other,
            // Past the loop, what was read covers this day.
            _ => Stored::Absent,
        })
    }

    fn read_from(&mut self, key: i64, day: &str) -> Result<(), StoreError> {
        self.ahead.clear();
        self.pos = 0;
        let limit = i64::try_from(READ_AHEAD).unwrap_or(i64::MAX);
        let mut rows = self.read.query(params![key, day, limit])?;
        while let Some(r) = rows.next()? {
            let text = |i: usize| -> Result<Option<String>, StoreError> {
                Ok(match r.get_ref(i)? {
                    ValueRef::Text(t) => std::str::from_utf8(t).ok().map(str::to_string),
                    _ => None,
                })
            };
            let d = text(0)?.ok_or_else(|| corrupt("utilization_daily.day", "not text"))?;
            let hours = text(1)?.zip(text(2)?);
            self.ahead.push((d, hours));
        }
        self.complete = self.ahead.len() < READ_AHEAD;
        self.at = Some((key, String::new()));
        Ok(())
    }
}

/// A stored day as [`DayWriter`] read it ahead.
enum Stored<'a> {
    /// Stored with these hours.
    Same(&'a str, &'a str),
    /// Stored with hours that are not text.
    Other,
    /// Not stored (as read: the insert still does not overwrite a day stored meanwhile).
    Absent,
}

/// Inserts or replaces the given days of the reservation with store key `key`.
pub fn upsert_days(
    tx: &Transaction<'_>,
    key: i64,
    days: &[DailyUtilization],
) -> Result<(), StoreError> {
    let mut writer = DayWriter::new(tx)?;
    for d in days {
        writer.write(
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

/// The last day with utilization data of every reservation that has any, by reservation ID.
pub fn last_days(
    conn: &Connection,
) -> Result<std::collections::HashMap<String, NaiveDate>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT reservation_id, util_as_of FROM reservations WHERE util_as_of IS NOT NULL",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = std::collections::HashMap::new();
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        let day: String = r.get(1)?;
        let day = day
            .parse::<NaiveDate>()
            .map_err(|e| corrupt("reservations.util_as_of", e))?;
        out.insert(id, day);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(n: u32) -> Vec<String> {
        let start = NaiveDate::from_ymd_opt(2024, 1, 1).expect("day");
        (0..n)
            .map(|i| (start + chrono::Days::new(u64::from(i))).to_string())
            .collect()
    }

    #[test]
    fn days_in_any_order_and_past_the_read_ahead_count_as_one_by_one_writes() {
        let mut conn = Connection::open_in_memory().expect("open");
        super::super::migrate::migrate(&mut conn, std::path::Path::new("unused")).expect("schema");
        // No reservations rows: the keys here are made up.
        conn.pragma_update(None, "foreign_keys", "OFF")
            .expect("pragma");
        let tx = conn.transaction().expect("tx");
        let all = days(1_300);
        {
            let mut w = DayWriter::new(&tx).expect("writer");
            for d in all.iter().step_by(2) {
                assert_eq!(w.write(7, d, "24", "12").expect("write"), DayWrite::Added);
            }
        }
        let mut w = DayWriter::new(&tx).expect("writer");
        // In order across the read-ahead, then back to the start, then another key and back.
        let mut order: Vec<usize> = (0..all.len()).collect();
        order.extend([0, 1, 2, 640, 3]);
        for (n, i) in order.into_iter().enumerate() {
            let used = if i % 4 == 0 { "12" } else { "13" };
            let expected = match (n >= all.len(), i % 2 == 0, used) {
                (false, false, _) => DayWrite::Added,
                (false, true, "12") => DayWrite::Unchanged,
                (false, true, _) => DayWrite::Updated,
                (true, _, _) => DayWrite::Unchanged,
            };
            assert_eq!(
                w.write(7, &all[i], "24", used).expect("write"),
                expected,
                "day {i}, write {n}"
            );
            if n == all.len() + 2 {
                assert_eq!(
                    w.write(8, &all[i], "24", used).expect("write"),
                    DayWrite::Added
                );
            }
        }
        assert_eq!(
            w.write(7, &all[5], "24", "14").expect("write"),
            DayWrite::Updated
        );
        drop(w);
        let stored: i64 = tx
            .query_row(
                "SELECT count(*) FROM utilization_daily WHERE reservation_key = 7 AND used_hours = '13'",
                [],
                |r| r.get(0),
            )
            .expect("count");
        // The odd days added with 13 hours, the even ones not divisible by 4 updated to it,
        // one then moved to 14.
        assert_eq!(stored, 650 + 325 - 1);
    }
}
