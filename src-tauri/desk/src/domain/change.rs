//! Drafted changes to a reservation's configuration: scope (and the subscription it applies to),
//! instance size flexibility, auto-renew and what a renewal buys. Validated against what the
//! store knows, then rendered as the exact `az` command and REST PATCH body (DOMAIN.md §2).

use super::customer::{Subscription, SubscriptionState};
use super::ids::{SubscriptionId, TenantId};
use super::reservation::{ProvisioningState, Reservation, ReservationOrder, ResourceType};
use super::scope::{Scope, ScopeType};
use super::term::{BillingPlan, Term};
use super::InvalidValue;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// The API version of the PATCH the plan renders.
pub const API_VERSION: &str = "2022-11-01";

/// Parses `shared`, `subscription:SUB_ID`, `resource-group:SUB_ID/RG_NAME` or
/// `management-group:MG_ID` (the CLI's `--to`).
pub fn parse_target(raw: &str) -> Result<Scope, InvalidValue> {
    let expected = "expected shared, subscription:SUB_ID, resource-group:SUB_ID/RG_NAME or management-group:MG_ID";
    let (kind, rest) = match raw.trim().split_once(':') {
        Some((k, r)) => (k, Some(r)),
        None => (raw.trim(), None),
    };
    match (kind, rest) {
        ("shared", None) => Ok(Scope::Shared),
        ("subscription", Some(sub)) => {
            Scope::from_parts(ScopeType::Single, Some(&format!("/subscriptions/{sub}")))
        }
        ("resource-group", Some(r)) => {
            let (sub, rg) = r
                .split_once('/')
                .ok_or_else(|| InvalidValue::new("to", expected, raw))?;
            Scope::from_parts(
                ScopeType::ResourceGroup,
                Some(&format!("/subscriptions/{sub}/resourceGroups/{rg}")),
            )
        }
        ("management-group", Some(mg)) => Scope::from_parts(
            ScopeType::ManagementGroup,
            Some(&format!(
                "/providers/Microsoft.Management/managementGroups/{mg}"
            )),
        ),
        _ => Err(InvalidValue::new("to", expected, raw)),
    }
}

/// Why a change cannot be applied. Azure's own error codes where it has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum ChangeProblem {
    /// The new scope is the current one.
    AppliedScopesSameAsExisting,
    /// The subscription is not the customer's (another billing context) or is unknown.
    AppliedScopesNotAssociatedWithCommerceAccount,
    /// The subscription is disabled or deleted.
    SubscriptionNotActive,
    /// The reservation is cancelled, expired, split or merged.
    OperationCannotBePerformedInCurrentState,
    /// Instance size flexibility exists for virtual machines only.
    InstanceFlexibilityNotApplicable,
    /// Nothing would change.
    NothingToChange,
    /// The principal already holds this role there.
    RoleAssignmentExists,
    /// The assignment to remove is not known.
    RoleAssignmentNotFound,
    /// The principal's object ID is not a GUID.
    InvalidPrincipalId,
    /// A renewal must buy at least one unit.
    InvalidRenewalQuantity,
    /// A renewal plan turns renewal on; it cannot also turn it off.
    RenewalNeedsRenewOn,
}

impl ChangeProblem {
    /// The problem in plain words.
    pub fn message(self) -> &'static str {
        match self {
            Self::AppliedScopesSameAsExisting => "The reservation already has this scope.",
            Self::AppliedScopesNotAssociatedWithCommerceAccount => "Only subscriptions of the same customer (the reservation's billing context) can be selected.",
            Self::SubscriptionNotActive => "The subscription is not active; a reservation can only apply to an active subscription.",
            Self::OperationCannotBePerformedInCurrentState => "Only an active reservation's configuration can be changed.",
            Self::InstanceFlexibilityNotApplicable => "Instance size flexibility applies to virtual machine reservations only.",
            Self::NothingToChange => "The plan changes nothing.",
            Self::RoleAssignmentExists => "This principal already holds this role there.",
            Self::RoleAssignmentNotFound => "There is no such role assignment to remove.",
            Self::InvalidPrincipalId => "The object ID must be the principal's GUID from Microsoft Entra ID.",
            Self::InvalidRenewalQuantity => "A renewal must buy at least one unit.",
            Self::RenewalNeedsRenewOn => "A renewal plan turns auto-renew on; it cannot also turn it off.",
        }
    }
}

