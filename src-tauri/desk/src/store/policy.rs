//! Dated policy values.

use super::{corrupt, StoreError};
use crate::domain::policy::{defaults, PolicyKey, PolicyValue};
use chrono::NaiveDate;
use rusqlite::{params, Connection, Transaction};

/// All values, by key then date.
pub fn list(conn: &Connection) -> Result<Vec<PolicyValue>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT key, value, effective_from, source FROM policy_values ORDER BY key, effective_from",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let key: String = r.get(0)?;
        let from: String = r.get(2)?;
        out.push(PolicyValue {
            key: PolicyKey::parse(&key).map_err(|e| corrupt("policy_values.key", e))?,
            value: r.get(1)?,
            effective_from: from
                .parse::<NaiveDate>()
                .map_err(|e| corrupt("policy_values.effective_from", e))?,
            source: r.get(3)?,
        });
    }
    Ok(out)
}

/// Inserts a value, or replaces the one with the same key and date; returns the one replaced.
pub fn upsert(tx: &Transaction<'_>, v: &PolicyValue) -> Result<Option<String>, StoreError> {
    let before: Option<String> = tx
        .query_row(
            "SELECT value FROM policy_values WHERE key = ?1 AND effective_from = ?2",
            params![v.key.as_str(), v.effective_from.to_string()],
            |r| r.get(0),
        )
        .ok();
    tx.execute(
        "INSERT INTO policy_values (key, value, effective_from, source) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (key, effective_from) DO UPDATE SET value = excluded.value, source = excluded.source",
        params![v.key.as_str(), v.value, v.effective_from.to_string(), v.source],
    )?;
    Ok(before)
}

/// Writes the shipped defaults when the table is empty (first open of a store).
pub fn seed_defaults(tx: &Transaction<'_>) -> Result<bool, StoreError> {
    let n: i64 = tx.query_row("SELECT COUNT(*) FROM policy_values", [], |r| r.get(0))?;
    if n > 0 {
        return Ok(false);
    }
    for v in defaults() {
        upsert(tx, &v)?;
    }
    Ok(true)
}
