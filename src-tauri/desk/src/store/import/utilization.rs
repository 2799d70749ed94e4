//! Summing daily utilization in a bounded window (spilling to a temporary table past it),
//! merging it once per file, and monthly and 1/7/30-day figures.

use super::{hash_str, problem, Counts, Merged, Writer};
use crate::domain::utilization::UtilizationAggregates;
use crate::records::sink::Loc;
use crate::records::{AggregatesRec, Entity, UtilizationDayRec, UtilizationMonthRec};
use crate::store::utilization::{self, DayWrite, DayWriter};
use crate::store::StoreError;
use chrono::{Datelike, NaiveDate};
use rusqlite::params;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// One reservation-day being summed: micro-hours, and the instances seen (hash, used, line).
/// Kept small (48 bytes): a million of them are held at once.
#[derive(Debug)]
pub(super) struct Acc {
    reserved: i64,
    used: i64,
    first: (u64, i64, u32),
    // Boxed: 8 bytes instead of 24 in the common one-instance case.
    #[allow(clippy::box_collection)]
    more: Option<Box<Vec<(u64, i64, u32)>>>,
}

/// A reservation-day as one integer: the store key in the high bits, the day number in the low
/// 32 bits.
fn day_key(key: i64, day: NaiveDate) -> u64 {
    (u64::try_from(key).unwrap_or(0) << 32) | u64::from(day.num_days_from_ce().unsigned_abs())
}

fn split_day_key(k: u64) -> (i64, NaiveDate) {
    let key = i64::try_from(k >> 32).unwrap_or(0);
    let days = i32::try_from(k & 0xFFFF_FFFF).unwrap_or(0);
    (
        key,
        NaiveDate::from_num_days_from_ce_opt(days).unwrap_or(NaiveDate::MIN),
    )
}

fn micro(d: Decimal) -> i64 {
    (d * Decimal::from(1_000_000))
        .round()
        .to_i64()
        .unwrap_or(i64::MAX)
}

fn from_micro(m: i64) -> String {
    Decimal::new(m, 6).normalize().to_string()
}

