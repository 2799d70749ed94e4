//! `Desk::fetch`: the customers list from Partner Center (or the tenants named), then each
//! tenant's reservations, orders, utilization and access from Azure, up to
//! `FetchSettings::concurrency` tenants at once. Each tenant's answers are imported through the
//! file pipeline as one all-or-nothing import (rows that fail validation are left out and
//! reported, as `--skip-invalid`), so a failed tenant never undoes the others.

use super::imports::{problem, ImportOutcome};
use super::{parse_tenant, DeskError};
use crate::fetch::http::Http;
use crate::fetch::token::TokenSource;
use crate::fetch::{Document, FetchSettings, Fetcher, ListedCustomer, Stopped, TenantDocuments};
use crate::import::{Format, ImportProblem};
use crate::store;
use chrono::{Days, NaiveDate};
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Instant;

/// What to fetch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FetchRequest {
    /// Customer tenants to fetch; empty: every customer Partner Center lists.
    pub tenants: Vec<String>,
    /// Days of utilization to ask for (default: since each reservation's last stored day, or
    /// the last 30 days on a first fetch).
    pub days: Option<u32>,
    /// The partner's own tenant, signed in to for Partner Center.
    pub partner_tenant: Option<String>,
}

/// How a tenant's fetch ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum FetchStatus {
    /// Fetched and imported.
    Ok,
    /// A request or the import failed; nothing of this tenant was written.
    Failed,
    /// Cancelled before it was imported; nothing of this tenant was written.
    Cancelled,
}

/// One tenant's fetch.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TenantFetch {
    /// The customer's tenant ID.
    pub tenant_id: String,
    /// The customer's name (Partner Center's, or the store's; empty when neither knows it).
    pub name: String,
    /// How it ended.
    pub status: FetchStatus,
    /// Reservations Azure listed.
    pub reservations: u32,
    /// Orders fetched.
    pub orders: u32,
    /// Utilization days fetched.
    pub days: u32,
    /// Requests sent.
    pub requests: u32,
    /// Whether the import changed the store (false when everything was already there).
    pub changed: bool,
    /// What went wrong, or the rows left out; each names the request (`GET <url>`) it is in.
    pub problems: Vec<ImportProblem>,
}

/// The whole fetch.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FetchReport {
    /// `ok` when every tenant was fetched, `failed` when any failed, `cancelled` when the user
    /// stopped it (the tenants already imported are kept).
    pub status: FetchStatus,
    /// Each tenant, in the order asked (or listed).
    pub tenants: Vec<TenantFetch>,
    /// Problems before any tenant: the customers list.
    pub problems: Vec<ImportProblem>,
    /// Wall time in milliseconds.
    pub millis: u32,
}

/// Progress of a running fetch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FetchProgress {
    /// Tenants finished (imported, failed or cancelled).
    pub done: u32,
    /// Tenants in all.
    pub total: u32,
    /// The tenant just started or finished.
    pub tenant_id: String,
    /// Requests sent so far, all tenants.
    pub requests: u32,
    /// Reservations, orders and days fetched so far, all tenants.
    pub rows: u32,
}

