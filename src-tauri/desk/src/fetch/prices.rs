//! Azure's public Retail Prices API: the retail price of a reservation per SKU, region and
//! term, read without signing in. Pages are followed by `NextPageLink`. Money stays exact: the
//! answer's numbers are read as written (`import::json`), never through a binary float.

use super::http::Http;
use super::Stopped;
use crate::domain::money::Currency;
use crate::domain::reservation::ResourceType;
use crate::domain::term::Term;
use crate::import::json;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::AtomicBool;

/// The public endpoint.
pub const DEFAULT_PRICES_URL: &str = "https://prices.azure.com/api/retail/prices";
/// The API version asked for (it names `armSkuName` and `reservationTerm`).
pub const PRICES_API: &str = "2023-01-01-preview";
/// SKUs (and regions) named in one request's filter, keeping the URL short.
const PER_REQUEST: usize = 10;

/// What to ask for: SKUs and regions (ARM names, e.g. `Standard_D2s_v3`, `westeurope`) and
/// the currency prices are quoted in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceQuery {
    /// ARM SKU names; at least one.
    pub skus: Vec<String>,
    /// ARM region names; empty asks for every region.
    pub regions: Vec<String>,
    /// The currency asked for.
    pub currency: Currency,
}

/// One reservation price as Azure publishes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetailPrice {
    /// ARM SKU name.
    pub sku: String,
    /// ARM region name, lower case.
    pub region: String,
    /// The reservation's term.
    pub term: Term,
    /// The reserved resource type, from the service name.
    pub resource_type: ResourceType,
    /// Price per unit for the whole term, exactly as written.
    pub unit_price: Decimal,
    /// The price's currency.
    pub currency: Currency,
    /// The day Azure says the price took effect, when it says.
    pub effective_from: Option<NaiveDate>,
}

/// Every price the query found, and what was left out with why.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PriceList {
    /// One price per SKU, region, term and currency (the newest when Azure lists several).
    pub prices: Vec<RetailPrice>,
    /// Items left out, each with its reason (a service this product does not reserve, a term
    /// it does not know, two different prices for the same day).
    pub skipped: Vec<String>,
    /// Requests sent.
    pub requests: u32,
    /// Pages read.
    pub pages: u32,
}

/// The first page's URL of each request the query needs: SKUs (and regions) in groups, so
/// that no URL grows past what servers accept.
pub fn first_urls(base: &str, q: &PriceQuery) -> Vec<String> {
    let quoted = |field: &str, values: &[String]| {
        let terms: Vec<String> = values
            .iter()
            .map(|v| format!("{field} eq '{}'", v.replace('\'', "''")))
            .collect();
        format!("({})", terms.join(" or "))
    };
    let region_groups: Vec<Option<&[String]>> = if q.regions.is_empty() {
        vec![None]
    } else {
        q.regions.chunks(PER_REQUEST).map(Some).collect()
    };
    let mut urls = Vec::new();
    for skus in q.skus.chunks(PER_REQUEST) {
        for regions in &region_groups {
            let mut filter = format!(
                "priceType eq 'Reservation' and {}",
                quoted("armSkuName", skus)
            );
            if let Some(r) = regions {
                filter.push_str(" and ");
                filter.push_str(&quoted("armRegionName", r));
            }
            let params = [
                ("api-version", PRICES_API.to_string()),
                ("currencyCode", format!("'{}'", q.currency.as_str())),
                ("$filter", filter),
            ];
            match reqwest::Url::parse_with_params(base, &params) {
                Ok(u) => urls.push(u.to_string()),
                Err(_) => urls.push(base.to_string()),
            }
        }
    }
    urls
}

/// `"1 Year"`, `"3 Years"`, `"5 Years"` → the term.
pub fn term_of(reservation_term: &str) -> Option<Term> {
    let t = reservation_term.trim().to_ascii_lowercase();
    match t.as_str() {
        "1 year" | "1 years" => Some(Term::P1Y),
        "3 year" | "3 years" => Some(Term::P3Y),
        "5 year" | "5 years" => Some(Term::P5Y),
        _ => None,
    }
}

