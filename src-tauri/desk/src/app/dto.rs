//! What the facade returns: the DTOs (serializable views) the CLI's `--json` and the window receive.
//! Field names are the JSON contract (snake_case); money is `{amount: "<decimal>", currency}`.

use crate::domain::customer::SubscriptionState;
use crate::domain::money::Money;
use crate::domain::reservation::{ProvisioningState, ResourceType, Status};
use crate::domain::review::ReviewRow;
use crate::domain::scope::ScopeType;
use crate::domain::term::{BillingPlan, Term};
use chrono::NaiveDate;
use serde::Serialize;

/// A decimal as the DTOs carry it: a string without trailing zeros (`12.50` → `"12.5"`).
pub fn decimal_text(d: rust_decimal::Decimal) -> String {
    d.normalize().to_string()
}

/// A percentage as the DTOs carry it ([`decimal_text`]), `None` when unknown.
pub fn percent_text(p: Option<rust_decimal::Decimal>) -> Option<String> {
    p.map(decimal_text)
}

/// A day count as the DTOs carry it: an `i32`, saturated at its bounds (a count between two
/// calendar dates always fits; the saturation only keeps the conversion total).
pub fn day_count(days: i64) -> i32 {
    i32::try_from(days).unwrap_or(if days < 0 { i32::MIN } else { i32::MAX })
}

/// Days from `today` to `expiry` as the DTOs carry them (negative once expired): the one
/// "days left" every view shows.
pub fn days_left(expiry: NaiveDate, today: NaiveDate) -> i32 {
    day_count(crate::domain::reservation::days_left(expiry, today))
}

/// Money on the wire: the amount as a decimal string and its ISO currency code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MoneyView {
    /// Exact decimal amount, e.g. `"1234.56"`.
    pub amount: String,
    /// ISO 4217 code, e.g. `"EUR"`.
    pub currency: String,
}

impl From<Money> for MoneyView {
    fn from(m: Money) -> Self {
        // Whole cents at least ("27318.30", not "27318.3"); finer amounts keep their digits.
        let mut amount = m.amount.normalize();
        if amount.scale() < 2 {
            amount.rescale(2);
        }
        Self {
            amount: amount.to_string(),
            currency: m.currency.to_string(),
        }
    }
}

/// A row of the customer list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CustomerSummary {
    /// Tenant ID (lowercase GUID).
    pub tenant_id: String,
    /// Company name.
    pub name: String,
    /// Primary domain.
    pub primary_domain: String,
    /// Billing currency code.
    pub billing_currency: String,
    /// Two-letter country code.
    pub country: String,
    /// Number of subscriptions known.
    pub subscription_count: u32,
    /// Number of reservations (all states).
    pub reservation_count: u32,
    /// Number of reservations that are active (not cancelled, split, merged, expired or failed).
    pub active_reservation_count: u32,
    /// The nearest expiry among active reservations that have not expired yet.
    pub nearest_expiry: Option<NaiveDate>,
    /// Days from today to `nearest_expiry`.
    pub nearest_expiry_days_left: Option<i32>,
    /// Total commitment of the active reservations with a known price, in the billing currency.
    pub total_commitment: MoneyView,
    /// The same in USD.
    pub total_commitment_usd: MoneyView,
    /// Active reservations whose price no imported file gave (left out of the totals).
    pub reservations_without_price: u32,
}

/// One of a customer's subscriptions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SubscriptionView {
    /// Subscription ID.
    pub id: String,
    /// Display name.
    pub display_name: String,
    /// State.
    pub state: SubscriptionState,
}

/// A customer with its subscriptions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CustomerDetail {
    /// The summary row.
    pub customer: CustomerSummary,
    /// Its subscriptions, by name.
    pub subscriptions: Vec<SubscriptionView>,
}

