//! Portfolio review use cases: dashboard, the lists behind its figures, the triage queue, the
//! expiry calendar and the review thresholds. They all read one cached snapshot of the store
//! (one row per reservation, ledgers, customers), rebuilt only when the file changes, so a view
//! never rescans utilization or the whole store.

use super::dto::{CustomerSummary, MoneyView, ReservationSummary};
use super::{summarize, Commitment, Desk, DeskError};
use crate::domain::ids::TenantId;
use crate::domain::money::{Currency, Money};
use crate::domain::policy::Policy;
use crate::domain::refund::{limit_status, LedgerEntry};
use crate::domain::reservation::ResourceType;
use crate::domain::review::{
    self, cents, CalendarFilter, Dashboard, Headroom, ReviewFilter, ReviewRow, ReviewSettings,
    Thresholds, TriageAction, TriageKind,
};
use crate::store::{self, customers::CustomerRow, review::Hidden};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

/// The settings key of the review thresholds.
const SETTINGS_KEY: &str = "review";
/// The longest reason a hidden triage item keeps.
pub const MAX_HIDE_REASON: usize = 500;
/// The longest range the calendar returns at once, in days.
pub const MAX_CALENDAR_DAYS: i64 = 800;

/// What the review reads from the store, loaded once per change of its content.
#[derive(Debug)]
pub(super) struct Base {
    /// One row per reservation.
    pub rows: Vec<ReviewRow>,
    /// Customers, by name (the customer list's order).
    pub customers: Vec<CustomerRow>,
    /// `customers[i]`'s rows, as indices into `rows`.
    pub rows_of: Vec<Vec<usize>>,
    /// Lowercased name, domain and tenant ID per customer, for search.
    search_text: Vec<String>,
    /// Refund ledgers by tenant.
    pub ledgers: HashMap<String, Vec<LedgerEntry>>,
    /// Every dated policy value.
    pub policy_values: Vec<crate::domain::policy::PolicyValue>,
}

/// A figure worked out once per review day and kept while the snapshot lasts.
type Memo<T> = Mutex<Option<(NaiveDate, Arc<T>)>>;

fn memo<T>(
    slot: &Memo<T>,
    today: NaiveDate,
    make: impl FnOnce() -> Result<T, DeskError>,
) -> Result<Arc<T>, DeskError> {
    let mut held = slot.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((day, value)) = held.as_ref() {
        if *day == today {
            return Ok(Arc::clone(value));
        }
    }
    let value = Arc::new(make()?);
    *held = Some((today, Arc::clone(&value)));
    Ok(value)
}

/// The review's view of the store at one stamp: the base data, the user's hidden items and
/// thresholds, and the figures derived from them (worked out on first use).
#[derive(Debug)]
pub(super) struct Snapshot {
    stamp: (u64, i64),
    /// What was read from the store.
    pub base: Arc<Base>,
    /// Hidden triage items by key.
    pub hidden: HashMap<String, Hidden>,
    /// Review thresholds.
    pub settings: ReviewSettings,
    dashboard: Arc<Memo<Dashboard>>,
    summaries: Arc<Memo<Vec<CustomerSummary>>>,
    /// The triage queue without hidden marks (they are applied per request).
    queue: Arc<Memo<Vec<TriageItemView>>>,
}

impl Snapshot {
    fn thresholds(&self) -> Result<Thresholds, DeskError> {
        Ok(self.settings.thresholds()?)
    }

    fn policy(&self, on: NaiveDate) -> Result<Policy, DeskError> {
        Ok(Policy::in_force(&self.base.policy_values, on)?)
    }

    fn headroom(&self, on: NaiveDate) -> Result<Vec<Headroom>, DeskError> {
        let policy = self.policy(on)?;
        Ok(self
            .base
            .customers
            .iter()
            .map(|c| {
                let id = c.customer.tenant_id.as_str();
                let ledger = self.base.ledgers.get(id).map(Vec::as_slice).unwrap_or(&[]);
                let s = limit_status(ledger, on, &policy);
                Headroom {
                    tenant_id: id.to_string(),
                    name: c.customer.name.clone(),
                    limit_usd: s.limit_usd,
                    used_usd: s.used_usd,
                    available_usd: s.available_usd,
                }
            })
            .collect())
    }

