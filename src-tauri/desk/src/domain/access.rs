//! Role assignments on reservations and who may act (DOMAIN.md §3, §6 rule 12).

use super::InvalidValue;
use serde::{Deserialize, Serialize};

/// Built-in roles that matter for reservations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Role {
    /// Owner: full management, including refund/exchange and granting access.
    Owner,
    /// Contributor: manage, not grant.
    Contributor,
    /// Reader: view.
    Reader,
    /// Reservations Administrator: manage and delegate reservations.
    ReservationsAdministrator,
    /// Reservations Contributor: manage, not delegate.
    ReservationsContributor,
    /// Reservations Reader: read-only.
    ReservationsReader,
    /// Reservation Purchaser: buy with a subscription.
    ReservationPurchaser,
    /// User Access Administrator: delegate.
    UserAccessAdministrator,
}

impl Role {
    /// Every role, in display order.
    pub const ALL: [Role; 8] = [
        Self::Owner,
        Self::Contributor,
        Self::Reader,
        Self::ReservationsAdministrator,
        Self::ReservationsContributor,
        Self::ReservationsReader,
        Self::ReservationPurchaser,
        Self::UserAccessAdministrator,
    ];

    /// The role's name as Azure prints it (`roleDefinitionName`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Owner => "Owner",
            Self::Contributor => "Contributor",
            Self::Reader => "Reader",
            Self::ReservationsAdministrator => "Reservations Administrator",
            Self::ReservationsContributor => "Reservations Contributor",
            Self::ReservationsReader => "Reservations Reader",
            Self::ReservationPurchaser => "Reservation Purchaser",
            Self::UserAccessAdministrator => "User Access Administrator",
        }
    }

    /// The built-in role definition's GUID, where it is published (Reservations Contributor's
    /// is not confirmed: DOMAIN.md §3).
    pub fn definition_id(self) -> Option<&'static str> {
        match self {
            Self::Owner => Some("8e3af657-a8ff-443c-a75c-2fe8c4bcb635"),
            Self::Contributor => Some("b24988ac-6180-42a0-ab88-20f7382dd24c"),
            Self::Reader => Some("acdd72a7-3385-48ef-bd42-f606fba81ae7"),
            Self::ReservationsAdministrator => Some("a8889054-8d42-49c9-bc1c-52486c10e7cd"),
            Self::ReservationsReader => Some("582fc458-8989-419f-a480-75249bc5db7e"),
            Self::ReservationPurchaser => Some("f7b75c60-3036-4b75-91c3-6b41c27c1689"),
            Self::UserAccessAdministrator => Some("18d7d88d-d35e-4fb5-a5c3-7773c20a72d9"),
            Self::ReservationsContributor => None,
        }
    }

    /// Parses the role's name in any case.
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        Self::ALL
            .into_iter()
            .find(|r| r.name().eq_ignore_ascii_case(raw.trim()))
            .ok_or_else(|| {
                InvalidValue::new(
                    "role",
                    "expected a built-in role name such as Owner or Reservations Administrator",
                    raw,
                )
            })
    }
}

/// Who holds the role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum PrincipalKind {
    /// A user of the customer's tenant.
    User,
    /// A security group.
    Group,
    /// An application.
    ServicePrincipal,
    /// The partner's Admin Agents group (foreign principal, "Admin on Behalf Of").
    PartnerAdminAgent,
    /// A partner user invited as a guest into the customer's tenant.
    PartnerGuest,
    /// Partner access delegated through Azure Lighthouse.
    PartnerLighthouse,
}

impl PrincipalKind {
    /// Stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::User => "user",
            Self::Group => "group",
            Self::ServicePrincipal => "service_principal",
            Self::PartnerAdminAgent => "partner_admin_agent",
            Self::PartnerGuest => "partner_guest",
            Self::PartnerLighthouse => "partner_lighthouse",
        }
    }

    /// Parses the stored spelling.
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        [Self::User, Self::Group, Self::ServicePrincipal, Self::PartnerAdminAgent, Self::PartnerGuest, Self::PartnerLighthouse]
            .into_iter()
            .find(|k| k.as_str() == raw)
            .ok_or_else(|| InvalidValue::new("principal_kind", "expected user, group, service_principal, partner_admin_agent, partner_guest or partner_lighthouse", raw))
    }

    /// True for the partner's own ways in.
    pub fn is_partner(self) -> bool {
        matches!(
            self,
            Self::PartnerAdminAgent | Self::PartnerGuest | Self::PartnerLighthouse
        )
    }
}

/// Where a role is granted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum GrantedAt {
    /// On the reservation itself.
    Reservation,
    /// On its reservation order (reservations inherit from it).
    Order,
    /// Tenant-wide, on `/providers/Microsoft.Capacity`.
    Tenant,
}

impl GrantedAt {
    /// Stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Reservation => "reservation",
            Self::Order => "order",
            Self::Tenant => "tenant",
        }
    }

    /// Parses the stored spelling.
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        match raw {
            "reservation" => Ok(Self::Reservation),
            "order" => Ok(Self::Order),
            "tenant" => Ok(Self::Tenant),
            _ => Err(InvalidValue::new(
                "granted_at",
                "expected reservation, order or tenant",
                raw,
            )),
        }
    }
}

/// One role assignment that reaches a reservation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Assignment {
    /// Principal's display name.
    pub principal_name: String,
    /// Principal's object ID (GUID).
    pub principal_id: String,
    /// Kind of principal.
    pub kind: PrincipalKind,
    /// Role.
    pub role: Role,
    /// Where it is granted.
    pub granted_at: GrantedAt,
}

