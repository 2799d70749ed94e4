//! Fetching a partner's data from Partner Center and Azure Resource Manager: the customers
//! list, then per customer tenant its reservations, their orders with the payment schedule,
//! daily utilization and the role assignments on each order. This module only asks and
//! collects the answers as documents; the app layer imports them through the same pipeline
//! as files (see `app::fetch`). It never reaches the store.

pub mod http;
pub mod prices;
pub mod roles;
pub mod token;

use self::http::{Auth, GetError, Http, Limits};
use chrono::NaiveDate;
use serde_json::Value;
use std::collections::BTreeSet;
use std::sync::atomic::AtomicBool;

/// The public cloud's Resource Manager.
pub const DEFAULT_ARM_URL: &str = "https://management.azure.com";
/// Partner Center's REST API.
pub const DEFAULT_PARTNER_CENTER_URL: &str = "https://api.partnercenter.microsoft.com/v1";
/// The audience of Partner Center tokens.
pub const PARTNER_CENTER_RESOURCE: &str = "https://api.partnercenter.microsoft.com";
/// Reservations API version.
pub const CAPACITY_API: &str = "2022-11-01";
/// Consumption (reservation summaries) API version.
pub const CONSUMPTION_API: &str = "2024-08-01";
/// Authorization (role assignments) API version.
pub const AUTHORIZATION_API: &str = "2022-04-01";
/// Pages followed for one list before it counts as a list that never ends.
pub const MAX_PAGES: u32 = 1000;
/// Days of utilization asked for on a reservation's first fetch.
pub const FIRST_FETCH_DAYS: u32 = 30;

/// Where to ask and how: endpoints (Settings, or `RDESK_ARM_URL` / `RDESK_PARTNER_CENTER_URL`),
/// request limits, and how many tenants are fetched at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchSettings {
    /// Resource Manager base URL, without a trailing slash.
    pub arm_url: String,
    /// Partner Center base URL (`…/v1`), without a trailing slash.
    pub partner_center_url: String,
    /// Azure's public Retail Prices API (`RDESK_PRICES_URL`), without a trailing slash.
    pub prices_url: String,
    /// The token command template (`{tenant}`, `{resource}`).
    pub token_command: String,
    /// Request timeout, tries and backoff.
    pub limits: Limits,
    /// Tenants fetched at once.
    pub concurrency: usize,
    /// Pages followed per list at most.
    pub max_pages: u32,
}

impl Default for FetchSettings {
    fn default() -> Self {
        Self {
            arm_url: DEFAULT_ARM_URL.to_string(),
            partner_center_url: DEFAULT_PARTNER_CENTER_URL.to_string(),
            prices_url: prices::DEFAULT_PRICES_URL.to_string(),
            token_command: token::DEFAULT_TOKEN_COMMAND.to_string(),
            limits: Limits::default(),
            concurrency: 4,
            max_pages: MAX_PAGES,
        }
    }
}

impl FetchSettings {
    /// The defaults, with the endpoints and token command the environment names
    /// (`RDESK_ARM_URL`, `RDESK_PARTNER_CENTER_URL`, `RDESK_TOKEN_COMMAND`, `RDESK_PRICES_URL`).
    pub fn from_env() -> Self {
        let mut s = Self::default();
        s.apply_env();
        s
    }

    /// Takes the endpoints and token command the environment names, where it names them.
    pub fn apply_env(&mut self) {
        let s = self;
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        if let Some(v) = var("RDESK_ARM_URL") {
            s.arm_url = v;
        }
        if let Some(v) = var("RDESK_PARTNER_CENTER_URL") {
            s.partner_center_url = v;
        }
        if let Some(v) = var("RDESK_TOKEN_COMMAND") {
            s.token_command = v;
        }
        if let Some(v) = var("RDESK_PRICES_URL") {
            s.prices_url = v;
        }
        s.prices_url = s.prices_url.trim_end_matches('/').to_string();
        s.arm_url = s.arm_url.trim_end_matches('/').to_string();
        s.partner_center_url = s.partner_center_url.trim_end_matches('/').to_string();
    }