/// A reservation's configuration before or after a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Configuration {
    /// Scope type.
    pub scope_type: ScopeType,
    /// ARM path of the scope, null for shared.
    pub scope_target: Option<String>,
    /// The scope in words.
    pub scope_description: String,
    /// Instance size flexibility.
    pub instance_flexibility: bool,
    /// Auto-renew.
    pub renew: bool,
    /// What the renewal buys at expiry, when a plan set it; null when not known or not changed.
    #[serde(default)]
    pub renewal: Option<RenewalTerms>,
}

/// What a renewal buys at expiry: Azure's `renewProperties.purchaseProperties` term, quantity
/// and billing plan (the SKU, region and scope stay the reservation's own).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RenewalTerms {
    /// Term of the new reservation.
    pub term: Term,
    /// Units it buys.
    pub quantity: u32,
    /// How it is paid.
    pub billing_plan: BillingPlan,
}

impl Configuration {
    /// The configuration of a reservation.
    pub fn of(r: &Reservation) -> Self {
        Self::new(&r.scope, r.instance_flexibility, r.renew, None)
    }

    fn new(scope: &Scope, isf: bool, renew: bool, renewal: Option<RenewalTerms>) -> Self {
        Self {
            scope_type: scope.scope_type(),
            scope_target: scope.target(),
            scope_description: scope.describe(),
            instance_flexibility: isf,
            renew,
            renewal,
        }
    }

    /// The scope back as a domain value.
    pub fn scope(&self) -> Result<Scope, InvalidValue> {
        Scope::from_parts(self.scope_type, self.scope_target.as_deref())
    }
}

/// What to change; `None` keeps the current value.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ChangeRequest {
    /// New scope.
    pub scope: Option<Scope>,
    /// New instance-size-flexibility setting.
    pub instance_flexibility: Option<bool>,
    /// New auto-renew setting.
    pub renew: Option<bool>,
    /// What the renewal buys; turns auto-renew on.
    pub renewal: Option<RenewalTerms>,
}

/// A validated, rendered change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangePlan {
    /// Before.
    pub before: Configuration,
    /// After.
    pub after: Configuration,
    /// Problems found; empty when the plan is valid.
    pub problems: Vec<ChangeProblem>,
    /// The `az reservations reservation update …` command.
    pub az_command: String,
    /// The same as `az rest`, for environments without the reservations extension.
    pub az_rest_command: String,
    /// The REST PATCH body.
    pub patch_body: Value,
    /// The reservation's page in the Azure portal.
    pub portal_url: String,
}

fn subscription_problems(
    sub: &SubscriptionId,
    owner: &TenantId,
    known: &dyn Fn(&SubscriptionId) -> Option<Subscription>,
) -> Vec<ChangeProblem> {
    match known(sub) {
        Some(s) if &s.tenant_id == owner => {
            if s.state == SubscriptionState::Active {
                vec![]
            } else {
                vec![ChangeProblem::SubscriptionNotActive]
            }
        }
        _ => vec![ChangeProblem::AppliedScopesNotAssociatedWithCommerceAccount],
    }
}

