//! Merging role assignments (who holds which role on a reservation, order or tenant).

use super::{problem, Merged, Writer};
use crate::records::{AssignmentRec, Entity};
use crate::store::access;

impl Writer<'_> {
    pub(super) fn assignment(&mut self, a: AssignmentRec) -> Merged {
        let order_tenant = match &a.order_id {
            Some(o) => match self.order_tenant(o.as_str())? {
                Some(t) => Some(t),
                None => {
                    self.count(Entity::RoleAssignments).skipped += 1;
                    self.push_warning(format!(
                        "{}: reservation order {o} is not in the store",
                        a.assignment.principal_name
                    ));
                    return Ok(());
                }
            },
            None => None,
        };
        let tenant = match (&order_tenant, a.tenant_id.as_ref().or(self.customer.as_ref())) {
            (Some(t), Some(c)) if t != c.as_str() => {
                self.count(Entity::RoleAssignments).skipped += 1;
                self.push_warning(format!(
                    "{}: the order belongs to another customer than --customer",
                    a.assignment.principal_name
                ));
                return Ok(());
            }
            (Some(t), _) => t.clone(),
            (None, Some(c)) => c.to_string(),
            (None, None) => {
                return Err(problem(
                    "customer",
                    None,
                    "tenant-wide assignments need --customer TENANT_ID (the tenant the list was made in)",
                ).into())
            }
        };
        self.ensure_customer(&tenant)?;
        let target = access::Target {
            tenant_id: &tenant,
            order_id: a.order_id.as_ref().map(|o| o.as_str()),
            reservation_id: a.reservation_id.as_ref().map(|r| r.as_str()),
        };
        let added = access::insert(self.tx, target, &a.assignment)?;
        self.tally(Entity::RoleAssignments, !added, false);
        Ok(())
    }
}