    /// Every customer's summary on `today` (worked out once per day and snapshot).
    fn all_summaries(&self, today: NaiveDate) -> Result<Arc<Vec<CustomerSummary>>, DeskError> {
        memo(&self.summaries, today, || {
            let b = &self.base;
            Ok(b.customers
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let rows: Vec<Commitment> = b.rows_of[i]
                        .iter()
                        .map(|k| Commitment::from(&b.rows[*k]))
                        .collect();
                    summarize(c.clone(), &rows, today)
                })
                .collect())
        })
    }

    /// Summaries of the customers whose name, domain or tenant ID contains `query`.
    pub fn customer_summaries(
        &self,
        query: Option<&str>,
        today: NaiveDate,
    ) -> Result<Vec<CustomerSummary>, DeskError> {
        let all = self.all_summaries(today)?;
        let needle = query
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(str::to_lowercase);
        Ok(match needle {
            None => all.as_ref().clone(),
            Some(n) => all
                .iter()
                .zip(&self.base.search_text)
                .filter(|(_, text)| text.contains(&n))
                .map(|(c, _)| c.clone())
                .collect(),
        })
    }

    /// This snapshot with other hidden items or thresholds, sharing what did not change: the
    /// base always; the dashboard and summaries when the thresholds stay; the queue too.
    fn with(
        &self,
        stamp: (u64, i64),
        hidden: HashMap<String, Hidden>,
        settings: ReviewSettings,
    ) -> Self {
        let same_thresholds = settings == self.settings;
        Self {
            stamp,
            base: Arc::clone(&self.base),
            hidden,
            dashboard: if same_thresholds {
                Arc::clone(&self.dashboard)
            } else {
                Arc::default()
            },
            summaries: Arc::clone(&self.summaries),
            queue: if same_thresholds {
                Arc::clone(&self.queue)
            } else {
                Arc::default()
            },
            settings,
        }
    }
}

/// A reservation in a review list (compact: the lists can hold tens of thousands).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReviewItemView {
    /// Reservation ID.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Customer tenant ID.
    pub customer_id: String,
    /// Customer name.
    pub customer_name: String,
    /// Type, SKU, region, quantity, scope, status, renewal, expiry and utilization (flattened:
    /// their keys sit at this level).
    #[serde(flatten)]
    pub summary: ReservationSummary,
    /// Commitment over the term, billing currency; null when no file gave the price.
    pub price: Option<MoneyView>,
    /// The same in USD (two decimals), one currency to compare across customers; null likewise.
    pub price_usd: Option<String>,
    /// Unused commitment over the last 30 days, USD (two decimals); null when the price is unknown.
    pub unused_usd: Option<String>,
    /// Lost its renewal in a split or merge.
    pub renewal_lost: bool,
}

fn item_view(r: &ReviewRow, today: NaiveDate) -> ReviewItemView {
    ReviewItemView {
        id: r.reservation_id.clone(),
        name: r.display_name.clone(),
        customer_id: r.tenant_id.clone(),
        customer_name: r.customer_name.clone(),
        summary: ReservationSummary::of(r, today),
        price: r.price.map(MoneyView::from),
        price_usd: r.price_usd.map(cents),
        unused_usd: r.unused_usd().map(cents),
        renewal_lost: r.renewal_lost,
    }
}

/// The first rows of a review list and how many it has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReviewPage {
    /// Reservations in the whole list.
    pub total: u32,
    /// The rows asked for, in the list's order.
    pub items: Vec<ReviewItemView>,
}

/// Why an item was hidden.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct HiddenView {
    /// The reason the user gave.
    pub reason: String,
    /// When (UTC, RFC 3339).
    pub hidden_at: String,
}

