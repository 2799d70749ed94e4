//! The `Desk` facade: the use cases that the CLI and the desktop shell both call.
//! It owns the single store connection behind a mutex; callers run it off any async runtime.

mod changes;
mod clock;
pub mod dto;
mod error;
mod exports;
mod fetch;
mod imports;
mod portfolio;
mod prices;
mod quotes;
mod report;
mod review;
mod tickets;

pub use changes::{
    AccessChangeView, AccessView, AssignmentView, AuditEntryView, ChangePlanView,
    ChangeRequestView, ProblemView, RenewalRequestView, ScopeOptions,
};
pub use clock::{today_from_env, Clock, TODAY_ENV};
pub use exports::{list_csv, ListTable, SavedFile};
pub use imports::{
    failed_import_summary, format_names, summary, DetectedFile, ImportOutcome, ImportProgress,
};
pub use portfolio::ExportReport;
pub use quotes::{parse_purchase, parse_return, CSP_REFUND_DESTINATION};
pub use report::{ReportFormat, ReportLanguage, ReportSaved};
pub use review::{
    CalendarEntryView, CalendarView, HiddenView, ReviewItemView, ReviewPage, TriageCounts,
    TriageItemView, TriagePage, TriageView,
};

pub use error::{DeskError, ErrorBody, ErrorCode};
pub use fetch::{
    AzureConnection, FetchProgress, FetchReport, FetchRequest, FetchStatus, TenantFetch,
};
pub use prices::{RetailPriceProgress, RetailPriceReport, RetailPriceRequest};

use crate::demo::{self, DemoOptions};
use crate::domain::ids::{ReservationId, TenantId};
use crate::domain::money::{Currency, Money};
use crate::domain::reservation::{status_on, ProvisioningState};
use crate::domain::utilization::aggregates;
use crate::store::reservations::{Filter, ReservationRecord};
use crate::store::{self, Store};
use chrono::{Days, NaiveDate};
use dto::{
    days_left, percent_text, CustomerDetail, CustomerSummary, DemoSummary, MoneyView,
    ReservationView, StoreInfo, SubscriptionView, UtilizationPoint,
};
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// The environment variable that names the database file.
pub const DB_ENV: &str = "RDESK_DB";
/// The default database file: `<OS data dir>/reservation-desk/desk.sqlite3`.
pub fn default_db_path() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("reservation-desk")
        .join("desk.sqlite3")
}

/// Progress of long work: `done` of `total` units, and what is happening.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// Units done.
    pub done: u64,
    /// Units in all.
    pub total: u64,
    /// What is happening, in words.
    pub stage: &'static str,
}

/// The application facade.
#[derive(Debug)]
pub struct Desk {
    store: Mutex<Store>,
    /// Where today and now come from.
    clock: Clock,
    /// The review snapshot of the last stamp seen (see [`Store::stamp`]).
    review: Mutex<Option<std::sync::Arc<review::Snapshot>>>,
    /// Reservation-days an import sums in memory before spilling to disk.
    import_window: usize,
}

fn parse_tenant(raw: &str) -> Result<TenantId, DeskError> {
    Ok(TenantId::parse(raw)?)
}

impl Desk {
    /// Opens (creating and migrating) the store at `path`.
    pub fn open(path: &Path) -> Result<Self, DeskError> {
        Self::open_with_clock(path, Clock::from_env()?)
    }

    /// Sets how many reservation-days an import sums in memory before spilling them to a
    /// temporary table (default [`store::import::UTIL_FLUSH_ENTRIES`]); tests use a small one.
    #[must_use]
    pub fn with_import_window(mut self, entries: usize) -> Self {
        self.import_window = entries;
        self
    }

    /// Opens the store at `path` with the given clock (tests fix it).
    pub fn open_with_clock(path: &Path, clock: Clock) -> Result<Self, DeskError> {
        let mut store = Store::open(path)?;
        store.write(store::policy::seed_defaults)?;
        Ok(Self {
            clock,
            store: Mutex::new(store),
            review: Mutex::new(None),
            import_window: store::import::UTIL_FLUSH_ENTRIES,
        })
    }

    /// Today, by the desk's clock.
    pub fn today(&self) -> NaiveDate {
        self.clock.today()
    }