/// A reservation as the CLI prints it and the window shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReservationView {
    // Not built on `ReservationSummary`: the `show`/`reservations` JSON (README) interleaves
    // those facts with its own (`resource_type_label` after `resource_type`, the term and dates
    // before `expiry_date`, `scope_type` after `days_left`, `status` after `provisioning_state`),
    // and flattening would move them. It shares `days_left` and `percent_text` instead.
    /// Reservation ID.
    pub id: String,
    /// Reservation order ID.
    pub order_id: String,
    /// The customer's tenant ID.
    pub customer_id: String,
    /// The customer's name.
    pub customer_name: String,
    /// Display name.
    pub display_name: String,
    /// Reserved resource type (API spelling).
    pub resource_type: ResourceType,
    /// The type in the portal's words.
    pub resource_type_label: String,
    /// SKU.
    pub sku: String,
    /// Region.
    pub region: String,
    /// Quantity.
    pub quantity: u32,
    /// Term; `null` when no imported file gave it.
    pub term: Option<Term>,
    /// Billing plan; `null` when no imported file gave it.
    pub billing_plan: Option<BillingPlan>,
    /// Purchase date.
    pub purchase_date: NaiveDate,
    /// Benefit start date.
    pub benefit_start: NaiveDate,
    /// Expiry date.
    pub expiry_date: NaiveDate,
    /// Days from today to the expiry (negative once expired).
    pub days_left: i32,
    /// Scope type.
    pub scope_type: ScopeType,
    /// The scope's ARM path, or null for shared scope.
    pub scope_target: Option<String>,
    /// The scope in words.
    pub scope_description: String,
    /// The subscription billed for the reservation.
    pub billing_subscription_id: String,
    /// Instance size flexibility.
    pub instance_flexibility: bool,
    /// Auto-renew.
    pub renew: bool,
    /// Stored lifecycle state.
    pub provisioning_state: ProvisioningState,
    /// The status chip on today's date.
    pub status: Status,
    /// Utilization over the last recorded day, in percent (decimal string), or null when unknown.
    pub utilization_1d: Option<String>,
    /// Over the last 7 recorded days.
    pub utilization_7d: Option<String>,
    /// Over the last 30 recorded days.
    pub utilization_30d: Option<String>,
    /// The last day with utilization data.
    pub utilization_as_of: Option<NaiveDate>,
    /// Total commitment over the whole term, in the billing currency.
    pub price: Option<MoneyView>,
    /// The same in USD.
    pub price_usd: Option<MoneyView>,
    /// The reservation's page in the Azure portal.
    pub portal_url: String,
    /// What exchanges it has left under the 2027 rule; given for one reservation (`show`),
    /// null in lists.
    pub exchange_right: Option<ExchangeRightView>,
}

/// A reservation's exchange right on a day (the dated policy's cut-over and covered services).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExchangeRightView {
    /// `unlimited`, `one_final`, `used`, `none` or `unaffected`.
    pub state: crate::domain::exchange_right::ExchangeRightState,
    /// While unlimited: the cut-over date, when it ends.
    pub until: Option<NaiveDate>,
    /// While unlimited: days left until then.
    pub days_left: Option<i32>,
    /// The policy's cut-over date.
    pub cutover: NaiveDate,
    /// The right in one English sentence.
    pub note: String,
}

/// What the review lists and the review report show of a reservation on the review day: what is
/// reserved and where, its scope, status, renewal, expiry and recent utilization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReservationSummary {
    // Built from the store's review row by `ReservationSummary::of`. `ReviewItemView` and the report's
    // `ReportReservation` flatten it between their own leading fields (ID, name, …) and trailing
    // ones (price, unused commitment, …), so these fields are in the order the JSON of both has
    // always had them: keep it (tests/it/review.rs checks the keys).
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
    /// Status chip on the review day.
    pub status: Status,
    /// Auto-renew.
    pub renew: bool,
    /// Expiry date.
    pub expiry_date: NaiveDate,
    /// Days to expiry (negative once expired).
    pub days_left: i32,
    /// 7-day utilization, percent.
    pub utilization_7d: Option<String>,
    /// 30-day utilization, percent.
    pub utilization_30d: Option<String>,
}

impl ReservationSummary {
    /// The summary of the store's review row `row` on `today` (days left by [`days_left`]).
    pub fn of(row: &ReviewRow, today: NaiveDate) -> Self {
        Self {
            resource_type: row.resource_type,
            sku: row.sku.clone(),
            region: row.region.clone(),
            quantity: row.quantity,
            scope_type: row.scope_type,
            status: row.status(today),
            renew: row.renew,
            expiry_date: row.expiry_date,
            days_left: days_left(row.expiry_date, today),
            utilization_7d: percent_text(row.util_7d),
            utilization_30d: percent_text(row.util_30d),
        }
    }
}

/// One day of a reservation's utilization, for the chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct UtilizationPoint {
    /// The UTC day.
    pub date: NaiveDate,
    /// Reserved hours (decimal string).
    pub reserved_hours: String,
    /// Used hours (decimal string).
    pub used_hours: String,
    /// Percent used (decimal string), null when nothing was reserved.
    pub percent: Option<String>,
}

/// What a demo load wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DemoSummary {
    /// Seed used.
    pub seed: u32,
    /// Customers written.
    pub customers: u32,
    /// Subscriptions written.
    pub subscriptions: u32,
    /// Reservations written.
    pub reservations: u32,
    /// Daily utilization rows written.
    pub utilization_days: u32,
}