/// The reserved resource type an item's `serviceName` (and `productName`) stand for.
pub fn resource_type_of(service: &str, product: &str) -> Option<ResourceType> {
    let product = product.to_ascii_lowercase();
    if product.contains("dedicated host") {
        return Some(ResourceType::DedicatedHost);
    }
    match service.trim().to_ascii_lowercase().as_str() {
        "virtual machines" => Some(ResourceType::VirtualMachines),
        "sql database" => Some(ResourceType::SqlDatabases),
        "azure cosmos db" => Some(ResourceType::CosmosDb),
        "azure app service" => Some(ResourceType::AppService),
        "azure vmware solution" => Some(ResourceType::Avs),
        "azure dedicated host" => Some(ResourceType::DedicatedHost),
        _ => None,
    }
}

/// What one page said: its prices, the items left out, and the next page's URL.
#[derive(Debug, Default)]
pub struct Page {
    /// Prices on the page.
    pub prices: Vec<RetailPrice>,
    /// Items left out, with why.
    pub skipped: Vec<String>,
    /// `NextPageLink`, when there is one.
    pub next: Option<String>,
}

/// Reads one page of the API's answer. An answer that is not the API's shape is an error
/// naming the request.
pub fn parse_page(body: &[u8], url: &str) -> Result<Page, String> {
    let shown = crate::text::inert(url);
    let text = std::str::from_utf8(body)
        .map_err(|_| format!("GET {shown}: the answer is not UTF-8 text"))?;
    let marked = json::mark_numbers(text);
    let value: Value = serde_json::from_str(&marked).map_err(|e| {
        format!(
            "GET {shown}: the answer is not JSON (line {}, column {}: {})",
            e.line(),
            e.column(),
            crate::text::inert(&e.to_string())
        )
    })?;
    let Some(items) = json::get(&value, "Items").and_then(Value::as_array) else {
        return Err(format!("GET {shown}: the answer has no \"Items\" list"));
    };
    let mut page = Page {
        next: json::str_of(&value, "NextPageLink").map(str::to_string),
        ..Page::default()
    };
    for (i, item) in items.iter().enumerate() {
        match price_of(item) {
            Ok(Some(p)) => page.prices.push(p),
            Ok(None) => {}
            Err(why) => page.skipped.push(format!("Items[{i}]: {why}")),
        }
    }
    Ok(page)
}

/// One item as a price; `Ok(None)` for an item that is not a reservation price (the filter
/// asks only for those, but a server may send more).
fn price_of(item: &Value) -> Result<Option<RetailPrice>, String> {
    let s = |k: &str| json::str_of(item, k);
    let kind = s("type")
        .or_else(|| s("priceType"))
        .unwrap_or("Reservation");
    if !kind.eq_ignore_ascii_case("Reservation") {
        return Ok(None);
    }
    let sku = s("armSkuName").ok_or("no armSkuName")?;
    let shown = crate::text::inert(sku);
    let region = s("armRegionName").ok_or_else(|| format!("{shown}: no armRegionName"))?;
    let term_text = s("reservationTerm").unwrap_or("");
    let term = term_of(term_text).ok_or_else(|| {
        format!(
            "{shown}: reservationTerm {:?} is not 1, 3 or 5 years",
            crate::text::inert(term_text)
        )
    })?;
    let service = s("serviceName").unwrap_or("");
    let resource_type =
        resource_type_of(service, s("productName").unwrap_or("")).ok_or_else(|| {
            format!(
                "{shown}: service {:?} is not one this product reserves",
                crate::text::inert(service)
            )
        })?;
    let price_text = json::get(item, "unitPrice")
        .and_then(json::number_text)
        .ok_or_else(|| format!("{shown}: unitPrice is not a number"))?;
    let unit_price = crate::import::values::decimal(&price_text)
        .filter(|d| !d.is_sign_negative())
        .ok_or_else(|| {
            format!(
                "{shown}: unitPrice {} is not a price",
                crate::text::inert(&price_text)
            )
        })?;
    let code = s("currencyCode").ok_or_else(|| format!("{shown}: no currencyCode"))?;
    let currency = Currency::parse(code)
        .map_err(|_| format!("{shown}: currencyCode {:?}", crate::text::inert(code)))?;
    let effective_from = s("effectiveStartDate")
        .and_then(|d| d.get(..10))
        .and_then(|d| d.parse().ok());
    Ok(Some(RetailPrice {
        sku: sku.to_string(),
        region: region.to_ascii_lowercase(),
        term,
        resource_type,
        unit_price,
        currency,
        effective_from,
    }))
}

