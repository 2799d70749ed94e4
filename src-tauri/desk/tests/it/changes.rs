//! Access control and change plans on a demo store: plan → apply → audit in one transaction.

use super::{demo_desk, today};
use desk::app::dto::ReservationView;
use desk::app::ChangeRequestView;
use desk::domain::reservation::Status;
use desk::domain::scope::ScopeType;
use desk::Desk;

fn scope_to(to: &str) -> ChangeRequestView {
    ChangeRequestView {
        scope_to: Some(to.to_string()),
        instance_flexibility: None,
        renew: None,
        renewal: None,
    }
}

/// An active single-scope reservation whose customer has another active subscription.
fn movable(desk: &Desk) -> (ReservationView, String) {
    for r in desk.reservations(None, None, today()).expect("list") {
        if r.status != Status::Succeeded || r.scope_type != ScopeType::Single {
            continue;
        }
        let c = desk.customer(&r.customer_id, today()).expect("customer");
        let current = r.scope_target.clone().unwrap_or_default();
        if let Some(other) = c.subscriptions.iter().find(|s| {
            !current.ends_with(&s.id)
                && s.state == desk::domain::customer::SubscriptionState::Active
        }) {
            return (r, other.id.clone());
        }
    }
    panic!(
        "the demo has a single-scope reservation whose customer has a second active subscription"
    );
}

#[test]
fn a_scope_change_is_planned_applied_and_audited_in_one_step() {
    let (_dir, _path, desk) = demo_desk();
    let (r, other) = movable(&desk);
    let audit_before = desk.audit(None).expect("audit").len();
    let plan = desk
        .plan_change(&r.id, &scope_to(&format!("subscription:{other}")), today())
        .expect("plan");
    assert!(plan.valid, "{:?}", plan.problems);
    let id = plan.id.expect("a valid plan is stored");
    assert_eq!(plan.status, "pending");
    assert!(plan
        .az_command
        .contains(&format!("--applied-scopes /subscriptions/{other}")));
    assert_eq!(
        plan.patch_body["properties"]["appliedScopeProperties"]["subscriptionId"],
        format!("/subscriptions/{other}")
    );
    assert_eq!(
        desk.reservation(&r.id, today()).expect("show").scope_target,
        r.scope_target,
        "drafting changes nothing yet"
    );

    let applied = desk.apply_plan(id, today()).expect("apply");
    assert_eq!(applied.status, "applied");
    let now = desk.reservation(&r.id, today()).expect("show");
    assert_eq!(
        now.scope_target.as_deref(),
        Some(&*format!("/subscriptions/{other}")),
        "the store took the new scope"
    );
    let audit = desk.audit(None).expect("audit");
    assert_eq!(
        audit.len(),
        audit_before + 2,
        "draft and apply are both audited"
    );
    assert_eq!(audit[0].action, "plan.apply");
    assert!(
        audit[0]
            .before
            .as_deref()
            .is_some_and(|b| b.contains(r.scope_target.as_deref().unwrap_or("-"))),
        "the audit keeps the before state"
    );
    assert!(desk.apply_plan(id, today()).is_err(), "a plan applies once");
    assert!(
        desk.discard_plan(id).is_err(),
        "an applied plan cannot be discarded"
    );
}

#[test]
fn another_customers_subscription_is_refused_with_a_clear_message() {
    let (_dir, _path, desk) = demo_desk();
    let (r, _) = movable(&desk);
    let stranger = desk
        .customers(None, today())
        .expect("list")
        .into_iter()
        .find(|c| c.tenant_id != r.customer_id)
        .expect("another customer");
    let their = desk
        .customer(&stranger.tenant_id, today())
        .expect("customer")
        .subscriptions[0]
        .id
        .clone();
    let plans_before = desk.plans().expect("plans").len();
    let plan = desk
        .plan_change(&r.id, &scope_to(&format!("subscription:{their}")), today())
        .expect("plan");
    assert!(!plan.valid);
    assert_eq!(plan.id, None, "an invalid plan is not stored");
    assert_eq!(
        format!("{:?}", plan.problems[0].code),
        "AppliedScopesNotAssociatedWithCommerceAccount"
    );
    assert!(
        plan.problems[0].message.contains("same customer"),
        "{}",
        plan.problems[0].message
    );
    assert_eq!(desk.plans().expect("plans").len(), plans_before);
}

#[test]
fn a_stale_plan_is_refused_and_a_discarded_one_changes_nothing() {
    let (_dir, _path, desk) = demo_desk();
    let (r, other) = movable(&desk);
    let first = desk
        .plan_change(&r.id, &scope_to("shared"), today())
        .expect("plan")
        .id
        .expect("stored");
    let second = desk
        .plan_change(&r.id, &scope_to(&format!("subscription:{other}")), today())
        .expect("plan")
        .id
        .expect("stored");
    desk.apply_plan(first, today()).expect("apply the first");
    let err = desk
        .apply_plan(second, today())
        .expect_err("the second was drafted against the old scope");
    assert!(err.to_string().contains("changed since"), "{err}");
    let discarded = desk.discard_plan(second).expect("discard");
    assert_eq!(discarded.status, "discarded");
    assert_eq!(
        desk.reservation(&r.id, today()).expect("show").scope_type,
        ScopeType::Shared
    );
}

