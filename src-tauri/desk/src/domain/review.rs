//! Portfolio review rules: the dashboard's figures, the triage queue's suggestions and the
//! expiry calendar, computed from one row per reservation. Pure: the caller loads the rows and
//! passes today's date, the thresholds and each customer's refund headroom.

use super::money::Money;
use super::reservation::{days_left, status_on, ProvisioningState, ResourceType, Status};
use super::scope::ScopeType;
use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// The days of utilization the unused commitment is measured over.
pub const UNUSED_PERIOD_DAYS: u32 = 30;
/// "Recently expired" looks back this many days.
pub const RECENTLY_EXPIRED_DAYS: u32 = 30;
/// The windows of the expiring counts.
pub const EXPIRY_WINDOWS: [u32; 3] = [30, 60, 90];
/// How many customers the "unused commitment by customer" chart shows.
pub const TOP_CUSTOMERS: usize = 10;

/// One reservation as the review sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewRow {
    /// Reservation ID.
    pub reservation_id: String,
    /// Reservation order ID.
    pub order_id: String,
    /// Owning customer's tenant ID.
    pub tenant_id: String,
    /// Owning customer's name.
    pub customer_name: String,
    /// Display name.
    pub display_name: String,
    /// Reserved resource type.
    pub resource_type: ResourceType,
    /// SKU.
    pub sku: String,
    /// Region.
    pub region: String,
    /// Quantity.
    pub quantity: u32,
    /// Scope type.
    pub scope_type: ScopeType,
    /// Stored lifecycle state.
    pub state: ProvisioningState,
    /// Auto-renew.
    pub renew: bool,
    /// Benefit start.
    pub benefit_start: NaiveDate,
    /// Expiry date.
    pub expiry_date: NaiveDate,
    /// Commitment over the whole term, in the billing currency; `None` when no imported file
    /// gave the order's price (never counted as 0).
    pub price: Option<Money>,
    /// The same in USD.
    pub price_usd: Option<Decimal>,
    /// 7-day average utilization, percent.
    pub util_7d: Option<Decimal>,
    /// 30-day average utilization, percent.
    pub util_30d: Option<Decimal>,
    /// It came from a split or merge of a reservation set to renew, and does not renew itself.
    pub renewal_lost: bool,
}

impl ReviewRow {
    /// Running on `today`: succeeded and not past its expiry date.
    pub fn is_active(&self, today: NaiveDate) -> bool {
        self.state == ProvisioningState::Succeeded && self.expiry_date >= today
    }

    /// Days from `today` to the expiry (negative once expired).
    pub fn days_left(&self, today: NaiveDate) -> i64 {
        days_left(self.expiry_date, today)
    }

    /// The status chip on `today`.
    pub fn status(&self, today: NaiveDate) -> Status {
        status_on(self.state, self.expiry_date, today)
    }

    /// Term length in days, from the actual dates (at least 1).
    pub fn term_days(&self) -> i64 {
        days_left(self.expiry_date, self.benefit_start).max(1)
    }

    /// Both the 7-day and the 30-day average are known and below `threshold` percent.
    pub fn is_under_utilized(&self, today: NaiveDate, threshold: Decimal) -> bool {
        self.is_active(today)
            && matches!((self.util_7d, self.util_30d), (Some(a), Some(b)) if a < threshold && b < threshold)
    }

    /// The unused share of the commitment over the last [`UNUSED_PERIOD_DAYS`], in the unit of
    /// `price`: `price × period ÷ term days × (100 − 30-day %) ÷ 100`. Zero when the
    /// utilization is unknown.
    fn unused_of(&self, price: Decimal) -> Decimal {
        let Some(used) = self.util_30d else {
            return Decimal::ZERO;
        };
        let unused_share = (Decimal::ONE_HUNDRED - used.clamp(Decimal::ZERO, Decimal::ONE_HUNDRED))
            / Decimal::ONE_HUNDRED;
        price * Decimal::from(UNUSED_PERIOD_DAYS) / Decimal::from(self.term_days()) * unused_share
    }

    /// Unused commitment over the last 30 days, USD (unrounded); `None` when the price is.
    pub fn unused_usd(&self) -> Option<Decimal> {
        self.price_usd.map(|p| self.unused_of(p))
    }