/// Asks for every page of every request the query needs. One price is kept per SKU, region,
/// term and currency: the newest by `effectiveStartDate`; two different prices of the same day
/// are left out as ambiguous. `on_page` hears the requests sent and prices read so far.
pub fn fetch(
    http: &Http,
    base: &str,
    q: &PriceQuery,
    max_pages: u32,
    cancel: &AtomicBool,
    on_page: &mut dyn FnMut(u32, usize),
) -> Result<PriceList, Stopped> {
    let mut list = PriceList::default();
    let mut found: Vec<RetailPrice> = Vec::new();
    for first in first_urls(base, q) {
        let mut next = Some(first);
        let mut seen = BTreeSet::new();
        while let Some(url) = next.take() {
            if !seen.insert(url.clone()) || seen.len() as u32 > max_pages {
                return Err(Stopped::Failed(format!(
                    "GET {}: the list never ends (more than {max_pages} pages, or a page links back)",
                    crate::text::inert(&url)
                )));
            }
            let ok = http.get_public(&url, cancel, &mut list.requests)?;
            let page = parse_page(&ok.body, &url).map_err(Stopped::Failed)?;
            list.pages += 1;
            found.extend(page.prices);
            list.skipped.extend(page.skipped);
            next = page.next;
            on_page(list.requests, found.len());
        }
    }
    let (prices, ambiguous) = newest(found);
    list.prices = prices;
    list.skipped.extend(ambiguous);
    Ok(list)
}