/// Facts about the open store, for the window's status line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StoreInfo {
    /// Path of the database file.
    pub db_path: String,
    /// Schema version (`PRAGMA user_version`).
    pub schema_version: u32,
    /// Customers in the store.
    pub customers: u32,
    /// Reservations in the store.
    pub reservations: u32,
    /// The date the app treats as today (UTC, or `RDESK_TODAY`).
    pub today: NaiveDate,
    /// Set when this launch filled an empty store with the demo portfolio.
    pub demo_loaded: Option<DemoSummary>,
}

pub use crate::domain::policy::{PolicyKey, PolicyValue};
pub use crate::domain::refund::Reason;
pub use crate::domain::ticket::{Contact, TicketDraft, TicketKind, TicketStatus};

/// A prorated refund quote (the `refund-quote` JSON contract).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RefundQuoteView {
    /// Reservation quoted.
    pub reservation_id: String,
    /// Its order.
    pub order_id: String,
    /// The customer.
    pub customer_id: String,
    /// The customer's name.
    pub customer_name: String,
    /// The return date the quote is for.
    pub on: NaiveDate,
    /// Units returned.
    pub quantity: u32,
    /// Billing plan of the order; `null` when unknown (then no figure is quoted).
    pub billing_plan: Option<BillingPlan>,
    /// Days in the term.
    pub term_days: i32,
    /// Days left on the return date.
    pub remaining_days: i32,
    /// Price per unit over the whole term used for the quote (the lower of purchase and
    /// current); null when the price is unknown (as every figure below).
    pub unit_price_basis: Option<MoneyView>,
    /// Canceled commitment (remaining value) in the billing currency.
    pub canceled_commitment: Option<MoneyView>,
    /// The same in USD; this is what the refund limit counts.
    pub canceled_commitment_usd: Option<MoneyView>,
    /// Early-termination fee rate applied (decimal string, 0.12 = 12 %).
    pub fee_rate: String,
    /// Early-termination fee.
    pub fee: Option<MoneyView>,
    /// What is paid back.
    pub refund: Option<MoneyView>,
    /// Monthly plans: paid so far for the returned units.
    pub paid_to_date: Option<MoneyView>,
    /// Monthly plans: future payments canceled (not refunded, but counted against the limit).
    pub future_payments_canceled: Option<MoneyView>,
    /// Refund limit in USD (decimal string).
    pub limit_usd: String,
    /// Used within the window (decimal string).
    pub used_usd: String,
    /// Available now, before this refund (decimal string).
    pub available_usd: String,
    /// What would be left after this refund (available − canceled commitment in USD; negative
    /// when the refund is over the limit); null when no figure is quoted.
    pub available_after_usd: Option<String>,
    /// True when nothing stands in the way.
    pub allowed: bool,
    /// Codes of what stands in the way.
    pub reasons: Vec<Reason>,
    /// The same in plain words.
    pub reason_messages: Vec<String>,
    /// When enough headroom returns, if the limit is the problem and it ever will.
    pub headroom_returns_on: Option<NaiveDate>,
    /// Where the money goes.
    pub refund_destination: String,
    /// The policy values the quote used, with their effective dates and sources.
    pub policy: Vec<PolicyValue>,
    /// How each figure was computed, line by line.
    pub how: Vec<String>,
}

/// One reservation to return in an exchange request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReturnRequest {
    /// Reservation ID.
    pub reservation_id: String,
    /// Units (default: all).
    pub quantity: Option<u32>,
}

/// One new reservation to buy in an exchange request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PurchaseRequest {
    /// SKU.
    pub sku: String,
    /// Region.
    pub region: String,
    /// Term.
    pub term: Term,
    /// Units.
    pub quantity: u32,
    /// Price per unit for the whole term (decimal string).
    pub unit_price: String,
    /// Currency of the price.
    pub currency: String,
}

/// An exchange to quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExchangeRequest {
    /// Reservations to return.
    pub returns: Vec<ReturnRequest>,
    /// Reservations to buy.
    pub purchases: Vec<PurchaseRequest>,
    /// Exchange date (default today).
    pub on: Option<NaiveDate>,
}

