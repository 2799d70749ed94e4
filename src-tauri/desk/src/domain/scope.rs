//! Where a reservation's discount applies (DOMAIN.md §2).

use super::ids::SubscriptionId;
use super::InvalidValue;
use serde::{Deserialize, Serialize};

/// The applied scope of a reservation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// One subscription.
    Single { subscription: SubscriptionId },
    /// One resource group of one subscription.
    ResourceGroup {
        subscription: SubscriptionId,
        resource_group: String,
    },
    /// Every eligible subscription in the billing context (for CSP: the customer).
    Shared,
    /// Subscriptions that are both in the management group and in the billing context.
    ManagementGroup { group_id: String },
}

/// The scope's kind, as the CLI and the window name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ScopeType {
    /// Single subscription.
    Single,
    /// Single resource group.
    ResourceGroup,
    /// Shared.
    Shared,
    /// Management group.
    ManagementGroup,
}

impl ScopeType {
    /// The snake_case spelling used in JSON and in the store.
    pub fn as_str(self) -> &'static str {
        match self {
            ScopeType::Single => "single",
            ScopeType::ResourceGroup => "resource_group",
            ScopeType::Shared => "shared",
            ScopeType::ManagementGroup => "management_group",
        }
    }

    /// Parses the snake_case spelling.
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        match raw {
            "single" => Ok(ScopeType::Single),
            "resource_group" => Ok(ScopeType::ResourceGroup),
            "shared" => Ok(ScopeType::Shared),
            "management_group" => Ok(ScopeType::ManagementGroup),
            _ => Err(InvalidValue::new(
                "scope_type",
                "expected single, resource_group, shared or management_group",
                raw,
            )),
        }
    }
}

fn valid_resource_group(name: &str) -> bool {
    // Azure: 1-90 chars; letters, digits, underscores, hyphens, periods, parentheses; not ending in a period.
    !name.is_empty()
        && name.chars().count() <= 90
        && !name.ends_with('.')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '(' | ')'))
}

fn valid_management_group(id: &str) -> bool {
    // Azure: up to 90 chars; letters, digits, hyphens, underscores, periods, parentheses.
    !id.is_empty()
        && id.len() <= 90
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '(' | ')'))
}

impl Scope {
    /// The kind of scope.
    pub fn scope_type(&self) -> ScopeType {
        match self {
            Scope::Single { .. } => ScopeType::Single,
            Scope::ResourceGroup { .. } => ScopeType::ResourceGroup,
            Scope::Shared => ScopeType::Shared,
            Scope::ManagementGroup { .. } => ScopeType::ManagementGroup,
        }
    }

    /// The ARM path of the target, or `None` for shared scope.
    pub fn target(&self) -> Option<String> {
        match self {
            Scope::Single { subscription } => Some(format!("/subscriptions/{subscription}")),
            Scope::ResourceGroup {
                subscription,
                resource_group,
            } => Some(format!(
                "/subscriptions/{subscription}/resourceGroups/{resource_group}"
            )),
            Scope::Shared => None,
            Scope::ManagementGroup { group_id } => Some(format!(
                "/providers/Microsoft.Management/managementGroups/{group_id}"
            )),
        }
    }

    /// Rebuilds a scope from its type and ARM path, validating both.
    pub fn from_parts(scope_type: ScopeType, target: Option<&str>) -> Result<Self, InvalidValue> {
        let missing = || InvalidValue::new("scope_target", "this scope type needs a target", "");
        match scope_type {
            ScopeType::Shared => match target {
                None => Ok(Scope::Shared),
                Some(t) => Err(InvalidValue::new(
                    "scope_target",
                    "shared scope has no target",
                    t,
                )),
            },
            ScopeType::Single => {
                let t = target.ok_or_else(missing)?;
                let parts: Vec<&str> = t.trim_matches('/').split('/').collect();
                match parts.as_slice() {
                    [s, sub] if s.eq_ignore_ascii_case("subscriptions") => Ok(Scope::Single {
                        subscription: SubscriptionId::parse(sub)?,
                    }),
                    _ => Err(InvalidValue::new(
                        "scope_target",
                        "expected /subscriptions/{subscription-id}",
                        t,
                    )),
                }
            }
            ScopeType::ResourceGroup => {
                let t = target.ok_or_else(missing)?;
                let parts: Vec<&str> = t.trim_matches('/').split('/').collect();
                match parts.as_slice() {
                    [s, sub, r, rg]
                        if s.eq_ignore_ascii_case("subscriptions")
                            && r.eq_ignore_ascii_case("resourceGroups")
                            && valid_resource_group(rg) =>
                    {
                        Ok(Scope::ResourceGroup {
                            subscription: SubscriptionId::parse(sub)?,
                            resource_group: (*rg).to_string(),
                        })
                    }
                    _ => Err(InvalidValue::new(
                        "scope_target",
                        "expected /subscriptions/{subscription-id}/resourceGroups/{name}",
                        t,
                    )),
                }
            }
            ScopeType::ManagementGroup => {
                let t = target.ok_or_else(missing)?;
                let parts: Vec<&str> = t.trim_matches('/').split('/').collect();
                match parts.as_slice() {
                    [p, ns, m, id]
                        if p.eq_ignore_ascii_case("providers")
                            && ns.eq_ignore_ascii_case("Microsoft.Management")
                            && m.eq_ignore_ascii_case("managementGroups")
                            && valid_management_group(id) =>
                    {
                        Ok(Scope::ManagementGroup {
                            group_id: (*id).to_string(),
                        })
                    }
                    _ => Err(InvalidValue::new(
                        "scope_target",
                        "expected /providers/Microsoft.Management/managementGroups/{id}",
                        t,
                    )),
                }
            }
        }
    }

    /// The scope in words, as the portal says it.
    pub fn describe(&self) -> String {
        match self {
            Scope::Single { subscription } => format!("Single subscription ({subscription})"),
            Scope::ResourceGroup {
                subscription,
                resource_group,
            } => format!("Single resource group {resource_group} (subscription {subscription})"),
            Scope::Shared => "Shared (all eligible subscriptions of the customer)".to_string(),
            Scope::ManagementGroup { group_id } => format!("Management group {group_id}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scope_round_trips_through_its_arm_path() {
        let sub = SubscriptionId::parse("11111111-2222-3333-4444-555555555555").unwrap();
        let scopes = [
            Scope::Single {
                subscription: sub.clone(),
            },
            Scope::ResourceGroup {
                subscription: sub,
                resource_group: "rg-prod(eu)".into(),
            },
            Scope::Shared,
            Scope::ManagementGroup {
                group_id: "mg-retail".into(),
            },
        ];
        for s in scopes {
            let back = Scope::from_parts(s.scope_type(), s.target().as_deref()).unwrap();
            assert_eq!(back, s, "the store keeps scope as type + ARM path");
        }
    }

    #[test]
    fn malformed_targets_are_refused() {
        let cases = [
            (ScopeType::Single, Some("/subscriptions/not-a-guid")),
            (ScopeType::Single, None),
            (ScopeType::Shared, Some("/subscriptions/x")),
            (
                ScopeType::ResourceGroup,
                Some("/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/bad."),
            ),
            (
                ScopeType::ManagementGroup,
                Some("/providers/Microsoft.Management/managementGroups/a b"),
            ),
        ];
        for (t, target) in cases {
            assert!(
                Scope::from_parts(t, target).is_err(),
                "{t:?} {target:?} must be refused"
            );
        }
    }
}
