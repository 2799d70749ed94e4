//! `az role assignment list --all --include-inherited` JSON: an array of assignments with
//! `principalId`, `principalName`, `principalType`, `roleDefinitionName` and `scope`.
//! Only assignments on reservations, reservation orders or `/providers/Microsoft.Capacity`
//! (tenant-wide) matter here; the rest are skipped with a warning.

use super::{ImportProblem, MAX_PROBLEMS};
use crate::domain::access::{Assignment, GrantedAt, PrincipalKind, Role};
use crate::domain::ids::{ReservationId, ReservationOrderId};
use serde_json::Value;

/// One assignment, with the order or reservation it is granted on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// The assignment.
    pub assignment: Assignment,
    /// The order (order and reservation grants).
    pub order_id: Option<ReservationOrderId>,
    /// The reservation (reservation grants).
    pub reservation_id: Option<ReservationId>,
}

/// The file's assignments, skipped rows with their reasons, or the problems found.
pub fn parse(file: &str, content: &str) -> Result<(Vec<Parsed>, Vec<String>), Vec<ImportProblem>> {
    let problem = |line: Option<u32>,
                   path: Option<String>,
                   field: Option<&str>,
                   found: Option<String>,
                   expected: &str| ImportProblem {
        file: file.to_string(),
        line,
        path,
        field: field.map(str::to_string),
        found,
        expected: expected.to_string(),
    };
    let value: Value =
        serde_json::from_str(content.trim_start_matches('\u{feff}')).map_err(|e| {
            vec![problem(
                u32::try_from(e.line()).ok(),
                None,
                None,
                None,
                &format!("valid JSON ({e})"),
            )]
        })?;
    let Value::Array(items) = value else {
        return Err(vec![problem(
            None,
            Some("$".into()),
            None,
            None,
            "a JSON array, as `az role assignment list` prints",
        )]);
    };
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    let mut problems = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let at = |field: &str| format!("$[{i}].{field}");
        let text = |field: &str| item.get(field).and_then(Value::as_str);
        let mut bad = |field: &str, found: Option<String>, expected: &str| {
            if problems.len() < MAX_PROBLEMS {
                problems.push(problem(None, Some(at(field)), Some(field), found, expected));
            }
        };
        if !item.is_object() {
            bad("", Some(item.to_string()), "an object per assignment");
            continue;
        }
        let Some(scope) = text("scope") else {
            bad(
                "scope",
                item.get("scope").map(Value::to_string),
                "the assignment's scope as a string",
            );
            continue;
        };
        let Some(principal_id) = text("principalId") else {
            bad(
                "principalId",
                item.get("principalId").map(Value::to_string),
                "the principal's object ID (a GUID)",
            );
            continue;
        };
        if crate::domain::ids::TenantId::parse(principal_id).is_err() {
            bad(
                "principalId",
                Some(principal_id.to_string()),
                "the principal's object ID (a GUID)",
            );
            continue;
        }
        let Some(role_name) = text("roleDefinitionName") else {
            bad(
                "roleDefinitionName",
                item.get("roleDefinitionName").map(Value::to_string),
                "the role's name, e.g. Owner",
            );
            continue;
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
                skipped.push(format!(
                    "{}: not on a reservation (scope {scope})",
                    at("scope")
                ));
                continue;
            }
        };
        let order_id = match order.map(ReservationOrderId::parse).transpose() {
            Ok(o) => o,
            Err(_) => {
                bad(
                    "scope",
                    Some(scope.to_string()),
                    "a reservation order ID (GUID) in the scope",
                );
                continue;
            }
        };
        let reservation_id = match reservation.map(ReservationId::parse).transpose() {
            Ok(r) => r,
            Err(_) => {
                bad(
                    "scope",
                    Some(scope.to_string()),
                    "a reservation ID (GUID) in the scope",
                );
                continue;
            }
        };
        let Ok(role) = Role::parse(role_name) else {
            skipped.push(format!(
                "{}: role {role_name:?} does not govern reservations here",
                at("roleDefinitionName")
            ));
            continue;
        };
        let kind = match text("principalType").unwrap_or("User") {
            "ForeignGroup" => PrincipalKind::PartnerAdminAgent,
            "Group" => PrincipalKind::Group,
            "ServicePrincipal" => PrincipalKind::ServicePrincipal,
            _ if name.contains("#EXT#") => PrincipalKind::PartnerGuest,
            _ => PrincipalKind::User,
        };
        out.push(Parsed {
            assignment: Assignment {
                principal_name: name,
                principal_id: principal_id.to_ascii_lowercase(),
                kind,
                role,
                granted_at,
            },
            order_id,
            reservation_id,
        });
    }
    if problems.is_empty() {
        Ok((out, skipped))
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORDER: &str = "a075419f-44cc-497f-b68a-14ee811d48b9";

    #[test]
    fn assignments_on_orders_reservations_and_the_tenant_are_read() {
        let json = format!(
            r#"[
  {{"principalId": "11111111-1111-4111-8111-111111111111", "principalName": "AdminAgents", "principalType": "ForeignGroup", "roleDefinitionName": "Owner", "scope": "/providers/Microsoft.Capacity/reservationOrders/{ORDER}"}},
  {{"principalId": "22222222-1111-4111-8111-111111111111", "principalName": "am_partner.example#EXT#@contoso.onmicrosoft.com", "principalType": "User", "roleDefinitionName": "Owner", "scope": "/providers/microsoft.capacity/reservationorders/{ORDER}/reservations/6ef59113-3482-40da-8d79-787f823e34bc"}},
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
            super::super::Format::detect(&json),
            Some(super::super::Format::RoleAssignments)
        );
        assert_eq!(super::super::Format::detect("\u{feff}[]"), None);
        assert_eq!(super::super::Format::detect("a,b,c\n1,2,3"), None);
    }
}