/// A returned reservation in an exchange quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExchangeReturnView {
    /// Reservation ID.
    pub reservation_id: String,
    /// Display name.
    pub display_name: String,
    /// SKU.
    pub sku: String,
    /// Units returned.
    pub quantity: u32,
    /// Units the reservation holds.
    pub reservation_quantity: u32,
    /// Days left.
    pub remaining_days: i32,
    /// Days in the term.
    pub term_days: i32,
    /// Prorated value credited; null when the reservation's price is unknown.
    pub refund: Option<MoneyView>,
    /// The same in USD.
    pub refund_usd: Option<MoneyView>,
    /// 7-day utilization, percent.
    pub utilization_7d: Option<String>,
    /// 30-day utilization, percent.
    pub utilization_30d: Option<String>,
    /// Units idle over the last 30 days (quantity × unused share, rounded down): a hint of how many to return.
    pub suggested_return: u32,
}

/// A purchase in an exchange quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExchangePurchaseView {
    /// SKU.
    pub sku: String,
    /// Region.
    pub region: String,
    /// Term.
    pub term: Term,
    /// Units.
    pub quantity: u32,
    /// Type, when known.
    pub resource_type: Option<ResourceType>,
    /// Price per unit for the whole term.
    pub unit_price: MoneyView,
    /// Lifetime commitment of the line.
    pub total: MoneyView,
}

/// An exchange quote (the `exchange-quote` JSON contract).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExchangeQuoteView {
    /// Exchange date.
    pub on: NaiveDate,
    /// The customer (of the first returned reservation).
    pub customer_id: Option<String>,
    /// Returned reservations.
    pub returns: Vec<ExchangeReturnView>,
    /// New purchases.
    pub purchases: Vec<ExchangePurchaseView>,
    /// Σ prorated values returned; null when a returned reservation's price is unknown.
    pub refunds_total: Option<MoneyView>,
    /// Σ lifetime commitments bought.
    pub purchases_total: MoneyView,
    /// purchases_total − refunds_total; null when refunds_total is.
    pub net_payable: Option<MoneyView>,
    /// True when nothing stands in the way.
    pub allowed: bool,
    /// Codes of what stands in the way.
    pub reasons: Vec<Reason>,
    /// The same in plain words.
    pub reason_messages: Vec<String>,
    /// Policy values used.
    pub policy: Vec<PolicyValue>,
}

/// A drafted or tracked support request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TicketView {
    /// Local ticket number.
    pub id: u32,
    /// Customer.
    pub customer_id: String,
    /// Customer name.
    pub customer_name: String,
    /// Reservation concerned.
    pub reservation_id: Option<String>,
    /// Kind.
    pub kind: TicketKind,
    /// Status.
    pub status: TicketStatus,
    /// Microsoft's number once submitted.
    pub ms_ticket_number: Option<String>,
    /// Created (RFC 3339, UTC).
    pub created_at: String,
    /// Last changed.
    pub updated_at: String,
    /// The three steps.
    pub draft: TicketDraft,
    /// The whole request as text, ready to paste.
    pub text: String,
    /// Required portal fields left empty (`summary`, `description`, `reason`,
    /// `preferred_contact_method`, `name`, `email`, `phone`, `country`): the window copies or
    /// marks submitted only a ticket with none.
    pub missing: Vec<String>,
    /// The Azure portal's new-support-request page in the customer's tenant.
    pub portal_url: String,
    /// Canceled commitment the ticket is about (refunds and exchanges).
    pub amount: Option<MoneyView>,
    /// The same in USD.
    pub amount_usd: Option<String>,
}

/// A priced SKU of the user's catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CatalogEntryView {
    /// SKU.
    pub sku: String,
    /// Region.
    pub region: String,
    /// Term.
    pub term: Term,
    /// Type.
    pub resource_type: ResourceType,
    /// Price per unit for the whole term (decimal string).
    pub unit_price: String,
    /// Currency.
    pub currency: String,
    /// Where the price came from (`entered` when a caller leaves it out).
    #[serde(default)]
    pub source: crate::domain::price::PriceSource,
    /// The day it was entered or fetched; `null` when unknown (prices kept from before
    /// schema 7). Ignored on input: saving a price dates it today.
    #[serde(default)]
    pub priced_on: Option<chrono::NaiveDate>,
}

impl TicketView {
    /// The kind in words.
    pub fn kind_label(&self) -> &'static str {
        match self.kind {
            TicketKind::Refund => "Refund",
            TicketKind::Exchange => "Exchange",
            TicketKind::Other => "Reservation management",
        }
    }

    /// The status in words.
    pub fn status_label(&self) -> &'static str {
        match self.status {
            TicketStatus::Draft => "Draft",
            TicketStatus::Submitted => "Submitted",
            TicketStatus::Resolved => "Resolved",
            TicketStatus::Cancelled => "Cancelled",
        }
    }
}
