//! ARM's role-assignment list (`{"value": [{"properties": {"roleDefinitionId", "principalId",
//! "principalType", "scope"}}]}`) in the shape `az role assignment list` prints, which the
//! role-assignments importer reads. ARM names a role by its definition ID; the built-in roles
//! that govern reservations are named here (Microsoft's published IDs). Another role keeps its
//! ID as its name, and the importer skips it with a warning.

use serde_json::{json, Value};

/// Built-in role definition IDs (the last segment of `roleDefinitionId`) → role names.
pub const BUILT_IN_ROLES: [(&str, &str); 7] = [
    ("8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "Owner"),
    ("b24988ac-6180-42a0-ab88-20f7382dd24c", "Contributor"),
    ("acdd72a7-3385-48ef-bd42-f606fba81ae7", "Reader"),
    (
        "a8889054-8d42-49c9-bc1c-52486c10e7cd",
        "Reservations Administrator",
    ),
    (
        "582fc458-8989-419f-a480-75249bc5db7e",
        "Reservations Reader",
    ),
    (
        "f7b75c60-3036-4b75-91c3-6b41c27c1689",
        "Reservation Purchaser",
    ),
    (
        "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
        "User Access Administrator",
    ),
];

/// The role's name for a `roleDefinitionId`, or its ID when it is not a built-in role above.
pub fn role_name(definition_id: &str) -> &str {
    let id = definition_id.rsplit('/').next().unwrap_or(definition_id);
    BUILT_IN_ROLES
        .iter()
        .find(|(g, _)| g.eq_ignore_ascii_case(id))
        .map_or(id, |(_, n)| n)
}

/// The `value` items of ARM pages as one `az role assignment list` array. Items that are not
/// objects pass through unchanged so the importer reports them where they are.
pub fn as_cli_list(items: &[Value]) -> Value {
    Value::Array(
        items
            .iter()
            .map(|item| {
                let Some(p) = item.get("properties").filter(|p| p.is_object()) else {
                    return item.clone();
                };
                let text = |k: &str| p.get(k).cloned().unwrap_or(Value::Null);
                let role = p
                    .get("roleDefinitionId")
                    .and_then(Value::as_str)
                    .map(role_name);
                json!({
                    "id": item.get("id").cloned().unwrap_or(Value::Null),
                    "principalId": text("principalId"),
                    "principalType": text("principalType"),
                    "roleDefinitionName": role,
                    "scope": text("scope"),
                })
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_built_in_roles_and_keeps_other_ids() {
        assert_eq!(
            role_name("/providers/Microsoft.Authorization/roleDefinitions/8E3AF657-A8FF-443C-A75C-2FE8C4BCB635"),
            "Owner"
        );
        assert_eq!(
            role_name("/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/a8889054-8d42-49c9-bc1c-52486c10e7cd"),
            "Reservations Administrator"
        );
        assert_eq!(role_name("/x/roleDefinitions/0000"), "0000");
    }

    #[test]
    fn turns_arm_items_into_the_cli_shape() {
        let items: Vec<Value> = serde_json::from_str(
            r#"[{"id":"/a/1","properties":{"roleDefinitionId":"/r/acdd72a7-3385-48ef-bd42-f606fba81ae7","principalId":"p","principalType":"User","scope":"/providers/Microsoft.Capacity/reservationOrders/o"}}, 7]"#,
        )
        .unwrap();
        let list = as_cli_list(&items);
        assert_eq!(list[0]["roleDefinitionName"], "Reader");
        assert_eq!(list[0]["principalId"], "p");
        assert_eq!(
            list[0]["scope"],
            "/providers/Microsoft.Capacity/reservationOrders/o"
        );
        assert_eq!(list[1], 7);
    }
}