impl Writer<'_> {
    pub(super) fn utilization_day(&mut self, u: UtilizationDayRec, loc: &Loc) -> Merged {
        let Some(key) = self.known_reservation(Entity::Utilization, u.reservation_id.as_str())?
        else {
            return Ok(());
        };
        let inst = u.instance.as_deref().map_or(0, hash_str);
        let used = micro(u.used_hours);
        let reserved = micro(u.reserved_hours);
        let line = loc.line.unwrap_or(0);
        let k = day_key(key, u.day);
        if !self.util.contains_key(&k) {
            // A day spilled earlier comes back into memory with its instances, so that a
            // duplicate row past the window is still recognised, not added twice.
            match self.load_spilled(key, u.day)? {
                Some(acc) => {
                    self.util.insert(k, acc);
                }
                None => {
                    self.util.insert(
                        k,
                        Acc {
                            reserved,
                            used,
                            first: (inst, used, line),
                            more: None,
                        },
                    );
                    return Ok(self.spill_if_full()?);
                }
            }
        }
        if let Some(acc) = self.util.get_mut(&k) {
            let seen = std::iter::once(&acc.first)
                .chain(acc.more.iter().flat_map(|m| m.iter()))
                .find(|(h, _, _)| *h == inst);
            match seen {
                Some((_, u0, _)) if *u0 == used => {}
                Some((_, _, l0)) => {
                    let first = if *l0 > 0 {
                        format!("line {l0}")
                    } else {
                        "an earlier row".into()
                    };
                    return Err(problem(
                        "UsedHours",
                        Some(u.used_hours.to_string()),
                        format!("one row per reservation, day and instance ({first} has the same reservation {}, day {} and instance with other hours)", u.reservation_id, u.day),
                    ).into());
                }
                None => {
                    acc.more
                        .get_or_insert_with(Box::default)
                        .push((inst, used, line));
                    acc.used = acc.used.saturating_add(used);
                    acc.reserved = acc.reserved.max(reserved);
                }
            }
        }
        Ok(self.spill_if_full()?)
    }

    fn spill_if_full(&mut self) -> Result<(), StoreError> {
        if self.util.len() >= self.util_window {
            self.spill()?;
        }
        Ok(())
    }

    /// The instances of a reservation-day already spilled in this file, as an in-memory sum.
    fn load_spilled(&self, key: i64, day: NaiveDate) -> Result<Option<Acc>, StoreError> {
        if !self.util_spilled {
            return Ok(None);
        }
        let rows: Vec<(i64, i64, i64, u32)> = self
            .tx
            .prepare_cached(
                "SELECT instance, reserved, used, line FROM temp.util_partial
                 WHERE reservation_key = ?1 AND day = ?2",
            )?
            .query_map(params![key, day.to_string()], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<Result<_, _>>()?;
        let mut seen = rows.into_iter().map(|(inst, reserved, used, line)| {
            (u64::from_ne_bytes(inst.to_ne_bytes()), reserved, used, line)
        });
        let Some((inst, reserved, used, line)) = seen.next() else {
            return Ok(None);
        };
        let mut acc = Acc {
            reserved,
            used,
            first: (inst, used, line),
            more: None,
        };
        for (inst, reserved, used, line) in seen {
            acc.more
                .get_or_insert_with(Box::default)
                .push((inst, used, line));
            acc.used = acc.used.saturating_add(used);
            acc.reserved = acc.reserved.max(reserved);
        }
        Ok(Some(acc))
    }

    /// Moves the in-memory days into a temporary table, one row per instance (a day loaded back
    /// from it and spilled again overwrites its own rows).
    fn spill(&mut self) -> Result<(), StoreError> {
        if !self.util_spilled {
            self.tx.execute_batch(
                "CREATE TEMP TABLE IF NOT EXISTS util_partial (reservation_key INTEGER NOT NULL,
                   day TEXT NOT NULL, instance INTEGER NOT NULL, reserved INTEGER NOT NULL,
                   used INTEGER NOT NULL, line INTEGER NOT NULL,
                   PRIMARY KEY (reservation_key, day, instance)) WITHOUT ROWID;
                 DELETE FROM temp.util_partial;",
            )?;
            self.util_spilled = true;
        }
        let mut stmt = self.tx.prepare_cached(
            "INSERT OR REPLACE INTO temp.util_partial (reservation_key, day, instance, reserved, used, line)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for (k, acc) in self.util.drain() {
            let (key, day) = split_day_key(k);
            let day = day.to_string();
            for (inst, used, line) in
                std::iter::once(&acc.first).chain(acc.more.iter().flat_map(|m| m.iter()))
            {
                let inst = i64::from_ne_bytes(inst.to_ne_bytes());
                stmt.execute(params![key, day, inst, acc.reserved, used, line])?;
            }
        }
        Ok(())
    }

    /// Writes the file's summed days into `utilization_daily`, replacing what was stored for
    /// those days and counting added / updated / unchanged.
    pub(super) fn merge_utilization(&mut self) -> Result<(), StoreError> {
        let mut counts = Counts::default();
        if !self.util_spilled && self.util.is_empty() {
            return Ok(());
        }
        let tx = self.tx;
        let mut writer = DayWriter::new(tx)?;
        if self.util_spilled {
            self.spill()?;
            // Read the spilled sums in key order, a page at a time, so memory stays flat.
            let mut after: (i64, String) = (i64::MIN, String::new());
            loop {
                let page: Vec<(i64, String, i64, i64)> = self
                    .tx
                    .prepare_cached(
                        "SELECT reservation_key, day, max(reserved), sum(used) FROM temp.util_partial
                         WHERE (reservation_key, day) > (?1, ?2)
                         GROUP BY reservation_key, day ORDER BY reservation_key, day LIMIT 10000",
                    )?
                    .query_map(params![after.0, after.1], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                    })?
                    .collect::<Result<_, _>>()?;
                let Some(last) = page.last() else { break };
                after = (last.0, last.1.clone());
                for (key, day, reserved, used) in page {
                    let c = self.merge_day(&mut writer, key, &day, reserved, used)?;
                    add_counts(&mut counts, c);
                }
            }
            self.tx.execute_batch("DELETE FROM temp.util_partial")?;
            self.util_spilled = false;
        } else {
            // Written in key order: B-tree inserts in order are the fast ones.
            let mut days: Vec<(u64, i64, i64)> = self
                .util
                .drain()
                .map(|(k, a)| (k, a.reserved, a.used))
                .collect();
            self.util.shrink_to_fit();
            days.sort_unstable_by_key(|d| d.0);
            for (k, reserved, used) in days {
                let (key, day) = split_day_key(k);
                let c = self.merge_day(&mut writer, key, &day.to_string(), reserved, used)?;
                add_counts(&mut counts, c);
            }
        }
        if counts.added + counts.updated + counts.unchanged > 0 {
            let e = self.count(Entity::Utilization);
            e.added += counts.added;
            e.updated += counts.updated;
            e.unchanged += counts.unchanged;
        }
        Ok(())
    }

    fn merge_day(
        &mut self,
        writer: &mut DayWriter<'_>,
        key: i64,
        day: &str,
        reserved: i64,
        used: i64,
    ) -> Result<DayWrite, StoreError> {
        let reserved = from_micro(reserved);
        let used = from_micro(used);
        let outcome = writer.write(key, day, &reserved, &used)?;
        if outcome != DayWrite::Unchanged {
            self.touched.insert(key);
        }
        Ok(outcome)
    }

    pub(super) fn utilization_month(&mut self, m: UtilizationMonthRec) -> Merged {
        let Some(key) = self.known_reservation(Entity::Utilization, m.reservation_id.as_str())?
        else {
            return Ok(());
        };
        let month = m.month.to_string();
        let values = (
            m.reserved_hours.normalize().to_string(),
            m.used_hours.normalize().to_string(),
        );
        let existing = utilization::stored_month(self.tx, key, &month)?;
        self.merge(Entity::Utilization, existing.as_ref(), &values, |tx| {
            utilization::write_month(tx, key, &month, &values.0, &values.1)
        })?;
        Ok(())
    }

    pub(super) fn aggregates(&mut self, a: AggregatesRec) -> Merged {
        let Some(key) = self.known_reservation(Entity::Utilization, a.reservation_id.as_str())?
        else {
            return Ok(());
        };
        let has_days = utilization::has_days(self.tx, key)?;
        if has_days || self.touched.contains(&key) {
            self.count(Entity::Utilization).unchanged += 1;
            return Ok(());
        }
        let figures = UtilizationAggregates {
            as_of: Some(a.as_of.unwrap_or(self.today)),
            d1: a.d1.map(|d| d.round_dp(2).normalize()),
            d7: a.d7.map(|d| d.round_dp(2).normalize()),
            d30: a.d30.map(|d| d.round_dp(2).normalize()),
        };
        let text = |d: Option<Decimal>| d.map(|d| d.to_string());
        let values = [text(figures.d1), text(figures.d7), text(figures.d30)];
        let existing = utilization::stored_aggregates(self.tx, key)?;
        // The export's "as of" is the import day when it does not say: compare the figures only.
        let changed = existing[1..] != values;
        if changed {
            utilization::set_aggregates(self.tx, key, &figures)?;
        }
        let had = existing[1..].iter().any(Option::is_some);
        self.tally(Entity::Utilization, had, changed);
        Ok(())
    }
}

fn add_counts(c: &mut Counts, outcome: DayWrite) {
    match outcome {
        DayWrite::Added => c.added += 1,
        DayWrite::Updated => c.updated += 1,
        DayWrite::Unchanged => c.unchanged += 1,
    }
}
