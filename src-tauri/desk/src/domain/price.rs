//! Where a price comes from: what the user typed, or what Azure publishes.

use serde::{Deserialize, Serialize};

/// Where a catalog price came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum PriceSource {
    /// Typed by the user: a partner's own (CSP) price.
    #[default]
    Entered,
    /// Azure's public retail price (Retail Prices API); a partner's price differs.
    Retail,
}

impl PriceSource {
    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Entered => "entered",
            Self::Retail => "retail",
        }
    }

    /// Reads the stored spelling.
    pub fn from_stored(raw: &str) -> Option<Self> {
        match raw {
            "entered" => Some(Self::Entered),
            "retail" => Some(Self::Retail),
            _ => None,
        }
    }
}
