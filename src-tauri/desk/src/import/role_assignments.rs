//! `az role assignment list --all --include-inherited` JSON: an array of assignments with
//! `principalId`, `principalName`, `principalType`, `roleDefinitionName` and `scope`.
//! Only assignments on reservations, reservation orders or `/providers/Microsoft.Capacity`
//! (tenant-wide) matter here; the rest are skipped with a warning.

use super::ctx::{Ctx, Loc, Stop};
use super::json;
use crate::domain::access::{Assignment, GrantedAt, PrincipalKind, Role};
use crate::domain::ids::{ReservationId, ReservationOrderId};
use crate::records::{AssignmentRec, Entity, Record};
use serde_json::Value;
use std::io::BufRead;

/// Parses the file into `ctx`.
pub fn parse(input: &mut dyn BufRead, ctx: &mut Ctx<'_>) -> Result<(), Stop> {
    let Some(value) = super::json::read(input, ctx)? else {
        return Ok(());
    };
    let Value::Array(items) = value else {
        ctx.problem(
            &Loc::path("$"),
            None,
            None,
            "a JSON array, as `az role assignment list` prints",
        );
        return Ok(());
    };
    for (i, item) in items.iter().enumerate() {
        ctx.row_done()?;
        item_record(ctx, i, item)?;
    }
    Ok(())
}

