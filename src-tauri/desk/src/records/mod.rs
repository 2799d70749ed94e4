//! What parsers hand to the store: one record per fact found, each field optional unless the
//! fact cannot exist without it. The store merges a record into what it already holds: a field a
//! file does not carry never erases what another file said. Neither the parsers (`import/`) nor
//! the store (`store/`) know each other: both know these records.

pub mod report;
pub mod sink;

use crate::domain::access::Assignment;
use crate::domain::customer::SubscriptionState;
use crate::domain::ids::{ReservationId, ReservationOrderId, SubscriptionId, TenantId};
use crate::domain::money::{Currency, Money};
use crate::domain::reservation::{ProvisioningState, ResourceType};
use crate::domain::scope::Scope;
use crate::domain::term::{BillingPlan, Term};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// One fact from an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    /// A CSP customer (tenant).
    Customer(CustomerRec),
    /// A customer's Azure subscription.
    Subscription(SubscriptionRec),
    /// A reservation order (one purchase).
    Order(OrderRec),
    /// A reservation.
    Reservation(ReservationRec),
    /// Reserved and used hours of one reservation on one day. Several records for the same
    /// reservation and day within one import (one per instance) are added up: used hours are
    /// summed, reserved hours take the largest value seen.
    UtilizationDay(UtilizationDayRec),
    /// A whole month of one reservation's use (monthly reservation summaries).
    UtilizationMonth(UtilizationMonthRec),
    /// The 1/7/30-day percentages an export computed (Azure's `utilization.aggregates`). Used
    /// only while the store has no daily rows for the reservation.
    UtilizationAggregates(AggregatesRec),
    /// A link between reservations: split, merge, swap, renewal.
    Lineage(LineageRec),
    /// One money row about a reservation from a cost export.
    Cost(CostRec),
    /// A role assignment that reaches reservations.
    Assignment(AssignmentRec),
    /// A refund or exchange Microsoft processed (counted against the refund limit if a refund).
    Ledger(LedgerRec),
}

impl Record {
    /// The entity name used in reports (`customers`, `reservations`, …).
    pub fn entity(&self) -> Entity {
        match self {
            Self::Customer(_) => Entity::Customers,
            Self::Subscription(_) => Entity::Subscriptions,
            Self::Order(_) => Entity::Orders,
            Self::Reservation(_) => Entity::Reservations,
            Self::UtilizationDay(_)
            | Self::UtilizationMonth(_)
            | Self::UtilizationAggregates(_) => Entity::Utilization,
            Self::Lineage(_) => Entity::Lineage,
            Self::Cost(_) => Entity::Costs,
            Self::Assignment(_) => Entity::RoleAssignments,
            Self::Ledger(_) => Entity::Refunds,
        }
    }

    /// The ID of what the record is about (customer, order, reservation), for problem reports.
    pub fn subject_id(&self) -> Option<String> {
        match self {
            Self::Customer(c) => c.tenant_id.as_ref().map(ToString::to_string),
            Self::Subscription(s) => Some(s.id.to_string()),
            Self::Order(o) => Some(o.id.to_string()),
            Self::Reservation(r) => Some(r.id.to_string()),
            Self::UtilizationDay(u) => Some(u.reservation_id.to_string()),
            Self::UtilizationMonth(u) => Some(u.reservation_id.to_string()),
            Self::UtilizationAggregates(a) => Some(a.reservation_id.to_string()),
            Self::Lineage(l) => Some(l.reservation_id.to_string()),
            Self::Cost(c) => Some(
                c.reservation_id
                    .as_ref()
                    .map_or_else(|| c.order_id.to_string(), ToString::to_string),
            ),
            Self::Assignment(a) => a
                .reservation_id
                .as_ref()
                .map(ToString::to_string)
                .or_else(|| a.order_id.as_ref().map(ToString::to_string))
                .or_else(|| a.tenant_id.as_ref().map(ToString::to_string)),
            Self::Ledger(l) => Some(l.reservation_id.to_string()),
        }
    }
}