/// Refund and exchange need Owner or Reservations Administrator on the order (or tenant-wide);
/// a reservation-level grant does not reach the order. Lighthouse and guest access never work.
pub fn can_refund_or_exchange(a: &Assignment) -> bool {
    matches!(a.role, Role::Owner | Role::ReservationsAdministrator)
        && matches!(a.granted_at, GrantedAt::Order | GrantedAt::Tenant)
        && !matches!(
            a.kind,
            PrincipalKind::PartnerLighthouse | PrincipalKind::PartnerGuest
        )
}

/// Changing scope needs Owner, Contributor, Reservations Contributor or Reservations
/// Administrator on the reservation (or above it). Lighthouse access does not work.
pub fn can_change_scope(a: &Assignment) -> bool {
    matches!(
        a.role,
        Role::Owner
            | Role::Contributor
            | Role::ReservationsContributor
            | Role::ReservationsAdministrator
    ) && a.kind != PrincipalKind::PartnerLighthouse
}

/// A warning about the partner's own path to act.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum AccessWarning {
    /// No partner principal may refund or exchange.
    NoPartnerPath,
    /// The partner's only access is through Azure Lighthouse, which reservations ignore.
    LighthouseDoesNotCount,
    /// The partner is a guest in the customer's tenant, which blocks refunds and exchanges.
    GuestBlocksRefund,
}

impl AccessWarning {
    /// The warning in plain words.
    pub fn message(self) -> &'static str {
        match self {
            Self::NoPartnerPath => "Your organisation holds no Owner or Reservations Administrator role on this reservation order: ask the customer to grant it to your Admin Agents (Admin on Behalf Of) before a refund or exchange.",
            Self::LighthouseDoesNotCount => "Access through Azure Lighthouse does not work for reservations: the partner must act as admin agent or billing admin in the customer's tenant.",
            Self::GuestBlocksRefund => "A guest account in the customer's tenant can view reservations but cannot refund or exchange them, even with admin-agent rights.",
        }
    }
}

/// The partner-path warnings for the assignments that reach a reservation.
pub fn partner_warnings(assignments: &[Assignment]) -> Vec<AccessWarning> {
    let mut out = Vec::new();
    let partner_ok = assignments
        .iter()
        .any(|a| a.kind == PrincipalKind::PartnerAdminAgent && can_refund_or_exchange(a));
    if !partner_ok {
        out.push(AccessWarning::NoPartnerPath);
    }
    if assignments
        .iter()
        .any(|a| a.kind == PrincipalKind::PartnerLighthouse)
    {
        out.push(AccessWarning::LighthouseDoesNotCount);
    }
    if assignments
        .iter()
        .any(|a| a.kind == PrincipalKind::PartnerGuest)
    {
        out.push(AccessWarning::GuestBlocksRefund);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(kind: PrincipalKind, role: Role, at: GrantedAt) -> Assignment {
        Assignment {
            principal_name: "p".into(),
            principal_id: "00000000-0000-4000-8000-000000000001".into(),
            kind,
            role,
            granted_at: at,
        }
    }

    #[test]
    fn refund_needs_owner_or_reservations_administrator_on_the_order() {
        use GrantedAt::*;
        use PrincipalKind::*;
        assert!(can_refund_or_exchange(&a(User, Role::Owner, Order)));
        assert!(can_refund_or_exchange(&a(
            PartnerAdminAgent,
            Role::ReservationsAdministrator,
            Tenant
        )));
        assert!(
            !can_refund_or_exchange(&a(User, Role::Owner, Reservation)),
            "a reservation-level grant does not reach the order"
        );
        assert!(!can_refund_or_exchange(&a(User, Role::Contributor, Order)));
        assert!(!can_refund_or_exchange(&a(
            User,
            Role::ReservationsReader,
            Tenant
        )));
        assert!(
            !can_refund_or_exchange(&a(PartnerLighthouse, Role::Owner, Order)),
            "Lighthouse roles do not work for reservations"
        );
        assert!(
            !can_refund_or_exchange(&a(PartnerGuest, Role::Owner, Order)),
            "guest access blocks refunds"
        );
    }

    #[test]
    fn scope_change_needs_a_managing_role() {
        use GrantedAt::*;
        use PrincipalKind::*;
        for r in [
            Role::Owner,
            Role::Contributor,
            Role::ReservationsContributor,
            Role::ReservationsAdministrator,
        ] {
            assert!(can_change_scope(&a(User, r, Reservation)), "{r:?}");
        }
        for r in [
            Role::Reader,
            Role::ReservationsReader,
            Role::ReservationPurchaser,
        ] {
            assert!(!can_change_scope(&a(User, r, Order)), "{r:?}");
        }
        assert!(!can_change_scope(&a(PartnerLighthouse, Role::Owner, Order)));
    }

    #[test]
    fn the_partner_path_is_checked() {
        use GrantedAt::*;
        use PrincipalKind::*;
        assert!(partner_warnings(&[a(PartnerAdminAgent, Role::Owner, Order)]).is_empty());
        assert_eq!(
            partner_warnings(&[a(User, Role::Owner, Order)]),
            vec![AccessWarning::NoPartnerPath]
        );
        assert_eq!(
            partner_warnings(&[a(PartnerLighthouse, Role::Owner, Order)]),
            vec![
                AccessWarning::NoPartnerPath,
                AccessWarning::LighthouseDoesNotCount
            ]
        );
        assert_eq!(
            partner_warnings(&[
                a(PartnerAdminAgent, Role::Owner, Order),
                a(PartnerGuest, Role::Owner, Order)
            ]),
            vec![AccessWarning::GuestBlocksRefund]
        );
        assert_eq!(
            Role::parse("reservations administrator").unwrap(),
            Role::ReservationsAdministrator
        );
    }
}
