//! Access control and configuration: who may act on a reservation, and scope/settings changes
//! drafted as validated change plans that the user applies (in one transaction) or discards.

use super::quotes::record;
use super::{portal_url, Desk, DeskError};
use crate::domain::access::{
    can_change_scope, can_refund_or_exchange, partner_warnings, AccessWarning, Assignment,
    GrantedAt, PrincipalKind, Role,
};
use crate::domain::change::{
    parse_target, plan_change, ChangePlan, ChangeProblem, ChangeRequest, Configuration,
    RenewalTerms,
};
use crate::domain::change::{plan_access, AccessAction};
use crate::domain::ids::TenantId;
use crate::domain::InvalidValue;
use crate::store::plans::PlanRow;
use crate::store::reservations::ReservationRecord;
use crate::store::{self, Store};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One role assignment that reaches the reservation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AssignmentView {
    /// Principal's display name.
    pub principal_name: String,
    /// Object ID.
    pub principal_id: String,
    /// Kind of principal.
    pub kind: PrincipalKind,
    /// Role.
    pub role: Role,
    /// The role's name as Azure prints it.
    pub role_name: String,
    /// Where it is granted.
    pub granted_at: GrantedAt,
    /// This assignment lets its holder refund or exchange.
    pub can_refund_or_exchange: bool,
    /// This assignment lets its holder change the scope.
    pub can_change_scope: bool,
}

/// Who holds which role on a reservation, and what that allows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AccessView {
    /// Reservation.
    pub reservation_id: String,
    /// Its order.
    pub order_id: String,
    /// Customer.
    pub customer_id: String,
    /// Assignments on the reservation, on its order and tenant-wide.
    pub assignments: Vec<AssignmentView>,
    /// Names of those who can refund or exchange.
    pub can_refund_or_exchange: Vec<String>,
    /// Names of those who can change the scope.
    pub can_change_scope: Vec<String>,
    /// Warnings about the partner's own path.
    pub warnings: Vec<AccessWarning>,
    /// The same in plain words.
    pub warning_messages: Vec<String>,
}

/// A problem with a change, coded and in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProblemView {
    /// Azure's error code where it has one.
    pub code: ChangeProblem,
    /// Plain words.
    pub message: String,
}

/// A role assignment to add or remove.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AccessChangeView {
    /// Add or remove.
    pub action: AccessAction,
    /// The assignment.
    pub assignment: Assignment,
}

/// A change plan (the `scope plan` JSON contract).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChangePlanView {
    /// Plan number; null for an invalid plan, which is not stored.
    pub id: Option<u32>,
    /// `configuration` (scope, ISF, renew) or `access` (a role assignment).
    pub kind: String,
    /// For access plans: the assignment added or removed.
    pub access_change: Option<AccessChangeView>,
    /// pending, applied, discarded — or invalid (not stored).
    pub status: String,
    /// Reservation.
    pub reservation_id: String,
    /// Its name.
    pub reservation_name: String,
    /// Customer.
    pub customer_id: String,
    /// Customer name.
    pub customer_name: String,
    /// Created (RFC 3339).
    pub created_at: String,
    /// Applied or discarded (RFC 3339).
    pub decided_at: Option<String>,
    /// Configuration before.
    pub before: Configuration,
    /// Configuration after.
    pub after: Configuration,
    /// The equivalent `az reservations reservation update …`.
    pub az_command: String,
    /// The same as `az rest` (no extension needed).
    pub az_rest_command: String,
    /// The REST PATCH body.
    pub patch_body: serde_json::Value,
    /// The reservation's page in the Azure portal.
    pub portal_url: String,
    /// True when nothing stands in the way.
    pub valid: bool,
    /// What stands in the way.
    pub problems: Vec<ProblemView>,
}

/// What to change. `scope_to` uses the CLI's syntax: `shared`, `subscription:SUB_ID`,
/// `resource-group:SUB_ID/RG_NAME` or `management-group:MG_ID`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChangeRequestView {
    /// New scope, or null to keep it.
    pub scope_to: Option<String>,
    /// New instance size flexibility, or null.
    pub instance_flexibility: Option<bool>,
    /// New auto-renew, or null.
    pub renew: Option<bool>,
    /// What the renewal buys (turns auto-renew on), or null.
    #[serde(default)]
    pub renewal: Option<RenewalTerms>,
}

