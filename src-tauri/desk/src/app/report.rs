//! The per-customer review report: its data, gathered here, and its two renderings (a print-ready
//! HTML page in `report/html.rs`, a CSV in `report/csv.rs`). Money is in the customer's billing
//! currency; the refund headroom is in USD, as the limit is.

pub(super) mod csv;
mod html;
mod words;

use super::dto::percent_text;
use super::dto::{CustomerSummary, MoneyView, ReservationSummary};
use super::review::usd;
use super::{Desk, DeskError};
use crate::domain::ids::{ReservationId, TenantId};
use crate::domain::money::Money;
use crate::domain::refund::limit_status;
use crate::domain::review::{cents, ReviewRow, EXPIRY_WINDOWS};
use crate::domain::ticket::{TicketKind, TicketStatus};
use crate::store;
use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Days of daily utilization each reservation's chart shows.
pub const CHART_DAYS: u64 = 90;

/// Which rendering of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum ReportFormat {
    /// A self-contained, print-ready HTML page.
    Html,
    /// One row per reservation.
    Csv,
}

impl ReportFormat {
    /// Parses `html` or `csv`.
    pub fn parse(raw: &str) -> Result<Self, crate::domain::InvalidValue> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "html" => Ok(Self::Html),
            "csv" => Ok(Self::Csv),
            _ => Err(crate::domain::InvalidValue::new(
                "format",
                "expected html or csv",
                raw,
            )),
        }
    }
}

/// The language of the HTML report (the CSV is always English: its headers are for machines).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum ReportLanguage {
    /// English.
    #[default]
    #[serde(rename = "en")]
    En,
    /// Simplified Chinese.
    #[serde(rename = "zh-CN")]
    ZhCn,
}

impl ReportLanguage {
    /// Parses `en` or `zh-CN` in any case.
    pub fn parse(raw: &str) -> Result<Self, crate::domain::InvalidValue> {
        let raw_trimmed = raw.trim();
        if raw_trimmed.eq_ignore_ascii_case("en") {
            Ok(Self::En)
        } else if raw_trimmed.eq_ignore_ascii_case("zh-CN") {
            Ok(Self::ZhCn)
        } else {
            Err(crate::domain::InvalidValue::new(
                "language",
                "expected en or zh-CN",
                raw,
            ))
        }
    }

    /// The language tag: `en` or `zh-CN`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::ZhCn => "zh-CN",
        }
    }
}

/// One reservation in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportReservation {
    /// Reservation ID.
    pub id: String,
    /// Reservation order ID.
    pub order_id: String,
    /// Display name.
    pub name: String,
    /// Type, SKU, region, quantity, scope, status, renewal, expiry and utilization (flattened:
    /// their keys sit at this level).
    #[serde(flatten)]
    pub summary: ReservationSummary,
    /// Below the under-use threshold (7- and 30-day).
    pub under_utilized: bool,
    /// Commitment over the term; null when no file gave the price.
    pub price: Option<MoneyView>,
    /// Unused commitment over the last 30 days; null when the price is unknown.
    pub unused_30d: Option<MoneyView>,
    /// Daily utilization, percent, over the last 90 recorded days (oldest first).
    pub daily: Vec<(NaiveDate, Option<String>)>,
}

/// A ticket still open for the customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportTicket {
    /// Local ticket number.
    pub id: i64,
    /// Refund, exchange or other.
    pub kind: TicketKind,
    /// Draft or submitted.
    pub status: TicketStatus,
    /// Summary line.
    pub summary: String,
    /// Reservation concerned.
    pub reservation_id: Option<String>,
    /// Microsoft's number once submitted.
    pub ms_ticket_number: Option<String>,
    /// Created (RFC 3339).
    pub created_at: String,
}

/// The refund headroom in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportHeadroom {
    /// Limit (USD).
    pub limit: MoneyView,
    /// Refunded in the window (USD).
    pub used: MoneyView,
    /// Still available (USD).
    pub available: MoneyView,
    /// Window length in days.
    pub window_days: u32,
    /// The limit policy's effective date.
    pub policy_from: NaiveDate,
}

