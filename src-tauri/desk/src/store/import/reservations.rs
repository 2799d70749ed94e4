//! Merging reservations and their lineage (exchanged for, renewed into).

use super::orders::merge_order;
use super::{fingerprint, problem, Merged, Writer};
use crate::records::sink::{Loc, SinkProblem};
use crate::records::{Entity, LineageRec, OrderRec, ReservationRec};
use crate::store::reservations::{self, StoredOrder, StoredReservation};

impl Writer<'_> {
    pub(super) fn reservation(&mut self, r: ReservationRec, loc: &Loc) -> Merged {
        self.check_duplicate(2, r.id.as_str(), fingerprint(&r), loc, "reservation")?;
        let existing = reservations::stored(self.tx, r.id.as_str())?;
        let order_tenant = self.order_tenant(r.order_id.as_str())?;
        let stored_tenant = existing
            .as_ref()
            .map(|e| e.tenant_id.clone())
            .or(order_tenant);
        let tenant = self.owner(
            r.tenant_id.as_ref(),
            stored_tenant,
            |k| format!("the reservation's customer as stored ({k})"),
            Some(r.id.to_string()),
            "the reservation's customer: import the Partner Center entitlements first, or pass --customer TENANT_ID",
        )?;
        // The order: stored, or created from what the reservation says about it — written only
        // once the reservation itself merges, so a refused record leaves nothing behind.
        let (order, new_order) = match reservations::stored_order(self.tx, r.order_id.as_str())? {
            Some(o) => (o, false),
            None => {
                let mut rec = OrderRec::new(r.order_id.clone());
                rec.term = r.term;
                rec.billing_plan = r.billing_plan;
                rec.purchase_date = r.purchase_date;
                rec.benefit_start = r.benefit_start;
                rec.expiry_date = r.expiry_date;
                rec.original_quantity = r.quantity;
                rec.display_name = r.display_name.clone();
                let currency = self.customer_currency(&tenant)?;
                let o = match merge_order(&rec, None, &tenant, &currency) {
                    Ok(o) => o,
                    Err(p) => {
                        return Err(problem(
                            &p.field,
                            p.found,
                            format!("{} (the reservation's order {} is not in the store, so the reservation must carry it)", p.expected, r.order_id),
                        ).into())
                    }
                };
                (o, true)
            }
        };
        let merged = merge_reservation(&r, existing.as_ref(), &tenant, &order)?;
        if new_order {
            self.write_order(r.order_id.as_str(), &order)?;
            self.count(Entity::Orders).added += 1;
            let unknown: Vec<&str> = [
                ("term", order.term.is_none()),
                ("billing plan", order.billing_plan.is_none()),
                ("price", !order.price_known),
            ]
            .into_iter()
            .filter_map(|(what, unknown)| unknown.then_some(what))
            .collect();
            if !unknown.is_empty() {
                self.push_warning(format!(
                    "order {} (of reservation {}) is not in the store: its {} stay unknown until the reservation order (with its payment schedule) or a cost-details export with its purchase row is imported",
                    r.order_id,
                    r.id,
                    unknown.join(", ")
                ));
            }
        }
        let changed = existing.as_ref() != Some(&merged);
        if changed {
            let key = reservations::write(self.tx, r.id.as_str(), &merged)?;
            self.res_keys.insert(r.id.to_string(), Some(key));
        }
        self.tally(Entity::Reservations, existing.is_some(), changed);
        Ok(())
    }

    pub(super) fn lineage(&mut self, l: LineageRec) -> Merged {
        let added = reservations::add_lineage(
            self.tx,
            l.reservation_id.as_str(),
            l.related_id.as_str(),
            l.kind.as_str(),
        )?;
        self.tally(Entity::Lineage, !added, false);
        Ok(())
    }
}

/// Merges a reservation record over the stored one (or builds a new one).
pub(super) fn merge_reservation(
    r: &ReservationRec,
    e: Option<&StoredReservation>,
    tenant: &str,
    order: &StoredOrder,
) -> Result<StoredReservation, SinkProblem> {
    let need = |field: &str| {
        problem(
            field,
            None,
            format!("the reservation's {field} (a reservation new to the store needs resource type, SKU, region, quantity, applied scope and billing subscription)"),
        )
    };
    let resource_type = r
        .resource_type
        .map(|t| t.as_str().to_string())
        .or_else(|| e.map(|e| e.resource_type.clone()))
        .ok_or_else(|| need("reservedResourceType"))?;
    let sku = r
        .sku
        .clone()
        .or_else(|| e.map(|e| e.sku.clone()))
        .ok_or_else(|| need("sku"))?;
    let region = r
        .region
        .clone()
        .or_else(|| e.map(|e| e.region.clone()))
        .ok_or_else(|| need("location"))?;
    let quantity = r
        .quantity
        .or_else(|| e.map(|e| e.quantity))
        .ok_or_else(|| need("quantity"))?;
    let (scope_type, scope_target) = match (&r.scope, e) {
        (Some(s), _) => (s.scope_type().as_str().to_string(), s.target()),
        (None, Some(e)) => (e.scope_type.clone(), e.scope_target.clone()),
        (None, None) => return Err(need("appliedScopeType")),
    };
    let billing_subscription_id = r
        .billing_subscription_id
        .as_ref()
        .map(|s| s.to_string())
        .or_else(|| e.map(|e| e.billing_subscription_id.clone()))
        .ok_or_else(|| need("billingScopeId"))?;
    Ok(StoredReservation {
        order_id: r.order_id.to_string(),
        tenant_id: tenant.to_string(),
        display_name: r
            .display_name
            .clone()
            .or_else(|| e.map(|e| e.display_name.clone()))
            .unwrap_or_else(|| r.id.to_string()),
        instance_flexibility: r
            .instance_flexibility
            .or_else(|| e.map(|e| e.instance_flexibility))
            .unwrap_or(resource_type == "VirtualMachines"),
        renew: r.renew.or_else(|| e.map(|e| e.renew)).unwrap_or(false),
        provisioning_state: r
            .provisioning_state
            .map(|p| p.as_str().to_string())
            .or_else(|| e.map(|e| e.provisioning_state.clone()))
            .unwrap_or_else(|| "Succeeded".into()),
        expiry_date: r
            .expiry_date
            .map(|d| d.to_string())
            .or_else(|| e.map(|e| e.expiry_date.clone()))
            .unwrap_or_else(|| order.expiry_date.clone()),
        resource_type,
        sku,
        region,
        quantity,
        scope_type,
        scope_target,
        billing_subscription_id,
    })
}
