//! What the facade returns: serializable views for the CLI's `--json` and the window.
//! Field names are the JSON contract (snake_case); money is `{amount: "<decimal>", currency}`.

use crate::domain::customer::SubscriptionState;
use crate::domain::money::Money;
use crate::domain::reservation::{ProvisioningState, ResourceType, Status};
use crate::domain::scope::ScopeType;
use crate::domain::term::{BillingPlan, Term};
use chrono::NaiveDate;
use serde::Serialize;

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
    /// Total commitment of the active reservations, in the billing currency.
    pub total_commitment: MoneyView,
    /// The same in USD.
    pub total_commitment_usd: MoneyView,
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
    /// Term.
    pub term: Term,
    /// Billing plan.
    pub billing_plan: BillingPlan,
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
    pub price: MoneyView,
    /// The same in USD.
    pub price_usd: MoneyView,
    /// The reservation's page in the Azure portal.
    pub portal_url: String,
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