/// One decision in the triage queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TriageItemView {
    /// Stable key `kind:reservation_id`, used to hide and show it.
    pub key: String,
    /// Why it is here.
    pub kind: TriageKind,
    /// What to do.
    pub action: TriageAction,
    /// The reservation.
    pub reservation: ReviewItemView,
    /// What a refund would cancel today, USD (before any fee); null when the price is unknown.
    pub remaining_usd: Option<String>,
    /// The customer's refund headroom today, USD.
    pub headroom_usd: String,
    /// Set when the user hid it.
    pub hidden: Option<HiddenView>,
}

/// The triage queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TriageView {
    /// The review day.
    pub as_of: NaiveDate,
    /// Items to decide, most urgent first (hidden ones only when asked for), from `offset`.
    pub items: Vec<TriageItemView>,
    /// Position of the first item in the whole queue.
    pub offset: u32,
    /// Items in the whole queue (hidden ones only when asked for).
    pub total: u32,
    /// How many items are hidden.
    pub hidden_count: u32,
    /// Items in the queue by kind (hidden ones only when asked for).
    pub by_kind: TriageCounts,
}

/// Queue items by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TriageCounts {
    /// Idle.
    pub idle: u32,
    /// Under-used.
    pub under_used: u32,
    /// Expiring without renewal.
    pub expiring_without_renewal: u32,
    /// Renewal lost in a split or merge.
    pub renewal_lost: u32,
    /// Renews within 90 days into a reservation that can never be exchanged.
    pub renews_not_exchangeable: u32,
}

/// Which part of the triage queue to return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TriagePage {
    /// Include hidden items (marked).
    pub include_hidden: bool,
    /// Skip this many items.
    pub offset: u32,
    /// At most this many items (`None`: all).
    pub limit: Option<u32>,
}

impl TriagePage {
    /// The whole queue without hidden items.
    pub const ALL: Self = Self {
        include_hidden: false,
        offset: 0,
        limit: None,
    };
}

/// An expiry in the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CalendarEntryView {
    /// Expiry date.
    pub date: NaiveDate,
    /// The reservation.
    pub reservation: ReviewItemView,
}

/// The calendar's data for a range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CalendarView {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// Expiries in the range, by date.
    pub entries: Vec<CalendarEntryView>,
    /// The types present in the portfolio, for the filter.
    pub resource_types: Vec<ResourceType>,
    /// The regions present in the portfolio, for the filter.
    pub regions: Vec<String>,
}

impl Desk {
    /// The review snapshot, rebuilt when the store changed since the last one.
    pub(super) fn snapshot(&self) -> Result<Arc<Snapshot>, DeskError> {
        let s = self.store();
        let stamp = s.stamp()?;
        let mut cache = self.review.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(snap) = cache.as_ref().filter(|c| c.stamp == stamp) {
            return Ok(Arc::clone(snap));
        }
        let conn = s.conn();
        let rows = store::review::rows(conn)?;
        let customers = store::customers::list(conn, None)?;
        let index: HashMap<&str, usize> = customers
            .iter()
            .enumerate()
            .map(|(i, c)| (c.customer.tenant_id.as_str(), i))
            .collect();
        let mut rows_of = vec![Vec::new(); customers.len()];
        for (k, r) in rows.iter().enumerate() {
            if let Some(i) = index.get(r.tenant_id.as_str()) {
                rows_of[*i].push(k);
            }
        }
        let search_text = customers
            .iter()
            .map(|c| {
                format!(
                    "{}\u{1f}{}\u{1f}{}",
                    c.customer.name, c.customer.primary_domain, c.customer.tenant_id
                )
                .to_lowercase()
            })
            .collect();
        let snap = Arc::new(Snapshot {
            stamp,
            base: Arc::new(Base {
                rows,
                customers,
                rows_of,
                search_text,
                ledgers: store::review::ledgers(conn)?,
                policy_values: store::policy::list(conn)?,
            }),
            hidden: store::review::hidden(conn)?,
            settings: read_settings(conn)?,
            dashboard: Arc::default(),
            summaries: Arc::default(),
            queue: Arc::default(),
        });
        *cache = Some(Arc::clone(&snap));
        Ok(snap)
    }

