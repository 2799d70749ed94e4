//! Partner Center JSON. Accepted shapes:
//!
//! - the customers list `{ "totalCount", "items": [customer…] }`, or one customer
//!   (`{ "id", "companyProfile": {tenantId, domain, companyName}, "billingProfile"? }`) →
//!   a [`CustomerRec`] each (tenant, name, primary domain, country when the billing profile
//!   gives it);
//! - a customer's entitlements `{ "totalCount", "items": [entitlement…] }` (or one entitlement)
//!   → an [`OrderRec`] per `reservedinstance` artifact, tying its reservation order
//!   (`resourceId`) to the customer. The file does not name the customer: it is `--customer`,
//!   and without it the file is refused with one problem. Other entitlement types are skipped;
//! - reserved-instance artifact details `{ "type": "reservedinstance", "reservations": [...] }`
//!   → a [`ReservationRec`] per reservation (scope, quantity, expiry, display name, state), for
//!   the `--customer` tenant when given. `reservationId` must be the full ARM ID so the order is
//!   known.

use super::azure::provisioning_state;
use super::ctx::{Ctx, Loc, Stop};
use super::fields::Fields;
use super::json::{found, get, render};
use super::values;
use crate::domain::ids::{ReservationOrderId, TenantId};
use crate::domain::scope::{Scope, ScopeType};
use crate::records::{CustomerRec, Entity, OrderRec, Record, ReservationRec};
use serde_json::Value;
use std::io::BufRead;

const GUID: &str = "a GUID such as 8f2a3c4e-1b2d-4e5f-9a0b-1c2d3e4f5a6b";
const NO_CUSTOMER: &str = "the customer these entitlements belong to: pass --customer TENANT_ID";
const RES_ID_EXPECTED: &str = "the full reservation ID /providers/Microsoft.Capacity/reservationOrders/{order-guid}/reservations/{reservation-guid}";

/// What a Partner Center object is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Customer,
    Entitlement,
    Artifact,
}

fn kind_of(v: &Value) -> Option<Kind> {
    if !v.is_object() {
        None
    } else if get(v, "companyProfile").is_some() {
        Some(Kind::Customer)
    } else if get(v, "entitlementType").is_some()
        || get(v, "entitledArtifacts").is_some()
        || get(v, "referenceOrder").is_some()
    {
        Some(Kind::Entitlement)
    } else if get(v, "reservations").is_some() {
        Some(Kind::Artifact)
    } else {
        None
    }
}

/// Parses the file into `ctx`.
pub fn parse(input: &mut dyn BufRead, ctx: &mut Ctx<'_>) -> Result<(), Stop> {
    let Some(doc) = super::json::read(input, ctx)? else {
        return Ok(());
    };
    let (items, base): (&[Value], &str) = match &doc {
        Value::Array(a) => (a, "$"),
        Value::Object(_) => match get(&doc, "items") {
            Some(Value::Array(a)) => (a, "$.items"),
            Some(other) => {
                ctx.problem(
                    &Loc::path("$.items"),
                    Some("items"),
                    found(Some(other)),
                    "an array of customers or entitlements",
                );
                return Ok(());
            }
            None => (std::slice::from_ref(&doc), ""),
        },
        other => {
            ctx.problem(
                &Loc::path("$"),
                None,
                found(Some(other)),
                "a Partner Center JSON object: customers, entitlements or reserved-instance artifact details",
            );
            return Ok(());
        }
    };
    let path = |i: usize| {
        if base.is_empty() {
            "$".to_string()
        } else {
            format!("{base}[{i}]")
        }
    };
    if ctx.customer.is_none() && items.iter().any(|v| kind_of(v) == Some(Kind::Entitlement)) {
        ctx.problem(&Loc::path("$"), Some("customer"), None, NO_CUSTOMER);
        return Ok(());
    }
    if items.is_empty() {
        ctx.warn("the list is empty: no customers or entitlements".to_string());
    }
    for (i, item) in items.iter().enumerate() {
        let at = path(i);
        match kind_of(item) {
            Some(Kind::Customer) => {
                ctx.row_done()?;
                customer(Fields::new(ctx, item, at))?;
            }
            Some(Kind::Entitlement) => {
                ctx.row_done()?;
                entitlement(Fields::new(ctx, item, at))?;
            }
            Some(Kind::Artifact) => artifact_details(ctx, item, &at)?,
            None => {
                ctx.row_done()?;
                ctx.row_problem(
                    &Loc::path(at),
                    None,
                    None,
                    Some(super::ctx::shorten(&render(item))),
                    "a customer (with companyProfile), an entitlement (with entitlementType) or reserved-instance artifact details (with reservations)",
                );
            }
        }
    }
    Ok(())
}

