//! Money: an exact decimal amount with its ISO 4217 currency. Never floating point.

use super::InvalidValue;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// An ISO 4217 currency code (three uppercase ASCII letters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

impl Currency {
    /// US dollars, the currency Microsoft tracks the refund limit in.
    pub const USD: Currency = Currency(*b"USD");

    /// Parses a three-letter code in any case.
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let s = raw.trim();
        let b = s.as_bytes();
        if b.len() == 3 && b.iter().all(u8::is_ascii_alphabetic) {
            let mut code = [0u8; 3];
            for (dst, src) in code.iter_mut().zip(b) {
                *dst = src.to_ascii_uppercase();
            }
            Ok(Currency(code))
        } else {
            Err(InvalidValue::new(
                "currency",
                "expected a three-letter ISO 4217 code such as USD",
                raw,
            ))
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        // Only ASCII letters are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        Currency::parse(&raw).map_err(serde::de::Error::custom)
    }
}

/// An amount of money. Serialized as `{ "amount": "<decimal string>", "currency": "USD" }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    /// The exact amount, as a decimal string on the wire.
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    /// The ISO currency code.
    pub currency: Currency,
}

impl Money {
    /// Builds a money value.
    pub fn new(amount: Decimal, currency: Currency) -> Self {
        Self { amount, currency }
    }

    /// Rounds to cents (banker's rounding is not used: half away from zero, as invoices do).
    pub fn round_cents(self) -> Self {
        Self {
            amount: round_cents(self.amount),
            currency: self.currency,
        }
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount, self.currency)
    }
}

/// Rounds a decimal to two places, half away from zero.
pub fn round_cents(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// Parses a decimal written with a dot and no thousands separators.
pub fn parse_decimal(field: &'static str, raw: &str) -> Result<Decimal, InvalidValue> {
    raw.trim()
        .parse::<Decimal>()
        .map_err(|_| InvalidValue::new(field, "expected a decimal number such as 1234.56", raw))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_serializes_amount_as_string() {
        let m = Money::new(Decimal::new(123456, 2), Currency::parse("eur").unwrap());
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(
            json, r#"{"amount":"1234.56","currency":"EUR"}"#,
            "JS must never see a float"
        );
    }

    #[test]
    fn currency_rejects_non_codes() {
        for bad in ["", "US", "USDX", "U$D", "12A"] {
            assert!(Currency::parse(bad).is_err(), "{bad:?} is not an ISO code");
        }
    }

    #[test]
    fn cents_round_half_away_from_zero() {
        assert_eq!(round_cents(Decimal::new(12345, 3)), Decimal::new(1235, 2));
        assert_eq!(round_cents(Decimal::new(-12345, 3)), Decimal::new(-1235, 2));
    }
}