    /// The token source these settings name: their token command, run per tenant.
    pub fn tokens(&self) -> std::sync::Arc<dyn token::TokenSource> {
        std::sync::Arc::new(token::CommandTokens::new(self.token_command.clone()))
    }

    /// The audience of Resource Manager tokens: its base URL with a slash.
    pub fn arm_resource(&self) -> String {
        format!("{}/", self.arm_url)
    }
}

/// One answer to keep: what was asked (`GET url`) and the body as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// `GET <url>`, named in import problems instead of a file.
    pub label: String,
    /// The JSON as Azure sent it (money stays as written; the importer reads it exactly).
    pub body: Vec<u8>,
}

/// A customer the Partner Center list names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedCustomer {
    /// The customer's tenant ID.
    pub tenant_id: String,
    /// Its company name, as written.
    pub name: String,
}

/// What one tenant's fetch collected.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TenantDocuments {
    /// The documents, in import order: reservation pages, orders, utilization, access.
    pub documents: Vec<Document>,
    /// Reservations listed.
    pub reservations: u32,
    /// Orders fetched.
    pub orders: u32,
    /// Utilization days fetched.
    pub days: u32,
}

/// Why a tenant's fetch stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stopped {
    /// The user cancelled.
    Cancelled,
    /// A request failed for good, or an answer was not what Azure sends.
    Failed(String),
}

impl From<GetError> for Stopped {
    fn from(e: GetError) -> Self {
        match e {
            GetError::Cancelled => Self::Cancelled,
            GetError::Failed(m) => Self::Failed(m),
        }
    }
}

/// Asks Partner Center and Resource Manager, counting requests.
#[derive(Debug)]
pub struct Fetcher<'a> {
    http: &'a Http,
    settings: &'a FetchSettings,
    cancel: &'a AtomicBool,
    /// Requests sent so far.
    pub requests: u32,
}

impl<'a> Fetcher<'a> {
    /// A fetcher over `http`, stopping when `cancel` is set.
    pub fn new(http: &'a Http, settings: &'a FetchSettings, cancel: &'a AtomicBool) -> Self {
        Self {
            http,
            settings,
            cancel,
            requests: 0,
        }
    }

    fn get_json(
        &mut self,
        url: &str,
        auth: Auth<'_>,
        headers: &[(String, String)],
    ) -> Result<(Vec<u8>, Value), Stopped> {
        let ok = self
            .http
            .get(url, auth, headers, self.cancel, &mut self.requests)?;
        let value: Value = serde_json::from_slice(&ok.body).map_err(|e| {
            Stopped::Failed(format!(
                "GET {}: the answer is not JSON (line {}, column {}: {})",
                crate::text::inert(url),
                e.line(),
                e.column(),
                crate::text::inert(&e.to_string())
            ))
        })?;
        Ok((ok.body, value))
    }

    /// Every page of an ARM list starting at `url` (following `nextLink`): the pages, and the
    /// `value` items of all of them.
    fn arm_list(
        &mut self,
        url: String,
        auth: Auth<'_>,
    ) -> Result<(Vec<Document>, Vec<Value>), Stopped> {
        let mut next = Some(url);
        let mut pages = Vec::new();
        let mut items = Vec::new();
        let mut seen = BTreeSet::new();
        while let Some(url) = next.take() {
            if !seen.insert(url.clone()) || pages.len() as u32 >= self.settings.max_pages {
                return Err(Stopped::Failed(format!(
                    "GET {}: the list never ends (more than {} pages, or a page links back)",
                    crate::text::inert(&url),
                    pages.len()
                )));
            }
            let (body, value) = self.get_json(&url, auth, &[])?;
            let Some(page) = value.get("value").and_then(Value::as_array) else {
                return Err(Stopped::Failed(format!(
                    "GET {}: the answer has no \"value\" list",
                    crate::text::inert(&url)
                )));
            };
            items.extend(page.iter().cloned());
            next = value
                .get("nextLink")
                .and_then(Value::as_str)
                .filter(|l| !l.is_empty())
                .map(str::to_string);
            if !page.is_empty() {
                pages.push(Document {
                    label: format!("GET {url}"),
                    body,
                });
            }
        }
        Ok((pages, items))
    }