    /// Unused commitment over the last 30 days, in the billing currency (unrounded); `None`
    /// when the price is unknown.
    pub fn unused_billing(&self) -> Option<Money> {
        self.price
            .map(|p| Money::new(self.unused_of(p.amount), p.currency))
    }

    /// The commitment still ahead on `today`, USD: `price × remaining days ÷ term days`. This is
    /// what a refund would cancel (before the fee), used to see whether it fits the headroom.
    pub fn remaining_usd(&self, today: NaiveDate) -> Option<Decimal> {
        let left = self.days_left(today).clamp(0, self.term_days());
        self.price_usd
            .map(|p| p * Decimal::from(left) / Decimal::from(self.term_days()))
    }
}

/// The thresholds the review applies; editable in Settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReviewSettings {
    /// Under-utilized below this 7- and 30-day average, percent (decimal string).
    pub underuse_threshold_percent: String,
    /// Idle below this 7- and 30-day average, percent (decimal string).
    pub idle_below_percent: String,
    /// A customer's refund headroom is low below this many USD (decimal string).
    pub low_headroom_usd: String,
}

impl Default for ReviewSettings {
    fn default() -> Self {
        Self {
            underuse_threshold_percent: "80".into(),
            idle_below_percent: "10".into(),
            low_headroom_usd: "10000".into(),
        }
    }
}

/// [`ReviewSettings`] checked and parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    /// Under-use threshold, percent.
    pub underuse: Decimal,
    /// Idle threshold, percent.
    pub idle: Decimal,
    /// Low headroom, USD.
    pub low_headroom_usd: Decimal,
}

impl ReviewSettings {
    /// Parses and checks the values: percentages within 0–100 with idle ≤ under-use, and a
    /// headroom amount of at least zero.
    pub fn thresholds(&self) -> Result<Thresholds, super::InvalidValue> {
        let percent = |field: &'static str, raw: &str| -> Result<Decimal, super::InvalidValue> {
            raw.trim()
                .parse::<Decimal>()
                .ok()
                .filter(|d| *d >= Decimal::ZERO && *d <= Decimal::ONE_HUNDRED)
                .ok_or_else(|| {
                    super::InvalidValue::new(field, "expected a percentage from 0 to 100", raw)
                })
        };
        let underuse = percent(
            "underuse_threshold_percent",
            &self.underuse_threshold_percent,
        )?;
        let idle = percent("idle_below_percent", &self.idle_below_percent)?;
        if idle > underuse {
            return Err(super::InvalidValue::new(
                "idle_below_percent",
                "must not be above the under-use threshold",
                &self.idle_below_percent,
            ));
        }
        let low_headroom_usd = self
            .low_headroom_usd
            .trim()
            .parse::<Decimal>()
            .ok()
            .filter(|d| *d >= Decimal::ZERO)
            .ok_or_else(|| {
                super::InvalidValue::new(
                    "low_headroom_usd",
                    "expected an amount of USD, 0 or more",
                    &self.low_headroom_usd,
                )
            })?;
        Ok(Thresholds {
            underuse,
            idle,
            low_headroom_usd,
        })
    }
}

/// A customer's refund headroom on the review day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headroom {
    /// Tenant ID.
    pub tenant_id: String,
    /// Customer name.
    pub name: String,
    /// Limit, USD.
    pub limit_usd: Decimal,
    /// Used in the rolling window, USD.
    pub used_usd: Decimal,
    /// Still available, USD.
    pub available_usd: Decimal,
}

/// Money as a two-decimal string, rounded half away from zero.
pub fn cents(d: Decimal) -> String {
    let mut r = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(2);
    r.to_string()
}

/// Reservation counts expiring within 30, 60 and 90 days (each window includes the shorter ones).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Expiring {
    /// Within 30 days.
    pub d30: u32,
    /// Within 60 days.
    pub d60: u32,
    /// Within 90 days.
    pub d90: u32,
}

/// The under-utilized reservations.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct UnderUtilized {
    /// How many.
    pub count: u32,
    /// Their reservation IDs, the most unused money first.
    pub ids: Vec<String>,
}

