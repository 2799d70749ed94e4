//! CSP customers and their Azure subscriptions.

use super::ids::{SubscriptionId, TenantId};
use super::money::Currency;
use super::InvalidValue;
use serde::{Deserialize, Serialize};

/// A CSP customer: one Microsoft Entra tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Customer {
    /// The customer's tenant ID.
    pub tenant_id: TenantId,
    /// Company name as Partner Center shows it.
    pub name: String,
    /// Primary domain, e.g. `contoso.onmicrosoft.com`.
    pub primary_domain: String,
    /// Currency the customer is invoiced in.
    pub billing_currency: Currency,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
}

impl Customer {
    /// Checks the free-text fields (the IDs and currency are valid by type).
    pub fn validate(&self) -> Result<(), InvalidValue> {
        if self.name.trim().is_empty() {
            return Err(InvalidValue::new(
                "name",
                "a customer needs a name",
                &self.name,
            ));
        }
        if self.primary_domain.trim().is_empty()
            || self.primary_domain.contains(char::is_whitespace)
        {
            return Err(InvalidValue::new(
                "primary_domain",
                "expected a domain such as contoso.onmicrosoft.com",
                &self.primary_domain,
            ));
        }
        let c = self.country.as_bytes();
        if c.len() != 2 || !c.iter().all(u8::is_ascii_uppercase) {
            return Err(InvalidValue::new(
                "country",
                "expected a two-letter country code such as DE",
                &self.country,
            ));
        }
        Ok(())
    }
}

/// Whether a subscription can currently use a reservation's discount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum SubscriptionState {
    /// In use.
    Active,
    /// Disabled (e.g. spending limit, or suspended by the partner).
    Disabled,
    /// Cancelled; kept for history.
    Deleted,
}

impl SubscriptionState {
    /// Parses the API spelling (`Enabled` is the ARM word for active).
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "active" | "enabled" => Ok(Self::Active),
            "disabled" | "warned" | "pastdue" => Ok(Self::Disabled),
            "deleted" => Ok(Self::Deleted),
            _ => Err(InvalidValue::new(
                "subscription_state",
                "expected Active, Disabled or Deleted",
                raw,
            )),
        }
    }

    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "Active",
            Self::Disabled => "Disabled",
            Self::Deleted => "Deleted",
        }
    }
}

/// An Azure subscription of a customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    /// The subscription ID.
    pub id: SubscriptionId,
    /// The owning customer.
    pub tenant_id: TenantId,
    /// Display name.
    pub display_name: String,
    /// Current state.
    pub state: SubscriptionState,
}