/// The kinds of things an import report counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Entity {
    /// Customers.
    Customers,
    /// Subscriptions.
    Subscriptions,
    /// Reservation orders.
    Orders,
    /// Reservations.
    Reservations,
    /// Utilization days, months and aggregates.
    Utilization,
    /// Split/merge/swap/renewal links.
    Lineage,
    /// Cost rows.
    Costs,
    /// Role assignments.
    RoleAssignments,
    /// Refund and exchange ledger entries.
    Refunds,
}

impl Entity {
    /// Every entity, in report order.
    pub const ALL: [Entity; 9] = [
        Self::Customers,
        Self::Subscriptions,
        Self::Orders,
        Self::Reservations,
        Self::Utilization,
        Self::Lineage,
        Self::Costs,
        Self::RoleAssignments,
        Self::Refunds,
    ];

    /// The report's name for the entity.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Customers => "customers",
            Self::Subscriptions => "subscriptions",
            Self::Orders => "orders",
            Self::Reservations => "reservations",
            Self::Utilization => "utilization",
            Self::Lineage => "lineage",
            Self::Costs => "costs",
            Self::RoleAssignments => "role_assignments",
            Self::Refunds => "refunds",
        }
    }
}

/// A customer. A new customer without a currency is billed in USD; without a country, `ZZ`
/// (unknown) until a file says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CustomerRec {
    /// Tenant ID.
    pub tenant_id: Option<TenantId>,
    /// Company name.
    pub name: Option<String>,
    /// Primary domain.
    pub primary_domain: Option<String>,
    /// Billing currency.
    pub billing_currency: Option<Currency>,
    /// ISO 3166-1 alpha-2 country.
    pub country: Option<String>,
}

/// A subscription. Its customer comes from the record, `--customer`, or stays unknown (skipped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriptionRec {
    /// Subscription ID.
    pub id: SubscriptionId,
    /// The customer.
    pub tenant_id: Option<TenantId>,
    /// Display name.
    pub display_name: Option<String>,
    /// State.
    pub state: Option<SubscriptionState>,
}

/// A reservation order. A new order needs term, billing plan, purchase and expiry dates and
/// quantity; without a price it is stored with its price marked unknown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderRec {
    /// Order ID.
    pub id: ReservationOrderId,
    /// The customer.
    pub tenant_id: Option<TenantId>,
    /// Display name.
    pub display_name: Option<String>,
    /// Term.
    pub term: Option<Term>,
    /// Billing plan.
    pub billing_plan: Option<BillingPlan>,
    /// Purchase date.
    pub purchase_date: Option<NaiveDate>,
    /// Benefit start.
    pub benefit_start: Option<NaiveDate>,
    /// Expiry date.
    pub expiry_date: Option<NaiveDate>,
    /// Quantity originally bought.
    pub original_quantity: Option<u32>,
    /// Total price over the term in the billing currency.
    pub total_price: Option<Money>,
    /// Total price over the term in USD (the pricing currency).
    pub total_price_usd: Option<Money>,
    /// The reservations the order lists.
    pub reservation_ids: Vec<ReservationId>,
}

impl OrderRec {
    /// An order with only its ID known.
    pub fn new(id: ReservationOrderId) -> Self {
        Self {
            id,
            tenant_id: None,
            display_name: None,
            term: None,
            billing_plan: None,
            purchase_date: None,
            benefit_start: None,
            expiry_date: None,
            original_quantity: None,
            total_price: None,
            total_price_usd: None,
            reservation_ids: Vec::new(),
        }
    }
}