/// Validates `req` against the reservation, its order and the subscriptions the store knows
/// (`known` finds any customer's subscription by ID), and renders the plan.
pub fn plan_change(
    order: &ReservationOrder,
    r: &Reservation,
    req: &ChangeRequest,
    known: &dyn Fn(&SubscriptionId) -> Option<Subscription>,
    today: NaiveDate,
    portal_url: String,
) -> ChangePlan {
    let before = Configuration::of(r);
    let scope = req.scope.clone().unwrap_or_else(|| r.scope.clone());
    let isf = req.instance_flexibility.unwrap_or(r.instance_flexibility);
    let renew = req.renew.unwrap_or(r.renew || req.renewal.is_some());
    let after = Configuration::new(&scope, isf, renew, req.renewal);
    let mut problems = Vec::new();
    if let Some(terms) = req.renewal {
        if req.renew == Some(false) {
            problems.push(ChangeProblem::RenewalNeedsRenewOn);
        }
        if terms.quantity == 0 {
            problems.push(ChangeProblem::InvalidRenewalQuantity);
        }
    }
    if r.provisioning_state != ProvisioningState::Succeeded || today > order.expiry_date {
        problems.push(ChangeProblem::OperationCannotBePerformedInCurrentState);
    }
    if req.scope.as_ref().is_some_and(|s| *s == r.scope) {
        problems.push(ChangeProblem::AppliedScopesSameAsExisting);
    } else if before == after {
        problems.push(ChangeProblem::NothingToChange);
    }
    if req.scope.is_some() {
        if let Scope::Single { subscription } | Scope::ResourceGroup { subscription, .. } = &scope {
            problems.extend(subscription_problems(subscription, &order.tenant_id, known));
        }
    }
    if req
        .instance_flexibility
        .is_some_and(|v| v != r.instance_flexibility)
        && r.resource_type != ResourceType::VirtualMachines
    {
        problems.push(ChangeProblem::InstanceFlexibilityNotApplicable);
    }
    let (az_command, patch_body) = render(order, r, req, &scope, isf, renew);
    let url = format!(
        "https://management.azure.com/providers/Microsoft.Capacity/reservationOrders/{}/reservations/{}?api-version={API_VERSION}",
        order.id, r.id
    );
    let az_rest_command = format!(
        "az rest --method patch --url \"{url}\" --body '{}'",
        patch_body
    );
    // `az reservations reservation update` has no flag for the renewal's purchase: a renewal
    // that buys something other than the reservation's own term, quantity and billing plan is
    // only expressible as the REST call.
    let az_command = match req.renewal {
        Some(t) if !renews_as_is(order, r, t) => az_rest_command.clone(),
        _ => az_command,
    };
    ChangePlan {
        before,
        after,
        problems,
        az_command,
        az_rest_command,
        patch_body,
        portal_url,
    }
}

/// True when a renewal buys what the reservation holds now (Azure's default renewal).
fn renews_as_is(order: &ReservationOrder, r: &Reservation, t: RenewalTerms) -> bool {
    order.term == Some(t.term)
        && order.billing_plan == Some(t.billing_plan)
        && r.quantity == t.quantity
}

/// Azure's `renewProperties`: the purchase made at expiry, with the reservation's SKU, region,
/// billing subscription and (new) scope.
fn renew_properties(r: &Reservation, scope: &Scope, isf: bool, t: RenewalTerms) -> Value {
    let mut props = serde_json::Map::new();
    props.insert(
        "reservedResourceType".into(),
        json!(r.resource_type.as_str()),
    );
    props.insert(
        "billingScopeId".into(),
        json!(format!("/subscriptions/{}", r.billing_subscription_id)),
    );
    props.insert("term".into(), json!(t.term.as_str()));
    props.insert("billingPlan".into(), json!(t.billing_plan.as_str()));
    props.insert("quantity".into(), json!(t.quantity));
    props.insert("displayName".into(), json!(r.display_name));
    match scope {
        Scope::Shared => {
            props.insert("appliedScopeType".into(), json!("Shared"));
        }
        Scope::Single { subscription } => {
            props.insert("appliedScopeType".into(), json!("Single"));
            props.insert(
                "appliedScopes".into(),
                json!([format!("/subscriptions/{subscription}")]),
            );
        }
        Scope::ResourceGroup { .. } => {
            props.insert("appliedScopeType".into(), json!("Single"));
            props.insert("appliedScopes".into(), json!([scope.target()]));
        }
        Scope::ManagementGroup { .. } => {
            props.insert("appliedScopeType".into(), json!("ManagementGroup"));
            props.insert(
                "appliedScopeProperties".into(),
                json!({ "managementGroupId": scope.target() }),
            );
        }
    }
    if r.resource_type == ResourceType::VirtualMachines {
        props.insert(
            "reservedResourceProperties".into(),
            json!({ "instanceFlexibility": if isf { "On" } else { "Off" } }),
        );
    }
    json!({ "purchaseProperties": {
        "sku": { "name": r.sku },
        "location": r.region,
        "properties": Value::Object(props),
    }})
}