/// A customer whose refund headroom is low.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LowHeadroomCustomer {
    /// Tenant ID.
    pub tenant_id: String,
    /// Customer name.
    pub name: String,
    /// Limit, USD.
    pub limit_usd: String,
    /// Refunded in the rolling window, USD.
    pub used_usd: String,
    /// Still available, USD.
    pub available_usd: String,
}

/// A utilization band of the distribution chart: `from ≤ 30-day % < to` (the last band holds 100).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct UtilizationBand {
    /// Lower bound, percent.
    pub from: u32,
    /// Upper bound, percent.
    pub to: u32,
    /// Active reservations in the band.
    pub count: u32,
}

/// Expiries in one calendar month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MonthExpiries {
    /// `YYYY-MM`.
    pub month: String,
    /// Reservations expiring that month.
    pub count: u32,
    /// Of which set to renew.
    pub renewing: u32,
}

/// A customer's unused commitment over the last 30 days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CustomerUnused {
    /// Tenant ID.
    pub tenant_id: String,
    /// Customer name.
    pub name: String,
    /// Unused commitment, USD.
    pub unused_usd: String,
}

/// The dashboard's charts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DashboardCharts {
    /// Active reservations by 30-day utilization, in bands of 10 %.
    pub utilization: Vec<UtilizationBand>,
    /// Active reservations with no utilization data.
    pub no_utilization_data: u32,
    /// Expiries in this month and the next 11.
    pub expiries_by_month: Vec<MonthExpiries>,
    /// The customers with the most unused commitment (under-utilized reservations), up to 10.
    pub unused_by_customer: Vec<CustomerUnused>,
}

/// The portfolio dashboard (the `rdesk dashboard --json` contract).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Dashboard {
    /// The review day.
    pub as_of: NaiveDate,
    /// Active reservations.
    pub active_reservations: u32,
    /// Active reservations whose price no imported file gave: left out of every total below.
    pub reservations_without_price: u32,
    /// Commitment of the active reservations by billing currency (code → decimal string); a
    /// reservation without a known price adds nothing.
    pub commitment_by_currency: BTreeMap<String, String>,
    /// The same, all in USD.
    pub commitment_usd: String,
    /// Active reservations expiring within 30/60/90 days.
    pub expiring: Expiring,
    /// Of those, the ones set to renew.
    pub expiring_renewing: Expiring,
    /// Active reservations whose 7- and 30-day averages are both below the threshold.
    pub under_utilized: UnderUtilized,
    /// The threshold applied, percent.
    pub underuse_threshold_percent: String,
    /// Unused commitment of the under-utilized reservations over the last 30 days, USD:
    /// Σ price × 30 ÷ term days × (100 − 30-day %) ÷ 100.
    pub unused_commitment_usd: String,
    /// Customers whose refund headroom is below `low_headroom_below_usd`, least first.
    pub low_headroom_customers: Vec<LowHeadroomCustomer>,
    /// The low-headroom threshold applied, USD.
    pub low_headroom_below_usd: String,
    /// Reservations that expired within the last 30 days.
    pub recently_expired: u32,
    /// Active reservations that lost their renewal in a split or merge.
    pub renewals_lost: u32,
    /// The charts.
    pub charts: DashboardCharts,
}

fn within(row: &ReviewRow, today: NaiveDate, days: u32) -> bool {
    row.is_active(today) && row.days_left(today) <= i64::from(days)
}

fn recently_expired(row: &ReviewRow, today: NaiveDate) -> bool {
    let left = row.days_left(today);
    let ended = matches!(
        row.state,
        ProvisioningState::Succeeded | ProvisioningState::Expired
    );
    ended && left < 0 && left >= -i64::from(RECENTLY_EXPIRED_DAYS)
}