fn item_record(ctx: &mut Ctx<'_>, i: usize, item: &Value) -> Result<(), Stop> {
    let at = |field: &str| Loc::path(format!("$[{i}].{field}"));
    let text = |field: &str| item.get(field).and_then(json::string);
    if !item.is_object() {
        ctx.problem(
            &Loc::path(format!("$[{i}]")),
            None,
            Some(json::render(item)),
            "an object per assignment",
        );
        return Ok(());
    }
    let Some(scope) = text("scope") else {
        ctx.problem(
            &at("scope"),
            Some("scope"),
            item.get("scope").map(json::render),
            "the assignment's scope as a string",
        );
        return Ok(());
    };
    let principal_id = match text("principalId") {
        Some(p) if crate::domain::ids::TenantId::parse(p).is_ok() => p,
        _ => {
            ctx.problem(
                &at("principalId"),
                Some("principalId"),
                json::found(item.get("principalId")),
                "the principal's object ID (a GUID)",
            );
            return Ok(());
        }
    };
    let Some(role_name) = text("roleDefinitionName") else {
        ctx.problem(
            &at("roleDefinitionName"),
            Some("roleDefinitionName"),
            item.get("roleDefinitionName").map(json::render),
            "the role's name, e.g. Owner",
        );
        return Ok(());
    };
    let name = text("principalName")
        .filter(|n| !n.trim().is_empty())
        .unwrap_or(principal_id)
        .to_string();
    let lower = scope.trim_end_matches('/').to_ascii_lowercase();
    let parts: Vec<&str> = lower.trim_start_matches('/').split('/').collect();
    let (granted_at, order, reservation) = match parts.as_slice() {
        ["providers", "microsoft.capacity"] => (GrantedAt::Tenant, None, None),
        ["providers", "microsoft.capacity", "reservationorders", o] => {
            (GrantedAt::Order, Some(*o), None)
        }
        ["providers", "microsoft.capacity", "reservationorders", o, "reservations", r] => {
            (GrantedAt::Reservation, Some(*o), Some(*r))
        }
        _ => {
            ctx.skip(
                Entity::RoleAssignments,
                &at("scope"),
                &format!("not on a reservation (scope {scope})"),
            );
            return Ok(());
        }
    };
    let Ok(order_id) = order.map(ReservationOrderId::parse).transpose() else {
        ctx.problem(
            &at("scope"),
            Some("scope"),
            Some(scope.to_string()),
            "a reservation order ID (GUID) in the scope",
        );
        return Ok(());
    };
    let Ok(reservation_id) = reservation.map(ReservationId::parse).transpose() else {
        ctx.problem(
            &at("scope"),
            Some("scope"),
            Some(scope.to_string()),
            "a reservation ID (GUID) in the scope",
        );
        return Ok(());
    };
    let Ok(role) = Role::parse(role_name) else {
        ctx.skip(
            Entity::RoleAssignments,
            &at("roleDefinitionName"),
            &format!("role {role_name:?} does not govern reservations here"),
        );
        return Ok(());
    };
    let kind = match text("principalType").unwrap_or("User") {
        "ForeignGroup" => PrincipalKind::PartnerAdminAgent,
        "Group" => PrincipalKind::Group,
        "ServicePrincipal" => PrincipalKind::ServicePrincipal,
        _ if name.contains("#EXT#") => PrincipalKind::PartnerGuest,
        _ => PrincipalKind::User,
    };
    let record = Record::Assignment(AssignmentRec {
        tenant_id: ctx.customer.clone(),
        order_id,
        reservation_id,
        assignment: Assignment {
            principal_name: name,
            principal_id: principal_id.to_ascii_lowercase(),
            kind,
            role,
            granted_at,
        },
    });
    ctx.emit(record, &Loc::path(format!("$[{i}]")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::ctx::parse_bytes;
    use crate::import::{Format, MAX_PROBLEMS};
    use crate::test_ids::{ORDER, RESERVATION};

    struct Rows {
        rows: Vec<AssignmentRec>,
        skipped: Vec<String>,
    }

    fn parse(
        name: &str,
        json: &str,
    ) -> Result<(Vec<AssignmentRec>, Vec<String>), Vec<crate::import::ImportProblem>> {
        let p = parse_bytes(Format::RoleAssignments, name, json.as_bytes(), None);
        if !p.problems.is_empty() {
            return Err(p.problems);
        }
        let r = Rows {
            rows: p
                .records
                .into_iter()
                .map(|(r, _)| match r {
                    Record::Assignment(a) => a,
                    other => panic!("unexpected {other:?}"),
                })
                .collect(),
            skipped: p.skipped,
        };
        Ok((r.rows, r.skipped))
    }

    #[test]
    fn assignments_on_orders_reservations_and_the_tenant_are_read() {
        let json = format!(
            r#"[
  {{"principalId": "11111111-1111-4111-8111-111111111111", "principalName": "AdminAgents", "principalType": "ForeignGroup", "roleDefinitionName": "Owner", "scope": "/providers/Microsoft.Capacity/reservationOrders/{ORDER}"}},
  {{"principalId": "22222222-1111-4111-8111-111111111111", "principalName": "am_partner.example#EXT#@contoso.onmicrosoft.com", "principalType": "User", "roleDefinitionName": "Owner", "scope": "/providers/microsoft.capacity/reservationorders/{ORDER}/reservations/{RESERVATION}"}},
  {{"principalId": "33333333-1111-4111-8111-111111111111", "principalName": "FinOps", "principalType": "Group", "roleDefinitionName": "Reservations Reader", "scope": "/providers/Microsoft.Capacity"}},
  {{"principalId": "44444444-1111-4111-8111-111111111111", "principalName": "x", "principalType": "User", "roleDefinitionName": "Owner", "scope": "/subscriptions/55555555-1111-4111-8111-111111111111"}}
]"#
        );
        let (rows, skipped) = parse("roles.json", &json).expect("valid file");
        assert_eq!(rows.len(), 3);
        assert_eq!(
            rows[0].assignment.kind,
            PrincipalKind::PartnerAdminAgent,
            "ForeignGroup is the partner's admin agents"
        );
        assert_eq!(
            rows[1].assignment.kind,
            PrincipalKind::PartnerGuest,
            "#EXT# names are guests"
        );
        assert_eq!(rows[1].assignment.granted_at, GrantedAt::Reservation);
        assert_eq!(rows[2].assignment.granted_at, GrantedAt::Tenant);
        assert_eq!(
            skipped.len(),
            1,
            "a subscription-scope assignment is not about reservations"
        );
    }

    #[test]
    fn hostile_input_gets_located_errors() {
        let e = parse("r.json", "[{\"principalId\": 5,").unwrap_err();
        assert_eq!(e[0].line, Some(1), "truncated JSON names the line");
        let e = parse("r.json", "{\"value\": []}").unwrap_err();
        assert_eq!(e[0].path.as_deref(), Some("$"));
        let bad = format!(
            r#"[{{"principalId": "nope", "roleDefinitionName": "Owner", "scope": "/providers/Microsoft.Capacity/reservationOrders/{ORDER}"}}, 7, {{"principalId": "11111111-1111-4111-8111-111111111111", "roleDefinitionName": "Owner", "scope": "/providers/Microsoft.Capacity/reservationOrders/not-a-guid"}}]"#
        );
        let e = parse("r.json", &bad).unwrap_err();
        assert_eq!(
            e.len(),
            3,
            "every bad row is reported, not just the first: {e:?}"
        );
        assert_eq!(e[0].path.as_deref(), Some("$[0].principalId"));
        assert!(
            e[0].to_string()
                .starts_with("r.json $[0].principalId field principalId: expected"),
            "{}",
            e[0]
        );
        assert_eq!(e[2].field.as_deref(), Some("scope"));
        let huge = format!("[{}]", vec!["7"; 500].join(","));
        assert_eq!(
            parse("r.json", &huge).unwrap_err().len(),
            MAX_PROBLEMS,
            "at most 50 problems"
        );
        let script = format!(
            r#"[{{"principalId": "11111111-1111-4111-8111-111111111111", "principalName": "<script>alert(1)</script>", "roleDefinitionName": "Owner", "scope": "/providers/Microsoft.Capacity/reservationOrders/{ORDER}"}}]"#
        );
        let (rows, _) = parse("r.json", &script).expect("names are data");
        assert_eq!(
            rows[0].assignment.principal_name, "<script>alert(1)</script>",
            "kept as text, rendered as text"
        );
    }

    #[test]
    fn the_format_is_detected_from_content() {
        let json = format!(
            r#"[{{"principalId": "x", "roleDefinitionName": "Owner", "scope": "/providers/Microsoft.Capacity/reservationOrders/{ORDER}"}}]"#
        );
        assert_eq!(
            super::super::Format::detect(json.as_bytes()),
            Some(super::super::Format::RoleAssignments)
        );
        assert_eq!(super::super::Format::detect("\u{feff}[]".as_bytes()), None);
        assert_eq!(super::super::Format::detect(b"a,b,c\n1,2,3"), None);
    }
}