fn render(
    order: &ReservationOrder,
    r: &Reservation,
    req: &ChangeRequest,
    scope: &Scope,
    isf: bool,
    renew: bool,
) -> (String, Value) {
    let mut az = format!(
        "az reservations reservation update --reservation-order-id {} --reservation-id {}",
        order.id, r.id
    );
    let mut props = serde_json::Map::new();
    if req.scope.is_some() {
        match scope {
            Scope::Shared => {
                az.push_str(" --applied-scope-type Shared");
                props.insert("appliedScopeType".into(), json!("Shared"));
            }
            Scope::Single { subscription } => {
                az.push_str(&format!(
                    " --applied-scope-type Single --applied-scopes /subscriptions/{subscription}"
                ));
                props.insert("appliedScopeType".into(), json!("Single"));
                props.insert(
                    "appliedScopeProperties".into(),
                    json!({ "subscriptionId": format!("/subscriptions/{subscription}") }),
                );
            }
            Scope::ResourceGroup { .. } => {
                let target = scope.target().unwrap_or_default();
                az.push_str(&format!(" --applied-scope-type Single --applied-scope-property \"{{resource-group-id:{target}}}\""));
                props.insert("appliedScopeType".into(), json!("Single"));
                props.insert(
                    "appliedScopeProperties".into(),
                    json!({ "resourceGroupId": target }),
                );
            }
            Scope::ManagementGroup { .. } => {
                let target = scope.target().unwrap_or_default();
                az.push_str(&format!(
                    " --applied-scope-type ManagementGroup --applied-scope-property \"{{tenant-id:{},management-group-id:{target}}}\"",
                    order.tenant_id
                ));
                props.insert("appliedScopeType".into(), json!("ManagementGroup"));
                props.insert(
                    "appliedScopeProperties".into(),
                    json!({ "tenantId": order.tenant_id.to_string(), "managementGroupId": target }),
                );
            }
        }
    }
    if req.instance_flexibility.is_some() {
        let v = if isf { "On" } else { "Off" };
        az.push_str(&format!(" --instance-flexibility {v}"));
        props.insert("instanceFlexibility".into(), json!(v));
    }
    if req.renew.is_some() || req.renewal.is_some() {
        az.push_str(&format!(" --renew {renew}"));
        props.insert("renew".into(), json!(renew));
    }
    if let Some(t) = req.renewal {
        props.insert("renewProperties".into(), renew_properties(r, scope, isf, t));
    }
    (az, json!({ "properties": Value::Object(props) }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::{Currency, Money};
    use crate::domain::term::{BillingPlan, Term};
    use crate::test_ids::{
        self, DISABLED_SUBSCRIPTION, OTHER_TENANT, OTHER_TENANT_SUBSCRIPTION, SUBSCRIPTION,
        SUBSCRIPTION_2, TENANT,
    };
    use rust_decimal::Decimal;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn fixture() -> (ReservationOrder, Reservation) {
        let usd_100 = Money::new(Decimal::from(100), Currency::USD);
        let o = test_ids::order(
            Term::P3Y,
            BillingPlan::Upfront,
            d("2026-01-01"),
            1,
            usd_100,
            usd_100,
        );
        let r = test_ids::reservation(
            ResourceType::VirtualMachines,
            1,
            Scope::Single {
                subscription: SubscriptionId::parse(SUBSCRIPTION).unwrap(),
            },
        );
        (o, r)
    }

    fn known(id: &SubscriptionId) -> Option<Subscription> {
        let (tenant, state) = match id.as_str() {
            SUBSCRIPTION | SUBSCRIPTION_2 => (TENANT, SubscriptionState::Active),
            DISABLED_SUBSCRIPTION => (TENANT, SubscriptionState::Disabled),
            OTHER_TENANT_SUBSCRIPTION => (OTHER_TENANT, SubscriptionState::Active),
            _ => return None,
        };
        Some(Subscription {
            id: id.clone(),
            tenant_id: TenantId::parse(tenant).unwrap(),
            display_name: "s".into(),
            state,
        })
    }

    fn plan(to: &str) -> ChangePlan {
        let (o, r) = fixture();
        let req = ChangeRequest {
            scope: Some(parse_target(to).unwrap()),
            ..ChangeRequest::default()
        };
        plan_change(
            &o,
            &r,
            &req,
            &known,
            d("2026-11-24"),
            "https://portal".into(),
        )
    }

    #[test]
    fn another_subscription_of_the_same_customer_is_valid() {
        let p = plan(&format!("subscription:{SUBSCRIPTION_2}"));
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        assert_eq!(
            p.after.scope_target.as_deref(),
            Some(&*format!("/subscriptions/{SUBSCRIPTION_2}"))
        );
        assert!(p.az_command.contains(&format!(
            "--applied-scope-type Single --applied-scopes /subscriptions/{SUBSCRIPTION_2}"
        )));
        assert_eq!(
            p.patch_body["properties"]["appliedScopeProperties"]["subscriptionId"],
            format!("/subscriptions/{SUBSCRIPTION_2}")
        );
        assert!(p.az_rest_command.contains("api-version=2022-11-01"));
    }

    #[test]
    fn another_customers_subscription_is_refused() {
        assert_eq!(
            plan(&format!("subscription:{OTHER_TENANT_SUBSCRIPTION}")).problems,
            vec![ChangeProblem::AppliedScopesNotAssociatedWithCommerceAccount]
        );
        assert_eq!(
            plan("subscription:66666666-2222-4222-8222-222222222222").problems,
            vec![ChangeProblem::AppliedScopesNotAssociatedWithCommerceAccount],
            "an unknown subscription is not known to be the customer's"
        );
        assert_eq!(
            plan(&format!(
                "resource-group:{OTHER_TENANT_SUBSCRIPTION}/rg-app"
            ))
            .problems,
            vec![ChangeProblem::AppliedScopesNotAssociatedWithCommerceAccount]
        );
    }

    #[test]
    fn inactive_subscriptions_same_scope_and_ended_reservations_are_refused() {
        assert_eq!(
            plan(&format!("subscription:{DISABLED_SUBSCRIPTION}")).problems,
            vec![ChangeProblem::SubscriptionNotActive]
        );
        assert_eq!(
            plan(&format!("subscription:{SUBSCRIPTION}")).problems,
            vec![ChangeProblem::AppliedScopesSameAsExisting]
        );
        let (o, mut r) = fixture();
        r.provisioning_state = ProvisioningState::Cancelled;
        let req = ChangeRequest {
            scope: Some(Scope::Shared),
            ..ChangeRequest::default()
        };
        let p = plan_change(&o, &r, &req, &known, d("2026-11-24"), String::new());
        assert_eq!(
            p.problems,
            vec![ChangeProblem::OperationCannotBePerformedInCurrentState]
        );
    }

    #[test]
    fn every_scope_type_renders_its_patch_body() {
        let shared = plan("shared");
        assert!(shared.problems.is_empty());
        assert_eq!(
            shared.patch_body,
            json!({"properties": {"appliedScopeType": "Shared"}})
        );
        let rg = plan(&format!("resource-group:{SUBSCRIPTION_2}/rg-app"));
        assert_eq!(
            rg.patch_body["properties"]["appliedScopeProperties"]["resourceGroupId"],
            format!("/subscriptions/{SUBSCRIPTION_2}/resourceGroups/rg-app")
        );
        let mg = plan("management-group:mg-retail");
        assert!(mg.problems.is_empty());
        assert_eq!(
            mg.patch_body["properties"]["appliedScopeType"],
            "ManagementGroup"
        );
        assert_eq!(
            mg.patch_body["properties"]["appliedScopeProperties"]["tenantId"],
            TENANT
        );
        assert!(mg.az_command.contains(
            "management-group-id:/providers/Microsoft.Management/managementGroups/mg-retail"
        ));
    }

    #[test]
    fn targets_are_parsed_strictly() {
        for bad in [
            "",
            "everything",
            "subscription:",
            "subscription:not-a-guid",
            "resource-group:abc",
            &format!("resource-group:{SUBSCRIPTION}/bad name"),
            "management-group:a b",
        ] {
            assert!(parse_target(bad).is_err(), "{bad:?} must be refused");
        }
    }

    #[test]
    fn settings_toggles_render_and_isf_is_for_vms_only() {
        let (o, mut r) = fixture();
        let req = ChangeRequest {
            renew: Some(true),
            instance_flexibility: Some(false),
            ..ChangeRequest::default()
        };
        let p = plan_change(&o, &r, &req, &known, d("2026-11-24"), String::new());
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        assert!(p
            .az_command
            .ends_with("--instance-flexibility Off --renew true"));
        assert_eq!(
            p.patch_body,
            json!({"properties": {"instanceFlexibility": "Off", "renew": true}})
        );
        r.resource_type = ResourceType::CosmosDb;
        let p = plan_change(&o, &r, &req, &known, d("2026-11-24"), String::new());
        assert_eq!(
            p.problems,
            vec![ChangeProblem::InstanceFlexibilityNotApplicable]
        );
        let p = plan_change(
            &o,
            &r,
            &ChangeRequest::default(),
            &known,
            d("2026-11-24"),
            String::new(),
        );
        assert_eq!(p.problems, vec![ChangeProblem::NothingToChange]);
    }

    fn renewal(term: Term, quantity: u32, billing_plan: BillingPlan) -> ChangeRequest {
        ChangeRequest {
            renewal: Some(RenewalTerms {
                term,
                quantity,
                billing_plan,
            }),
            ..ChangeRequest::default()
        }
    }

    #[test]
    fn a_renewal_turns_renew_on_and_carries_what_it_buys() {
        let (o, r) = fixture();
        let req = renewal(Term::P1Y, 2, BillingPlan::Monthly);
        let p = plan_change(&o, &r, &req, &known, d("2026-11-24"), String::new());
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        assert!(!p.before.renew && p.after.renew);
        assert_eq!(p.after.renewal, req.renewal);
        let props = &p.patch_body["properties"];
        assert_eq!(props["renew"], true);
        let buy = &props["renewProperties"]["purchaseProperties"];
        assert_eq!(buy["sku"]["name"], r.sku);
        assert_eq!(buy["location"], r.region);
        assert_eq!(buy["properties"]["term"], "P1Y");
        assert_eq!(buy["properties"]["billingPlan"], "Monthly");
        assert_eq!(buy["properties"]["quantity"], 2);
        assert_eq!(buy["properties"]["reservedResourceType"], "VirtualMachines");
        assert_eq!(
            buy["properties"]["billingScopeId"],
            format!("/subscriptions/{}", r.billing_subscription_id)
        );
        assert_eq!(
            buy["properties"]["appliedScopes"],
            json!([format!("/subscriptions/{SUBSCRIPTION}")])
        );
        assert_eq!(
            p.az_command, p.az_rest_command,
            "another term or quantity has no az flag: the plan gives the REST call"
        );
    }

    #[test]
    fn renewing_as_is_keeps_the_az_command_and_bad_renewals_are_refused() {
        let (o, r) = fixture();
        let same = renewal(Term::P3Y, r.quantity, BillingPlan::Upfront);
        let p = plan_change(&o, &r, &same, &known, d("2026-11-24"), String::new());
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        assert!(p
            .az_command
            .starts_with("az reservations reservation update"));
        assert!(p.az_command.ends_with("--renew true"));

        let none = renewal(Term::P3Y, 0, BillingPlan::Upfront);
        let p = plan_change(&o, &r, &none, &known, d("2026-11-24"), String::new());
        assert_eq!(p.problems, vec![ChangeProblem::InvalidRenewalQuantity]);

        let off = ChangeRequest {
            renew: Some(false),
            ..same.clone()
        };
        let p = plan_change(&o, &r, &off, &known, d("2026-11-24"), String::new());
        assert!(p.problems.contains(&ChangeProblem::RenewalNeedsRenewOn));

        let p = plan_change(&o, &r, &same, &known, d("2029-02-01"), String::new());
        assert_eq!(
            p.problems,
            vec![ChangeProblem::OperationCannotBePerformedInCurrentState],
            "an expired reservation cannot be set to renew"
        );
    }
}

/// Adding or removing one role assignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum AccessAction {
    /// Grant the role.
    Add,
    /// Revoke the role.
    Remove,
}

/// The ARM scope an assignment is granted on.
pub fn assignment_scope(at: super::access::GrantedAt, order: &str, reservation: &str) -> String {
    use super::access::GrantedAt;
    match at {
        GrantedAt::Tenant => "/providers/Microsoft.Capacity".to_string(),
        GrantedAt::Order => format!("/providers/Microsoft.Capacity/reservationOrders/{order}"),
        GrantedAt::Reservation => format!(
            "/providers/Microsoft.Capacity/reservationOrders/{order}/reservations/{reservation}"
        ),
    }
}

/// A drafted role-assignment change: its problems, the az command and the REST body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessPlan {
    /// Problems; empty when valid.
    pub problems: Vec<ChangeProblem>,
    /// `az role assignment create|delete …`.
    pub az_command: String,
    /// The REST request as `az rest`.
    pub az_rest_command: String,
    /// The role assignment's PUT body (for a removal: the assignment being deleted).
    pub body: Value,
}