fn u32_len(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn month_key(d: NaiveDate) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

fn next_month(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(NaiveDate::MAX)
}

/// Computes the dashboard on `today`.
pub fn dashboard(
    rows: &[ReviewRow],
    headroom: &[Headroom],
    today: NaiveDate,
    t: &Thresholds,
) -> Dashboard {
    let mut by_currency: BTreeMap<String, Decimal> = BTreeMap::new();
    let mut commitment_usd = Decimal::ZERO;
    let mut active = 0u32;
    let mut without_price = 0u32;
    let mut expiring = Expiring::default();
    let mut renewing = Expiring::default();
    let mut under: Vec<(&ReviewRow, Decimal)> = Vec::new();
    let mut recently = 0u32;
    let mut lost = 0u32;
    let mut bands = [0u32; 10];
    let mut no_data = 0u32;
    let first_month = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap_or(today);
    let mut months: Vec<(NaiveDate, MonthExpiries)> = Vec::with_capacity(12);
    let mut m = first_month;
    for _ in 0..12 {
        months.push((
            m,
            MonthExpiries {
                month: month_key(m),
                count: 0,
                renewing: 0,
            },
        ));
        m = next_month(m);
    }
    let mut unused_by_customer: HashMap<&str, (&str, Decimal)> = HashMap::new();

    for r in rows {
        if recently_expired(r, today) {
            recently += 1;
        }
        if !r.is_active(today) {
            continue;
        }
        active += 1;
        match (r.price, r.price_usd) {
            (Some(price), Some(usd)) => {
                *by_currency.entry(price.currency.to_string()).or_default() += price.amount;
                commitment_usd += usd;
            }
            _ => without_price += 1,
        }
        let left = r.days_left(today);
        for (days, count, renew_count) in [
            (30, &mut expiring.d30, &mut renewing.d30),
            (60, &mut expiring.d60, &mut renewing.d60),
            (90, &mut expiring.d90, &mut renewing.d90),
        ] {
            if left <= days {
                *count += 1;
                if r.renew {
                    *renew_count += 1;
                }
            }
        }
        if r.renewal_lost && !r.renew {
            lost += 1;
        }
        match r.util_30d {
            Some(u) => {
                let band = (u.clamp(Decimal::ZERO, Decimal::ONE_HUNDRED) / Decimal::TEN)
                    .floor()
                    .to_string()
                    .parse::<usize>()
                    .unwrap_or(0)
                    .min(9);
                bands[band] += 1;
            }
            None => no_data += 1,
        }
        let key = month_key(r.expiry_date);
        if let Some((_, month)) = months.iter_mut().find(|(_, m)| m.month == key) {
            month.count += 1;
            if r.renew {
                month.renewing += 1;
            }
        }
        if r.is_under_utilized(today, t.underuse) {
            // An unknown price adds nothing to the unused total (it is counted apart).
            let unused = r.unused_usd().unwrap_or_default();
            under.push((r, unused));
            unused_by_customer
                .entry(r.tenant_id.as_str())
                .or_insert((r.customer_name.as_str(), Decimal::ZERO))
                .1 += unused;
        }
    }

    under.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| a.0.reservation_id.cmp(&b.0.reservation_id))
    });
    let unused_total: Decimal = under.iter().map(|(_, u)| *u).sum();
    let mut low: Vec<&Headroom> = headroom
        .iter()
        .filter(|h| h.available_usd < t.low_headroom_usd)
        .collect();
    low.sort_by(|a, b| {
        a.available_usd
            .cmp(&b.available_usd)
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    let mut top: Vec<(&str, &str, Decimal)> = unused_by_customer
        .into_iter()
        .map(|(id, (name, u))| (id, name, u))
        .collect();
    top.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(b.0)));
    top.truncate(TOP_CUSTOMERS);

    Dashboard {
        as_of: today,
        active_reservations: active,
        reservations_without_price: without_price,
        commitment_by_currency: by_currency
            .into_iter()
            .map(|(c, a)| (c, cents(a)))
            .collect(),
        commitment_usd: cents(commitment_usd),
        expiring,
        expiring_renewing: renewing,
        under_utilized: UnderUtilized {
            count: u32_len(under.len()),
            ids: under
                .iter()
                .map(|(r, _)| r.reservation_id.clone())
                .collect(),
        },
        underuse_threshold_percent: t.underuse.normalize().to_string(),
        unused_commitment_usd: cents(unused_total),
        low_headroom_customers: low
            .into_iter()
            .map(|h| LowHeadroomCustomer {
                tenant_id: h.tenant_id.clone(),
                name: h.name.clone(),
                limit_usd: cents(h.limit_usd),
                used_usd: cents(h.used_usd),
                available_usd: cents(h.available_usd),
            })
            .collect(),
        low_headroom_below_usd: cents(t.low_headroom_usd),
        recently_expired: recently,
        renewals_lost: lost,
        charts: DashboardCharts {
            utilization: bands
                .iter()
                .enumerate()
                .map(|(i, c)| UtilizationBand {
                    from: u32_len(i) * 10,
                    to: u32_len(i) * 10 + 10,
                    count: *c,
                })
                .collect(),
            no_utilization_data: no_data,
            expiries_by_month: months.into_iter().map(|(_, m)| m).collect(),
            unused_by_customer: top
                .into_iter()
                .map(|(id, name, u)| CustomerUnused {
                    tenant_id: id.to_string(),
                    name: name.to_string(),
                    unused_usd: cents(u),
                })
                .collect(),
        },
    }
}

