//! `catalog fetch` against a fake Retail Prices API on 127.0.0.1: paging by `NextPageLink`, a
//! 429 with `Retry-After`, malformed JSON (nothing written), exact money, prices the user
//! entered kept, the store's SKUs asked for by default, and the CLI as a binary.

use super::fake_azure::{Answer, FakeServer, Seen};
use super::{demo_desk, rdesk_env, temp_db};
use desk::app::dto::CatalogEntryView;
use desk::app::RetailPriceRequest;
use desk::domain::price::PriceSource;
use desk::domain::reservation::ResourceType;
use desk::domain::term::Term;
use desk::fetch::http::Limits;
use desk::fetch::FetchSettings;
use desk::Desk;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

fn item(sku: &str, region: &str, term: &str, price: &str) -> String {
    format!(
        r#"{{"currencyCode":"USD","tierMinimumUnits":0.0,"reservationTerm":"{term}","retailPrice":{price},
            "unitPrice":{price},"armRegionName":"{region}","location":"EU West","effectiveStartDate":"2024-05-01T00:00:00Z",
            "meterId":"00000000-0000-0000-0000-000000000001","productName":"Virtual Machines Dsv5 Series",
            "skuName":"D2s v5","serviceName":"Virtual Machines","serviceFamily":"Compute",
            "unitOfMeasure":"1 Hour","type":"Reservation","isPrimaryMeterRegion":true,"armSkuName":"{sku}"}}"#
    )
}

fn page(items: &[String], next: Option<String>) -> String {
    format!(
        r#"{{"BillingCurrency":"USD","CustomerEntityId":"Default","CustomerEntityType":"Retail","Items":[{}],"NextPageLink":{},"Count":{}}}"#,
        items.join(","),
        next.map_or_else(|| "null".to_string(), |n| format!("\"{n}\"")),
        items.len()
    )
}

fn settings(base: &str) -> FetchSettings {
    FetchSettings {
        prices_url: format!("{base}/api/retail/prices"),
        limits: Limits {
            timeout: Duration::from_millis(1500),
            tries: 3,
            backoff: Duration::from_millis(20),
            max_wait: Duration::from_secs(2),
        },
        max_pages: 20,
        ..FetchSettings::default()
    }
}

fn query(s: &Seen) -> BTreeMap<String, String> {
    reqwest::Url::parse(&format!("http://x{}", s.target))
        .expect("target")
        .query_pairs()
        .into_owned()
        .collect()
}

/// Two pages; the first request is refused once with 429 and `Retry-After: 0`.
fn two_pages() -> (FakeServer, Arc<AtomicU32>) {
    let hits = Arc::new(AtomicU32::new(0));
    let h = hits.clone();
    let base = Arc::new(std::sync::Mutex::new(String::new()));
    let b = base.clone();
    let server = FakeServer::start(move |s| {
        let n = h.fetch_add(1, Ordering::SeqCst);
        if n == 0 {
            return Answer::error(429, "TooManyRequests", "slow down")
                .with_header("Retry-After", "0");
        }
        if s.target.contains("skip=2") {
            Answer::json(page(
                &[item(
                    "Standard_D2s_v5",
                    "westeurope",
                    "3 Years",
                    "2300.123456789012345678",
                )],
                None,
            ))
        } else {
            let next = format!(
                "{}/api/retail/prices?api-version=2023-01-01-preview&skip=2",
                b.lock().expect("base")
            );
            Answer::json(page(
                &[
                    item("Standard_D2s_v5", "WestEurope", "1 Year", "1010.5"),
                    item("Standard_D4s_v5", "westeurope", "1 Year", "2021"),
                ],
                Some(next),
            ))
        }
    });
    *base.lock().expect("base") = server.base.clone();
    (server, hits)
}

