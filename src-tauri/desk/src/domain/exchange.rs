//! The exchange check: same product family, the dated exchange-policy rule, and the value rule
//! (DOMAIN.md §6 rules 8–9). Exchanges never use the refund limit.

use super::money::{round_cents, Currency, Money};
use super::policy::Policy;
use super::refund::{price_basis, remaining_value, Reason, UnitPrice};
use super::reservation::{ProvisioningState, Reservation, ReservationOrder, ResourceType};
use super::term::Term;
use super::InvalidValue;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// Product families within which exchanges are allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// VM, Dedicated Host, Azure VMware Solution.
    Compute,
    /// SQL Database, SQL Managed Instance, elastic pools.
    Sql,
    /// Azure Cosmos DB.
    CosmosDb,
    /// App Service.
    AppService,
    /// Software plans (not exchangeable; each its own family).
    Software(ResourceType),
}

/// The family of a reserved resource type.
pub fn family(t: ResourceType) -> Family {
    match t {
        ResourceType::VirtualMachines | ResourceType::DedicatedHost | ResourceType::Avs => {
            Family::Compute
        }
        ResourceType::SqlDatabases => Family::Sql,
        ResourceType::CosmosDb => Family::CosmosDb,
        ResourceType::AppService => Family::AppService,
        ResourceType::RedHat | ResourceType::SuseLinux => Family::Software(t),
    }
}

/// Tells a SKU's type from its name, for SKUs typed in rather than taken from the catalog.
pub fn infer_type(sku: &str) -> Option<ResourceType> {
    let s = sku.trim();
    let lower = s.to_ascii_lowercase();
    if lower.starts_with("standard_") || lower.starts_with("basic_") {
        Some(ResourceType::VirtualMachines)
    } else if lower.starts_with("sqldb") || lower.starts_with("sqlmi") || lower.starts_with("sql_")
    {
        Some(ResourceType::SqlDatabases)
    } else if lower.starts_with("cosmos") {
        Some(ResourceType::CosmosDb)
    } else if lower.ends_with("_type1") || lower.ends_with("_type2") || lower.ends_with("_type3") {
        Some(ResourceType::DedicatedHost)
    } else if lower.starts_with("avs") {
        Some(ResourceType::Avs)
    } else if matches!(lower.chars().next(), Some('p' | 'i'))
        && lower.contains('v')
        && lower.len() <= 5
    {
        Some(ResourceType::AppService)
    } else {
        None
    }
}

/// One reservation to return.
#[derive(Debug, Clone)]
pub struct ReturnItem {
    /// Its order.
    pub order: ReservationOrder,
    /// The reservation.
    pub reservation: Reservation,
    /// Units to return.
    pub quantity: u32,
    /// Exchanges of this reservation already processed on or after the cut-over date.
    pub exchanges_since_cutover: u32,
    /// The reservation was itself created by an exchange or renewal on or after the cut-over.
    pub created_after_cutover_by_exchange: bool,
    /// Current catalog price per unit, when known.
    pub current_price: Option<UnitPrice>,
}

/// One new reservation to buy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseItem {
    /// SKU.
    pub sku: String,
    /// Region.
    pub region: String,
    /// Term.
    pub term: Term,
    /// Units.
    pub quantity: u32,
    /// Price per unit for the whole term (lifetime commitment per unit).
    pub unit_price: Money,
    /// Type, from the catalog or inferred from the SKU.
    pub resource_type: Option<ResourceType>,
}

