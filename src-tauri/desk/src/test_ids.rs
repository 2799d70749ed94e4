//! The IDs the unit tests share, the ARM path that names a reservation, and the domain order and
//! reservation those IDs stand for: one place that says which GUID plays what, instead of each
//! test module declaring its own copy. Test-only.
//!
//! The values are made up (each is a well-formed GUID); tests that spell one inside a JSON or CSV
//! fixture should interpolate the constant so the two cannot drift apart.

use crate::domain::ids::{ReservationId, ReservationOrderId, SubscriptionId, TenantId};
use crate::domain::money::Money;
use crate::domain::reservation::{ProvisioningState, Reservation, ReservationOrder, ResourceType};
use crate::domain::scope::Scope;
use crate::domain::term::{BillingPlan, Term};
use chrono::NaiveDate;

/// The reservation order most fixtures buy: the order of [`RESERVATION`] (domain, Azure, Partner
/// Center, reservation details and summaries, role assignments).
pub const ORDER: &str = "a075419f-44cc-497f-b68a-14ee811d48b9";
/// A second order, beside [`ORDER`] (two orders in one Partner Center entitlement or Azure list).
pub const ORDER_2: &str = "1e6407ba-37a5-499f-80ed-a3f0f338e443";
/// The reservation most fixtures look at, in [`ORDER`].
pub const RESERVATION: &str = "6ef59113-3482-40da-8d79-787f823e34bc";
/// A second reservation in [`ORDER`] (merge, split and swap partners; another reservation's rows).
pub const RESERVATION_2: &str = "00238563-7312-4c20-a134-8c030bf938a7";
/// A third reservation in [`ORDER`].
pub const RESERVATION_3: &str = "e0e4b4f5-77ea-4984-9ee4-6bf9850ee6de";

/// The customer tenant the domain fixtures' order belongs to.
pub const TENANT: &str = "11111111-1111-4111-8111-111111111111";
/// Another customer's tenant (a scope there is refused).
pub const OTHER_TENANT: &str = "99999999-1111-4111-8111-111111111111";
/// An active subscription of [`TENANT`]: the domain fixtures' billing subscription and applied
/// scope.
pub const SUBSCRIPTION: &str = "22222222-2222-4222-8222-222222222222";
/// Another active subscription of [`TENANT`] (a valid new scope).
pub const SUBSCRIPTION_2: &str = "33333333-2222-4222-8222-222222222222";
/// A subscription of [`OTHER_TENANT`].
pub const OTHER_TENANT_SUBSCRIPTION: &str = "44444444-2222-4222-8222-222222222222";
/// A disabled subscription of [`TENANT`].
pub const DISABLED_SUBSCRIPTION: &str = "55555555-2222-4222-8222-222222222222";

/// The subscription the Azure and Partner Center exports scope a reservation to.
pub const SCOPE_SUBSCRIPTION: &str = "98df3792-7962-4f18-8be2-d5576f122de3";
/// The subscription an Azure export bills a reservation to.
pub const BILLING_SUBSCRIPTION: &str = "19376483-64b8-49e4-a931-d5248828720a";
/// The customer Contoso's tenant, as Partner Center lists it (the customer an import is for).
pub const CONTOSO_TENANT: &str = "4a7c2e1b-9d3f-4e8a-b6c5-1f2e3d4c5b6a";
/// The customer Fabrikam's tenant, as Partner Center lists it.
pub const FABRIKAM_TENANT: &str = "7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e";

/// The reservation order the cost exports (cost details, FOCUS) buy and use.
pub const COST_ORDER: &str = "11111111-2222-4333-8444-555555555555";
/// The reservation in [`COST_ORDER`] whose purchase and usage the cost exports carry.
pub const COST_RESERVATION: &str = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
/// The customer tenant a cost export names or is imported for (FOCUS `x_CustomerId`, MCA
/// `customerTenantId`).
pub const COST_TENANT: &str = "99999999-8888-4777-8666-555555555555";
/// The meter a cost export's reservation purchase is billed on.
pub const COST_METER: &str = "f0f0f0f0-0000-4000-8000-000000000001";

/// The ARM ID of reservation `reservation` in order `order`, as Azure spells it:
/// `/providers/Microsoft.Capacity/reservationOrders/{order}/reservations/{reservation}`.
pub fn reservation_arm(order: &str, reservation: &str) -> String {
    format!("/providers/Microsoft.Capacity/reservationOrders/{order}/reservations/{reservation}")
}

/// [`ORDER`] as the domain holds it: `qty` bought by [`TENANT`] on `start` (the benefit starts the
/// same day) for `total` over the `term` (`total_usd` in USD), named "o".
pub fn order(
    term: Term,
    plan: BillingPlan,
    start: NaiveDate,
    qty: u32,
    total: Money,
    total_usd: Money,
) -> ReservationOrder {
    ReservationOrder {
        id: ReservationOrderId::parse(ORDER).unwrap(),
        tenant_id: TenantId::parse(TENANT).unwrap(),
        display_name: "o".into(),
        term: Some(term),
        billing_plan: Some(plan),
        purchase_date: start,
        benefit_start: start,
        expiry_date: term.expiry_from(start),
        original_quantity: qty,
        total_price: total,
        total_price_usd: total_usd,
    }
}

/// [`RESERVATION`] in [`ORDER`] as the domain holds it: `qty` of `resource_type` (SKU
/// Standard_D2s_v5 in westeurope) applied to `scope` and billed to [`SUBSCRIPTION`], with
/// instance flexibility, not renewing, provisioned; named "r".
pub fn reservation(resource_type: ResourceType, qty: u32, scope: Scope) -> Reservation {
    Reservation {
        id: ReservationId::parse(RESERVATION).unwrap(),
        order_id: ReservationOrderId::parse(ORDER).unwrap(),
        display_name: "r".into(),
        resource_type,
        sku: "Standard_D2s_v5".into(),
        region: "westeurope".into(),
        quantity: qty,
        scope,
        billing_subscription_id: SubscriptionId::parse(SUBSCRIPTION).unwrap(),
        instance_flexibility: true,
        renew: false,
        provisioning_state: ProvisioningState::Succeeded,
    }
}