impl super::Desk {
    /// Fetches `request` with `settings`, signing in through `tokens`; `today` bounds the
    /// utilization asked for. Cancelling keeps the tenants already imported.
    pub fn fetch(
        &self,
        settings: &FetchSettings,
        tokens: Arc<dyn TokenSource>,
        request: &FetchRequest,
        today: NaiveDate,
        progress: &mut dyn FnMut(FetchProgress),
        cancel: &AtomicBool,
    ) -> Result<FetchReport, DeskError> {
        let started = Instant::now();
        let millis = |s: Instant| u32::try_from(s.elapsed().as_millis()).unwrap_or(u32::MAX);
        let named: Vec<String> = request
            .tenants
            .iter()
            .map(|t| parse_tenant(t).map(|t| t.to_string()))
            .collect::<Result<_, _>>()?;
        let partner = request
            .partner_tenant
            .as_deref()
            .map(|t| parse_tenant(t).map(|t| t.to_string()))
            .transpose()?;
        let http = Http::new(tokens, settings.limits).map_err(|m| {
            DeskError::Invalid(crate::domain::InvalidValue {
                field: "fetch",
                message: m,
                found: String::new(),
            })
        })?;

        // The customers: the ones named, or Partner Center's list (imported first, whole).
        let mut customers: Vec<ListedCustomer> = Vec::new();
        let mut report = FetchReport {
            status: FetchStatus::Ok,
            tenants: Vec::new(),
            problems: Vec::new(),
            millis: 0,
        };
        let mut requests_before = 0u32;
        if named.is_empty() {
            let Some(partner) = partner else {
                return Err(DeskError::Invalid(crate::domain::InvalidValue {
                    field: "partner_tenant",
                    message: "the partner's own tenant ID, to list the customers from Partner Center (--partner-tenant), or the customer tenants to fetch (--tenant)".into(),
                    found: String::new(),
                }));
            };
            let mut f = Fetcher::new(&http, settings, cancel);
            let listed = f.customers(&partner);
            requests_before = f.requests;
            match listed {
                Ok((docs, listed)) => {
                    if !docs.is_empty() {
                        match self.import_documents(&docs, None, today, cancel)? {
                            Imported::Ok { problems, .. } => report.problems.extend(problems),
                            Imported::Failed(problems) => {
                                report.status = FetchStatus::Failed;
                                report.problems = problems;
                                report.millis = millis(started);
                                return Ok(report);
                            }
                            Imported::Cancelled => {
                                report.status = FetchStatus::Cancelled;
                                report.millis = millis(started);
                                return Ok(report);
                            }
                        }
                    }
                    customers = listed;
                }
                Err(Stopped::Cancelled) => {
                    report.status = FetchStatus::Cancelled;
                    report.millis = millis(started);
                    return Ok(report);
                }
                Err(Stopped::Failed(m)) => {
                    report.status = FetchStatus::Failed;
                    report.problems.push(problem("Partner Center", m));
                    report.millis = millis(started);
                    return Ok(report);
                }
            }
        } else {
            let s = self.store();
            for t in &named {
                let name = store::customers::get(s.conn(), &parse_tenant(t)?)?
                    .map(|c| c.customer.name)
                    .unwrap_or_default();
                customers.push(ListedCustomer {
                    tenant_id: t.clone(),
                    name,
                });
            }
        }

        // Where each reservation's utilization starts.
        let last = store::utilization::last_days(self.store().conn())?;
        let default_from = today
            .checked_sub_days(Days::new(u64::from(
                request.days.unwrap_or(crate::fetch::FIRST_FETCH_DAYS),
            )))
            .unwrap_or(today);
        let from = |id: &str| match (request.days, last.get(id)) {
            (None, Some(d)) => d.succ_opt().unwrap_or(*d),
            _ => default_from,
        };

        // Network in parallel, imports one at a time on this thread as tenants finish.
        let total = u32::try_from(customers.len()).unwrap_or(u32::MAX);
        let next = AtomicUsize::new(0);
        let mut results: Vec<Option<TenantFetch>> = vec![None; customers.len()];
        let mut requests_total = requests_before;
        let mut rows_total = 0u32;
        let mut done = 0u32;
        std::thread::scope(|scope| -> Result<(), DeskError> {
            let (tx, rx) = mpsc::channel::<(usize, Result<TenantDocuments, Stopped>, u32)>();
            for _ in 0..settings
                .concurrency
                .clamp(1, 16)
                .min(customers.len().max(1))
            {
                let tx = tx.clone();
                let (http, next, customers, from) = (&http, &next, &customers, &from);
                scope.spawn(move || loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(c) = customers.get(i) else { break };
                    let mut f = Fetcher::new(http, settings, cancel);
                    let r = if cancel.load(Ordering::Relaxed) {
                        Err(Stopped::Cancelled)
                    } else {
                        f.tenant(&c.tenant_id, from, today)
                    };
                    if tx.send((i, r, f.requests)).is_err() {
                        break;
                    }
                });
            }
            drop(tx);
            for (i, result, requests) in rx {
                let c = &customers[i];
                requests_total = requests_total.saturating_add(requests);
                let mut t = TenantFetch {
                    tenant_id: c.tenant_id.clone(),
                    name: c.name.clone(),
                    status: FetchStatus::Ok,
                    reservations: 0,
                    orders: 0,
                    days: 0,
                    requests,
                    changed: false,
                    problems: Vec::new(),
                };
                match result {
                    Err(Stopped::Cancelled) => t.status = FetchStatus::Cancelled,
                    Err(Stopped::Failed(m)) => {
                        t.status = FetchStatus::Failed;
                        t.problems
                            .push(problem(&format!("tenant {}", c.tenant_id), m));
                    }
                    Ok(docs) => {
                        t.reservations = docs.reservations;
                        t.orders = docs.orders;
                        t.days = docs.days;
                        rows_total =
                            rows_total.saturating_add(docs.reservations + docs.orders + docs.days);
                        if cancel.load(Ordering::Relaxed) {
                            t.status = FetchStatus::Cancelled;
                        } else {
                            match self.import_documents(
                                &docs.documents,
                                Some(&c.tenant_id),
                                today,
                                cancel,
                            )? {
                                Imported::Ok { changed, problems } => {
                                    t.changed = changed;
                                    t.problems = problems;
                                }
                                Imported::Failed(problems) => {
                                    t.status = FetchStatus::Failed;
                                    t.problems = problems;
                                }
                                Imported::Cancelled => t.status = FetchStatus::Cancelled,
                            }
                        }
                    }
                }
                done += 1;
                progress(FetchProgress {
                    done,
                    total,
                    tenant_id: c.tenant_id.clone(),
                    requests: requests_total,
                    rows: rows_total,
                });
                results[i] = Some(t);
            }
            Ok(())
        })?;