impl PurchaseItem {
    /// Parses `SKU:REGION:TERM:QTY:PRICE:CURRENCY` (PRICE per unit for the whole term).
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let parts: Vec<&str> = raw.split(':').collect();
        let [sku, region, term, qty, price, currency] = parts.as_slice() else {
            return Err(InvalidValue::new("buy", "expected SKU:REGION:TERM:QTY:PRICE:CURRENCY, e.g. Standard_D4s_v5:westeurope:P3Y:2:2100.00:EUR", raw));
        };
        if sku.trim().is_empty() || region.trim().is_empty() {
            return Err(InvalidValue::new(
                "buy",
                "the SKU and the region cannot be empty",
                raw,
            ));
        }
        let quantity = qty
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|q| *q > 0)
            .ok_or_else(|| {
                InvalidValue::new("quantity", "expected a whole number of at least 1", qty)
            })?;
        let amount = super::money::parse_decimal("price", price)?;
        if amount.is_sign_negative() {
            return Err(InvalidValue::new(
                "price",
                "a price cannot be negative",
                price,
            ));
        }
        Ok(Self {
            sku: sku.trim().to_string(),
            region: region.trim().to_ascii_lowercase(),
            term: Term::parse(term)?,
            quantity,
            unit_price: Money::new(amount, Currency::parse(currency)?),
            resource_type: infer_type(sku),
        })
    }

    /// Lifetime commitment of the line: units × price per unit.
    pub fn total(&self) -> Decimal {
        self.unit_price.amount * Decimal::from(self.quantity)
    }
}

/// One returned reservation's part of the quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnLine {
    /// Reservation ID.
    pub reservation_id: String,
    /// Units returned.
    pub quantity: u32,
    /// Remaining days.
    pub remaining_days: i64,
    /// Term days.
    pub term_days: i64,
    /// Prorated value credited, in the billing currency.
    pub refund: Money,
    /// The same in USD.
    pub refund_usd: Money,
}

/// An exchange quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExchangeQuote {
    /// Per returned reservation.
    pub returns: Vec<ReturnLine>,
    /// Σ prorated values returned (billing currency).
    pub refunds_total: Money,
    /// Σ lifetime commitments bought.
    pub purchases_total: Money,
    /// `purchases_total − refunds_total`.
    pub net_payable: Money,
    /// True when nothing stands in the way.
    pub allowed: bool,
    /// What stands in the way (each code once).
    pub reasons: Vec<Reason>,
}

fn push(reasons: &mut Vec<Reason>, r: Reason) {
    if !reasons.contains(&r) {
        reasons.push(r);
    }
}

