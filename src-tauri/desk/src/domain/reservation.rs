//! Reservation orders and reservations, and the status a reservation shows on a given day.

use super::ids::{ReservationId, ReservationOrderId, SubscriptionId, TenantId};
use super::money::{round_cents, Money};
use super::scope::Scope;
use super::term::{days_between, BillingPlan, Term};
use super::InvalidValue;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A reservation is "Expiring" from this many days before its expiry (UI.md).
pub const EXPIRING_WITHIN_DAYS: i64 = 90;

/// What a reservation covers (API `reservedResourceType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum ResourceType {
    /// Virtual machines.
    VirtualMachines,
    /// Azure SQL Database.
    SqlDatabases,
    /// Azure Cosmos DB.
    CosmosDb,
    /// Azure App Service.
    AppService,
    /// Azure Dedicated Host.
    DedicatedHost,
    /// Azure VMware Solution.
    #[serde(rename = "AVS")]
    Avs,
    /// Red Hat software plans.
    RedHat,
    /// SUSE Linux software plans.
    SuseLinux,
}

impl ResourceType {
    /// Every known type, in display order.
    pub const ALL: [ResourceType; 8] = [
        Self::VirtualMachines,
        Self::SqlDatabases,
        Self::CosmosDb,
        Self::AppService,
        Self::DedicatedHost,
        Self::Avs,
        Self::RedHat,
        Self::SuseLinux,
    ];

    /// The API spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::VirtualMachines => "VirtualMachines",
            Self::SqlDatabases => "SqlDatabases",
            Self::CosmosDb => "CosmosDb",
            Self::AppService => "AppService",
            Self::DedicatedHost => "DedicatedHost",
            Self::Avs => "AVS",
            Self::RedHat => "RedHat",
            Self::SuseLinux => "SuseLinux",
        }
    }

    /// Parses the API spelling in any case.
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(raw.trim()))
            .ok_or_else(|| {
                InvalidValue::new(
                    "resource_type",
                    "expected an Azure reserved resource type such as VirtualMachines",
                    raw,
                )
            })
    }

    /// The portal's words for the type.
    pub fn label(self) -> &'static str {
        match self {
            Self::VirtualMachines => "Virtual machine",
            Self::SqlDatabases => "SQL Database",
            Self::CosmosDb => "Azure Cosmos DB",
            Self::AppService => "App Service",
            Self::DedicatedHost => "Dedicated Host",
            Self::Avs => "Azure VMware Solution",
            Self::RedHat => "Red Hat plan",
            Self::SuseLinux => "SUSE Linux plan",
        }
    }
}

/// The stored lifecycle state (API `provisioningState`, the states a partner meets).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum ProvisioningState {
    /// Active.
    Succeeded,
    /// Returned (refunded) or exchanged away.
    Cancelled,
    /// Past its expiry.
    Expired,
    /// Split into other reservations.
    Split,
    /// Merged into another reservation.
    Merged,
    /// Purchase failed.
    Failed,
}

impl ProvisioningState {
    /// The API spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Succeeded => "Succeeded",
            Self::Cancelled => "Cancelled",
            Self::Expired => "Expired",
            Self::Split => "Split",
            Self::Merged => "Merged",
            Self::Failed => "Failed",
        }
    }

    /// Parses the API spelling in any case (`Canceled` is accepted too).
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "succeeded" => Ok(Self::Succeeded),
            "cancelled" | "canceled" => Ok(Self::Cancelled),
            "expired" => Ok(Self::Expired),
            "split" => Ok(Self::Split),
            "merged" => Ok(Self::Merged),
            "failed" | "billingfailed" => Ok(Self::Failed),
            _ => Err(InvalidValue::new(
                "provisioning_state",
                "expected Succeeded, Cancelled, Expired, Split, Merged or Failed",
                raw,
            )),
        }
    }
}

/// The status chip a reservation shows on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Status {
    /// Active, more than 90 days left.
    Succeeded,
    /// Active, expiring within 90 days.
    Expiring,
    /// Past its expiry date.
    Expired,
    /// Cancelled (refunded or exchanged), split or merged away.
    Cancelled,
    /// The purchase failed.
    Failed,
}

impl Status {
    /// The spelling shown and printed.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Succeeded => "Succeeded",
            Self::Expiring => "Expiring",
            Self::Expired => "Expired",
            Self::Cancelled => "Cancelled",
            Self::Failed => "Failed",
        }
    }
}

/// A reservation order: one purchase, with its term, billing plan and price. The term and the
/// billing plan are `None` when no imported file said them (an order known only from a
/// reservation list whose dates do not span exactly one, three or five years).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReservationOrder {
    /// Order ID.
    pub id: ReservationOrderId,
    /// The customer that owns it.
    pub tenant_id: TenantId,
    /// Display name of the order.
    pub display_name: String,
    /// Term; `None` when unknown.
    pub term: Option<Term>,
    /// Billing plan; `None` when unknown.
    pub billing_plan: Option<BillingPlan>,
    /// Purchase date (UTC).
    pub purchase_date: NaiveDate,
    /// The day the benefit started (UTC).
    pub benefit_start: NaiveDate,
    /// The last day of the term (UTC).
    pub expiry_date: NaiveDate,
    /// Quantity bought.
    pub original_quantity: u32,
    /// Total commitment over the whole term, in the billing currency.
    pub total_price: Money,
    /// Total commitment over the whole term, in USD (the pricing currency).
    pub total_price_usd: Money,
}