    /// The Partner Center customers list (every page, following `links.next` with the headers
    /// it names), signed in to `partner_tenant`.
    pub fn customers(
        &mut self,
        partner_tenant: &str,
    ) -> Result<(Vec<Document>, Vec<ListedCustomer>), Stopped> {
        let base = self.settings.partner_center_url.clone();
        let auth = Auth {
            tenant: partner_tenant,
            resource: PARTNER_CENTER_RESOURCE,
        };
        let mut next = Some((format!("{base}/customers?size=500"), Vec::new()));
        let mut docs = Vec::new();
        let mut listed = Vec::new();
        while let Some((url, headers)) = next.take() {
            if docs.len() as u32 >= self.settings.max_pages {
                return Err(Stopped::Failed(format!(
                    "GET {}: the customers list never ends (more than {} pages)",
                    crate::text::inert(&url),
                    docs.len()
                )));
            }
            let (body, value) = self.get_json(&url, auth, &headers)?;
            let Some(items) = value.get("items").and_then(Value::as_array) else {
                return Err(Stopped::Failed(format!(
                    "GET {}: the answer has no \"items\" list",
                    crate::text::inert(&url)
                )));
            };
            for c in items {
                let profile = c.get("companyProfile");
                let tenant = profile
                    .and_then(|p| p.get("tenantId"))
                    .or_else(|| c.get("id"))
                    .and_then(Value::as_str);
                if let Some(t) = tenant {
                    let name = profile
                        .and_then(|p| p.get("companyName"))
                        .and_then(Value::as_str)
                        .unwrap_or("");
                    listed.push(ListedCustomer {
                        tenant_id: t.to_ascii_lowercase(),
                        name: name.to_string(),
                    });
                }
            }
            if !items.is_empty() {
                docs.push(Document {
                    label: format!("GET {url}"),
                    body,
                });
            }
            next = value.pointer("/links/next").and_then(|n| {
                let uri = n.get("uri").and_then(Value::as_str)?;
                let headers = n
                    .get("headers")
                    .and_then(Value::as_array)
                    .map(|hs| {
                        hs.iter()
                            .filter_map(|h| {
                                Some((
                                    h.get("key")?.as_str()?.to_string(),
                                    h.get("value")?.as_str()?.to_string(),
                                ))
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                Some((format!("{base}/{}", uri.trim_start_matches('/')), headers))
            });
        }
        Ok((docs, listed))
    }

    /// One customer tenant: its reservations, their orders (with the payment schedule), the
    /// daily utilization of each active reservation from `from(reservation_id)` to `until`,
    /// and the role assignments on each order.
    pub fn tenant(
        &mut self,
        tenant: &str,
        from: &dyn Fn(&str) -> NaiveDate,
        until: NaiveDate,
    ) -> Result<TenantDocuments, Stopped> {
        let arm = self.settings.arm_url.clone();
        let resource = self.settings.arm_resource();
        let auth = Auth {
            tenant,
            resource: &resource,
        };
        let mut out = TenantDocuments::default();

        let (pages, items) = self.arm_list(
            format!("{arm}/providers/Microsoft.Capacity/reservations?api-version={CAPACITY_API}"),
            auth,
        )?;
        out.documents.extend(pages);
        out.reservations = u32::try_from(items.len()).unwrap_or(u32::MAX);
        let mut orders = BTreeSet::new();
        let mut active = Vec::new();
        for item in &items {
            let Some((order, reservation)) = item.get("id").and_then(Value::as_str).and_then(ids)
            else {
                continue; // the importer reports the item where it is
            };
            orders.insert(order.clone());
            let p = item.get("properties");
            let state = p
                .and_then(|p| p.get("provisioningState"))
                .and_then(Value::as_str)
                .unwrap_or("");
            let expiry = p
                .and_then(|p| p.get("expiryDate"))
                .and_then(Value::as_str)
                .and_then(|d| d.get(..10))
                .and_then(|d| d.parse::<NaiveDate>().ok());
            let start = from(&reservation);
            let lapsed = matches!(
                state.to_ascii_lowercase().as_str(),
                "cancelled" | "canceled" | "failed"
            );
            if !lapsed && expiry.is_none_or(|e| e >= start) && start <= until {
                active.push((order, reservation, start));
            }
        }

        for order in &orders {
            let url = format!(
                "{arm}/providers/Microsoft.Capacity/reservationOrders/{order}?api-version={CAPACITY_API}&$expand=schedule"
            );
            let (body, _) = self.get_json(&url, auth, &[])?;
            out.documents.push(Document {
                label: format!("GET {url}"),
                body,
            });
            out.orders += 1;
        }

        for (order, reservation, start) in &active {
            let url = format!(
                "{arm}/providers/Microsoft.Capacity/reservationorders/{order}/reservations/{reservation}/providers/Microsoft.Consumption/reservationSummaries?grain=daily&$filter=properties/usageDate%20ge%20{start}%20AND%20properties/usageDate%20le%20{until}&api-version={CONSUMPTION_API}"
            );
            let (pages, items) = self.arm_list(url, auth)?;
            out.days += u32::try_from(items.len()).unwrap_or(u32::MAX);
            out.documents.extend(pages.into_iter().map(daily));
        }

        let mut assignments = Vec::new();
        let mut first_url = None;
        for order in &orders {
            let url = format!(
                "{arm}/providers/Microsoft.Capacity/reservationOrders/{order}/providers/Microsoft.Authorization/roleAssignments?api-version={AUTHORIZATION_API}"
            );
            first_url.get_or_insert_with(|| url.clone());
            let (_, items) = self.arm_list(url, auth)?;
            assignments.extend(items);
        }
        if let (false, Some(url)) = (assignments.is_empty(), first_url) {
            let list = roles::as_cli_list(&assignments);
            out.documents.push(Document {
                label: format!(
                    "GET {url} (and the other orders' role assignments, {} in all)",
                    assignments.len()
                ),
                body: serde_json::to_vec(&list).unwrap_or_default(),
            });
        }
        Ok(out)
    }
}

/// A daily reservation-summaries page in the API examples' wrapper, which names the grain that
/// was asked for: without it the importer judges the grain by the hours, and an item without its
/// quantity could read as a month. The page's bytes go in unchanged (its numbers stay exact).
fn daily(page: Document) -> Document {
    let mut body = br#"{"parameters": {"grain": "daily"}, "responses": {"200": {"body": "#.to_vec();
    body.extend_from_slice(&page.body);
    body.extend_from_slice(b"}}}");
    Document {
        label: page.label,
        body,
    }
}

/// The order and reservation IDs of `/providers/Microsoft.Capacity/reservationOrders/{o}/reservations/{r}`
/// (GUIDs, lower case), or `None`.
fn ids(path: &str) -> Option<(String, String)> {
    let lower = path.to_ascii_lowercase();
    let parts: Vec<&str> = lower.trim_matches('/').split('/').collect();
    match parts.as_slice() {
        ["providers", "microsoft.capacity", "reservationorders", o, "reservations", r]
            if guid(o) && guid(r) =>
        {
            Some(((*o).to_string(), (*r).to_string()))
        }
        _ => None,
    }
}

fn guid(s: &str) -> bool {
    crate::domain::ids::ReservationId::parse(s).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_come_from_the_reservation_path_and_only_as_guids() {
        let o = "e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b";
        let r = "f2a3b4c5-d6e7-4f80-9bac-1d2e3f4a5b6c";
        assert_eq!(
            ids(&format!(
                "/providers/Microsoft.Capacity/reservationOrders/{o}/reservations/{}",
                r.to_uppercase()
            )),
            Some((o.to_string(), r.to_string()))
        );
        assert_eq!(
            ids(&format!(
                "/providers/Microsoft.Capacity/reservationOrders/{o}/reservations/..%2F.."
            )),
            None,
            "nothing that is not a GUID goes into a URL"
        );
        assert_eq!(ids("/subscriptions/x"), None);
    }
}
