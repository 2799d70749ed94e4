//! The user's price catalog of SKUs to buy in exchanges.

use super::{corrupt, StoreError};
use crate::domain::money::{Currency, Money};
use crate::domain::price::PriceSource;
use crate::domain::reservation::ResourceType;
use crate::domain::term::Term;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
/// One priced SKU.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogEntry {
    /// SKU.
    pub sku: String,
    /// Region.
    pub region: String,
    /// Term.
    pub term: Term,
    /// Type.
    pub resource_type: ResourceType,
    /// Price per unit for the whole term.
    pub unit_price: Money,
    /// Where the price came from.
    pub source: PriceSource,
    /// The day it was entered or fetched; unknown for prices kept from before schema 7.
    pub priced_on: Option<NaiveDate>,
}

/// Inserts or updates an entry.
pub fn upsert(tx: &Transaction<'_>, e: &CatalogEntry) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO catalog (sku, region, term, resource_type, unit_price, currency, source, priced_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (sku, region, term, currency) DO UPDATE SET resource_type = excluded.resource_type,
             unit_price = excluded.unit_price, source = excluded.source, priced_on = excluded.priced_on",
        params![
            e.sku,
            e.region,
            e.term.as_str(),
            e.resource_type.as_str(),
            e.unit_price.amount.to_string(),
            e.unit_price.currency.as_str(),
            e.source.as_str(),
            e.priced_on.map(|d| d.to_string()),
        ],
    )?;
    Ok(())
}

/// Removes an entry; true when it existed.
pub fn remove(
    tx: &Transaction<'_>,
    sku: &str,
    region: &str,
    term: Term,
    currency: Currency,
) -> Result<bool, StoreError> {
    Ok(tx.execute(
        "DELETE FROM catalog WHERE sku = ?1 AND region = ?2 AND term = ?3 AND currency = ?4",
        params![sku, region, term.as_str(), currency.as_str()],
    )? > 0)
}

fn from_row(r: &rusqlite::Row<'_>) -> Result<CatalogEntry, StoreError> {
    let term: String = r.get(2)?;
    let t: String = r.get(3)?;
    let price: String = r.get(4)?;
    let currency: String = r.get(5)?;
    let source: String = r.get(6)?;
    let priced_on: Option<String> = r.get(7)?;
    Ok(CatalogEntry {
        sku: r.get(0)?,
        region: r.get(1)?,
        term: Term::parse(&term).map_err(|e| corrupt("catalog.term", e))?,
        resource_type: ResourceType::parse(&t).map_err(|e| corrupt("catalog.resource_type", e))?,
        unit_price: Money::new(
            price
                .parse()
                .map_err(|e| corrupt("catalog.unit_price", e))?,
            Currency::parse(&currency).map_err(|e| corrupt("catalog.currency", e))?,
        ),
        source: PriceSource::from_stored(&source)
            .ok_or_else(|| corrupt("catalog.source", format!("unknown source {source:?}")))?,
        priced_on: priced_on
            .map(|d| d.parse().map_err(|e| corrupt("catalog.priced_on", e)))
            .transpose()?,
    })
}

/// Every entry, by SKU, region and term.
pub fn list(conn: &Connection) -> Result<Vec<CatalogEntry>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT sku, region, term, resource_type, unit_price, currency, source, priced_on FROM catalog ORDER BY sku COLLATE NOCASE, region, term, currency",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(from_row(r)?);
    }
    Ok(out)
}

/// The entry for a SKU, region, term and currency.
pub fn find(
    conn: &Connection,
    sku: &str,
    region: &str,
    term: Term,
    currency: Currency,
) -> Result<Option<CatalogEntry>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT sku, region, term, resource_type, unit_price, currency, source, priced_on FROM catalog
         WHERE sku = ?1 COLLATE NOCASE AND region = ?2 AND term = ?3 AND currency = ?4",
    )?;
    let row = stmt
        .query_row(
            params![sku, region, term.as_str(), currency.as_str()],
            |r| Ok(from_row(r)),
        )
        .optional()?;
    row.transpose()
}

/// The SKUs and the regions of the store's reservations, each once, sorted: what a retail
/// price fetch asks for when the user names none.
pub fn reserved_skus_and_regions(
    conn: &Connection,
) -> Result<(Vec<String>, Vec<String>), StoreError> {
    let column = |sql: &str| -> Result<Vec<String>, StoreError> {
        let mut stmt = conn.prepare_cached(sql)?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<Vec<String>, _>>()?)
    };
    Ok((
        column("SELECT DISTINCT sku FROM reservations WHERE sku <> '' ORDER BY sku")?,
        column("SELECT DISTINCT lower(region) FROM reservations WHERE region <> '' ORDER BY 1")?,
    ))
}
