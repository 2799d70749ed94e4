//! The IDs the unit tests share: one place that says which GUID plays what, instead of each test
//! module declaring its own copy. Test-only.
//!
//! The values are made up (each is a well-formed GUID); tests that spell one inside a JSON or CSV
//! fixture should interpolate the constant so the two cannot drift apart.

/// The reservation order most fixtures buy: the order of [`RESERVATION`] (domain, Azure, Partner
/// Center, reservation details and summaries, role assignments).
pub const ORDER: &str = "a075419f-44cc-497f-b68a-14ee811d48b9";
/// The reservation most fixtures look at, in [`ORDER`].
pub const RESERVATION: &str = "6ef59113-3482-40da-8d79-787f823e34bc";

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