    /// Runs a small write of the review's own state (hidden items, thresholds) and updates the
    /// cached snapshot in place instead of rereading the whole store, when nothing else wrote in
    /// between (the stamp moved by exactly this one write).
    fn write_review_state<T>(
        &self,
        write: impl FnOnce(&store::Tx<'_>) -> Result<T, DeskError>,
    ) -> Result<T, DeskError> {
        let mut s = self.store();
        let before = s.stamp()?;
        let value = s.write(write)?;
        let after = s.stamp()?;
        let mut cache = self.review.lock().unwrap_or_else(|e| e.into_inner());
        let current = cache.as_ref().filter(|c| c.stamp == before).cloned();
        *cache = match current {
            Some(snap) if after == (before.0 + 1, before.1) => Some(Arc::new(snap.with(
                after,
                store::review::hidden(s.conn())?,
                read_settings(s.conn())?,
            ))),
            _ => None,
        };
        Ok(value)
    }

    /// The portfolio dashboard on `today`.
    pub fn dashboard(&self, today: NaiveDate) -> Result<Dashboard, DeskError> {
        let snap = self.snapshot()?;
        let board = memo(&snap.dashboard, today, || {
            Ok(review::dashboard(
                &snap.base.rows,
                &snap.headroom(today)?,
                today,
                &snap.thresholds()?,
            ))
        })?;
        Ok(board.as_ref().clone())
    }

    /// The reservations behind a dashboard figure, in the order the figure implies (unused money
    /// first for under-use, soonest expiry first otherwise): the first `limit` of them (all when
    /// `None`) and how many there are.
    pub fn review_list(
        &self,
        filter: &ReviewFilter,
        today: NaiveDate,
        limit: Option<u32>,
    ) -> Result<ReviewPage, DeskError> {
        let snap = self.snapshot()?;
        let t = snap.thresholds()?;
        let mut rows: Vec<&ReviewRow> = snap
            .base
            .rows
            .iter()
            .filter(|r| filter.matches(r, today, &t))
            .collect();
        match filter {
            ReviewFilter::UnderUtilized | ReviewFilter::CustomerUnderUtilized { .. } => {
                let mut keyed: Vec<(rust_decimal::Decimal, &ReviewRow)> = rows
                    .iter()
                    .map(|r| (r.unused_usd().unwrap_or_default(), *r))
                    .collect();
                keyed.sort_by(|a, b| {
                    b.0.cmp(&a.0)
                        .then_with(|| a.1.reservation_id.cmp(&b.1.reservation_id))
                });
                rows = keyed.into_iter().map(|(_, r)| r).collect();
            }
            ReviewFilter::RecentlyExpired => rows.sort_by(|a, b| {
                b.expiry_date
                    .cmp(&a.expiry_date)
                    .then_with(|| a.reservation_id.cmp(&b.reservation_id))
            }),
            _ => rows.sort_by(|a, b| {
                a.expiry_date
                    .cmp(&b.expiry_date)
                    .then_with(|| a.reservation_id.cmp(&b.reservation_id))
            }),
        }
        let total = u32::try_from(rows.len()).unwrap_or(u32::MAX);
        let take = limit.map_or(usize::MAX, |l| usize::try_from(l).unwrap_or(usize::MAX));
        Ok(ReviewPage {
            total,
            items: rows
                .into_iter()
                .take(take)
                .map(|r| item_view(r, today))
                .collect(),
        })
    }

    /// The triage queue on `today`: the page asked for, with counts over the whole queue.
    pub fn triage(&self, today: NaiveDate, page: TriagePage) -> Result<TriageView, DeskError> {
        let snap = self.snapshot()?;
        let queue = memo(&snap.queue, today, || {
            let t = snap.thresholds()?;
            let policy = snap.policy(today)?;
            let headroom: HashMap<String, rust_decimal::Decimal> = snap
                .headroom(today)?
                .into_iter()
                .map(|h| (h.tenant_id, h.available_usd))
                .collect();
            let available = |tenant: &str| headroom.get(tenant).copied();
            let refundable = |ty: ResourceType| policy.is_refundable(ty);
            let cutover = policy.cutover();
            let not_exchangeable_from =
                |ty: ResourceType| policy.is_savings_plan_covered(ty).then_some(cutover);
            Ok(review::triage(
                &snap.base.rows,
                today,
                &t,
                &available,
                &refundable,
                &not_exchangeable_from,
            )
            .into_iter()
            .map(|c| TriageItemView {
                headroom_usd: cents(available(&c.row.tenant_id).unwrap_or_default()),
                key: c.key,
                kind: c.kind,
                action: c.action,
                reservation: item_view(c.row, today),
                remaining_usd: c.remaining_usd.map(cents),
                hidden: None,
            })
            .collect())
        })?;
        let mut hidden_count = 0u32;
        let mut by_kind = TriageCounts::default();
        let mut total = 0u32;
        let offset = usize::try_from(page.offset).unwrap_or(usize::MAX);
        let limit = page
            .limit
            .map_or(usize::MAX, |l| usize::try_from(l).unwrap_or(usize::MAX));
        let mut items = Vec::new();
        for item in queue.iter() {
            let hidden = snap.hidden.get(&item.key);
            if hidden.is_some() {
                hidden_count += 1;
                if !page.include_hidden {
                    continue;
                }
            }
            let n = match item.kind {
                TriageKind::Idle => &mut by_kind.idle,
                TriageKind::UnderUsed => &mut by_kind.under_used,
                TriageKind::ExpiringWithoutRenewal => &mut by_kind.expiring_without_renewal,
                TriageKind::RenewalLost => &mut by_kind.renewal_lost,
                TriageKind::RenewsNotExchangeable => &mut by_kind.renews_not_exchangeable,
            };
            *n += 1;
            let position = usize::try_from(total).unwrap_or(usize::MAX);
            total += 1;
            if position >= offset && items.len() < limit {
                let mut item = item.clone();
                item.hidden = hidden.map(|h| HiddenView {
                    reason: h.reason.clone(),
                    hidden_at: h.hidden_at.clone(),
                });
                items.push(item);
            }
        }
        Ok(TriageView {
            as_of: today,
            items,
            offset: page.offset,
            total,
            hidden_count,
            by_kind,
        })
    }

    /// Hides a triage item with the user's reason; the audit log records it.
    pub fn hide_triage_item(&self, key: &str, reason: &str) -> Result<(), DeskError> {
        let reason = reason.trim();
        if reason.is_empty() || reason.chars().count() > MAX_HIDE_REASON {
            return Err(crate::domain::InvalidValue::new(
                "reason",
                "say in 1 to 500 characters why this item needs no decision",
                reason,
            )
            .into());
        }
        let (kind, id) = key.split_once(':').ok_or_else(|| {
            crate::domain::InvalidValue::new("key", "expected kind:reservation_id", key)
        })?;
        let kind = TriageKind::ALL
            .into_iter()
            .find(|k| k.as_str() == kind)
            .ok_or_else(|| crate::domain::InvalidValue::new("key", "unknown triage kind", key))?;
        let id = crate::domain::ids::ReservationId::parse_lenient(id)?;
        if store::reservations::get(self.store().conn(), &id)?.is_none() {
            return Err(DeskError::NotFound {
                what: "reservation",
                id: id.to_string(),
            });
        }
        let h = Hidden {
            key: review::triage_key(kind, id.as_str()),
            reservation_id: id.to_string(),
            reason: reason.to_string(),
            hidden_at: self.clock.stamp(),
        };
        self.write_review_state(|tx| {
            store::review::hide(tx, &h)?;
            let after = serde_json::json!({"key": h.key, "reservation_id": h.reservation_id, "reason": h.reason});
            store::audit::record(tx, &h.hidden_at, "triage.hide", &h.key, None, Some(&after.to_string()))?;
            Ok(())
        })
    }

    /// Shows a hidden triage item again; the audit log records it.
    pub fn unhide_triage_item(&self, key: &str) -> Result<(), DeskError> {
        let key = key.trim().to_ascii_lowercase();
        self.write_review_state(|tx| {
            let before = store::review::unhide(tx, &key)?.ok_or_else(|| DeskError::NotFound {
                what: "hidden triage item",
                id: key.clone(),
            })?;
            let before = serde_json::json!({"key": before.key, "reservation_id": before.reservation_id, "reason": before.reason, "hidden_at": before.hidden_at});
            store::audit::record(tx, &self.clock.stamp(), "triage.unhide", &key, Some(&before.to_string()), None)?;
            Ok(())
        })
    }

    /// Expiries from `from` to `to` passing `filter`, with the types and regions to filter by.
    pub fn calendar(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        filter: &CalendarFilter,
        today: NaiveDate,
    ) -> Result<CalendarView, DeskError> {
        if to < from || (to - from).num_days() > MAX_CALENDAR_DAYS {
            return Err(crate::domain::InvalidValue::new(
                "to",
                "expected a range of 0 to 800 days after `from`",
                &to.to_string(),
            )
            .into());
        }
        if let Some(c) = &filter.customer {
            TenantId::parse(c)?;
        }
        let snap = self.snapshot()?;
        let rows = &snap.base.rows;
        let entries = review::expiries(rows, from, to, filter)
            .into_iter()
            .map(|r| CalendarEntryView {
                date: r.expiry_date,
                reservation: item_view(r, today),
            })
            .collect();
        let types: BTreeSet<&str> = rows.iter().map(|r| r.resource_type.as_str()).collect();
        let regions: BTreeSet<String> = rows.iter().map(|r| r.region.to_lowercase()).collect();
        Ok(CalendarView {
            from,
            to,
            entries,
            resource_types: types
                .into_iter()
                .filter_map(|t| ResourceType::parse(t).ok())
                .collect(),
            regions: regions.into_iter().collect(),
        })
    }

    /// The review thresholds.
    pub fn review_settings(&self) -> Result<ReviewSettings, DeskError> {
        Ok(self.snapshot()?.settings.clone())
    }

    /// Changes the review thresholds (checked first); the audit log records the change.
    pub fn set_review_settings(
        &self,
        settings: &ReviewSettings,
    ) -> Result<ReviewSettings, DeskError> {
        let t = settings.thresholds()?;
        let clean = ReviewSettings {
            underuse_threshold_percent: t.underuse.normalize().to_string(),
            idle_below_percent: t.idle.normalize().to_string(),
            low_headroom_usd: t.low_headroom_usd.normalize().to_string(),
        };
        let json = serde_json::to_string(&clean).map_err(|e| {
            crate::domain::InvalidValue::new("settings", "could not be written", &e.to_string())
        })?;
        self.write_review_state(|tx| {
            let before = store::settings::get(tx, SETTINGS_KEY)?;
            store::settings::set(tx, SETTINGS_KEY, &json)?;
            store::audit::record(
                tx,
                &self.clock.stamp(),
                "settings.review",
                SETTINGS_KEY,
                before.as_deref(),
                Some(&json),
            )?;
            Ok(())
        })?;
        Ok(clean)
    }
}

fn read_settings(conn: &store::Conn) -> Result<ReviewSettings, DeskError> {
    Ok(match store::settings::get(conn, SETTINGS_KEY)? {
        Some(json) => serde_json::from_str(&json).unwrap_or_default(),
        None => ReviewSettings::default(),
    })
}

/// Money in USD as the wire shows it.
pub fn usd(d: rust_decimal::Decimal) -> MoneyView {
    MoneyView::from(Money::new(d, Currency::USD))
}