#[test]
fn access_lists_the_roles_that_reach_a_reservation() {
    let (_dir, _path, desk) = demo_desk();
    let mut warned = 0;
    let mut fine = 0;
    for r in desk
        .reservations(None, None, today())
        .expect("list")
        .iter()
        .take(60)
    {
        let a = desk.access(&r.id).expect("access");
        assert_eq!(a.warnings.len(), a.warning_messages.len());
        let partner_can = a
            .assignments
            .iter()
            .any(|x| format!("{:?}", x.kind) == "PartnerAdminAgent" && x.can_refund_or_exchange);
        assert_eq!(
            partner_can,
            !a.warnings
                .iter()
                .any(|w| format!("{w:?}") == "NoPartnerPath"),
            "{}",
            r.id
        );
        if a.warnings.is_empty() {
            fine += 1;
        } else {
            warned += 1;
        }
    }
    assert!(
        fine > 0 && warned > 0,
        "the demo shows both the normal path and a missing one ({fine} fine, {warned} warned)"
    );
}

#[test]
fn granting_and_revoking_a_role_are_plans_applied_in_the_store() {
    use desk::app::AccessChangeView;
    use desk::domain::access::{Assignment, GrantedAt, PrincipalKind, Role};
    use desk::domain::change::AccessAction;
    let (_dir, _path, desk) = demo_desk();
    let r = desk
        .reservations(None, None, today())
        .expect("list")
        .remove(0);
    let grant = AccessChangeView {
        action: AccessAction::Add,
        assignment: Assignment {
            principal_name: "Admin agents".into(),
            principal_id: "ABCDEF01-1111-4111-8111-111111111111".into(),
            kind: PrincipalKind::PartnerAdminAgent,
            role: Role::ReservationsAdministrator,
            granted_at: GrantedAt::Order,
        },
    };
    let plan = desk.plan_access_change(&r.id, &grant).expect("plan");
    assert!(plan.valid, "{:?}", plan.problems);
    assert_eq!(plan.kind, "access");
    assert!(
        plan.az_command.starts_with(
            "az role assignment create --assignee-object-id abcdef01-1111-4111-8111-111111111111"
        ),
        "{}",
        plan.az_command
    );
    assert!(
        !desk
            .access(&r.id)
            .expect("access")
            .assignments
            .iter()
            .any(|a| a.principal_id.starts_with("abcdef01")),
        "drafting changes nothing"
    );
    desk.apply_plan(plan.id.expect("stored"), today())
        .expect("apply");
    let after = desk.access(&r.id).expect("access");
    assert!(after
        .assignments
        .iter()
        .any(|a| a.principal_id.starts_with("abcdef01") && a.can_refund_or_exchange));
    assert!(
        !after
            .warnings
            .iter()
            .any(|w| format!("{w:?}") == "NoPartnerPath"),
        "the partner can now refund"
    );
    let again = desk.plan_access_change(&r.id, &grant).expect("plan");
    assert!(!again.valid, "granting twice is refused");

    let revoke = AccessChangeView {
        action: AccessAction::Remove,
        ..grant
    };
    let plan = desk.plan_access_change(&r.id, &revoke).expect("plan");
    assert!(plan.az_command.starts_with("az role assignment delete"));
    desk.apply_plan(plan.id.expect("stored"), today())
        .expect("apply");
    assert!(
        !desk
            .access(&r.id)
            .expect("access")
            .assignments
            .iter()
            .any(|a| a.principal_id.starts_with("abcdef01")),
        "revoked"
    );
    assert_eq!(desk.audit(None).expect("audit")[0].action, "plan.apply");
}

#[test]
fn a_renewal_plan_defaults_to_the_reservations_own_terms_and_applies_renew_on() {
    let (_dir, _path, desk) = demo_desk();
    let r = desk
        .reservations(None, None, today())
        .expect("list")
        .into_iter()
        .find(|r| {
            r.status == Status::Succeeded
                && !r.renew
                && r.term.is_some()
                && r.billing_plan.is_some()
        })
        .expect("the demo has an active reservation not set to renew, with a known term");
    let plan = desk
        .plan_renewal(&r.id, &desk::app::RenewalRequestView::default(), today())
        .expect("plan");
    assert!(plan.valid, "{:?}", plan.problems);
    let terms = plan
        .after
        .renewal
        .expect("the plan says what the renewal buys");
    assert_eq!(Some(terms.term), r.term);
    assert_eq!(Some(terms.billing_plan), r.billing_plan);
    assert_eq!(terms.quantity, r.quantity);
    assert!(plan.after.renew && !plan.before.renew);

    let fewer = desk
        .plan_renewal(
            &r.id,
            &desk::app::RenewalRequestView {
                quantity: Some(0),
                ..Default::default()
            },
            today(),
        )
        .expect("an invalid plan is returned, not an error");
    assert!(
        !fewer.valid && fewer.id.is_none(),
        "an invalid plan is not stored"
    );

    let applied = desk
        .apply_plan(plan.id.expect("stored"), today())
        .expect("apply");
    assert_eq!(applied.status, "applied");
    assert!(
        desk.reservation(&r.id, today()).expect("show").renew,
        "the store took renew on"
    );
    let listed = desk.plans().expect("plans");
    let kept = listed.iter().find(|p| p.id == plan.id).expect("listed");
    assert_eq!(
        kept.after.renewal,
        Some(terms),
        "the stored plan keeps the renewal terms"
    );
}