/// A reservation. The order-level fields (term, plan, dates) let the store create the order when
/// a file lists reservations without their orders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReservationRec {
    /// Reservation ID.
    pub id: ReservationId,
    /// Its order.
    pub order_id: ReservationOrderId,
    /// The customer.
    pub tenant_id: Option<TenantId>,
    /// Display name.
    pub display_name: Option<String>,
    /// Reserved resource type.
    pub resource_type: Option<ResourceType>,
    /// SKU.
    pub sku: Option<String>,
    /// Region.
    pub region: Option<String>,
    /// Quantity.
    pub quantity: Option<u32>,
    /// Applied scope.
    pub scope: Option<Scope>,
    /// Billing subscription.
    pub billing_subscription_id: Option<SubscriptionId>,
    /// Instance size flexibility.
    pub instance_flexibility: Option<bool>,
    /// Auto-renew.
    pub renew: Option<bool>,
    /// Lifecycle state.
    pub provisioning_state: Option<ProvisioningState>,
    /// Expiry date.
    pub expiry_date: Option<NaiveDate>,
    /// The order's term.
    pub term: Option<Term>,
    /// The order's billing plan.
    pub billing_plan: Option<BillingPlan>,
    /// The order's purchase date.
    pub purchase_date: Option<NaiveDate>,
    /// The benefit start.
    pub benefit_start: Option<NaiveDate>,
}

impl ReservationRec {
    /// A reservation with only its IDs known.
    pub fn new(id: ReservationId, order_id: ReservationOrderId) -> Self {
        Self {
            id,
            order_id,
            tenant_id: None,
            display_name: None,
            resource_type: None,
            sku: None,
            region: None,
            quantity: None,
            scope: None,
            billing_subscription_id: None,
            instance_flexibility: None,
            renew: None,
            provisioning_state: None,
            expiry_date: None,
            term: None,
            billing_plan: None,
            purchase_date: None,
            benefit_start: None,
        }
    }
}

/// One reservation-day of use (one instance's share when `instance` is set).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UtilizationDayRec {
    /// Reservation.
    pub reservation_id: ReservationId,
    /// The UTC day.
    pub day: NaiveDate,
    /// Reserved hours (the reservation's, repeated on every instance row).
    pub reserved_hours: Decimal,
    /// Hours used (by this instance, when given).
    pub used_hours: Decimal,
    /// The instance (resource ID) the row is about; two rows for the same reservation, day and
    /// instance in one import are a duplicate.
    pub instance: Option<String>,
}

/// One reservation-month of use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UtilizationMonthRec {
    /// Reservation.
    pub reservation_id: ReservationId,
    /// The first day of the month.
    pub month: NaiveDate,
    /// Reserved hours.
    pub reserved_hours: Decimal,
    /// Used hours.
    pub used_hours: Decimal,
}

/// Percentages computed by the export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AggregatesRec {
    /// Reservation.
    pub reservation_id: ReservationId,
    /// The day the figures end on (the import day when the export does not say).
    pub as_of: Option<NaiveDate>,
    /// 1-day percent.
    pub d1: Option<Decimal>,
    /// 7-day percent.
    pub d7: Option<Decimal>,
    /// 30-day percent.
    pub d30: Option<Decimal>,
}

/// How two reservations are related.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineageKind {
    /// `reservation_id` was split off `related_id`.
    SplitFrom,
    /// `reservation_id` was split into `related_id` (among others).
    SplitInto,
    /// `reservation_id` was merged from `related_id` (among others).
    MergedFrom,
    /// `reservation_id` was merged into `related_id`.
    MergedInto,
    /// `reservation_id` was swapped from `related_id`.
    SwappedFrom,
    /// `reservation_id` was swapped to `related_id`.
    SwappedTo,
    /// `reservation_id` renews `related_id`.
    RenewedFrom,
    /// `reservation_id` is renewed by `related_id`.
    RenewedTo,
}

