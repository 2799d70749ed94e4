//! Dated policy values (DOMAIN.md §1, §6): every constant Microsoft may change is a value with an
//! effective date and a source, and a quote uses the value in force on the quote's date.

use super::reservation::ResourceType;
use super::InvalidValue;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

/// The policy values a quote depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum PolicyKey {
    /// Refund limit per customer, in USD.
    RefundLimitUsd,
    /// Rolling window of the refund limit, in days.
    RefundWindowDays,
    /// Early-termination fee rate (0.12 = 12 %).
    EarlyTerminationFeeRate,
    /// Reservations of savings-plan-covered services bought on or after this date cannot be exchanged.
    ExchangeCutoverDate,
    /// Reserved resource types that cannot be refunded or exchanged (comma-separated).
    NonRefundableTypes,
    /// Reserved resource types whose services savings plans cover (comma-separated).
    SavingsPlanCoveredTypes,
}

impl PolicyKey {
    /// Every key, in display order.
    pub const ALL: [PolicyKey; 6] = [
        Self::RefundLimitUsd,
        Self::RefundWindowDays,
        Self::EarlyTerminationFeeRate,
        Self::ExchangeCutoverDate,
        Self::NonRefundableTypes,
        Self::SavingsPlanCoveredTypes,
    ];

    /// The snake_case name used in the store and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::RefundLimitUsd => "refund_limit_usd",
            Self::RefundWindowDays => "refund_window_days",
            Self::EarlyTerminationFeeRate => "early_termination_fee_rate",
            Self::ExchangeCutoverDate => "exchange_cutover_date",
            Self::NonRefundableTypes => "non_refundable_types",
            Self::SavingsPlanCoveredTypes => "savings_plan_covered_types",
        }
    }

    /// Parses the snake_case name.
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == raw.trim())
            .ok_or_else(|| {
                InvalidValue::new(
                    "policy_key",
                    "expected one of refund_limit_usd, refund_window_days, early_termination_fee_rate, exchange_cutover_date, non_refundable_types, savings_plan_covered_types",
                    raw,
                )
            })
    }

    /// Checks that `value` has this key's shape.
    pub fn validate(self, value: &str) -> Result<(), InvalidValue> {
        let v = value.trim();
        let bad = |m: &str| Err(InvalidValue::new("policy_value", m, value));
        match self {
            Self::RefundLimitUsd => match v.parse::<Decimal>() {
                Ok(d) if !d.is_sign_negative() => Ok(()),
                _ => bad("expected a non-negative amount in USD such as 50000"),
            },
            Self::RefundWindowDays => match v.parse::<u32>() {
                Ok(d) if (1..=3660).contains(&d) => Ok(()),
                _ => bad("expected a number of days from 1 to 3660"),
            },
            Self::EarlyTerminationFeeRate => match v.parse::<Decimal>() {
                Ok(d) if d >= Decimal::ZERO && d <= Decimal::ONE => Ok(()),
                _ => bad("expected a rate from 0 to 1, such as 0.12 for 12 %"),
            },
            Self::ExchangeCutoverDate => match v.parse::<NaiveDate>() {
                Ok(_) => Ok(()),
                Err(_) => bad("expected a date as YYYY-MM-DD"),
            },
            Self::NonRefundableTypes | Self::SavingsPlanCoveredTypes => parse_types(v).map(drop),
        }
    }
}

fn parse_types(v: &str) -> Result<Vec<ResourceType>, InvalidValue> {
    v.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(ResourceType::parse)
        .collect()
}

/// One dated value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PolicyValue {
    /// Which value.
    pub key: PolicyKey,
    /// The value as text (decimal, whole number, date or comma-separated types).
    pub value: String,
    /// First day it applies.
    pub effective_from: NaiveDate,
    /// Where it comes from (a document and its date, or who changed it).
    pub source: String,
}

/// The values Reservation Desk ships with (DOMAIN.md §1).
pub fn defaults() -> Vec<PolicyValue> {
    let d = |s: &str| s.parse::<NaiveDate>().unwrap_or(NaiveDate::MIN);
    let v = |key, value: &str, from: &str, source: &str| PolicyValue {
        key,
        value: value.to_string(),
        effective_from: d(from),
        source: source.to_string(),
    };
    vec![
        v(PolicyKey::RefundLimitUsd, "50000", "2022-10-10", "Microsoft Learn, Self-service exchanges and refunds for Azure Reservations (ms.date 2022-10-10; unchanged 2026-03-19): USD 50,000 per 12-month rolling window; for CSP per customer"),
        v(PolicyKey::RefundWindowDays, "365", "2022-10-10", "Same article: a refund's amount returns to the limit 365 days after the refund"),
        v(PolicyKey::EarlyTerminationFeeRate, "0", "2022-10-10", "Same article: \"We're currently not charging an early termination fee\" (a 12 % fee may come; no date announced)"),
        v(PolicyKey::ExchangeCutoverDate, "2027-02-01", "2026-08-27", "Microsoft Learn, Reservation exchange policy changes (ms.date 2026-08-27): from 2027-02-01, reservations of savings-plan-covered services are not exchangeable; earlier ones keep one final exchange"),
        v(PolicyKey::NonRefundableTypes, "RedHat,SuseLinux", "2026-01-15", "Microsoft Learn, exchange and refund article (ms.date 2026-01-15): Red Hat plans, SUSE Linux plans and pre-purchase plans are not refundable or exchangeable"),
        v(PolicyKey::SavingsPlanCoveredTypes, "VirtualMachines,DedicatedHost,AppService,SqlDatabases", "2026-08-27", "Reservation exchange policy changes (ms.date 2026-08-27): Azure VMs, App Service, Azure SQL Database and similar services supported by savings plans"),
    ]
}