/// Validates and renders adding or removing `a` on the reservation (or its order, or tenant-wide).
pub fn plan_access(
    existing: &[super::access::Assignment],
    action: AccessAction,
    a: &super::access::Assignment,
    order: &str,
    reservation: &str,
) -> AccessPlan {
    use super::access::PrincipalKind;
    let mut problems = Vec::new();
    if crate::domain::ids::TenantId::parse(&a.principal_id).is_err() {
        problems.push(ChangeProblem::InvalidPrincipalId);
    }
    let same = |x: &super::access::Assignment| {
        x.principal_id.eq_ignore_ascii_case(&a.principal_id)
            && x.role == a.role
            && x.granted_at == a.granted_at
    };
    match action {
        AccessAction::Add if existing.iter().any(same) => {
            problems.push(ChangeProblem::RoleAssignmentExists)
        }
        AccessAction::Remove if !existing.iter().any(same) => {
            problems.push(ChangeProblem::RoleAssignmentNotFound)
        }
        _ => {}
    }
    let scope = assignment_scope(a.granted_at, order, reservation);
    let principal_type = match a.kind {
        PrincipalKind::Group => "Group",
        PrincipalKind::ServicePrincipal => "ServicePrincipal",
        PrincipalKind::PartnerAdminAgent => "ForeignGroup",
        _ => "User",
    };
    let role = a.role.name();
    let az_command = match action {
        AccessAction::Add => format!(
            "az role assignment create --assignee-object-id {} --assignee-principal-type {principal_type} --role \"{role}\" --scope {scope}",
            a.principal_id
        ),
        AccessAction::Remove => format!("az role assignment delete --assignee {} --role \"{role}\" --scope {scope}", a.principal_id),
    };
    let definition = a
        .role
        .definition_id()
        .map(|g| {
            Value::String(format!(
                "/providers/Microsoft.Authorization/roleDefinitions/{g}"
            ))
        })
        .unwrap_or(Value::Null);
    let body = json!({ "properties": { "roleDefinitionId": definition, "principalId": a.principal_id, "principalType": principal_type } });
    let az_rest_command = match action {
        AccessAction::Add => format!(
            "az rest --method put --url \"https://management.azure.com{scope}/providers/Microsoft.Authorization/roleAssignments/$(uuidgen)?api-version=2022-04-01\" --body '{body}'"
        ),
        AccessAction::Remove => format!(
            "az role assignment list --assignee {} --role \"{role}\" --scope {scope} --query [].id -o tsv | xargs -r az role assignment delete --ids",
            a.principal_id
        ),
    };
    AccessPlan {
        problems,
        az_command,
        az_rest_command,
        body,
    }
}