        report.tenants = results.into_iter().flatten().collect();
        report.status = if report
            .tenants
            .iter()
            .any(|t| t.status == FetchStatus::Failed)
        {
            FetchStatus::Failed
        } else if cancel.load(Ordering::Relaxed)
            || report
                .tenants
                .iter()
                .any(|t| t.status == FetchStatus::Cancelled)
        {
            FetchStatus::Cancelled
        } else {
            FetchStatus::Ok
        };
        report.millis = millis(started);
        Ok(report)
    }

    /// Imports fetched documents as one import (valid rows only), naming each problem by the
    /// request its document answered.
    fn import_documents(
        &self,
        docs: &[Document],
        customer: Option<&str>,
        today: NaiveDate,
        cancel: &AtomicBool,
    ) -> Result<Imported, DeskError> {
        if docs.is_empty() {
            return Ok(Imported::Ok {
                changed: false,
                problems: Vec::new(),
            });
        }
        let dir = Scratch::new()?;
        let mut paths = Vec::with_capacity(docs.len());
        let mut labels = HashMap::new();
        for (i, d) in docs.iter().enumerate() {
            let p = dir.0.join(format!("{i:05}.json"));
            std::fs::write(&p, &d.body).map_err(|e| io_error(&p, e))?;
            labels.insert(p.display().to_string(), d.label.clone());
            paths.push(p);
        }
        let refs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
        let relabel = |mut p: ImportProblem| {
            if let Some(l) = labels.get(&p.file) {
                p.file.clone_from(l);
            }
            p
        };
        let format = customer.is_none().then_some(Format::PartnerCenter);
        let outcome =
            self.import_files_skipping(&refs, format, customer, true, today, &mut |_| {}, cancel)?;
        Ok(match outcome {
            ImportOutcome::Imported {
                changed, skipped, ..
            } => Imported::Ok {
                changed,
                problems: skipped.into_iter().map(relabel).collect(),
            },
            ImportOutcome::Failed { problems, .. } => {
                Imported::Failed(problems.into_iter().map(relabel).collect())
            }
            ImportOutcome::Cancelled { .. } => Imported::Cancelled,
        })
    }
}