    /// The desk's clock.
    pub fn clock(&self) -> Clock {
        self.clock
    }

    fn store(&self) -> MutexGuard<'_, Store> {
        // A panic while holding the lock cannot leave a half-written transaction behind
        // (it rolls back on drop), so the store is still consistent.
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Facts about the open store.
    pub fn info(&self, today: NaiveDate) -> Result<StoreInfo, DeskError> {
        let s = self.store();
        Ok(StoreInfo {
            db_path: s.path().display().to_string(),
            schema_version: s.schema_version()?,
            customers: store::customers::count(s.conn())?,
            reservations: store::reservations::count(s.conn())?,
            today,
            demo_loaded: None,
        })
    }

    /// True when the store holds no customers.
    pub fn is_empty(&self) -> Result<bool, DeskError> {
        Ok(store::customers::count(self.store().conn())? == 0)
    }

    /// Fills the store with the demo portfolio, in one transaction. A store with customers is
    /// only replaced when `replace` is set. `progress` hears about every reservation written.
    pub fn load_demo(
        &self,
        opts: &DemoOptions,
        replace: bool,
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<DemoSummary, DeskError> {
        opts.validate()?;
        let mut s = self.store();
        let existing = store::customers::count(s.conn())?;
        if existing > 0 && !replace {
            return Err(DeskError::NotEmpty {
                customers: existing,
            });
        }
        progress(&Progress {
            done: 0,
            total: u64::from(opts.reservation_count()),
            stage: "generating the demo portfolio",
        });
        let portfolio = demo::generate(opts);
        let total = u64::from(opts.reservation_count());
        let now = self.clock.stamp();
        s.write(|tx| -> Result<DemoSummary, DeskError> {
            if existing > 0 {
                store::customers::delete_all(tx)?;
            }
            let mut summary = DemoSummary {
                seed: opts.seed,
                customers: 0,
                subscriptions: 0,
                reservations: 0,
                utilization_days: 0,
            };
            for c in &portfolio.customers {
                store::customers::upsert(tx, &c.customer)?;
                summary.customers += 1;
                for sub in &c.subscriptions {
                    store::customers::upsert_subscription(tx, sub)?;
                    summary.subscriptions += 1;
                }
                let target = store::access::Target {
                    tenant_id: c.customer.tenant_id.as_str(),
                    order_id: None,
                    reservation_id: None,
                };
                for a in &c.tenant_assignments {
                    let _ = store::access::insert(tx, target, a)?;
                }
            }
            for o in &portfolio.orders {
                store::reservations::upsert_order(tx, &o.order)?;
                let target = store::access::Target {
                    tenant_id: o.order.tenant_id.as_str(),
                    order_id: Some(o.order.id.as_str()),
                    reservation_id: o.reservations.first().map(|(r, _)| r.id.as_str()),
                };
                for a in &o.assignments {
                    let _ = store::access::insert(tx, target, a)?;
                }
                for (r, profile) in &o.reservations {
                    let key = store::reservations::upsert(tx, &o.order, r)?;
                    let days = demo::usage_days(&o.order, r, profile, opts.days, opts.today);
                    store::utilization::upsert_days(tx, key, &days)?;
                    store::utilization::set_aggregates(tx, key, &aggregates(&days))?;
                    summary.reservations += 1;
                    summary.utilization_days += u32::try_from(days.len()).unwrap_or(u32::MAX);
                    if summary.reservations.is_multiple_of(500)
                        || u64::from(summary.reservations) == total
                    {
                        progress(&Progress {
                            done: u64::from(summary.reservations),
                            total,
                            stage: "writing reservations and utilization",
                        });
                    }
                }
            }
            let after = serde_json::to_string(&summary).unwrap_or_default();
            store::audit::record(tx, &now, "demo.load", "store", None, Some(&after))?;
            Ok(summary)
        })
    }

    /// Customers matching `query` (name, domain or tenant ID), with their figures on `today`.
    pub fn customers(
        &self,
        query: Option<&str>,
        today: NaiveDate,
    ) -> Result<Vec<CustomerSummary>, DeskError> {
        self.snapshot()?.customer_summaries(query, today)
    }

    /// One customer with its subscriptions.
    pub fn customer(&self, tenant_id: &str, today: NaiveDate) -> Result<CustomerDetail, DeskError> {
        let tenant = parse_tenant(tenant_id)?;
        let s = self.store();
        let row = store::customers::get(s.conn(), &tenant)?.ok_or_else(|| DeskError::NotFound {
            what: "customer",
            id: tenant.to_string(),
        })?;
        let commitments: Vec<Commitment> =
            store::reservations::commitments(s.conn(), Some(&tenant))?
                .iter()
                .map(|c| Commitment {
                    state: c.state,
                    expiry_date: c.expiry_date,
                    price: c.price,
                    price_usd: c.price_usd,
                })
                .collect();
        let subscriptions = store::customers::subscriptions(s.conn(), &tenant)?
            .into_iter()
            .map(|sub| SubscriptionView {
                id: sub.id.to_string(),
                display_name: sub.display_name,
                state: sub.state,
            })
            .collect();
        Ok(CustomerDetail {
            customer: summarize(row, &commitments, today),
            subscriptions,
        })
    }

    /// Reservations, optionally of one customer and/or active and expiring within `days` of `today`.
    pub fn reservations(
        &self,
        customer: Option<&str>,
        expiring_within: Option<u32>,
        today: NaiveDate,
    ) -> Result<Vec<ReservationView>, DeskError> {
        let customer = customer.map(parse_tenant).transpose()?;
        let s = self.store();
        if let Some(t) = &customer {
            if store::customers::get(s.conn(), t)?.is_none() {
                return Err(DeskError::NotFound {
                    what: "customer",
                    id: t.to_string(),
                });
            }
        }
        let filter = Filter {
            customer,
            expiring_between: expiring_within.map(|d| {
                (
                    today,
                    today
                        .checked_add_days(Days::new(u64::from(d)))
                        .unwrap_or(NaiveDate::MAX),
                )
            }),
        };
        let records = store::reservations::list(s.conn(), &filter)?;
        Ok(records.iter().map(|r| reservation_view(r, today)).collect())
    }

    /// One reservation, by ID (a bare GUID or a full ARM ID).
    pub fn reservation(&self, id: &str, today: NaiveDate) -> Result<ReservationView, DeskError> {
        let id = ReservationId::parse_lenient(id)?;
        let s = self.store();
        let record =
            store::reservations::get(s.conn(), &id)?.ok_or_else(|| DeskError::NotFound {
                what: "reservation",
                id: id.to_string(),
            })?;
        let policy = quotes::policy_on(&s, today)?;
        let exchanged = store::ledger::exchanges_since(
            s.conn(),
            record.reservation.id.as_str(),
            policy.cutover(),
        )?;
        let right = crate::domain::exchange_right::exchange_right(
            &policy,
            record.reservation.resource_type,
            record.order.purchase_date,
            exchanged,
            today,
        );
        let mut view = reservation_view(&record, today);
        view.exchange_right = Some(dto::ExchangeRightView {
            state: right.state,
            until: right.until,
            days_left: right.until.map(|u| days_left(u, today)),
            cutover: right.cutover,
            note: right.note(today),
        });
        Ok(view)
    }

    /// A reservation's daily utilization, oldest first.
    pub fn utilization(&self, id: &str) -> Result<Vec<UtilizationPoint>, DeskError> {
        let id = ReservationId::parse_lenient(id)?;
        let s = self.store();
        if store::reservations::get(s.conn(), &id)?.is_none() {
            return Err(DeskError::NotFound {
                what: "reservation",
                id: id.to_string(),
            });
        }
        Ok(store::utilization::series(s.conn(), &id)?
            .into_iter()
            .map(|d| UtilizationPoint {
                date: d.date,
                reserved_hours: d.reserved_hours.normalize().to_string(),
                used_hours: d.used_hours.normalize().to_string(),
                percent: percent_text(d.percent()),
            })
            .collect())
    }

    /// Runs SQLite's own consistency check; `Ok(true)` when the file is sound.
    pub fn integrity_ok(&self) -> Result<bool, DeskError> {
        Ok(self.store().integrity_ok()?)
    }
}

fn is_active(state: ProvisioningState) -> bool {
    state == ProvisioningState::Succeeded
}

/// The figures of one reservation a customer summary adds up.
#[derive(Debug, Clone, Copy)]
struct Commitment {
    state: ProvisioningState,
    expiry_date: NaiveDate,
    price: Option<Decimal>,
    price_usd: Option<Decimal>,
}

impl From<&crate::domain::review::ReviewRow> for Commitment {
    fn from(r: &crate::domain::review::ReviewRow) -> Self {
        Self {
            state: r.state,
            expiry_date: r.expiry_date,
            price: r.price.map(|p| p.amount),
            price_usd: r.price_usd,
        }
    }
}

fn summarize(
    row: store::customers::CustomerRow,
    reservations: &[Commitment],
    today: NaiveDate,
) -> CustomerSummary {
    let currency: Currency = row.customer.billing_currency;
    let mut total = Decimal::ZERO;
    let mut total_usd = Decimal::ZERO;
    let mut active = 0u32;
    let mut without_price = 0u32;
    let mut nearest: Option<NaiveDate> = None;
    for r in reservations {
        if !is_active(r.state) || r.expiry_date < today {
            continue;
        }
        active += 1;
        // An unknown price adds nothing: the total is of the known ones, the others counted.
        match (r.price, r.price_usd) {
            (Some(p), Some(usd)) => {
                total += p;
                total_usd += usd;
            }
            _ => without_price += 1,
        }
        nearest = Some(nearest.map_or(r.expiry_date, |n| n.min(r.expiry_date)));
    }
    CustomerSummary {
        tenant_id: row.customer.tenant_id.to_string(),
        name: row.customer.name,
        primary_domain: row.customer.primary_domain,
        billing_currency: currency.to_string(),
        country: row.customer.country,
        subscription_count: row.subscription_count,
        reservation_count: u32::try_from(reservations.len()).unwrap_or(u32::MAX),
        active_reservation_count: active,
        nearest_expiry: nearest,
        nearest_expiry_days_left: nearest.map(|n| days_left(n, today)),
        total_commitment: MoneyView::from(Money::new(total, currency)),
        total_commitment_usd: MoneyView::from(Money::new(total_usd, Currency::USD)),
        reservations_without_price: without_price,
    }
}

/// The portal page of a reservation, in the customer's tenant.
pub fn portal_url(tenant: &TenantId, order: &str, reservation: &str) -> String {
    format!(
        "https://portal.azure.com/#@{tenant}/resource/providers/Microsoft.Capacity/reservationOrders/{order}/reservations/{reservation}/overview"
    )
}

fn reservation_view(rec: &ReservationRecord, today: NaiveDate) -> ReservationView {
    let r = &rec.reservation;
    let o = &rec.order;
    ReservationView {
        id: r.id.to_string(),
        order_id: r.order_id.to_string(),
        customer_id: o.tenant_id.to_string(),
        customer_name: rec.customer_name.clone(),
        display_name: r.display_name.clone(),
        resource_type: r.resource_type,
        resource_type_label: r.resource_type.label().to_string(),
        sku: r.sku.clone(),
        region: r.region.clone(),
        quantity: r.quantity,
        term: o.term,
        billing_plan: o.billing_plan,
        purchase_date: o.purchase_date,
        benefit_start: o.benefit_start,
        expiry_date: o.expiry_date,
        days_left: days_left(o.expiry_date, today),
        scope_type: r.scope.scope_type(),
        scope_target: r.scope.target(),
        scope_description: r.scope.describe(),
        billing_subscription_id: r.billing_subscription_id.to_string(),
        instance_flexibility: r.instance_flexibility,
        renew: r.renew,
        provisioning_state: r.provisioning_state,
        status: status_on(r.provisioning_state, o.expiry_date, today),
        utilization_1d: percent_text(rec.utilization.d1),
        utilization_7d: percent_text(rec.utilization.d7),
        utilization_30d: percent_text(rec.utilization.d30),
        utilization_as_of: rec.utilization.as_of,
        price: rec.price.map(MoneyView::from),
        price_usd: rec.price_usd.map(MoneyView::from),
        portal_url: portal_url(&o.tenant_id, o.id.as_str(), r.id.as_str()),
        exchange_right: None,
    }
}