#[cfg(test)]
mod access_plan_tests {
    use super::*;
    use crate::domain::access::{Assignment, GrantedAt, PrincipalKind, Role};
    use crate::test_ids::{ORDER, RESERVATION};

    fn admin_agents() -> Assignment {
        Assignment {
            principal_name: "Admin agents".into(),
            principal_id: "11111111-1111-4111-8111-111111111111".into(),
            kind: PrincipalKind::PartnerAdminAgent,
            role: Role::Owner,
            granted_at: GrantedAt::Order,
        }
    }

    #[test]
    fn granting_owner_on_the_order_renders_the_az_command() {
        let p = plan_access(&[], AccessAction::Add, &admin_agents(), ORDER, RESERVATION);
        assert!(p.problems.is_empty());
        assert_eq!(
            p.az_command,
            format!("az role assignment create --assignee-object-id 11111111-1111-4111-8111-111111111111 --assignee-principal-type ForeignGroup --role \"Owner\" --scope /providers/Microsoft.Capacity/reservationOrders/{ORDER}")
        );
        assert_eq!(p.body["properties"]["roleDefinitionId"], "/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635");
    }

    #[test]
    fn duplicates_missing_assignments_and_bad_ids_are_refused() {
        let a = admin_agents();
        assert_eq!(
            plan_access(
                std::slice::from_ref(&a),
                AccessAction::Add,
                &a,
                ORDER,
                RESERVATION
            )
            .problems,
            vec![ChangeProblem::RoleAssignmentExists]
        );
        assert_eq!(
            plan_access(&[], AccessAction::Remove, &a, ORDER, RESERVATION).problems,
            vec![ChangeProblem::RoleAssignmentNotFound]
        );
        let removal = plan_access(
            std::slice::from_ref(&a),
            AccessAction::Remove,
            &a,
            ORDER,
            RESERVATION,
        );
        assert!(removal.problems.is_empty());
        assert!(removal.az_command.starts_with("az role assignment delete --assignee 11111111-1111-4111-8111-111111111111 --role \"Owner\""));
        let bad = Assignment {
            principal_id: "not-a-guid".into(),
            ..a
        };
        assert!(
            plan_access(&[], AccessAction::Add, &bad, ORDER, RESERVATION)
                .problems
                .contains(&ChangeProblem::InvalidPrincipalId)
        );
    }
}