/// A renewal to plan; null fields take the reservation's own term, quantity and billing plan
/// (an error names the one the store does not know).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RenewalRequestView {
    /// Term, or null for the order's.
    pub term: Option<crate::domain::term::Term>,
    /// Units, or null for the reservation's quantity.
    pub quantity: Option<u32>,
    /// Billing plan, or null for the order's.
    pub billing_plan: Option<crate::domain::term::BillingPlan>,
}

/// The targets the Configuration tab offers for a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ScopeOptions {
    /// The customer's subscriptions.
    pub subscriptions: Vec<super::dto::SubscriptionView>,
    /// Resource groups its reservations use (ARM paths).
    pub resource_groups: Vec<String>,
    /// Management groups its reservations use (IDs).
    pub management_groups: Vec<String>,
}

/// One row of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AuditEntryView {
    /// Row number.
    pub id: u32,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// What, e.g. `plan.apply`.
    pub action: String,
    /// What it concerned.
    pub subject: String,
    /// Before.
    pub before: Option<String>,
    /// After.
    pub after: Option<String>,
}

fn assignment_view(a: &Assignment) -> AssignmentView {
    AssignmentView {
        principal_name: a.principal_name.clone(),
        principal_id: a.principal_id.clone(),
        kind: a.kind,
        role: a.role,
        role_name: a.role.name().to_string(),
        granted_at: a.granted_at,
        can_refund_or_exchange: can_refund_or_exchange(a),
        can_change_scope: can_change_scope(a),
    }
}

fn names(list: &[Assignment], keep: fn(&Assignment) -> bool) -> Vec<String> {
    let mut out: Vec<String> = list
        .iter()
        .filter(|a| keep(a))
        .map(|a| a.principal_name.clone())
        .collect();
    out.dedup();
    out
}

fn plan_view(row: PlanRow) -> Result<ChangePlanView, DeskError> {
    fn parse<T: serde::de::DeserializeOwned>(field: &str, text: &str) -> Result<T, DeskError> {
        serde_json::from_str(text).map_err(|e| store::corrupt(field, e).into())
    }
    let access_change = row
        .access_change
        .as_deref()
        .map(|j| parse("change_plans.access_change", j))
        .transpose()?;
    Ok(ChangePlanView {
        id: u32::try_from(row.id).ok(),
        kind: row.kind,
        access_change,
        status: row.status,
        reservation_id: row.reservation_id,
        reservation_name: row.reservation_name,
        customer_id: row.tenant_id,
        customer_name: row.customer_name,
        created_at: row.created_at,
        decided_at: row.decided_at,
        before: parse("change_plans.before", &row.before)?,
        after: parse("change_plans.after", &row.after)?,
        az_command: row.az_command,
        az_rest_command: row.az_rest_command,
        patch_body: parse("change_plans.patch_body", &row.patch_body)?,
        portal_url: row.portal_url,
        valid: true,
        problems: vec![],
    })
}

fn plan_row(s: &Store, id: u32) -> Result<PlanRow, DeskError> {
    store::plans::get(s.conn(), i64::from(id))?.ok_or_else(|| DeskError::NotFound {
        what: "change plan",
        id: id.to_string(),
    })
}

/// A freshly drafted plan for a reservation: `access_change` makes it an access plan.
fn draft_view(
    rec: &ReservationRecord,
    access_change: Option<AccessChangeView>,
    plan: ChangePlan,
    created_at: String,
) -> ChangePlanView {
    ChangePlanView {
        id: None,
        kind: if access_change.is_some() {
            "access"
        } else {
            "configuration"
        }
        .into(),
        access_change,
        status: "invalid".into(),
        reservation_id: rec.reservation.id.to_string(),
        reservation_name: rec.reservation.display_name.clone(),
        customer_id: rec.order.tenant_id.to_string(),
        customer_name: rec.customer_name.clone(),
        created_at,
        decided_at: None,
        valid: plan.problems.is_empty(),
        problems: plan
            .problems
            .iter()
            .map(|p| ProblemView {
                code: *p,
                message: p.message().to_string(),
            })
            .collect(),
        before: plan.before,
        after: plan.after,
        az_command: plan.az_command,
        az_rest_command: plan.az_rest_command,
        patch_body: plan.patch_body,
        portal_url: plan.portal_url,
    }
}