/// Quotes exchanging `returns` for `purchases` on `on`.
pub fn quote_exchange(
    returns: &[ReturnItem],
    purchases: &[PurchaseItem],
    on: NaiveDate,
    policy: &Policy,
) -> ExchangeQuote {
    let mut reasons = Vec::new();
    if returns.is_empty() || purchases.is_empty() {
        push(&mut reasons, Reason::EmptyExchange);
    }
    let currency = returns
        .first()
        .map(|r| r.order.total_price.currency)
        .or_else(|| purchases.first().map(|p| p.unit_price.currency))
        .unwrap_or(Currency::USD);
    let cutover = policy.cutover();
    let mut families = Vec::new();
    let mut lines = Vec::new();
    for item in returns {
        let (o, r) = (&item.order, &item.reservation);
        if o.tenant_id != returns[0].order.tenant_id {
            push(&mut reasons, Reason::MixedCustomers);
        }
        if item.quantity == 0 || item.quantity > r.quantity {
            push(&mut reasons, Reason::InvalidRefundQuantity);
        }
        if r.provisioning_state != ProvisioningState::Succeeded || on > o.expiry_date {
            push(
                &mut reasons,
                Reason::OperationCannotBePerformedInCurrentState,
            );
        }
        if !policy.is_refundable(r.resource_type) {
            push(&mut reasons, Reason::NotRefundable);
        }
        if o.total_price.currency != currency {
            push(&mut reasons, Reason::CurrencyMismatch);
        }
        if policy.is_savings_plan_covered(r.resource_type) {
            if o.purchase_date >= cutover || item.created_after_cutover_by_exchange {
                push(&mut reasons, Reason::ExchangeNotAllowedAfterCutover);
            } else if on >= cutover && item.exchanges_since_cutover >= 1 {
                push(&mut reasons, Reason::FinalExchangeUsed);
            }
        }
        families.push(family(r.resource_type));
        let q = item.quantity.min(r.quantity);
        let v = remaining_value(o, q, on, price_basis(o, item.current_price));
        lines.push(ReturnLine {
            reservation_id: r.id.to_string(),
            quantity: item.quantity,
            remaining_days: v.remaining_days,
            term_days: v.term_days,
            refund: v.canceled,
            refund_usd: v.canceled_usd,
        });
    }
    for p in purchases {
        match p.resource_type {
            Some(t) => families.push(family(t)),
            None => push(&mut reasons, Reason::UnknownSku),
        }
        if p.unit_price.currency != currency {
            push(&mut reasons, Reason::CurrencyMismatch);
        }
    }
    if families.windows(2).any(|w| w[0] != w[1]) {
        push(&mut reasons, Reason::DifferentProductFamily);
    }
    let refunds: Decimal = lines.iter().map(|l| l.refund.amount).sum();
    let purchases_total = round_cents(purchases.iter().map(PurchaseItem::total).sum());
    if !returns.is_empty() && !purchases.is_empty() && purchases_total < refunds {
        push(&mut reasons, Reason::InsufficientPurchaseValue);
    }
    ExchangeQuote {
        returns: lines,
        refunds_total: Money::new(refunds, currency),
        purchases_total: Money::new(purchases_total, currency),
        net_payable: Money::new(purchases_total - refunds, currency),
        allowed: reasons.is_empty(),
        reasons,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::policy::defaults;
    use crate::domain::scope::Scope;
    use crate::domain::term::BillingPlan;
    use crate::test_ids;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn item(t: ResourceType, purchased: &str, total: i64, qty: u32) -> ReturnItem {
        let order = test_ids::order(
            Term::P1Y,
            BillingPlan::Upfront,
            d(purchased),
            qty,
            Money::new(Decimal::from(total), Currency::parse("EUR").unwrap()),
            Money::new(Decimal::from(total), Currency::USD),
        );
        let reservation = test_ids::reservation(t, qty, Scope::Shared);
        ReturnItem {
            order,
            reservation,
            quantity: qty,
            exchanges_since_cutover: 0,
            created_after_cutover_by_exchange: false,
            current_price: None,
        }
    }

    fn policy() -> Policy {
        Policy::in_force(&defaults(), d("2026-11-24")).unwrap()
    }

    #[test]
    fn the_docs_example_needs_a_purchase_of_at_least_the_remaining_value() {
        // 1-year, 2,400 upfront, exchanged after about 6 months: the new purchase must be ≥ ~1,200.
        let r = item(ResourceType::VirtualMachines, "2026-05-24", 2_400, 1);
        let on = d("2026-11-23");
        let small = PurchaseItem::parse("Standard_D4s_v5:westeurope:P1Y:1:1000:EUR").unwrap();
        let q = quote_exchange(std::slice::from_ref(&r), &[small], on, &policy());
        assert_eq!(q.returns[0].remaining_days, 182, "2026-11-23 to 2027-05-24");
        assert_eq!(
            q.refunds_total.amount,
            Decimal::new(119_671, 2),
            "2400 × 182/365"
        );
        assert_eq!(q.reasons, vec![Reason::InsufficientPurchaseValue]);
        let enough = PurchaseItem::parse("Standard_D4s_v5:westeurope:P3Y:2:700:EUR").unwrap();
        let q = quote_exchange(&[r], &[enough], on, &policy());
        assert!(q.allowed, "{:?}", q.reasons);
        assert_eq!(q.purchases_total.amount, Decimal::from(1_400));
        assert_eq!(
            q.net_payable.amount,
            Decimal::new(20_329, 2),
            "1400 − 1196.71"
        );
    }

    #[test]
    fn equal_value_is_enough() {
        let r = item(ResourceType::VirtualMachines, "2026-05-24", 365, 1);
        let on = d("2026-11-23");
        let exact = PurchaseItem::parse("Standard_D2s_v5:westeurope:P1Y:1:182:EUR").unwrap();
        let q = quote_exchange(&[r], &[exact], on, &policy());
        assert!(q.allowed, "≥ is the documented rule: {:?}", q.reasons);
        assert_eq!(q.net_payable.amount, Decimal::ZERO);
    }

    #[test]
    fn families_must_match() {
        let cosmos = item(ResourceType::CosmosDb, "2026-05-24", 2_400, 1);
        let sql = PurchaseItem::parse("SQLDB_GP_Compute_Gen5:westeurope:P1Y:4:1000:EUR").unwrap();
        let q = quote_exchange(&[cosmos], &[sql], d("2026-11-23"), &policy());
        assert!(
            q.reasons.contains(&Reason::DifferentProductFamily),
            "Cosmos DB → SQL DB is cross-family"
        );
        let vm = item(ResourceType::VirtualMachines, "2026-05-24", 2_400, 1);
        let host = PurchaseItem::parse("DSv5_Type1:westeurope:P1Y:1:40000:EUR").unwrap();
        assert!(
            quote_exchange(&[vm], &[host], d("2026-11-23"), &policy()).allowed,
            "VM ↔ Dedicated Host is one family"
        );
    }

    #[test]
    fn the_2027_rule_allows_one_final_exchange_for_earlier_purchases() {
        let buy = PurchaseItem::parse("Standard_D8s_v5:westeurope:P1Y:1:5000:EUR").unwrap();
        let on = d("2027-03-01");
        let before = item(ResourceType::VirtualMachines, "2026-06-01", 2_400, 1);
        assert!(
            quote_exchange(
                std::slice::from_ref(&before),
                std::slice::from_ref(&buy),
                on,
                &policy()
            )
            .allowed,
            "one final exchange remains"
        );
        let used = ReturnItem {
            exchanges_since_cutover: 1,
            ..before
        };
        assert_eq!(
            quote_exchange(&[used], std::slice::from_ref(&buy), on, &policy()).reasons,
            vec![Reason::FinalExchangeUsed]
        );
        let after = item(ResourceType::VirtualMachines, "2027-02-01", 2_400, 1);
        assert_eq!(
            quote_exchange(&[after], &[buy], on, &policy()).reasons,
            vec![Reason::ExchangeNotAllowedAfterCutover]
        );
        let cosmos_after = item(ResourceType::CosmosDb, "2027-02-15", 2_400, 1);
        let cosmos = PurchaseItem::parse("Cosmos_DB_100_RU_s:westeurope:P1Y:100:50:EUR").unwrap();
        assert!(
            quote_exchange(&[cosmos_after], &[cosmos], on, &policy()).allowed,
            "services without savings plans are not restricted"
        );
    }

    #[test]
    fn purchase_lines_are_parsed_strictly() {
        assert!(PurchaseItem::parse("Standard_D4s_v5:westeurope:P3Y:2:2100.00:EUR").is_ok());
        for bad in [
            "Standard_D4s_v5:westeurope:P3Y:2:2100.00",
            "x:y:P2Y:1:1:EUR",
            "x:y:P1Y:0:1:EUR",
            "x:y:P1Y:1:-5:EUR",
            "x:y:P1Y:1:abc:EUR",
            ":y:P1Y:1:1:EUR",
            "x:y:P1Y:1:1:EURO",
        ] {
            assert!(PurchaseItem::parse(bad).is_err(), "{bad} must be refused");
        }
        let p = PurchaseItem::parse("Mystery:westeurope:P1Y:1:10:EUR").unwrap();
        let q = quote_exchange(
            &[item(ResourceType::VirtualMachines, "2026-05-24", 10, 1)],
            &[p],
            d("2026-11-23"),
            &policy(),
        );
        assert!(q.reasons.contains(&Reason::UnknownSku));
        let usd = PurchaseItem::parse("Standard_D4s_v5:westeurope:P1Y:1:99999:USD").unwrap();
        let q = quote_exchange(
            &[item(ResourceType::VirtualMachines, "2026-05-24", 10, 1)],
            &[usd],
            d("2026-11-23"),
            &policy(),
        );
        assert!(q.reasons.contains(&Reason::CurrencyMismatch));
    }
}