fn month_start(d: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(d.year(), d.month(), 1).unwrap_or(d)
}

/// The list behind a dashboard figure (what clicking it opens).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReviewFilter {
    /// Every active reservation.
    Active,
    /// Active reservations billed in one currency.
    Currency {
        /// ISO code.
        currency: String,
    },
    /// Active reservations expiring within `days`.
    Expiring {
        /// 30, 60 or 90 (any number of days works).
        days: u32,
    },
    /// Under-utilized reservations, the most unused money first.
    UnderUtilized,
    /// Expired within the last 30 days.
    RecentlyExpired,
    /// Renewals lost in a split or merge.
    RenewalLost,
    /// Active reservations in a 30-day utilization band.
    UtilizationBand {
        /// Lower bound, percent.
        from: u32,
        /// Upper bound, percent.
        to: u32,
    },
    /// Active reservations with no utilization data.
    NoUtilizationData,
    /// Active reservations whose price (or its USD value) no import gave:
    /// the ones the dashboard's totals leave out.
    WithoutPrice,
    /// Active reservations expiring in a month (`YYYY-MM`).
    ExpiryMonth {
        /// `YYYY-MM`.
        month: String,
    },
    /// One customer's under-utilized reservations.
    CustomerUnderUtilized {
        /// Tenant ID.
        tenant_id: String,
    },
}

impl ReviewFilter {
    /// Whether `row` belongs to the list on `today`.
    pub fn matches(&self, row: &ReviewRow, today: NaiveDate, t: &Thresholds) -> bool {
        match self {
            Self::Active => row.is_active(today),
            Self::Currency { currency } => {
                // The list behind a currency's total: reservations with a known price.
                row.is_active(today)
                    && row
                        .price
                        .is_some_and(|p| p.currency.to_string().eq_ignore_ascii_case(currency))
            }
            Self::Expiring { days } => within(row, today, *days),
            Self::UnderUtilized => row.is_under_utilized(today, t.underuse),
            Self::RecentlyExpired => recently_expired(row, today),
            Self::RenewalLost => row.is_active(today) && row.renewal_lost && !row.renew,
            Self::UtilizationBand { from, to } => {
                row.is_active(today)
                    && row.util_30d.is_some_and(|u| {
                        u >= Decimal::from(*from)
                            && (u < Decimal::from(*to) || (*to >= 100 && u <= Decimal::ONE_HUNDRED))
                    })
            }
            Self::NoUtilizationData => row.is_active(today) && row.util_30d.is_none(),
            Self::WithoutPrice => {
                row.is_active(today) && (row.price.is_none() || row.price_usd.is_none())
            }
            Self::ExpiryMonth { month } => {
                row.is_active(today) && month_key(row.expiry_date) == *month
            }
            Self::CustomerUnderUtilized { tenant_id } => {
                row.tenant_id.eq_ignore_ascii_case(tenant_id)
                    && row.is_under_utilized(today, t.underuse)
            }
        }
    }
}

/// Why a reservation is in the triage queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum TriageKind {
    /// 7- and 30-day averages below the idle threshold.
    Idle,
    /// 7- and 30-day averages below the under-use threshold.
    UnderUsed,
    /// Expires within 90 days and is not set to renew.
    ExpiringWithoutRenewal,
    /// Came from a split or merge of a renewing reservation and no longer renews.
    RenewalLost,
    /// Renews within 90 days, on or after the exchange cut-over, into a reservation of a
    /// savings-plan-covered service that can never be exchanged.
    RenewsNotExchangeable,
}