type Key = (String, String, &'static str, Currency);

/// One price per key: the newest; a tie of different prices is left out, with why.
fn newest(found: Vec<RetailPrice>) -> (Vec<RetailPrice>, Vec<String>) {
    let mut by_key: BTreeMap<Key, (RetailPrice, bool)> = BTreeMap::new();
    for p in found {
        let key = (
            p.sku.to_ascii_lowercase(),
            p.region.clone(),
            p.term.as_str(),
            p.currency,
        );
        match by_key.get_mut(&key) {
            None => {
                by_key.insert(key, (p, false));
            }
            Some((kept, tie)) => {
                if p.effective_from > kept.effective_from {
                    *kept = p;
                    *tie = false;
                } else if p.effective_from == kept.effective_from && p.unit_price != kept.unit_price
                {
                    *tie = true;
                }
            }
        }
    }
    let mut prices = Vec::new();
    let mut skipped = Vec::new();
    for (_, (p, tie)) in by_key {
        if tie {
            skipped.push(format!(
                "{} {} {}: Azure lists different prices for the same day; enter the price yourself",
                crate::text::inert(&p.sku),
                p.region,
                p.term
            ));
        } else {
            prices.push(p);
        }
    }
    (prices, skipped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_and_services_read_as_the_api_writes_them() {
        assert_eq!(term_of("1 Year"), Some(Term::P1Y));
        assert_eq!(term_of("3 Years"), Some(Term::P3Y));
        assert_eq!(term_of("5 Years"), Some(Term::P5Y));
        assert_eq!(term_of("2 Years"), None);
        assert_eq!(term_of(""), None);
        assert_eq!(
            resource_type_of("Virtual Machines", "Virtual Machines DSv3 Series"),
            Some(ResourceType::VirtualMachines)
        );
        assert_eq!(
            resource_type_of("Virtual Machines", "Dedicated Host DSv3 Type1"),
            Some(ResourceType::DedicatedHost)
        );
        assert_eq!(
            resource_type_of("SQL Database", "SQL Database Single vCore"),
            Some(ResourceType::SqlDatabases)
        );
        assert_eq!(resource_type_of("Storage", "Blob"), None);
    }

    #[test]
    fn the_filter_names_every_sku_and_region_in_groups_and_quotes_safely() {
        let q = PriceQuery {
            skus: (0..12).map(|i| format!("Standard_D{i}s_v5")).collect(),
            regions: vec!["westeurope".into(), "o'hare".into()],
            currency: Currency::parse("EUR").expect("EUR"),
        };
        let urls = first_urls("https://prices.example/api/retail/prices", &q);
        assert_eq!(urls.len(), 2, "12 SKUs in groups of 10, one region group");
        let u = reqwest::Url::parse(&urls[0]).expect("url");
        let params: BTreeMap<String, String> = u.query_pairs().into_owned().collect();
        assert_eq!(params["currencyCode"], "'EUR'");
        assert_eq!(params["api-version"], PRICES_API);
        let f = &params["$filter"];
        assert!(f.starts_with("priceType eq 'Reservation' and (armSkuName eq 'Standard_D0s_v5' or"));
        assert!(f.contains("armRegionName eq 'o''hare'"), "{f}");
        assert!(
            !f.contains("Standard_D10s_v5"),
            "the second group holds the rest"
        );
    }

    #[test]
    fn a_page_keeps_prices_exact_and_says_what_it_left_out() {
        let body = br#"{"BillingCurrency":"USD","Items":[
            {"currencyCode":"USD","unitPrice":1234.56789012345678901,"armRegionName":"WestEurope",
             "effectiveStartDate":"2024-05-01T00:00:00Z","serviceName":"Virtual Machines",
             "productName":"Virtual Machines Dsv5 Series","armSkuName":"Standard_D2s_v5",
             "reservationTerm":"3 Years","type":"Reservation"},
            {"currencyCode":"USD","unitPrice":0.096,"armRegionName":"westeurope","armSkuName":"Standard_D2s_v5",
             "serviceName":"Virtual Machines","type":"Consumption"},
            {"currencyCode":"USD","unitPrice":5,"armRegionName":"westeurope","armSkuName":"x",
             "serviceName":"Storage","reservationTerm":"1 Year","type":"Reservation"}
        ],"NextPageLink":"https://prices.example/next?$skip=100","Count":3}"#;
        let page = parse_page(body, "https://prices.example/").expect("page");
        assert_eq!(page.prices.len(), 1);
        let p = &page.prices[0];
        assert_eq!(p.unit_price.to_string(), "1234.56789012345678901");
        assert_eq!(p.region, "westeurope");
        assert_eq!(p.term, Term::P3Y);
        assert_eq!(p.effective_from, NaiveDate::from_ymd_opt(2024, 5, 1));
        assert_eq!(page.skipped.len(), 1, "{:?}", page.skipped);
        assert!(page.skipped[0].contains("Storage"));
        assert_eq!(
            page.next.as_deref(),
            Some("https://prices.example/next?$skip=100")
        );
        let err = parse_page(b"{\"Items\": [", "https://prices.example/").unwrap_err();
        assert!(err.contains("not JSON"), "{err}");
        let err = parse_page(b"{\"value\": []}", "https://prices.example/").unwrap_err();
        assert!(err.contains("no \"Items\""), "{err}");
    }

    #[test]
    fn the_newest_price_wins_and_a_same_day_disagreement_is_left_out() {
        let p = |price: &str, day: u32, sku: &str| RetailPrice {
            sku: sku.into(),
            region: "westeurope".into(),
            term: Term::P1Y,
            resource_type: ResourceType::VirtualMachines,
            unit_price: price.parse().expect("decimal"),
            currency: Currency::USD,
            effective_from: NaiveDate::from_ymd_opt(2025, 1, day),
        };
        let (prices, skipped) = newest(vec![
            p("10", 1, "A"),
            p("12", 5, "A"),
            p("11", 3, "A"),
            p("7", 2, "B"),
            p("8", 2, "B"),
            p("9", 2, "C"),
            p("9", 2, "C"),
        ]);
        let got: Vec<(String, String)> = prices
            .iter()
            .map(|p| (p.sku.clone(), p.unit_price.to_string()))
            .collect();
        assert_eq!(
            got,
            vec![("A".into(), "12".into()), ("C".into(), "9".into())]
        );
        assert_eq!(skipped.len(), 1);
        assert!(skipped[0].starts_with("B westeurope P1Y"), "{skipped:?}");
    }
}
