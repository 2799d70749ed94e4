//! Filling the price catalog from Azure's public retail prices (`rdesk catalog fetch`, and
//! Settings → Price catalog → Fetch retail prices). Retail prices are what Azure publishes; a
//! partner's own CSP price differs, so a price the user entered is never replaced.

use super::DeskError;
use crate::domain::money::{Currency, Money};
use crate::domain::price::PriceSource;
use crate::domain::InvalidValue;
use crate::fetch::http::Http;
use crate::fetch::prices::{self, PriceQuery};
use crate::fetch::token::NoSignIn;
use crate::fetch::{FetchSettings, Stopped};
use crate::store;
use crate::store::catalog::CatalogEntry;
use serde::{Deserialize, Serialize};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// What retail prices to fetch.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RetailPriceRequest {
    /// ARM SKU names (`Standard_D2s_v5`); empty: every SKU of the store's reservations.
    #[serde(default)]
    pub skus: Vec<String>,
    /// ARM regions (`westeurope`); empty: every region of the store's reservations (every
    /// region when SKUs are named and the store holds no reservation).
    #[serde(default)]
    pub regions: Vec<String>,
    /// The currency to price in (default USD).
    #[serde(default)]
    pub currency: Option<String>,
}

/// What a retail price fetch did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RetailPriceReport {
    /// The SKUs asked for.
    pub skus: Vec<String>,
    /// The regions asked for (empty: all).
    pub regions: Vec<String>,
    /// The currency asked for.
    pub currency: String,
    /// The day the prices were fetched (each price is dated with it).
    pub priced_on: chrono::NaiveDate,
    /// Requests sent.
    pub requests: u32,
    /// Prices Azure gave (one per SKU, region, term and currency).
    pub found: u32,
    /// Prices new to the catalog.
    pub added: u32,
    /// Retail prices whose amount changed.
    pub updated: u32,
    /// Retail prices already in the catalog at the same amount (their date is renewed).
    pub unchanged: u32,
    /// Prices the user entered for the same SKU, region, term and currency, kept as they are.
    pub kept_entered: u32,
    /// Items Azure listed that were left out, each with why.
    pub skipped: Vec<String>,
}

/// Progress of a retail price fetch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RetailPriceProgress {
    /// Requests sent so far.
    pub requests: u32,
    /// Prices read so far.
    pub prices: u32,
}

fn invalid(field: &'static str, message: impl Into<String>, found: &str) -> DeskError {
    DeskError::Invalid(InvalidValue::new(field, message, found))
}

/// A SKU or region as the API names them: letters, digits, `_`, `-` and `.`, at most 100.
fn arm_name(field: &'static str, raw: &str) -> Result<String, DeskError> {
    let t = raw.trim();
    let ok = !t.is_empty()
        && t.len() <= 100
        && t.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if ok {
        Ok(t.to_string())
    } else {
        Err(invalid(
            field,
            "expected an Azure name such as Standard_D2s_v5 or westeurope (letters, digits, _ - .)",
            raw,
        ))
    }
}

impl super::Desk {
    /// Reads Azure's retail reservation prices for `request` from `settings.prices_url` and
    /// writes them into the catalog in one transaction, each marked `retail` and dated today.
    /// A price the user entered for the same SKU, region, term and currency is kept. When a
    /// request fails or is cancelled, nothing is written.
    pub fn fetch_retail_prices(
        &self,
        settings: &FetchSettings,
        request: &RetailPriceRequest,
        progress: &mut dyn FnMut(RetailPriceProgress),
        cancel: &AtomicBool,
    ) -> Result<RetailPriceReport, DeskError> {
        let currency = match request.currency.as_deref().map(str::trim) {
            None | Some("") => Currency::USD,
            Some(c) => Currency::parse(&c.to_ascii_uppercase())?,
        };
        let mut skus = request
            .skus
            .iter()
            .map(|s| arm_name("sku", s))
            .collect::<Result<Vec<_>, _>>()?;
        let mut regions = request
            .regions
            .iter()
            .map(|r| arm_name("region", r).map(|r| r.to_ascii_lowercase()))
            .collect::<Result<Vec<_>, _>>()?;
        if skus.is_empty() || regions.is_empty() {
            let (held_skus, held_regions) =
                store::catalog::reserved_skus_and_regions(self.store().conn())?;
            if skus.is_empty() {
                skus = held_skus;
            }
            if regions.is_empty() {
                regions = held_regions;
            }
        }
        skus.sort();
        skus.dedup();
        regions.sort();
        regions.dedup();
        if skus.is_empty() {
            return Err(invalid(
                "sku",
                "name a SKU (--sku Standard_D2s_v5), or import reservations first: their SKUs are fetched",
                "",
            ));
        }
        let http =
            Http::new(Arc::new(NoSignIn), settings.limits).map_err(|m| invalid("prices", m, ""))?;
        let query = PriceQuery {
            skus: skus.clone(),
            regions: regions.clone(),
            currency,
        };
        let list = prices::fetch(
            &http,
            &settings.prices_url,
            &query,
            settings.max_pages,
            cancel,
            &mut |requests, n| {
                progress(RetailPriceProgress {
                    requests,
                    prices: u32::try_from(n).unwrap_or(u32::MAX),
                })
            },
        )
        .map_err(|s| match s {
            Stopped::Cancelled => invalid("prices", "cancelled: nothing was written", ""),
            Stopped::Failed(m) => invalid("prices", m, ""),
        })?;

        let today = self.clock.today();
        let now = self.clock.stamp();
        let mut report = RetailPriceReport {
            skus,
            regions,
            currency: currency.to_string(),
            priced_on: today,
            requests: list.requests,
            found: u32::try_from(list.prices.len()).unwrap_or(u32::MAX),
            added: 0,
            updated: 0,
            unchanged: 0,
            kept_entered: 0,
            skipped: list.skipped,
        };
        self.store().write(|tx| -> Result<(), DeskError> {
            for p in &list.prices {
                let mut entry = CatalogEntry {
                    sku: p.sku.clone(),
                    region: p.region.clone(),
                    term: p.term,
                    resource_type: p.resource_type,
                    unit_price: Money::new(p.unit_price, p.currency),
                    source: PriceSource::Retail,
                    priced_on: Some(today),
                };
                let old = store::catalog::find(tx, &p.sku, &p.region, p.term, p.currency)?;
                match &old {
                    Some(old) if old.source == PriceSource::Entered => {
                        report.kept_entered += 1;
                        continue;
                    }
                    Some(old) if old.unit_price == entry.unit_price => report.unchanged += 1,
                    Some(_) => report.updated += 1,
                    None => report.added += 1,
                }
                if let Some(old) = old {
                    // The catalog finds SKUs without regard to case: update that row.
                    entry.sku = old.sku;
                }
                store::catalog::upsert(tx, &entry)?;
            }
            store::audit::record(
                tx,
                &now,
                "catalog.fetch",
                &format!("{} retail prices in {currency}", report.found),
                None,
                Some(&format!(
                    "{} added, {} updated, {} unchanged, {} of yours kept",
                    report.added, report.updated, report.unchanged, report.kept_entered
                )),
            )?;
            Ok(())
        })?;
        Ok(report)
    }
}