impl TriageKind {
    /// Every kind, in the order the queue weighs them.
    pub const ALL: [TriageKind; 5] = [
        Self::Idle,
        Self::RenewsNotExchangeable,
        Self::UnderUsed,
        Self::ExpiringWithoutRenewal,
        Self::RenewalLost,
    ];

    /// The key prefix, e.g. `idle`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Idle => "idle",
            Self::UnderUsed => "under_used",
            Self::ExpiringWithoutRenewal => "expiring_without_renewal",
            Self::RenewalLost => "renewal_lost",
            Self::RenewsNotExchangeable => "renews_not_exchangeable",
        }
    }
}

/// What the queue suggests doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum TriageAction {
    /// Turn on auto-renew (or renew now).
    Renew,
    /// Exchange for a smaller or different reservation.
    ExchangeDown,
    /// Return it for a prorated refund.
    Refund,
    /// Widen the scope so more subscriptions can use it.
    RightSizeScope,
}

/// One decision to make.
#[derive(Debug, Clone, PartialEq)]
pub struct TriageCandidate<'a> {
    /// `kind:reservation_id`: stable across reloads, so a hidden item stays hidden.
    pub key: String,
    /// Why.
    pub kind: TriageKind,
    /// Suggested action.
    pub action: TriageAction,
    /// The reservation.
    pub row: &'a ReviewRow,
    /// Unused commitment over 30 days, USD; `None` when the price is unknown.
    pub unused_usd: Option<Decimal>,
    /// What a refund would cancel today, USD; `None` when the price is unknown.
    pub remaining_usd: Option<Decimal>,
}

/// Days left (today is 0) within which a reservation is only renewed or let go, never refunded
/// or exchanged by the triage queue.
pub const LAST_DAYS: i64 = 1;

/// The triage key of a reservation's item.
pub fn triage_key(kind: TriageKind, reservation_id: &str) -> String {
    format!("{}:{}", kind.as_str(), reservation_id.to_ascii_lowercase())
}