/// The policy in force on one day, resolved from dated values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// Refund limit per customer in USD.
    pub refund_limit_usd: PolicyValue,
    /// Rolling window in days.
    pub refund_window_days: PolicyValue,
    /// Early-termination fee rate.
    pub fee_rate: PolicyValue,
    /// Exchange cut-over date.
    pub exchange_cutover: PolicyValue,
    /// Types that cannot be refunded or exchanged.
    pub non_refundable: PolicyValue,
    /// Types covered by savings plans.
    pub savings_plan_covered: PolicyValue,
}

impl Policy {
    /// The latest value of each key whose effective date is on or before `on`; a key with no
    /// value yet in force falls back to its earliest value.
    pub fn in_force(values: &[PolicyValue], on: NaiveDate) -> Result<Policy, InvalidValue> {
        let pick = |key: PolicyKey| -> Result<PolicyValue, InvalidValue> {
            let mut of_key: Vec<&PolicyValue> = values.iter().filter(|v| v.key == key).collect();
            of_key.sort_by_key(|v| v.effective_from);
            let chosen = of_key
                .iter()
                .rev()
                .find(|v| v.effective_from <= on)
                .or_else(|| of_key.first())
                .copied()
                .cloned()
                .or_else(|| defaults().into_iter().find(|v| v.key == key))
                .ok_or_else(|| InvalidValue::new("policy_key", "no value", key.as_str()))?;
            key.validate(&chosen.value)?;
            Ok(chosen)
        };
        Ok(Policy {
            refund_limit_usd: pick(PolicyKey::RefundLimitUsd)?,
            refund_window_days: pick(PolicyKey::RefundWindowDays)?,
            fee_rate: pick(PolicyKey::EarlyTerminationFeeRate)?,
            exchange_cutover: pick(PolicyKey::ExchangeCutoverDate)?,
            non_refundable: pick(PolicyKey::NonRefundableTypes)?,
            savings_plan_covered: pick(PolicyKey::SavingsPlanCoveredTypes)?,
        })
    }

    /// The refund limit in USD.
    pub fn limit_usd(&self) -> Decimal {
        self.refund_limit_usd
            .value
            .trim()
            .parse()
            .unwrap_or(Decimal::ZERO)
    }

    /// The rolling window in days.
    pub fn window_days(&self) -> u32 {
        self.refund_window_days.value.trim().parse().unwrap_or(365)
    }

    /// The early-termination fee rate.
    pub fn fee_rate(&self) -> Decimal {
        self.fee_rate.value.trim().parse().unwrap_or(Decimal::ZERO)
    }

    /// The exchange cut-over date.
    pub fn cutover(&self) -> NaiveDate {
        self.exchange_cutover
            .value
            .trim()
            .parse()
            .unwrap_or(NaiveDate::MAX)
    }

    /// Whether `t` can be refunded or exchanged at all.
    pub fn is_refundable(&self, t: ResourceType) -> bool {
        !parse_types(&self.non_refundable.value)
            .unwrap_or_default()
            .contains(&t)
    }

    /// Whether savings plans cover `t`'s service.
    pub fn is_savings_plan_covered(&self, t: ResourceType) -> bool {
        parse_types(&self.savings_plan_covered.value)
            .unwrap_or_default()
            .contains(&t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_value_in_force_on_the_quote_date_wins() {
        let mut values = defaults();
        values.push(PolicyValue {
            key: PolicyKey::EarlyTerminationFeeRate,
            value: "0.12".into(),
            effective_from: d("2027-07-01"),
            source: "test".into(),
        });
        assert_eq!(
            Policy::in_force(&values, d("2027-06-30"))
                .unwrap()
                .fee_rate(),
            Decimal::ZERO
        );
        assert_eq!(
            Policy::in_force(&values, d("2027-07-01"))
                .unwrap()
                .fee_rate(),
            Decimal::new(12, 2)
        );
        let p = Policy::in_force(&values, d("2026-11-24")).unwrap();
        assert_eq!(p.limit_usd(), Decimal::from(50_000));
        assert_eq!(p.window_days(), 365);
        assert_eq!(p.cutover(), d("2027-02-01"));
        assert!(!p.is_refundable(ResourceType::RedHat));
        assert!(p.is_refundable(ResourceType::VirtualMachines));
        assert!(p.is_savings_plan_covered(ResourceType::VirtualMachines));
        assert!(!p.is_savings_plan_covered(ResourceType::CosmosDb));
    }

    #[test]
    fn values_are_validated_by_key() {
        assert!(
            PolicyKey::EarlyTerminationFeeRate.validate("1.5").is_err(),
            "a rate above 100 % is a typo"
        );
        assert!(PolicyKey::RefundLimitUsd.validate("-1").is_err());
        assert!(PolicyKey::ExchangeCutoverDate
            .validate("2027-02-30")
            .is_err());
        assert!(PolicyKey::NonRefundableTypes
            .validate("RedHat,Toasters")
            .is_err());
        assert!(PolicyKey::NonRefundableTypes
            .validate("RedHat, SuseLinux")
            .is_ok());
        assert!(PolicyKey::parse("refund_limit").is_err());
    }
}