/// A customer → [`CustomerRec`].
fn customer(mut f: Fields<'_, '_, '_>) -> Result<(), Stop> {
    let tenant = |s: &str| TenantId::parse(s).ok();
    let id = f.parsed("id", GUID, tenant);
    let mut rec = CustomerRec::default();
    if f.object("companyProfile").is_some() {
        let profile_tenant = f.parsed("companyProfile.tenantId", GUID, tenant);
        if let (Some(a), Some(b)) = (&id, &profile_tenant) {
            if a != b {
                f.bad(
                    "companyProfile.tenantId",
                    format!("the customer's id ({a})"),
                );
            }
        }
        rec.tenant_id = profile_tenant;
        rec.name = f.text("companyProfile.companyName");
        rec.primary_domain = f.text("companyProfile.domain");
    }
    rec.tenant_id = rec.tenant_id.or(id);
    if rec.tenant_id.is_none() && f.ok() {
        f.bad(
            "companyProfile.tenantId",
            format!("the customer's tenant ID ({GUID})"),
        );
    }
    if f.object("billingProfile").is_some() {
        if rec.name.is_none() {
            rec.name = f.text("billingProfile.companyName");
        }
        if f.object("billingProfile.defaultAddress").is_some() {
            rec.country = f.parsed(
                "billingProfile.defaultAddress.country",
                "a two-letter country code such as US",
                |s| {
                    (s.len() == 2 && s.bytes().all(|b| b.is_ascii_alphabetic()))
                        .then(|| s.to_ascii_uppercase())
                },
            );
        }
    }
    if !f.ok() {
        return Ok(());
    }
    let loc = f.loc();
    f.into_ctx().emit(Record::Customer(rec), &loc)
}

/// An entitlement: each `reservedinstance` artifact names an order of the `--customer`.
fn entitlement(mut f: Fields<'_, '_, '_>) -> Result<(), Stop> {
    if let Some(t) = f.string("entitlementType") {
        if !is_reserved_instance(t) {
            let reason = format!(
                "not a reserved-instance entitlement (entitlementType {})",
                super::ctx::shorten(t)
            );
            f.skip(Entity::Orders, &reason);
            return Ok(());
        }
    }
    // Checked for a broken file's sake; the expiry itself comes with the reservations.
    f.date("expiryDate");
    let customer = f.ctx_mut().customer.clone();
    let Some(arts) = f.array("entitledArtifacts") else {
        if f.ok() {
            f.bad(
                "entitledArtifacts",
                "the entitlement's artifacts (an array)",
            );
        }
        return Ok(());
    };
    let mut orders = Vec::new();
    for k in 0..arts.len() {
        let at = format!("entitledArtifacts[{k}]");
        if f.object(&at).is_none() {
            if f.ok() {
                f.bad(&at, "an object per artifact");
            }
            continue;
        }
        if let Some(t) = f.string(&format!("{at}.artifactType")) {
            if !is_reserved_instance(t) {
                continue;
            }
        }
        if f.object(&format!("{at}.dynamicAttributes")).is_some() {
            f.string(&format!("{at}.dynamicAttributes.reservationType"));
        }
        let rid = format!("{at}.resourceId");
        let order = f.parsed(&rid, "the reservation order ID (a GUID)", order_id);
        if order.is_none() && f.ok() {
            f.bad(&rid, "the reservation order ID (a GUID)");
        }
        if let Some(id) = order {
            let mut o = OrderRec::new(id);
            o.tenant_id = customer.clone();
            orders.push(o);
        }
    }
    if !f.ok() {
        return Ok(());
    }
    let loc = f.loc();
    let ctx = f.into_ctx();
    for o in orders {
        ctx.emit(Record::Order(o), &loc)?;
    }
    Ok(())
}