impl ReservationOrder {
    /// Checks dates, quantity and prices for consistency.
    pub fn validate(&self) -> Result<(), InvalidValue> {
        if self.benefit_start < self.purchase_date {
            return Err(InvalidValue::new(
                "benefit_start",
                "the benefit cannot start before the purchase",
                &self.benefit_start.to_string(),
            ));
        }
        if self.expiry_date <= self.benefit_start {
            return Err(InvalidValue::new(
                "expiry_date",
                "the expiry must come after the benefit start",
                &self.expiry_date.to_string(),
            ));
        }
        if self.original_quantity == 0 {
            return Err(InvalidValue::new(
                "original_quantity",
                "must be at least 1",
                "0",
            ));
        }
        for (field, m) in [
            ("total_price", self.total_price),
            ("total_price_usd", self.total_price_usd),
        ] {
            if m.amount.is_sign_negative() {
                return Err(InvalidValue::new(
                    field,
                    "a price cannot be negative",
                    &m.amount.to_string(),
                ));
            }
        }
        if self.total_price_usd.currency != super::money::Currency::USD {
            return Err(InvalidValue::new(
                "total_price_usd",
                "the pricing total must be in USD",
                self.total_price_usd.currency.as_str(),
            ));
        }
        Ok(())
    }

    /// Days in the term, from the actual dates (DOMAIN.md §6 rule 1).
    pub fn term_days(&self) -> i64 {
        days_between(self.benefit_start, self.expiry_date)
    }

    /// The share of the order's total price for `quantity` units, rounded to cents.
    pub fn price_for(&self, quantity: u32, total: Money) -> Money {
        let share =
            total.amount * Decimal::from(quantity) / Decimal::from(self.original_quantity.max(1));
        Money::new(round_cents(share), total.currency)
    }
}

/// One reservation within an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reservation {
    /// Reservation ID.
    pub id: ReservationId,
    /// The order it belongs to.
    pub order_id: ReservationOrderId,
    /// Display name.
    pub display_name: String,
    /// Reserved resource type.
    pub resource_type: ResourceType,
    /// SKU, e.g. `Standard_D4s_v5`.
    pub sku: String,
    /// Azure region, e.g. `westeurope`.
    pub region: String,
    /// Quantity.
    pub quantity: u32,
    /// Applied scope.
    pub scope: Scope,
    /// The subscription billed for it (cannot be changed in place).
    pub billing_subscription_id: SubscriptionId,
    /// Instance size flexibility on (VMs only).
    pub instance_flexibility: bool,
    /// Auto-renew at expiry.
    pub renew: bool,
    /// Stored lifecycle state.
    pub provisioning_state: ProvisioningState,
}

impl Reservation {
    /// Checks the free-text fields and the quantity.
    pub fn validate(&self) -> Result<(), InvalidValue> {
        if self.display_name.trim().is_empty() {
            return Err(InvalidValue::new(
                "display_name",
                "a reservation needs a name",
                "",
            ));
        }
        if self.quantity == 0 {
            return Err(InvalidValue::new("quantity", "must be at least 1", "0"));
        }
        if self.sku.trim().is_empty() {
            return Err(InvalidValue::new("sku", "a reservation needs a SKU", ""));
        }
        if self.region.trim().is_empty() {
            return Err(InvalidValue::new(
                "region",
                "a reservation needs a region",
                "",
            ));
        }
        Ok(())
    }
}

/// Days from `today` to the expiry (negative once expired).
pub fn days_left(expiry: NaiveDate, today: NaiveDate) -> i64 {
    days_between(today, expiry)
}

/// The status chip on `today`: the stored state wins for ended reservations; an active one is
/// Expired after its expiry date and Expiring within 90 days of it.
pub fn status_on(state: ProvisioningState, expiry: NaiveDate, today: NaiveDate) -> Status {
    match state {
        ProvisioningState::Cancelled | ProvisioningState::Split | ProvisioningState::Merged => {
            Status::Cancelled
        }
        ProvisioningState::Failed => Status::Failed,
        ProvisioningState::Expired => Status::Expired,
        ProvisioningState::Succeeded => {
            let left = days_left(expiry, today);
            if left < 0 {
                Status::Expired
            } else if left <= EXPIRING_WITHIN_DAYS {
                Status::Expiring
            } else {
                Status::Succeeded
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn status_follows_the_calendar() {
        let exp = d("2026-12-31");
        let s = ProvisioningState::Succeeded;
        assert_eq!(status_on(s, exp, d("2026-01-01")), Status::Succeeded);
        assert_eq!(
            status_on(s, exp, d("2026-10-02")),
            Status::Expiring,
            "90 days before is expiring"
        );
        assert_eq!(
            status_on(s, exp, d("2026-10-01")),
            Status::Succeeded,
            "91 days before is not"
        );
        assert_eq!(
            status_on(s, exp, d("2026-12-31")),
            Status::Expiring,
            "the expiry day itself still runs"
        );
        assert_eq!(status_on(s, exp, d("2027-01-01")), Status::Expired);
        assert_eq!(
            status_on(ProvisioningState::Cancelled, exp, d("2026-01-01")),
            Status::Cancelled
        );
    }

    #[test]
    fn resource_types_parse_any_case() {
        for t in ResourceType::ALL {
            assert_eq!(ResourceType::parse(&t.as_str().to_lowercase()).unwrap(), t);
        }
        assert!(ResourceType::parse("Toasters").is_err());
    }
}