impl super::Desk {
    /// Applies a pending scope/settings plan in Azure: its PATCH goes to the reservation (a 202
    /// is polled until Azure finishes), and only when Azure confirms is the plan marked applied
    /// (audit row) and Azure's answer imported. Otherwise the plan stays pending and the error
    /// carries Azure's code and message. Role grants and revokes are not sent yet.
    pub fn apply_plan_in_azure(
        &self,
        id: u32,
        settings: &FetchSettings,
        tokens: Arc<dyn TokenSource>,
        today: NaiveDate,
        cancel: &AtomicBool,
    ) -> Result<super::ChangePlanView, DeskError> {
        let invalid = |field: &'static str, message: String| {
            DeskError::Invalid(crate::domain::InvalidValue {
                field,
                message,
                found: String::new(),
            })
        };
        let plan = self
            .plans()?
            .into_iter()
            .find(|p| p.id == Some(id))
            .ok_or_else(|| DeskError::NotFound {
                what: "change plan",
                id: id.to_string(),
            })?;
        if plan.status != "pending" {
            return Err(invalid(
                "status",
                format!(
                    "plan {id} is {}, only a pending plan can be applied",
                    plan.status
                ),
            ));
        }
        if plan.access_change.is_some() {
            return Err(invalid(
                "plan",
                format!("plan {id} grants or revokes a role: Reservation Desk does not send that to Azure yet; run its az command, then `rdesk plan apply {id}`"),
            ));
        }
        let view = self.reservation(&plan.reservation_id, today)?;
        let now = crate::domain::change::Configuration {
            scope_type: view.scope_type,
            scope_target: view.scope_target.clone(),
            scope_description: plan.before.scope_description.clone(),
            instance_flexibility: view.instance_flexibility,
            renew: view.renew,
            renewal: None,
        };
        if now != plan.before {
            return Err(invalid(
                "before",
                "the reservation changed since this plan was drafted; discard it and draft a new one".into(),
            ));
        }
        let http = Http::new(tokens, settings.limits).map_err(|m| invalid("azure", m))?;
        let url = format!(
            "{}/providers/Microsoft.Capacity/reservationOrders/{}/reservations/{}?api-version={}",
            settings.arm_url,
            view.order_id,
            view.id,
            crate::fetch::CAPACITY_API
        );
        let resource = settings.arm_resource();
        let auth = crate::fetch::http::Auth {
            tenant: &view.customer_id,
            resource: &resource,
        };
        let body = serde_json::to_vec(&plan.patch_body).unwrap_or_default();
        let mut requests = 0;
        http.patch_and_wait(&url, auth, &body, cancel, &mut requests)
            .map_err(|e| match e {
                crate::fetch::http::GetError::Cancelled => invalid(
                    "azure",
                    format!("cancelled while Azure was working; plan {id} stays pending: check the reservation in the portal"),
                ),
                crate::fetch::http::GetError::Failed(m) => invalid(
                    "azure",
                    format!("Azure did not apply plan {id}, which stays pending: {m}"),
                ),
            })?;
        let applied = self.apply_plan(id, today)?;
        // The store then takes Azure's answer (what the reservation is now, as Azure says).
        if let Ok(answer) = http.get(&url, auth, &[], cancel, &mut requests) {
            let doc = Document {
                label: format!("GET {url}"),
                body: answer.body,
            };
            let _ = self.import_documents(&[doc], Some(&view.customer_id), today, cancel)?;
        }
        Ok(applied)
    }
}

enum Imported {
    Ok {
        changed: bool,
        problems: Vec<ImportProblem>,
    },
    Failed(Vec<ImportProblem>),
    Cancelled,
}

fn io_error(path: &Path, e: std::io::Error) -> DeskError {
    DeskError::Store(store::StoreError::Io {
        path: path.to_path_buf(),
        source: e,
    })
}