fn is_reserved_instance(t: &str) -> bool {
    t.eq_ignore_ascii_case("reservedinstance")
        || t.eq_ignore_ascii_case("virtualmachinereservedinstance")
}

/// An order ID, bare or as its ARM path.
fn order_id(raw: &str) -> Option<ReservationOrderId> {
    match values::arm_ids(raw) {
        Some((o, None)) => Some(o),
        Some((_, Some(_))) => None,
        None => ReservationOrderId::parse(raw).ok(),
    }
}

/// Reserved-instance artifact details: one [`ReservationRec`] per reservation.
fn artifact_details(ctx: &mut Ctx<'_>, v: &Value, base: &str) -> Result<(), Stop> {
    let mut f = Fields::new(ctx, v, base.to_string());
    if let Some(t) = f.string("type") {
        if !is_reserved_instance(t) {
            ctx_row(&mut f)?;
            let reason = format!(
                "not reserved-instance details (type {})",
                super::ctx::shorten(t)
            );
            f.skip(Entity::Reservations, &reason);
            return Ok(());
        }
    }
    let Some(list) = f.array("reservations") else {
        ctx_row(&mut f)?;
        if f.ok() {
            f.bad("reservations", "an array of reservations");
        }
        return Ok(());
    };
    let customer = f.ctx_mut().customer.clone();
    let ctx = f.into_ctx();
    for (k, r) in list.iter().enumerate() {
        ctx.row_done()?;
        let at = format!("{base}.reservations[{k}]");
        if !r.is_object() {
            ctx.row_problem(
                &Loc::path(at),
                None,
                None,
                found(Some(r)),
                "an object per reservation",
            );
            continue;
        }
        pc_reservation(Fields::new(ctx, r, at), customer.as_ref())?;
    }
    Ok(())
}

fn ctx_row(f: &mut Fields<'_, '_, '_>) -> Result<(), Stop> {
    f.ctx_mut().row_done()
}

/// One reservation of artifact details.
fn pc_reservation(mut f: Fields<'_, '_, '_>, customer: Option<&TenantId>) -> Result<(), Stop> {
    let ids = match f.string("reservationId") {
        None => {
            if f.ok() {
                f.bad("reservationId", RES_ID_EXPECTED);
            }
            None
        }
        Some(raw) => match values::arm_ids(raw) {
            Some((o, Some(r))) => Some((o, r)),
            _ if !raw.contains('/') && crate::domain::ids::ReservationId::parse(raw).is_ok() => {
                f.bad(
                    "reservationId",
                    format!("{RES_ID_EXPECTED} (a bare reservation GUID does not say which order it belongs to)"),
                );
                None
            }
            _ => {
                f.bad("reservationId", RES_ID_EXPECTED);
                None
            }
        },
    };
    let scope = pc_scope(&mut f);
    let display_name = f.text("displayName");
    let quantity = f.quantity("quantity");
    let expiry = f.date("expiryDateTime");
    f.date("effectiveDateTime");
    let state = f.parsed(
        "provisioningState",
        "a provisioning state such as Succeeded, Cancelled, Expired, Split, Merged or Failed",
        provisioning_state,
    );
    let Some((order, id)) = ids else {
        return Ok(());
    };
    if !f.ok() {
        return Ok(());
    }
    let mut r = ReservationRec::new(id, order);
    r.tenant_id = customer.cloned();
    r.scope = scope;
    r.display_name = display_name;
    r.quantity = quantity;
    r.expiry_date = expiry;
    r.provisioning_state = state;
    let loc = f.loc();
    f.into_ctx().emit(Record::Reservation(r), &loc)
}