/// Everything a customer's review report shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CustomerReport {
    /// The report day.
    pub as_of: NaiveDate,
    /// The customer.
    pub customer: CustomerSummary,
    /// Refund headroom.
    pub headroom: ReportHeadroom,
    /// Under-use threshold applied, percent.
    pub underuse_threshold_percent: String,
    /// Commitment of the active reservations with a known price (billing currency).
    pub commitment: MoneyView,
    /// Active reservations whose price no imported file gave: left out of the figures.
    pub reservations_without_price: u32,
    /// Unused commitment over the last 30 days of the under-utilized reservations (billing currency).
    pub unused_30d: MoneyView,
    /// Active reservations expiring within 90 days.
    pub expiring_90d: u32,
    /// Of those, set to renew.
    pub expiring_90d_renewing: u32,
    /// Under-utilized reservations.
    pub under_utilized: u32,
    /// Every reservation, soonest expiry first (active ones before ended ones).
    pub reservations: Vec<ReportReservation>,
    /// Tickets in draft or submitted.
    pub open_tickets: Vec<ReportTicket>,
}

/// Where a saved report went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReportSaved {
    /// The file written.
    pub path: String,
    /// Its size in bytes (a report is far below 4 GiB).
    pub bytes: u32,
    /// Reservations in it.
    pub reservations: u32,
}

fn billing(amount: Decimal, like: &Money) -> MoneyView {
    let rounded = cents(amount).parse().unwrap_or(amount);
    MoneyView::from(Money::new(rounded, like.currency))
}

impl Desk {
    /// Gathers a customer's review report on `today`.
    pub fn customer_report(
        &self,
        tenant_id: &str,
        today: NaiveDate,
    ) -> Result<CustomerReport, DeskError> {
        let tenant = TenantId::parse(tenant_id)?;
        let snap = self.snapshot()?;
        let t = snap.settings.thresholds()?;
        let index = snap
            .base
            .customers
            .iter()
            .position(|c| c.customer.tenant_id == tenant)
            .ok_or_else(|| DeskError::NotFound {
                what: "customer",
                id: tenant.to_string(),
            })?;
        let customer = snap
            .customer_summaries(Some(tenant.as_str()), today)?
            .into_iter()
            .find(|c| c.tenant_id == tenant.as_str())
            .ok_or_else(|| DeskError::NotFound {
                what: "customer",
                id: tenant.to_string(),
            })?;
        let policy = crate::domain::policy::Policy::in_force(&snap.base.policy_values, today)?;
        let ledger = snap
            .base
            .ledgers
            .get(tenant.as_str())
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let limit = limit_status(ledger, today, &policy);
        let mut rows: Vec<&ReviewRow> = snap.base.rows_of[index]
            .iter()
            .map(|k| &snap.base.rows[*k])
            .collect();
        rows.sort_by(|a, b| {
            b.is_active(today)
                .cmp(&a.is_active(today))
                .then_with(|| a.expiry_date.cmp(&b.expiry_date))
                .then_with(|| a.display_name.cmp(&b.display_name))
        });
        let currency = snap.base.customers[index].customer.billing_currency;
        let zero = Money::new(Decimal::ZERO, currency);
        let (mut commitment, mut unused) = (Decimal::ZERO, Decimal::ZERO);
        let (mut expiring, mut renewing, mut under) = (0u32, 0u32, 0u32);
        let mut without_price = 0u32;
        let s = self.store();
        let mut reservations = Vec::with_capacity(rows.len());
        for r in rows {
            let active = r.is_active(today);
            let is_under = r.is_under_utilized(today, t.underuse);
            if active {
                // Only known prices are added; the others are counted, never taken as 0.
                match r.price {
                    Some(p) => commitment += p.amount,
                    None => without_price += 1,
                }
                if r.days_left(today) <= i64::from(EXPIRY_WINDOWS[2]) {
                    expiring += 1;
                    renewing += u32::from(r.renew);
                }
            }
            if is_under {
                under += 1;
                if let Some(u) = r.unused_billing() {
                    unused += u.amount;
                }
            }
            let id = ReservationId::parse_lenient(&r.reservation_id)?;
            let series = store::utilization::series(s.conn(), &id)?;
            let skip = series
                .len()
                .saturating_sub(usize::try_from(CHART_DAYS).unwrap_or(90));
            let since = today
                .checked_sub_days(Days::new(CHART_DAYS * 4))
                .unwrap_or(today);
            reservations.push(ReportReservation {
                id: r.reservation_id.clone(),
                order_id: r.order_id.clone(),
                name: r.display_name.clone(),
                summary: ReservationSummary::of(r, today),
                under_utilized: is_under,
                price: r.price.map(MoneyView::from),
                unused_30d: r.unused_billing().map(|u| billing(u.amount, &u)),
                daily: series
                    .into_iter()
                    .skip(skip)
                    .filter(|d| d.date >= since)
                    .map(|d| (d.date, percent_text(d.percent())))
                    .collect(),
            });
        }
        let open_tickets = store::tickets::list(s.conn())?
            .into_iter()
            .filter(|t| {
                t.tenant_id.eq_ignore_ascii_case(tenant.as_str())
                    && matches!(t.status, TicketStatus::Draft | TicketStatus::Submitted)
            })
            .map(|t| ReportTicket {
                id: t.id,
                kind: t.kind,
                status: t.status,
                summary: t.draft.problem.summary.clone(),
                reservation_id: t.reservation_id.clone(),
                ms_ticket_number: t.ms_ticket_number.clone(),
                created_at: t.created_at.clone(),
            })
            .collect();
        Ok(CustomerReport {
            as_of: today,
            customer,
            headroom: ReportHeadroom {
                limit: usd(limit.limit_usd),
                used: usd(limit.used_usd),
                available: usd(limit.available_usd),
                window_days: policy.window_days(),
                policy_from: policy.refund_limit_usd.effective_from,
            },
            underuse_threshold_percent: t.underuse.normalize().to_string(),
            commitment: billing(commitment, &zero),
            reservations_without_price: without_price,
            unused_30d: billing(unused, &zero),
            expiring_90d: expiring,
            expiring_90d_renewing: renewing,
            under_utilized: under,
            reservations,
            open_tickets,
        })
    }