/// A private folder for one import's documents, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Result<Self, DeskError> {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "rdesk-fetch-{}-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).map_err(|e| io_error(&dir, e))?;
        Ok(Self(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Where Fetch and Apply in Azure go, as saved in Settings (the environment variables
/// `RDESK_ARM_URL`, `RDESK_PARTNER_CENTER_URL` and `RDESK_TOKEN_COMMAND` override them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AzureConnection {
    /// Resource Manager base URL.
    pub arm_url: String,
    /// Partner Center base URL (`…/v1`).
    pub partner_center_url: String,
    /// The token command (`{tenant}`, `{resource}`).
    pub token_command: String,
    /// Tenants fetched at once, 1–16.
    pub concurrency: u32,
    /// The environment variables set now, which win over these values.
    #[serde(default)]
    pub overridden_by: Vec<String>,
}

const CONNECTION_KEY: &str = "azure_connection";
const ENV_KEYS: [&str; 3] = [
    "RDESK_ARM_URL",
    "RDESK_PARTNER_CENTER_URL",
    "RDESK_TOKEN_COMMAND",
];

fn env_set(k: &str) -> bool {
    std::env::var(k).is_ok_and(|v| !v.trim().is_empty())
}

/// A base URL Reservation Desk may send a token to: https, or http only to this computer.
fn endpoint(field: &'static str, raw: &str) -> Result<String, DeskError> {
    let url = raw.trim().trim_end_matches('/').to_string();
    let local = ["http://127.0.0.1", "http://localhost", "http://[::1]"]
        .iter()
        .any(|p| url.starts_with(p));
    let host_ok = url
        .strip_prefix("https://")
        .is_some_and(|rest| !rest.is_empty() && !rest.contains(char::is_whitespace));
    if host_ok || local {
        Ok(url)
    } else {
        Err(DeskError::Invalid(crate::domain::InvalidValue::new(
            field,
            "an https:// address (http:// only to this computer): a token is sent there",
            raw,
        )))
    }
}

impl super::Desk {
    /// The saved Azure connection (the public cloud and the Azure CLI until changed).
    pub fn azure_connection(&self) -> Result<AzureConnection, DeskError> {
        let saved = store::settings::get(self.store().conn(), CONNECTION_KEY)?
            .and_then(|json| serde_json::from_str::<AzureConnection>(&json).ok());
        let d = FetchSettings::default();
        let mut c = saved.unwrap_or(AzureConnection {
            arm_url: d.arm_url,
            partner_center_url: d.partner_center_url,
            token_command: d.token_command,
            concurrency: u32::try_from(d.concurrency).unwrap_or(4),
            overridden_by: Vec::new(),
        });
        c.overridden_by = ENV_KEYS
            .iter()
            .filter(|k| env_set(k))
            .map(|k| (*k).to_string())
            .collect();
        Ok(c)
    }

    /// Saves the Azure connection, checked first; the audit log records the change.
    pub fn set_azure_connection(&self, c: &AzureConnection) -> Result<AzureConnection, DeskError> {
        let token_command = c.token_command.trim().to_string();
        if !token_command.contains("{tenant}") {
            return Err(DeskError::Invalid(crate::domain::InvalidValue::new(
                "token_command",
                "a command with {tenant} in it (each customer tenant needs its own token)",
                &token_command,
            )));
        }
        if !(1..=16).contains(&c.concurrency) {
            return Err(DeskError::Invalid(crate::domain::InvalidValue::new(
                "concurrency",
                "from 1 to 16 tenants at once",
                &c.concurrency.to_string(),
            )));
        }
        let clean = AzureConnection {
            arm_url: endpoint("arm_url", &c.arm_url)?,
            partner_center_url: endpoint("partner_center_url", &c.partner_center_url)?,
            token_command,
            concurrency: c.concurrency,
            overridden_by: Vec::new(),
        };
        let json = serde_json::to_string(&clean).unwrap_or_default();
        let at = self.clock.stamp();
        self.store().write(|tx| -> Result<(), DeskError> {
            let before = store::settings::get(tx, CONNECTION_KEY)?;
            store::settings::set(tx, CONNECTION_KEY, &json)?;
            store::audit::record(
                tx,
                &at,
                "settings.azure_connection",
                CONNECTION_KEY,
                before.as_deref(),
                Some(&json),
            )?;
            Ok(())
        })?;
        self.azure_connection()
    }

    /// What Fetch and Apply in Azure use: the saved connection, with the environment's
    /// overrides.
    pub fn fetch_settings(&self) -> Result<FetchSettings, DeskError> {
        let c = self.azure_connection()?;
        let mut s = FetchSettings {
            arm_url: c.arm_url,
            partner_center_url: c.partner_center_url,
            token_command: c.token_command,
            concurrency: usize::try_from(c.concurrency).unwrap_or(4),
            ..FetchSettings::default()
        };
        s.apply_env();
        Ok(s)
    }
}