impl LineageKind {
    /// Store and JSON spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SplitFrom => "split_from",
            Self::SplitInto => "split_into",
            Self::MergedFrom => "merged_from",
            Self::MergedInto => "merged_into",
            Self::SwappedFrom => "swapped_from",
            Self::SwappedTo => "swapped_to",
            Self::RenewedFrom => "renewed_from",
            Self::RenewedTo => "renewed_to",
        }
    }

    /// Parses the spelling.
    pub fn parse(raw: &str) -> Option<Self> {
        [
            Self::SplitFrom,
            Self::SplitInto,
            Self::MergedFrom,
            Self::MergedInto,
            Self::SwappedFrom,
            Self::SwappedTo,
            Self::RenewedFrom,
            Self::RenewedTo,
        ]
        .into_iter()
        .find(|k| k.as_str() == raw)
    }
}

/// A lineage link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineageRec {
    /// The reservation described.
    pub reservation_id: ReservationId,
    /// The other reservation.
    pub related_id: ReservationId,
    /// How they relate.
    pub kind: LineageKind,
}

/// What a cost row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChargeKind {
    /// The purchase (or one monthly payment of it).
    Purchase,
    /// Usage covered by the reservation (amortized cost).
    Usage,
    /// The unused share of the commitment (amortized cost).
    Unused,
    /// A refund of the reservation.
    Refund,
}

impl ChargeKind {
    /// Store spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Purchase => "purchase",
            Self::Usage => "usage",
            Self::Unused => "unused",
            Self::Refund => "refund",
        }
    }

    /// Parses the store spelling.
    pub fn parse(raw: &str) -> Option<Self> {
        [Self::Purchase, Self::Usage, Self::Unused, Self::Refund]
            .into_iter()
            .find(|k| k.as_str() == raw)
    }
}

/// One money row about a reservation. Rows are identified by order, reservation, day, kind and
/// `line_key` (the resource and meter, or the export's row ID): importing a newer export of the
/// same period replaces the amounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CostRec {
    /// The order.
    pub order_id: ReservationOrderId,
    /// The reservation, when the row names one (purchase rows often name only the order).
    pub reservation_id: Option<ReservationId>,
    /// The customer, when the export says (CSP FOCUS `x_CustomerId`).
    pub tenant_id: Option<TenantId>,
    /// The charge day.
    pub day: NaiveDate,
    /// What it is.
    pub kind: ChargeKind,
    /// Amount in `amount.currency`; refunds are negative as exported.
    pub amount: Money,
    /// The same in USD when the export gives it.
    pub amount_usd: Option<Decimal>,
    /// Quantity (hours or units) when given.
    pub quantity: Option<Decimal>,
    /// Distinguishes rows of the same reservation, day and kind (resource + meter, row ID).
    pub line_key: String,
    /// The billing plan the row reveals (`Frequency`: OneTime → Upfront, Recurring → Monthly).
    pub billing_plan: Option<BillingPlan>,
    /// The term the row reveals (`Term` in months).
    pub term: Option<Term>,
}

/// A role assignment and where it is granted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssignmentRec {
    /// The customer (tenant-wide grants need it; otherwise the order's customer).
    pub tenant_id: Option<TenantId>,
    /// The order (order and reservation grants).
    pub order_id: Option<ReservationOrderId>,
    /// The reservation (reservation grants).
    pub reservation_id: Option<ReservationId>,
    /// The assignment.
    pub assignment: Assignment,
}

/// A processed refund or exchange.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerRec {
    /// The customer.
    pub tenant_id: TenantId,
    /// The reservation returned.
    pub reservation_id: ReservationId,
    /// `refund` or `exchange`.
    pub kind: String,
    /// The day Microsoft processed it.
    pub date: NaiveDate,
    /// Quantity returned.
    pub quantity: u32,
    /// Amount in the billing currency.
    pub amount: Money,
    /// Amount in USD.
    pub amount_usd: Decimal,
    /// What identifies it across imports (e.g. the cost row or the portfolio entry).
    pub source_key: String,
}