/// `scopeType` with `appliedScopes` (present only when the scope is not shared).
fn pc_scope(f: &mut Fields<'_, '_, '_>) -> Option<Scope> {
    let kind = f.string("scopeType")?;
    match kind.to_ascii_lowercase().as_str() {
        "shared" => Some(Scope::Shared),
        "single" | "resourcegroup" | "singleresourcegroup" => f.applied_scopes(
            "appliedScopes",
            &[ScopeType::Single, ScopeType::ResourceGroup],
        ),
        "managementgroup" => f.applied_scopes("appliedScopes", &[ScopeType::ManagementGroup]),
        _ => {
            f.bad("scopeType", "Shared, Single or ManagementGroup");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::reservation::ProvisioningState;
    use crate::import::ctx::{parse_bytes, Parsed};
    use crate::import::{Format, MAX_PROBLEMS};
    use crate::test_ids::{
        reservation_arm, CONTOSO_TENANT, FABRIKAM_TENANT, ORDER, ORDER_2, RESERVATION,
        RESERVATION_2, RESERVATION_3, SCOPE_SUBSCRIPTION,
    };
    use chrono::NaiveDate;
    use serde_json::json;

    fn customer_json(tenant: &str, name: &str, domain: &str) -> Value {
        json!({
            "id": tenant,
            "commerceId": "c1d2e3f4-0000-4000-8000-000000000001",
            "companyProfile": {
                "tenantId": tenant,
                "domain": domain,
                "companyName": name,
                "attributes": {"objectType": "CustomerCompanyProfile"}
            },
            "relationshipToPartner": "reseller",
            "allowDelegatedAccess": true,
            "attributes": {"objectType": "Customer"}
        })
    }

    fn artifact(order: &str) -> Value {
        json!({
            "link": {"uri": format!("/customers/{CONTOSO_TENANT}/entitlements/artifacts/{order}"), "method": "GET", "headers": []},
            "resourceId": order,
            "artifactType": "reservedinstance",
            "dynamicAttributes": {"reservationType": "virtualmachines"}
        })
    }

    fn entitlement_json(orders: &[&str]) -> Value {
        json!({
            "includedEntitlements": [],
            "referenceOrder": {"id": "b7c3d9e1f2", "lineItemId": "0"},
            "productId": "DZH318Z0BQ3Q",
            "skuId": "0016",
            "quantity": 2,
            "quantityDetails": [{"quantity": 2, "status": "Active"}],
            "entitlementType": "reservedinstance",
            "fulfillmentState": "Fulfilled",
            "expiryDate": "2027-03-14T00:00:00Z",
            "entitledArtifacts": orders.iter().map(|o| artifact(o)).collect::<Vec<_>>(),
            "attributes": {"objectType": "Entitlement"}
        })
    }

    fn pc_res(id: Value, scope_type: &str, scopes: Option<Value>) -> Value {
        let mut r = json!({
            "reservationId": id,
            "scopeType": scope_type,
            "displayName": "VM_RI_contoso",
            "quantity": 2,
            "expiryDateTime": "2027-03-14T09:12:44Z",
            "effectiveDateTime": "2024-03-14T09:12:44Z",
            "provisioningState": "Succeeded"
        });
        if let Some(s) = scopes {
            r.as_object_mut().unwrap().insert("appliedScopes".into(), s);
        }
        r
    }

    fn run(doc: &Value, customer: Option<&str>) -> Parsed {
        run_bytes(doc.to_string().as_bytes(), customer)
    }

    fn run_bytes(bytes: &[u8], customer: Option<&str>) -> Parsed {
        let customer = customer.map(|c| TenantId::parse(c).unwrap());
        parse_bytes(Format::PartnerCenter, "pc.json", bytes, customer)
    }

    fn customers(p: &Parsed) -> Vec<CustomerRec> {
        p.records
            .iter()
            .filter_map(|(r, _)| match r {
                Record::Customer(c) => Some(c.clone()),
                _ => None,
            })
            .collect()
    }

    fn orders(p: &Parsed) -> Vec<OrderRec> {
        p.records
            .iter()
            .filter_map(|(r, _)| match r {
                Record::Order(o) => Some(o.clone()),
                _ => None,
            })
            .collect()
    }

    fn reservations(p: &Parsed) -> Vec<ReservationRec> {
        p.records
            .iter()
            .filter_map(|(r, _)| match r {
                Record::Reservation(r) => Some(r.clone()),
                _ => None,
            })
            .collect()
    }

    fn no_problems(p: &Parsed) {
        assert!(
            p.problems.is_empty(),
            "unexpected problems: {:#?}",
            p.problems
        );
    }

    #[test]
    fn the_customers_list_and_a_single_customer() {
        let mut with_address =
            customer_json(FABRIKAM_TENANT, "Fabrikam GmbH", "fabrikam.onmicrosoft.com");
        with_address.as_object_mut().unwrap().insert(
            "billingProfile".into(),
            json!({"companyName": "Fabrikam GmbH", "defaultAddress": {"country": "de", "city": "Berlin"}}),
        );
        let doc = json!({
            "totalCount": 2,
            "items": [customer_json(CONTOSO_TENANT, "Contoso Ltd", "contoso.onmicrosoft.com"), with_address.clone()],
            "links": {"self": {"uri": "/customers?size=40", "method": "GET"}},
            "attributes": {"objectType": "Collection"}
        });
        let p = run(&doc, None);
        no_problems(&p);
        let cs = customers(&p);
        assert_eq!(cs.len(), 2);
        assert_eq!(
            cs[0].tenant_id.as_ref().map(TenantId::as_str),
            Some(CONTOSO_TENANT)
        );
        assert_eq!(cs[0].name.as_deref(), Some("Contoso Ltd"));
        assert_eq!(
            cs[0].primary_domain.as_deref(),
            Some("contoso.onmicrosoft.com")
        );
        assert_eq!(cs[0].country, None);
        assert_eq!(cs[0].billing_currency, None);
        assert_eq!(cs[1].country.as_deref(), Some("DE"), "uppercased");
        assert_eq!(p.records[1].1.path.as_deref(), Some("$.items[1]"));

        let p = run(&with_address, None);
        no_problems(&p);
        assert_eq!(
            customers(&p)[0].tenant_id.as_ref().map(TenantId::as_str),
            Some(FABRIKAM_TENANT)
        );
        assert_eq!(p.records[0].1.path.as_deref(), Some("$"));
    }

    #[test]
    fn entitlements_tie_orders_to_the_customer() {
        let software = json!({"productId": "CFQ7TTC0LH18", "entitlementType": "software", "entitledArtifacts": []});
        let mut other_artifact = entitlement_json(&[ORDER_2]);
        other_artifact["entitledArtifacts"][0]["artifactType"] = json!("softwarekey");
        let doc = json!({
            "totalCount": 4,
            "items": [entitlement_json(&[ORDER, ORDER_2]), software, other_artifact, entitlement_json(&[&ORDER.to_uppercase()])],
            "attributes": {"objectType": "Collection"}
        });
        let p = run(&doc, Some(CONTOSO_TENANT));
        no_problems(&p);
        let os = orders(&p);
        assert_eq!(
            os.iter().map(|o| o.id.as_str()).collect::<Vec<_>>(),
            vec![ORDER, ORDER_2, ORDER],
            "one order per reserved-instance artifact"
        );
        for o in &os {
            assert_eq!(
                o.tenant_id.as_ref().map(TenantId::as_str),
                Some(CONTOSO_TENANT)
            );
            assert_eq!(o.term, None, "only the link to the customer");
            assert_eq!(
                o.expiry_date, None,
                "an order with dates would need all of them"
            );
        }
        assert_eq!(
            os[0], os[2],
            "the same order twice: identical records, the store accepts both"
        );
        assert_eq!(
            p.skipped.len(),
            1,
            "the software entitlement: {:?}",
            p.skipped
        );
        assert!(p.skipped[0].contains("$.items[1]") && p.skipped[0].contains("software"));

        let single = entitlement_json(&[&format!(
            "/providers/Microsoft.Capacity/reservationOrders/{ORDER}"
        )]);
        let p = run(&single, Some(CONTOSO_TENANT));
        no_problems(&p);
        assert_eq!(
            orders(&p)[0].id.as_str(),
            ORDER,
            "the order's ARM path is accepted too"
        );
    }

    #[test]
    fn entitlements_without_customer_are_refused_once() {
        let doc = json!({"totalCount": 3, "items": [entitlement_json(&[ORDER]), entitlement_json(&[ORDER_2]), entitlement_json(&[ORDER])]});
        let p = run(&doc, None);
        assert!(p.records.is_empty());
        assert_eq!(p.problems.len(), 1, "{:?}", p.problems);
        assert_eq!(p.problems[0].field.as_deref(), Some("customer"));
        assert_eq!(
            p.problems[0].expected,
            "the customer these entitlements belong to: pass --customer TENANT_ID"
        );
        assert_eq!(p.problems[0].file, "pc.json");
    }

    #[test]
    fn artifact_details_give_reservations() {
        let rg = format!("/subscriptions/{SCOPE_SUBSCRIPTION}/resourceGroups/rg-web");
        let doc = json!({
            "type": "reservedinstance",
            "reservations": [
                pc_res(json!(reservation_arm(ORDER, RESERVATION)), "Shared", None),
                pc_res(json!(reservation_arm(ORDER, RESERVATION_2).to_lowercase()), "Single", Some(json!([format!("/subscriptions/{SCOPE_SUBSCRIPTION}")]))),
                pc_res(json!(reservation_arm(ORDER, RESERVATION_3)), "Single", Some(json!([rg]))),
            ],
            "attributes": {"objectType": "ReservedInstanceArtifactDetails"}
        });
        let p = run(&doc, Some(CONTOSO_TENANT));
        no_problems(&p);
        let rs = reservations(&p);
        assert_eq!(rs.len(), 3);
        let r = &rs[0];
        assert_eq!((r.id.as_str(), r.order_id.as_str()), (RESERVATION, ORDER));
        assert_eq!(
            r.tenant_id.as_ref().map(TenantId::as_str),
            Some(CONTOSO_TENANT)
        );
        assert_eq!(r.scope, Some(Scope::Shared));
        assert_eq!(r.display_name.as_deref(), Some("VM_RI_contoso"));
        assert_eq!(r.quantity, Some(2));
        assert_eq!(r.expiry_date, NaiveDate::from_ymd_opt(2027, 3, 14));
        assert_eq!(r.provisioning_state, Some(ProvisioningState::Succeeded));
        assert_eq!(
            (
                r.resource_type,
                r.sku.as_deref(),
                r.billing_subscription_id.as_ref()
            ),
            (None, None, None)
        );
        assert_eq!(
            rs[1].scope.as_ref().map(Scope::scope_type),
            Some(ScopeType::Single)
        );
        assert_eq!(
            rs[2].scope,
            Some(Scope::ResourceGroup {
                subscription: crate::domain::ids::SubscriptionId::parse(SCOPE_SUBSCRIPTION)
                    .unwrap(),
                resource_group: "rg-web".into()
            })
        );
        assert_eq!(p.records[2].1.path.as_deref(), Some("$.reservations[2]"));

        let p = run(&doc, None);
        no_problems(&p);
        assert!(
            reservations(&p).iter().all(|r| r.tenant_id.is_none()),
            "the store will ask for the customer"
        );
    }

    #[test]
    fn a_bare_reservation_guid_cannot_name_its_order() {
        let doc = json!({"type": "reservedinstance", "reservations": [pc_res(json!(RESERVATION), "Shared", None)]});
        let p = run(&doc, Some(CONTOSO_TENANT));
        assert!(p.records.is_empty());
        assert_eq!(p.problems.len(), 1);
        assert_eq!(
            p.problems[0].path.as_deref(),
            Some("$.reservations[0].reservationId")
        );
        assert_eq!(p.problems[0].field.as_deref(), Some("reservationId"));
        assert!(
            p.problems[0].expected.contains("which order"),
            "{}",
            p.problems[0]
        );
    }

    #[test]
    fn bad_values_are_reported_at_their_json_path() {
        let mut c = customer_json(CONTOSO_TENANT, "Contoso", "contoso.com");
        c["companyProfile"]["tenantId"] = json!(5);
        let mut c2 = customer_json(FABRIKAM_TENANT, "Fabrikam", "fabrikam.com");
        c2.as_object_mut().unwrap().insert(
            "billingProfile".into(),
            json!({"defaultAddress": {"country": "USA"}}),
        );
        let mut c3 = customer_json(FABRIKAM_TENANT, "Mismatch", "m.com");
        c3["id"] = json!(CONTOSO_TENANT);
        let p = run(&json!({"items": [c, c2, c3]}), None);
        assert!(p.records.is_empty());
        let got: Vec<_> = p
            .problems
            .iter()
            .map(|e| (e.path.clone().unwrap(), e.field.clone().unwrap()))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "$.items[0].companyProfile.tenantId".to_string(),
                    "companyProfile.tenantId".to_string()
                ),
                (
                    "$.items[1].billingProfile.defaultAddress.country".into(),
                    "billingProfile.defaultAddress.country".into()
                ),
                (
                    "$.items[2].companyProfile.tenantId".into(),
                    "companyProfile.tenantId".into()
                ),
            ]
        );
        assert_eq!(p.problems[0].found.as_deref(), Some("5"));
        assert_eq!(
            p.problems[1].expected,
            "a two-letter country code such as US"
        );

        let mut bad_qty = pc_res(json!(reservation_arm(ORDER, RESERVATION)), "Shared", None);
        bad_qty["quantity"] = json!({"n": 2});
        bad_qty["expiryDateTime"] = json!("9999-12-31T00:00:00Z");
        bad_qty["effectiveDateTime"] = json!("1900-01-01");
        let mut bad_id = pc_res(json!(7), "Single", Some(json!([])));
        bad_id["provisioningState"] = json!("Dormant");
        let p = run(
            &json!({"type": "reservedinstance", "reservations": [bad_qty, bad_id, "x"]}),
            Some(CONTOSO_TENANT),
        );
        assert!(p.records.is_empty());
        let got: Vec<_> = p
            .problems
            .iter()
            .map(|e| (e.path.clone().unwrap(), e.field.clone()))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "$.reservations[0].quantity".to_string(),
                    Some("quantity".to_string())
                ),
                (
                    "$.reservations[0].expiryDateTime".into(),
                    Some("expiryDateTime".into())
                ),
                (
                    "$.reservations[0].effectiveDateTime".into(),
                    Some("effectiveDateTime".into())
                ),
                (
                    "$.reservations[1].reservationId".into(),
                    Some("reservationId".into())
                ),
                (
                    "$.reservations[1].appliedScopes".into(),
                    Some("appliedScopes".into())
                ),
                (
                    "$.reservations[1].provisioningState".into(),
                    Some("provisioningState".into())
                ),
                ("$.reservations[2]".into(), None),
            ]
        );
        assert!(p.problems[1]
            .expected
            .contains("between 2000-01-01 and 2100-12-31"));
        assert_eq!(p.problems[3].found.as_deref(), Some("7"));

        let mut bad_art = entitlement_json(&[ORDER]);
        bad_art["entitledArtifacts"][0]["resourceId"] = json!(12);
        let p = run(&json!({"items": [bad_art]}), Some(CONTOSO_TENANT));
        assert_eq!(p.problems.len(), 1);
        assert_eq!(
            p.problems[0].path.as_deref(),
            Some("$.items[0].entitledArtifacts[0].resourceId")
        );
    }

    #[test]
    fn hostile_files_get_located_problems() {
        let full =
            json!({"items": [customer_json(CONTOSO_TENANT, "Contoso", "contoso.com")]}).to_string();
        let p = run_bytes(&full.as_bytes()[..full.len() - 3], None);
        assert_eq!(p.problems.len(), 1);
        assert!(
            p.problems[0].expected.contains("truncated"),
            "{}",
            p.problems[0]
        );

        let mut bad = b"{\"items\": [\n\n{\"companyProfile\": {\"companyName\": \"".to_vec();
        bad.extend_from_slice(&[0xC3, 0x28, b'"', b'}', b'}', b']', b'}']);
        let p = run_bytes(&bad, None);
        assert_eq!(p.problems[0].line, Some(3));
        assert!(p.problems[0].expected.contains("UTF-8"));

        for (doc, path) in [
            ("\"hello\"", "$"),
            ("{\"items\": 3}", "$.items"),
            ("{\"foo\": 1}", "$"),
            ("[1]", "$[0]"),
        ] {
            let p = run_bytes(doc.as_bytes(), None);
            assert_eq!(p.problems.len(), 1, "{doc}");
            assert_eq!(p.problems[0].path.as_deref(), Some(path), "{doc}");
        }

        let huge = "B".repeat(10 << 20);
        let p = run(&customer_json(CONTOSO_TENANT, &huge, "contoso.com"), None);
        assert!(p.records.is_empty());
        assert_eq!(
            p.problems[0].field.as_deref(),
            Some("companyProfile.companyName")
        );
        assert_eq!(p.problems[0].expected, "text of at most 1000 characters");

        let mut keys = String::from("{\"items\": [{\"companyProfile\": {");
        keys.push_str(
            &(0..1_000_000)
                .map(|i| format!("\"k{i}\":0"))
                .collect::<Vec<_>>()
                .join(","),
        );
        keys.push_str("}}]}");
        let p = run_bytes(keys.as_bytes(), None);
        assert_eq!(p.problems.len(), 1, "{:?}", p.problems);
        assert_eq!(
            p.problems[0].path.as_deref(),
            Some("$.items[0].companyProfile.tenantId")
        );

        let items = format!(
            "{{\"items\": [{}]}}",
            vec!["{\"x\":1}"; 1_000_000].join(",")
        );
        let p = run_bytes(items.as_bytes(), None);
        assert_eq!(p.problems.len(), MAX_PROBLEMS);
        assert_eq!(p.problems[0].path.as_deref(), Some("$.items[0]"));
    }

    #[test]
    fn names_are_data_and_duplicates_are_passed_on() {
        for name in [
            "=cmd|' /C calc'!A0",
            "<script>alert(1)</script>",
            "@SUM(1+1)*cmd|' /C calc'!A0",
        ] {
            let p = run(&customer_json(CONTOSO_TENANT, name, "contoso.com"), None);
            no_problems(&p);
            assert_eq!(
                customers(&p)[0].name.as_deref(),
                Some(name),
                "kept verbatim"
            );
            let mut r = pc_res(json!(reservation_arm(ORDER, RESERVATION)), "Shared", None);
            r["displayName"] = json!(name);
            let p = run(
                &json!({"type": "reservedinstance", "reservations": [r]}),
                Some(CONTOSO_TENANT),
            );
            no_problems(&p);
            assert_eq!(reservations(&p)[0].display_name.as_deref(), Some(name));
        }
        let c = customer_json(CONTOSO_TENANT, "Contoso", "contoso.com");
        let p = run(&json!({"items": [c.clone(), c]}), None);
        no_problems(&p);
        assert_eq!(p.records.len(), 2);
        assert_eq!(p.records[0].0, p.records[1].0);
        let r = pc_res(json!(reservation_arm(ORDER, RESERVATION)), "Shared", None);
        let p = run(
            &json!({"type": "reservedinstance", "reservations": [r.clone(), r]}),
            Some(CONTOSO_TENANT),
        );
        no_problems(&p);
        assert_eq!(p.records.len(), 2);
        assert_eq!(p.records[0].0, p.records[1].0);
    }

    #[test]
    fn every_partner_center_shape_is_detected() {
        let shapes = [
            json!({"totalCount": 1, "items": [customer_json(CONTOSO_TENANT, "Contoso", "contoso.com")], "attributes": {"objectType": "Collection"}}),
            customer_json(CONTOSO_TENANT, "Contoso", "contoso.com"),
            json!({"totalCount": 1, "items": [entitlement_json(&[ORDER])], "attributes": {"objectType": "Collection"}}),
            json!({"type": "reservedinstance", "reservations": [pc_res(json!(reservation_arm(ORDER, RESERVATION)), "Shared", None)]}),
        ];
        for doc in shapes {
            let text = serde_json::to_string_pretty(&doc).unwrap();
            assert_eq!(
                Format::detect(text.as_bytes()),
                Some(Format::PartnerCenter),
                "{text}"
            );
        }
    }
}