/// The queue on `today`: at most one item per active reservation, for its most pressing reason
/// (idle, then under-used, then expiring without renewal, then renewal lost). Items expiring
/// within 30 days come first (soonest first), then the rest by unused money, largest first.
///
/// Suggested actions: an idle reservation is refunded when its type is refundable and what a
/// refund cancels fits the customer's headroom, and exchanged otherwise; an under-used one has its
/// scope widened when it is limited to one subscription or resource group, and is exchanged down
/// otherwise; an expiring or renewal-lost one is renewed. A reservation set to renew within 90
/// days, on or after the day from which `not_exchangeable_from` says its type's new reservations
/// can never be exchanged, comes after idle and before under-used: its renewal is to be planned
/// (Renew opens the plan: keep it, change its term or quantity, or turn renewal off).
///
/// On its last two days (expiring today or tomorrow) a reservation's only decision is whether to
/// renew it or let it go: a refund would cancel next to nothing and an exchange would return next
/// to nothing, so it is an expiring item (renew or let go) when it does not renew, and no item
/// when it does.
pub fn triage<'a>(
    rows: &'a [ReviewRow],
    today: NaiveDate,
    t: &Thresholds,
    available_usd: &dyn Fn(&str) -> Option<Decimal>,
    refundable: &dyn Fn(ResourceType) -> bool,
    not_exchangeable_from: &dyn Fn(ResourceType) -> Option<NaiveDate>,
) -> Vec<TriageCandidate<'a>> {
    let mut out = Vec::new();
    for r in rows.iter().filter(|r| r.is_active(today)) {
        let below = |limit: Decimal| matches!((r.util_7d, r.util_30d), (Some(a), Some(b)) if a < limit && b < limit);
        let remaining = r.remaining_usd(today);
        let (kind, action) = if r.days_left(today) <= LAST_DAYS {
            if r.renew {
                continue;
            }
            (TriageKind::ExpiringWithoutRenewal, TriageAction::Renew)
        } else if below(t.idle) {
            let fits = available_usd(&r.tenant_id)
                .zip(remaining)
                .is_some_and(|(a, need)| need <= a);
            let action = if refundable(r.resource_type) && fits {
                TriageAction::Refund
            } else {
                TriageAction::ExchangeDown
            };
            (TriageKind::Idle, action)
        } else if r.renew
            && r.days_left(today) <= i64::from(EXPIRY_WINDOWS[2])
            && not_exchangeable_from(r.resource_type).is_some_and(|from| r.expiry_date >= from)
        {
            (TriageKind::RenewsNotExchangeable, TriageAction::Renew)
        } else if below(t.underuse) {
            let narrow = matches!(r.scope_type, ScopeType::Single | ScopeType::ResourceGroup);
            let action = if narrow {
                TriageAction::RightSizeScope
            } else {
                TriageAction::ExchangeDown
            };
            (TriageKind::UnderUsed, action)
        } else if !r.renew && r.days_left(today) <= i64::from(EXPIRY_WINDOWS[2]) {
            (TriageKind::ExpiringWithoutRenewal, TriageAction::Renew)
        } else if r.renewal_lost && !r.renew {
            (TriageKind::RenewalLost, TriageAction::Renew)
        } else {
            continue;
        };
        out.push(TriageCandidate {
            key: triage_key(kind, &r.reservation_id),
            kind,
            action,
            row: r,
            unused_usd: r.unused_usd(),
            remaining_usd: remaining,
        });
    }
    let urgent = |c: &TriageCandidate<'_>| c.row.days_left(today) <= i64::from(EXPIRY_WINDOWS[0]);
    out.sort_by(|a, b| {
        urgent(b)
            .cmp(&urgent(a))
            .then_with(|| {
                if urgent(a) {
                    a.row.days_left(today).cmp(&b.row.days_left(today))
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .then_with(|| b.unused_usd.cmp(&a.unused_usd))
            .then_with(|| a.row.days_left(today).cmp(&b.row.days_left(today)))
            .then_with(|| a.key.cmp(&b.key))
    });
    out
}

/// Which expiries the calendar shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CalendarFilter {
    /// Only this customer (tenant ID).
    pub customer: Option<String>,
    /// Only this type.
    pub resource_type: Option<ResourceType>,
    /// Only this region (as stored, compared without regard to case).
    pub region: Option<String>,
}

impl CalendarFilter {
    /// Whether `row` passes the filter.
    pub fn matches(&self, row: &ReviewRow) -> bool {
        self.customer
            .as_deref()
            .is_none_or(|c| row.tenant_id.eq_ignore_ascii_case(c))
            && self.resource_type.is_none_or(|t| row.resource_type == t)
            && self
                .region
                .as_deref()
                .is_none_or(|g| row.region.eq_ignore_ascii_case(g))
    }
}

/// Reservations that expire from `from` to `to` (inclusive) and pass `filter`, by date: the
/// ones still running, and the ones that already ran out (expired), but not cancelled ones.
pub fn expiries<'a>(
    rows: &'a [ReviewRow],
    from: NaiveDate,
    to: NaiveDate,
    filter: &CalendarFilter,
) -> Vec<&'a ReviewRow> {
    let mut out: Vec<&ReviewRow> = rows
        .iter()
        .filter(|r| {
            matches!(
                r.state,
                ProvisioningState::Succeeded | ProvisioningState::Expired
            ) && r.expiry_date >= from
                && r.expiry_date <= to
                && filter.matches(r)
        })
        .collect();
    out.sort_by(|a, b| {
        a.expiry_date
            .cmp(&b.expiry_date)
            .then_with(|| {
                a.customer_name
                    .to_lowercase()
                    .cmp(&b.customer_name.to_lowercase())
            })
            .then_with(|| a.display_name.cmp(&b.display_name))
    });
    out
}

/// The first day of `d`'s month plus `months` months.
pub fn add_months(d: NaiveDate, months: u32) -> NaiveDate {
    let mut m = month_start(d);
    for _ in 0..months {
        m = next_month(m);
    }
    m
}

/// The last day of `d`'s month.
pub fn month_end(d: NaiveDate) -> NaiveDate {
    next_month(d).checked_sub_days(Days::new(1)).unwrap_or(d)
}

#[cfg(test)]
mod tests;