/// Stores a valid plan as pending, with its audit row, in one transaction, and returns it
/// numbered; an invalid plan is returned as it is, not stored.
fn save_if_valid(s: &mut Store, mut view: ChangePlanView) -> Result<ChangePlanView, DeskError> {
    if !view.valid {
        return Ok(view);
    }
    let json = |v: &Configuration| serde_json::to_string(v).unwrap_or_default();
    let access_change = view
        .access_change
        .as_ref()
        .map(|c| serde_json::to_string(c).unwrap_or_default());
    let row = PlanRow {
        id: 0,
        tenant_id: view.customer_id.clone(),
        customer_name: view.customer_name.clone(),
        reservation_id: view.reservation_id.clone(),
        kind: view.kind.clone(),
        access_change: access_change.clone(),
        reservation_name: view.reservation_name.clone(),
        status: "pending".into(),
        created_at: view.created_at.clone(),
        decided_at: None,
        before: json(&view.before),
        after: json(&view.after),
        az_command: view.az_command.clone(),
        az_rest_command: view.az_rest_command.clone(),
        patch_body: view.patch_body.to_string(),
        portal_url: view.portal_url.clone(),
    };
    // The audit row keeps what changes: the configuration, or the assignment granted/revoked.
    let (before, after) = match &access_change {
        Some(change) => (None, Some(change.as_str())),
        None => (Some(row.before.as_str()), Some(row.after.as_str())),
    };
    let id = s.write(|tx| -> Result<i64, DeskError> {
        let id = store::plans::insert(tx, &row)?;
        store::audit::record(
            tx,
            &row.created_at,
            "plan.draft",
            &format!("plan {id} for reservation {}", row.reservation_id),
            before,
            after,
        )?;
        Ok(id)
    })?;
    view.id = u32::try_from(id).ok();
    view.status = "pending".into();
    Ok(view)
}

impl Desk {
    /// The role assignments that reach a reservation, and who can do what.
    pub fn access(&self, reservation_id: &str) -> Result<AccessView, DeskError> {
        let s = self.store();
        let rec = record(&s, reservation_id)?;
        let list = store::access::reaching(
            s.conn(),
            rec.order.tenant_id.as_str(),
            rec.order.id.as_str(),
            rec.reservation.id.as_str(),
        )?;
        let warnings = partner_warnings(&list);
        Ok(AccessView {
            reservation_id: rec.reservation.id.to_string(),
            order_id: rec.order.id.to_string(),
            customer_id: rec.order.tenant_id.to_string(),
            assignments: list.iter().map(assignment_view).collect(),
            can_refund_or_exchange: names(&list, can_refund_or_exchange),
            can_change_scope: names(&list, can_change_scope),
            warning_messages: warnings.iter().map(|w| w.message().to_string()).collect(),
            warnings,
        })
    }

    /// The subscriptions, resource groups and management groups a customer's scope can target.
    pub fn scope_options(&self, tenant_id: &str) -> Result<ScopeOptions, DeskError> {
        let tenant = TenantId::parse(tenant_id)?;
        let s = self.store();
        let subscriptions = store::customers::subscriptions(s.conn(), &tenant)?
            .into_iter()
            .map(|sub| super::dto::SubscriptionView {
                id: sub.id.to_string(),
                display_name: sub.display_name,
                state: sub.state,
            })
            .collect();
        let targets = store::reservations::scope_targets(s.conn(), &tenant)?;
        let resource_groups = targets
            .iter()
            .filter(|t| t.contains("/resourceGroups/"))
            .cloned()
            .collect();
        let management_groups = targets
            .iter()
            .filter_map(|t| t.strip_prefix("/providers/Microsoft.Management/managementGroups/"))
            .map(str::to_string)
            .collect();
        Ok(ScopeOptions {
            subscriptions,
            resource_groups,
            management_groups,
        })
    }

    /// Drafts a change: validates it, renders the az command and PATCH body, and stores it as a
    /// pending plan when valid (an invalid plan is returned with its problems, not stored).
    pub fn plan_change(
        &self,
        reservation_id: &str,
        req: &ChangeRequestView,
        today: NaiveDate,
    ) -> Result<ChangePlanView, DeskError> {
        let request = ChangeRequest {
            scope: req.scope_to.as_deref().map(parse_target).transpose()?,
            instance_flexibility: req.instance_flexibility,
            renew: req.renew,
            renewal: req.renewal,
        };
        let mut s = self.store();
        let rec = record(&s, reservation_id)?;
        let url = portal_url(
            &rec.order.tenant_id,
            rec.order.id.as_str(),
            rec.reservation.id.as_str(),
        );
        let conn = s.conn();
        let known = |id: &crate::domain::ids::SubscriptionId| {
            store::customers::subscription(conn, id).ok().flatten()
        };
        let plan: ChangePlan =
            plan_change(&rec.order, &rec.reservation, &request, &known, today, url);

        save_if_valid(&mut s, draft_view(&rec, None, plan, self.clock.stamp()))
    }