#[test]
fn retail_prices_page_retry_and_land_exact_dated_and_marked_retail() {
    let (server, hits) = two_pages();
    let (_dir, path) = temp_db();
    let desk = Desk::open(&path).expect("open");
    let mut progress = Vec::new();
    let report = desk
        .fetch_retail_prices(
            &settings(&server.base),
            &RetailPriceRequest {
                skus: vec!["Standard_D2s_v5".into(), "Standard_D4s_v5".into()],
                regions: vec!["WestEurope".into()],
                currency: None,
            },
            &mut |p| progress.push(p),
            &AtomicBool::new(false),
        )
        .expect("fetch");
    assert_eq!(hits.load(Ordering::SeqCst), 3, "429, page 1, page 2");
    assert_eq!(report.requests, 3);
    assert_eq!((report.found, report.added, report.updated), (3, 3, 0));
    assert_eq!(report.currency, "USD");
    assert_eq!(report.regions, vec!["westeurope".to_string()]);
    assert_eq!(progress.last().map(|p| p.prices), Some(3));

    let first = &server.seen()[0];
    let q = query(first);
    assert_eq!(q["currencyCode"], "'USD'");
    assert_eq!(
        q["$filter"],
        "priceType eq 'Reservation' and (armSkuName eq 'Standard_D2s_v5' or armSkuName eq 'Standard_D4s_v5') and (armRegionName eq 'westeurope')"
    );
    assert!(
        first.header("authorization").is_none(),
        "a public API gets no token"
    );

    let catalog = desk.catalog().expect("catalog");
    let three_year = catalog
        .iter()
        .find(|e| e.term == Term::P3Y)
        .expect("the second page's price");
    assert_eq!(
        three_year.unit_price, "2300.123456789012345678",
        "digit for digit"
    );
    assert_eq!(three_year.region, "westeurope");
    assert_eq!(three_year.source, PriceSource::Retail);
    assert_eq!(three_year.priced_on, Some(desk.today()));
    assert_eq!(three_year.resource_type, ResourceType::VirtualMachines);

    // Again: nothing new, the same three prices.
    let again = desk
        .fetch_retail_prices(
            &settings(&server.base),
            &RetailPriceRequest {
                skus: vec!["Standard_D2s_v5".into(), "Standard_D4s_v5".into()],
                regions: vec!["westeurope".into()],
                currency: Some("usd".into()),
            },
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .expect("again");
    assert_eq!((again.added, again.updated, again.unchanged), (0, 0, 3));
    assert_eq!(desk.catalog().expect("catalog").len(), 3);
}

#[test]
fn a_price_the_user_entered_is_kept_and_counted() {
    let (server, _hits) = two_pages();
    let (_dir, path) = temp_db();
    let desk = Desk::open(&path).expect("open");
    desk.set_catalog_entry(&CatalogEntryView {
        sku: "standard_d4s_v5".into(),
        region: "westeurope".into(),
        term: Term::P1Y,
        resource_type: ResourceType::VirtualMachines,
        unit_price: "1800".into(),
        currency: "USD".into(),
        source: PriceSource::Retail, // ignored: a saved price is the user's
        priced_on: None,
    })
    .expect("entered");
    let report = desk
        .fetch_retail_prices(
            &settings(&server.base),
            &RetailPriceRequest {
                skus: vec!["Standard_D4s_v5".into()],
                regions: vec!["westeurope".into()],
                currency: None,
            },
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .expect("fetch");
    assert_eq!(report.kept_entered, 1);
    assert_eq!(report.added, 2, "the two D2s_v5 prices the fake also sends");
    let catalog = desk.catalog().expect("catalog");
    let mine: Vec<&CatalogEntryView> = catalog
        .iter()
        .filter(|e| e.sku.eq_ignore_ascii_case("Standard_D4s_v5"))
        .collect();
    assert_eq!(mine.len(), 1, "no second row in another case");
    assert_eq!(mine[0].unit_price, "1800");
    assert_eq!(mine[0].source, PriceSource::Entered);
    assert_eq!(mine[0].priced_on, Some(desk.today()));
}

#[test]
fn a_hostile_sku_and_an_empty_store_are_refused_before_any_request() {
    let server = FakeServer::start(|_| Answer::json(page(&[], None)));
    let (_dir, path) = temp_db();
    let desk = Desk::open(&path).expect("open");
    let bad = desk
        .fetch_retail_prices(
            &settings(&server.base),
            &RetailPriceRequest {
                skus: vec!["Standard_D2s_v5' or 1 eq 1".into()],
                ..RetailPriceRequest::default()
            },
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .expect_err("a hostile SKU");
    assert!(bad.to_string().contains("expected an Azure name"), "{bad}");
    let none = desk
        .fetch_retail_prices(
            &settings(&server.base),
            &RetailPriceRequest::default(),
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .expect_err("an empty store names no SKU");
    assert!(
        none.to_string().contains("import reservations first"),
        "{none}"
    );
    assert!(server.seen().is_empty(), "nothing was asked");
    assert!(
        desk.catalog().expect("catalog").is_empty(),
        "nothing written"
    );
}

#[test]
fn a_truncated_page_names_its_request_and_writes_nothing() {
    let base = Arc::new(std::sync::Mutex::new(String::new()));
    let b = base.clone();
    let server = FakeServer::start(move |s| {
        if s.target.contains("skip") {
            Answer::json(r#"{"Items": [{"armSkuName": "Standard_D2s_v5", "unitPrice": 12"#)
        } else {
            Answer::json(page(
                &[item("Standard_D2s_v5", "westeurope", "1 Year", "1")],
                Some(format!(
                    "{}/api/retail/prices?skip=1",
                    b.lock().expect("base")
                )),
            ))
        }
    });
    *base.lock().expect("base") = server.base.clone();
    let (_dir, path) = temp_db();
    let desk = Desk::open(&path).expect("open");
    let err = desk
        .fetch_retail_prices(
            &settings(&server.base),
            &RetailPriceRequest {
                skus: vec!["Standard_D2s_v5".into()],
                ..RetailPriceRequest::default()
            },
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .expect_err("the second page is cut off");
    let text = err.to_string();
    assert!(text.contains("skip=1"), "names the request: {text}");
    assert!(text.contains("not JSON"), "{text}");
    assert!(
        desk.catalog().expect("catalog").is_empty(),
        "nothing written"
    );
}

#[test]
fn the_store_s_skus_and_regions_are_asked_for_by_default_and_the_cli_reports_json() {
    let server = FakeServer::start(|_| {
        Answer::json(page(
            &[item("Standard_D2s_v5", "westeurope", "1 Year", "1010.5")],
            None,
        ))
    });
    let (_dir, path, desk) = demo_desk();
    let skus: std::collections::BTreeSet<String> = desk
        .reservations(None, None, super::today())
        .expect("list")
        .into_iter()
        .map(|r| r.sku)
        .collect();
    drop(desk);
    let out = rdesk_env(
        &path,
        &["catalog", "fetch", "--json"],
        &[(
            "RDESK_PRICES_URL",
            format!("{}/api/retail/prices", server.base),
        )],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let asked: std::collections::BTreeSet<String> = v["skus"]
        .as_array()
        .expect("skus")
        .iter()
        .map(|s| s.as_str().expect("sku").to_string())
        .collect();
    assert_eq!(asked, skus, "every SKU of the demo's reservations");
    assert_eq!(v["found"], 1);
    assert_eq!(v["added"], 1);
    assert_eq!(v["priced_on"], "2026-11-24");
    let filters: Vec<String> = server
        .seen()
        .iter()
        .map(|s| query(s)["$filter"].clone())
        .collect();
    for sku in &skus {
        assert!(
            filters
                .iter()
                .any(|f| f.contains(&format!("armSkuName eq '{sku}'"))),
            "{sku} asked for"
        );
    }
    let listed = rdesk_env(&path, &["catalog", "--json"], &[]);
    let v: serde_json::Value = serde_json::from_slice(&listed.stdout).expect("json");
    assert_eq!(v[0]["source"], "retail");
    assert_eq!(v[0]["priced_on"], "2026-11-24");
    assert_eq!(v[0]["unit_price"], "1010.5");
}