    /// The report rendered as `format`; the HTML page is written in `lang` (the CSV is English).
    pub fn render_report(
        &self,
        tenant_id: &str,
        format: ReportFormat,
        lang: ReportLanguage,
        today: NaiveDate,
    ) -> Result<(String, CustomerReport), DeskError> {
        let report = self.customer_report(tenant_id, today)?;
        let text = match format {
            ReportFormat::Html => html::render(&report, lang),
            ReportFormat::Csv => csv::render(&report),
        };
        Ok((text, report))
    }

    /// Writes the report to `path` (through a temporary file, so a failure leaves no half file).
    pub fn save_report(
        &self,
        tenant_id: &str,
        format: ReportFormat,
        lang: ReportLanguage,
        path: &Path,
        today: NaiveDate,
    ) -> Result<ReportSaved, DeskError> {
        let (text, report) = self.render_report(tenant_id, format, lang, today)?;
        super::portfolio::write_atomically(path, text.as_bytes())?;
        Ok(ReportSaved {
            path: path.display().to_string(),
            bytes: u32::try_from(text.len()).unwrap_or(u32::MAX),
            reservations: u32::try_from(report.reservations.len()).unwrap_or(u32::MAX),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::ReportLanguage;

    #[test]
    fn report_language_parses_and_serializes_its_tags() {
        assert_eq!(ReportLanguage::parse("en"), Ok(ReportLanguage::En));
        assert_eq!(ReportLanguage::parse(" EN "), Ok(ReportLanguage::En));
        assert_eq!(ReportLanguage::parse("zh-CN"), Ok(ReportLanguage::ZhCn));
        assert_eq!(ReportLanguage::parse("zh-cn"), Ok(ReportLanguage::ZhCn));
        assert!(ReportLanguage::parse("fr").is_err());
        assert!(ReportLanguage::parse("zh").is_err());
        assert_eq!(ReportLanguage::default(), ReportLanguage::En);
        assert_eq!(ReportLanguage::ZhCn.as_str(), "zh-CN");
        assert_eq!(
            serde_json::to_string(&[ReportLanguage::En, ReportLanguage::ZhCn]).ok(),
            Some(r#"["en","zh-CN"]"#.to_string())
        );
        assert_eq!(
            serde_json::from_str::<ReportLanguage>(r#""zh-CN""#).ok(),
            Some(ReportLanguage::ZhCn)
        );
        assert!(serde_json::from_str::<ReportLanguage>(r#""zh-cn""#).is_err());
    }
}
