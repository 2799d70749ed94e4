//! Azure's identifiers. All are GUIDs, validated at the edge and kept in lowercase so that
//! comparisons are case-insensitive by construction.

use super::InvalidValue;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Checks the 8-4-4-4-12 hexadecimal GUID form and returns it in lowercase.
fn canonical_guid(field: &'static str, raw: &str) -> Result<String, InvalidValue> {
    let s = raw.trim();
    let s = s
        .strip_prefix('{')
        .and_then(|x| x.strip_suffix('}'))
        .unwrap_or(s);
    let bytes = s.as_bytes();
    let ok = bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        });
    if ok {
        Ok(s.to_ascii_lowercase())
    } else {
        Err(InvalidValue::new(
            field,
            "expected a GUID like 8f2a3c4e-1b2d-4e5f-9a0b-1c2d3e4f5a6b",
            raw,
        ))
    }
}

macro_rules! guid_id {
    ($(#[$doc:meta])* $name:ident, $field:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// Parses a GUID in any letter case, with or without braces.
            pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
                canonical_guid($field, raw).map(Self)
            }
            /// The lowercase GUID.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = InvalidValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let raw = String::deserialize(d)?;
                Self::parse(&raw).map_err(serde::de::Error::custom)
            }
        }
    };
}

guid_id!(
    /// A customer's Microsoft Entra tenant ID.
    TenantId,
    "tenant_id"
);
guid_id!(
    /// An Azure subscription ID.
    SubscriptionId,
    "subscription_id"
);
guid_id!(
    /// A reservation order ID (`/providers/Microsoft.Capacity/reservationOrders/{this}`).
    ReservationOrderId,
    "reservation_order_id"
);
guid_id!(
    /// A reservation ID (the last segment of the reservation's ARM ID).
    ReservationId,
    "reservation_id"
);

impl ReservationId {
    /// Accepts a bare GUID or a full ARM ID such as
    /// `/providers/Microsoft.Capacity/reservationOrders/{order}/reservations/{id}`.
    pub fn parse_lenient(raw: &str) -> Result<Self, InvalidValue> {
        let trimmed = raw.trim().trim_end_matches('/');
        let last = trimmed.rsplit('/').next().unwrap_or(trimmed);
        Self::parse(last).map_err(|e| InvalidValue::new(e.field, e.message, raw))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_compare_case_insensitively() {
        let a = ReservationId::parse("6EF59113-3482-40DA-8D79-787F823E34BC").unwrap();
        let b = ReservationId::parse("{6ef59113-3482-40da-8d79-787f823e34bc}").unwrap();
        assert_eq!(a, b, "Azure IDs differ only in case between exports");
    }

    #[test]
    fn malformed_guids_name_the_field() {
        for bad in [
            "",
            "6ef59113",
            "6ef59113-3482-40da-8d79-787f823e34bz",
            "6ef59113x3482-40da-8d79-787f823e34bc",
        ] {
            let err = TenantId::parse(bad).unwrap_err();
            assert_eq!(
                err.field, "tenant_id",
                "the error must say which field was wrong"
            );
        }
    }

    #[test]
    fn reservation_id_from_arm_path() {
        let id = ReservationId::parse_lenient(
            "/providers/microsoft.capacity/reservationOrders/a075419f-44cc-497f-b68a-14ee811d48b9/reservations/6ef59113-3482-40da-8d79-787f823e34bc",
        )
        .unwrap();
        assert_eq!(id.as_str(), "6ef59113-3482-40da-8d79-787f823e34bc");
    }
}