    /// Drafts a renewal: auto-renew on, buying `req`'s term, quantity and billing plan at expiry
    /// (each defaulting to the reservation's own). Stored as a pending plan when valid.
    pub fn plan_renewal(
        &self,
        reservation_id: &str,
        req: &RenewalRequestView,
        today: NaiveDate,
    ) -> Result<ChangePlanView, DeskError> {
        let rec = record(&self.store(), reservation_id)?;
        let unknown = |field: &'static str, flag: &str| {
            InvalidValue::new(
                field,
                format!("the order's {field} is not known; choose it ({flag})"),
                "",
            )
        };
        let terms = RenewalTerms {
            term: req
                .term
                .or(rec.order.term)
                .ok_or_else(|| unknown("term", "--term P1Y|P3Y|P5Y"))?,
            quantity: req.quantity.unwrap_or(rec.reservation.quantity),
            billing_plan: req
                .billing_plan
                .or(rec.order.billing_plan)
                .ok_or_else(|| unknown("billing_plan", "--billing-plan Upfront|Monthly"))?,
        };
        let change = ChangeRequestView {
            scope_to: None,
            instance_flexibility: None,
            renew: None,
            renewal: Some(terms),
        };
        self.plan_change(reservation_id, &change, today)
    }

    /// Drafts adding or removing a role assignment on the reservation, its order or tenant-wide;
    /// stored as a pending plan when valid.
    pub fn plan_access_change(
        &self,
        reservation_id: &str,
        change: &AccessChangeView,
    ) -> Result<ChangePlanView, DeskError> {
        let mut s = self.store();
        let rec = record(&s, reservation_id)?;
        let existing = store::access::reaching(
            s.conn(),
            rec.order.tenant_id.as_str(),
            rec.order.id.as_str(),
            rec.reservation.id.as_str(),
        )?;
        let mut change = change.clone();
        change.assignment.principal_id = change.assignment.principal_id.trim().to_ascii_lowercase();
        if change.assignment.principal_name.trim().is_empty() {
            change.assignment.principal_name = change.assignment.principal_id.clone();
        }
        let plan = plan_access(
            &existing,
            change.action,
            &change.assignment,
            rec.order.id.as_str(),
            rec.reservation.id.as_str(),
        );
        let config = Configuration::of(&rec.reservation);

        let plan = ChangePlan {
            before: config.clone(),
            after: config,
            problems: plan.problems,
            az_command: plan.az_command,
            az_rest_command: plan.az_rest_command,
            patch_body: plan.body,
            portal_url: format!(
                "{}/users",
                portal_url(
                    &rec.order.tenant_id,
                    rec.order.id.as_str(),
                    rec.reservation.id.as_str()
                )
                .trim_end_matches("/overview")
            ),
        };
        save_if_valid(
            &mut s,
            draft_view(&rec, Some(change), plan, self.clock.stamp()),
        )
    }

    /// Every plan: pending first, then newest.
    pub fn plans(&self) -> Result<Vec<ChangePlanView>, DeskError> {
        store::plans::list(self.store().conn())?
            .into_iter()
            .map(plan_view)
            .collect()
    }

    /// Marks a pending plan applied: the reservation takes the new configuration, the plan is
    /// marked applied and the audit log records before and after — all in one transaction. A
    /// plan whose "before" no longer matches the reservation is refused.
    pub fn apply_plan(&self, id: u32, today: NaiveDate) -> Result<ChangePlanView, DeskError> {
        let mut s = self.store();
        let row = plan_row(&s, id)?;
        if row.status != "pending" {
            return Err(InvalidValue::new(
                "status",
                format!(
                    "plan {id} is {}, only a pending plan can be applied",
                    row.status
                ),
                &row.status,
            )
            .into());
        }
        let rec = record(&s, &row.reservation_id)?;
        let view = plan_view(row.clone())?;
        if let Some(change) = &view.access_change {
            let existing = store::access::reaching(
                s.conn(),
                rec.order.tenant_id.as_str(),
                rec.order.id.as_str(),
                rec.reservation.id.as_str(),
            )?;
            let check = plan_access(
                &existing,
                change.action,
                &change.assignment,
                rec.order.id.as_str(),
                rec.reservation.id.as_str(),
            );
            if let Some(p) = check.problems.first() {
                return Err(InvalidValue::new(
                    "plan",
                    format!("{} Discard this plan.", p.message()),
                    &format!("{p:?}"),
                )
                .into());
            }
            let at = self.clock.stamp();
            s.write(|tx| -> Result<(), DeskError> {
                let target = store::access::Target {
                    tenant_id: rec.order.tenant_id.as_str(),
                    order_id: Some(rec.order.id.as_str()),
                    reservation_id: Some(rec.reservation.id.as_str()),
                };
                match change.action {
                    AccessAction::Add => store::access::insert(tx, target, &change.assignment)?,
                    AccessAction::Remove => store::access::delete(tx, target, &change.assignment)?,
                };
                store::plans::decide(tx, row.id, "applied", &at)?;
                store::audit::record(
                    tx,
                    &at,
                    "plan.apply",
                    &format!("plan {id} for reservation {}", row.reservation_id),
                    None,
                    row.access_change.as_deref(),
                )?;
                Ok(())
            })?;
            return plan_view(plan_row(&s, id)?);
        }
        if Configuration::of(&rec.reservation) != view.before {
            return Err(InvalidValue::new("before", "the reservation changed since this plan was drafted; discard it and draft a new one", &row.reservation_id).into());
        }
        // Re-validate against today's facts (a subscription may have been disabled since).
        let conn = s.conn();
        let known = |sid: &crate::domain::ids::SubscriptionId| {
            store::customers::subscription(conn, sid).ok().flatten()
        };
        let scope = view.after.scope()?;
        let request = ChangeRequest {
            scope: (scope != rec.reservation.scope).then(|| scope.clone()),
            instance_flexibility: (view.after.instance_flexibility
                != rec.reservation.instance_flexibility)
                .then_some(view.after.instance_flexibility),
            renew: (view.after.renew != rec.reservation.renew).then_some(view.after.renew),
            renewal: view.after.renewal,
        };
        let check = plan_change(
            &rec.order,
            &rec.reservation,
            &request,
            &known,
            today,
            String::new(),
        );
        if let Some(p) = check.problems.first() {
            return Err(InvalidValue::new("plan", p.message(), &format!("{p:?}")).into());
        }
        let at = self.clock.stamp();
        s.write(|tx| -> Result<(), DeskError> {
            store::reservations::set_configuration(
                tx,
                &rec.reservation.id,
                &scope,
                view.after.instance_flexibility,
                view.after.renew,
            )?;
            store::plans::decide(tx, row.id, "applied", &at)?;
            store::audit::record(
                tx,
                &at,
                "plan.apply",
                &format!("plan {id} for reservation {}", row.reservation_id),
                Some(&row.before),
                Some(&row.after),
            )?;
            Ok(())
        })?;
        plan_view(plan_row(&s, id)?)
    }

    /// Discards a pending plan.
    pub fn discard_plan(&self, id: u32) -> Result<ChangePlanView, DeskError> {
        let mut s = self.store();
        let row = plan_row(&s, id)?;
        if row.status != "pending" {
            return Err(InvalidValue::new(
                "status",
                format!(
                    "plan {id} is {}, only a pending plan can be discarded",
                    row.status
                ),
                &row.status,
            )
            .into());
        }
        let at = self.clock.stamp();
        s.write(|tx| -> Result<(), DeskError> {
            store::plans::decide(tx, row.id, "discarded", &at)?;
            store::audit::record(
                tx,
                &at,
                "plan.discard",
                &format!("plan {id} for reservation {}", row.reservation_id),
                Some(&row.after),
                None,
            )?;
            Ok(())
        })?;
        plan_view(plan_row(&s, id)?)
    }

    /// The audit log from `since` (a day), newest first.
    pub fn audit(&self, since: Option<NaiveDate>) -> Result<Vec<AuditEntryView>, DeskError> {
        let since = since.map(|d| d.to_string());
        Ok(store::audit::list(self.store().conn(), since.as_deref())?
            .into_iter()
            .map(|r| AuditEntryView {
                id: u32::try_from(r.id).unwrap_or(0),
                at: r.at,
                action: r.action,
                subject: r.subject,
                before: r.before,
                after: r.after,
            })
            .collect())
    }
}
