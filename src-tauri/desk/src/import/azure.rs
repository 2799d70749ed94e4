//! Azure Reservations REST JSON (`Microsoft.Capacity`, api-version 2022-11-01). One parser reads
//! every shape the API returns about reservations and orders:
//!
//! - a list page `{ "value": [...], "summary": {...}, "nextLink": ... }` of reservations
//!   (ListAll, List by order) or of orders (one file is one page);
//! - a bare JSON array of reservations (the Split and Merge responses);
//! - one reservation (`id` = `/providers/Microsoft.Capacity/reservationOrders/{o}/reservations/{r}`);
//! - one order (`id` = `/providers/Microsoft.Capacity/reservationOrders/{o}`), with or without
//!   `planInformation` (`$expand=schedule`);
//! - any of these wrapped as in the API's example files:
//!   `{ "parameters": ..., "responses": { "200": { "body": ... } } }`.
//!
//! A reservation becomes a [`ReservationRec`] (with the order-level fields it carries), plus an
//! [`AggregatesRec`] from `utilization.aggregates` and one [`LineageRec`] per split, merge, swap
//! or renewal link. An order becomes an [`OrderRec`]. IDs are compared without regard to case.
//! Items of another `type` are skipped with a warning; unknown reserved resource types too.

use super::ctx::{shorten, Ctx, Loc, Stop};
use super::fields::Fields;
use super::json::{self, found, get};
use super::values;
use crate::domain::ids::{ReservationId, ReservationOrderId, SubscriptionId};
use crate::domain::money::{Currency, Money};
use crate::domain::reservation::{ProvisioningState, ResourceType};
use crate::domain::scope::{Scope, ScopeType};
use crate::domain::term::BillingPlan;
use crate::records::{
    AggregatesRec, Entity, LineageKind, LineageRec, OrderRec, Record, ReservationRec,
};
use rust_decimal::Decimal;
use serde_json::Value;
use std::io::BufRead;

pub use super::fields::MAX_TEXT_CHARS;

const RESERVATION_TYPE: &str = "microsoft.capacity/reservationorders/reservations";
const ORDER_TYPE: &str = "microsoft.capacity/reservationorders";
const ID_EXPECTED: &str = "an ARM ID such as /providers/Microsoft.Capacity/reservationOrders/{order-guid}/reservations/{reservation-guid} (a reservation) or /providers/Microsoft.Capacity/reservationOrders/{order-guid} (an order)";
const RES_ID_EXPECTED: &str = "a reservation ID such as /providers/Microsoft.Capacity/reservationOrders/{order-guid}/reservations/{reservation-guid}";
const STATE_EXPECTED: &str =
    "a provisioning state such as Succeeded, Cancelled, Expired, Split, Merged or Failed";
const TERM_EXPECTED: &str = "P1Y, P3Y or P5Y";
const PLAN_EXPECTED: &str = "Upfront or Monthly";

/// Parses the file into `ctx`.
pub fn parse(input: &mut dyn BufRead, ctx: &mut Ctx<'_>) -> Result<(), Stop> {
    let Some(doc) = super::json::read(input, ctx)? else {
        return Ok(());
    };
    let (body, base) = match unwrap_example(&doc) {
        Ok(x) => x,
        Err(()) => {
            ctx.problem(
                &Loc::path("$.responses"),
                Some("responses"),
                None,
                "a \"200\" response with a \"body\" (an API example file)",
            );
            return Ok(());
        }
    };
    match body {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                one_item(ctx, item, format!("{base}[{i}]"))?;
            }
        }
        Value::Object(_) => {
            if let Some(err) = get(body, "error").filter(|e| e.is_object()) {
                let message = get(err, "message").and_then(json::string).unwrap_or("");
                ctx.problem(
                    &Loc::path(format!("{base}.error")),
                    Some("error"),
                    Some(message.to_string()),
                    "a reservation or order listing (this file is an error response from Azure)",
                );
                return Ok(());
            }
            match get(body, "value") {
                Some(Value::Array(items)) => {
                    if items.is_empty() {
                        ctx.warn("the list is empty: no reservations or orders".to_string());
                    }
                    for (i, item) in items.iter().enumerate() {
                        one_item(ctx, item, format!("{base}.value[{i}]"))?;
                    }
                }
                Some(other) => ctx.problem(
                    &Loc::path(format!("{base}.value")),
                    Some("value"),
                    found(Some(other)),
                    "an array of reservations or reservation orders",
                ),
                None if get(body, "id").is_some() || get(body, "properties").is_some() => {
                    one_item(ctx, body, base)?;
                }
                None => ctx.problem(
                    &Loc::path(base),
                    None,
                    None,
                    "an Azure reservation or reservation order, or a list of them ({\"value\": [...]})",
                ),
            }
        }
        other => ctx.problem(
            &Loc::path(base),
            None,
            found(Some(other)),
            "a JSON object or array from the Azure Reservations API",
        ),
    }
    Ok(())
}

/// The body of an API example file (`responses.200.body`), or the document itself.
fn unwrap_example(doc: &Value) -> Result<(&Value, String), ()> {
    let Some(responses) =
        get(doc, "responses").filter(|_| get(doc, "id").is_none() && get(doc, "value").is_none())
    else {
        return Ok((doc, "$".to_string()));
    };
    for code in ["200", "201"] {
        if let Some(body) = get(responses, code).and_then(|r| get(r, "body")) {
            return Ok((body, format!("$.responses.{code}.body")));
        }
    }
    Err(())
}

/// One list item: a reservation, an order, or something else (skipped).
fn one_item(ctx: &mut Ctx<'_>, v: &Value, base: String) -> Result<(), Stop> {
    ctx.row_done()?;
    if !v.is_object() {
        ctx.row_problem(
            &Loc::path(base),
            None,
            None,
            found(Some(v)),
            "an object: a reservation or a reservation order",
        );
        return Ok(());
    }
    let mut f = Fields::new(ctx, v, base);
    let by_type = match f.string("type") {
        None => None,
        Some(t) => match t.to_ascii_lowercase().as_str() {
            RESERVATION_TYPE => Some(true),
            ORDER_TYPE => Some(false),
            _ => {
                let reason = format!(
                    "not a reservation or reservation order (type {})",
                    shorten(t)
                );
                f.skip(Entity::Reservations, &reason);
                return Ok(());
            }
        },
    };
    let Some(raw_id) = f.string("id") else {
        if f.ok() {
            f.bad("id", ID_EXPECTED);
        }
        return Ok(());
    };
    let Some((order_id, res_id)) = values::arm_ids(raw_id) else {
        f.bad("id", ID_EXPECTED);
        return Ok(());
    };
    match (by_type, res_id) {
        (Some(true) | None, Some(res_id)) => reservation(f, order_id, res_id),
        (Some(false) | None, None) => order(f, order_id),
        (Some(true), None) => {
            f.bad(
                "id",
                format!("{RES_ID_EXPECTED} (the type says reservation)"),
            );
            Ok(())
        }
        (Some(false), Some(_)) => {
            f.bad(
                "id",
                "an order ID such as /providers/Microsoft.Capacity/reservationOrders/{order-guid} (the type says reservation order)",
            );
            Ok(())
        }
    }
}

/// A reservation with its aggregates and lineage.
fn reservation(
    mut f: Fields<'_, '_, '_>,
    order_id: ReservationOrderId,
    id: ReservationId,
) -> Result<(), Stop> {
    if f.object("properties").is_none() {
        if f.ok() {
            f.bad("properties", "an object with the reservation's properties");
        }
        return Ok(());
    }
    let mut r = ReservationRec::new(id.clone(), order_id);
    match f.string("properties.reservedResourceType") {
        None => {}
        Some(t) => match ResourceType::parse(t) {
            Ok(t) => r.resource_type = Some(t),
            Err(_) => {
                let reason = format!(
                    "reserved resource type {} is not one Reservation Desk manages",
                    shorten(t)
                );
                f.skip(Entity::Reservations, &reason);
                return Ok(());
            }
        },
    }
    if f.object("sku").is_some() {
        r.sku = f.text("sku.name");
    }
    r.region = f.text("location").map(|l| values::region(&l));
    r.display_name = f.text("properties.displayName");
    r.quantity = f.quantity("properties.quantity");
    r.scope = azure_scope(&mut f);
    r.billing_subscription_id = f.parsed(
        "properties.billingScopeId",
        "the billing subscription as /subscriptions/{subscription-id}",
        subscription_path,
    );
    r.instance_flexibility = f
        .parsed("properties.instanceFlexibility", "On or Off", |s| {
            match s.to_ascii_lowercase().as_str() {
                "on" => Some(Some(true)),
                "off" => Some(Some(false)),
                "notsupported" => Some(None),
                _ => None,
            }
        })
        .flatten();
    r.renew = f.boolean("properties.renew");
    r.provisioning_state = f.parsed(
        "properties.provisioningState",
        STATE_EXPECTED,
        provisioning_state,
    );
    if r.provisioning_state == Some(ProvisioningState::Cancelled) {
        // A split or merged reservation is Cancelled with the reason in extendedStatusInfo.
        let code = f
            .get("properties.extendedStatusInfo.statusCode")
            .and_then(json::string)
            .map(str::to_ascii_lowercase);
        match code.as_deref() {
            Some("split") => r.provisioning_state = Some(ProvisioningState::Split),
            Some("merged") => r.provisioning_state = Some(ProvisioningState::Merged),
            _ => {}
        }
    }
    let expiry = f.date("properties.expiryDate");
    let expiry_time = f.date("properties.expiryDateTime");
    r.expiry_date = expiry.or(expiry_time);
    r.term = f.parsed("properties.term", TERM_EXPECTED, values::term);
    r.billing_plan = f.parsed("properties.billingPlan", PLAN_EXPECTED, billing_plan);
    let purchase = f.date("properties.purchaseDate");
    let purchase_time = f.date("properties.purchaseDateTime");
    r.purchase_date = purchase.or(purchase_time);
    r.benefit_start = f.date("properties.benefitStartTime");
    let aggregates = utilization(&mut f, &id);
    let links = lineage(&mut f, &id);
    if !f.ok() {
        return Ok(());
    }
    let loc = f.loc();
    let ctx = f.into_ctx();
    ctx.emit(Record::Reservation(r), &loc)?;
    if let Some(a) = aggregates {
        ctx.emit(Record::UtilizationAggregates(a), &loc)?;
    }
    for l in links {
        ctx.emit(Record::Lineage(l), &loc)?;
    }
    Ok(())
}

/// `appliedScopeType` with `appliedScopeProperties` (or the older `appliedScopes`).
fn azure_scope(f: &mut Fields<'_, '_, '_>) -> Option<Scope> {
    const TYPE: &str = "properties.appliedScopeType";
    const PROPS: &str = "properties.appliedScopeProperties";
    let kind = f.string(TYPE)?;
    let has_props = f.object(PROPS).is_some();
    match kind.to_ascii_lowercase().as_str() {
        "shared" => Some(Scope::Shared),
        "single" => {
            if has_props {
                let rg = format!("{PROPS}.resourceGroupId");
                if let Some(path) = f.string(&rg) {
                    return f.scope_at(&rg, ScopeType::ResourceGroup, path);
                }
                let sub = format!("{PROPS}.subscriptionId");
                if let Some(raw) = f.string(&sub) {
                    let path = if raw.contains('/') {
                        raw.to_string()
                    } else {
                        format!("/subscriptions/{raw}")
                    };
                    return f.scope_at(&sub, ScopeType::Single, &path);
                }
            }
            f.applied_scopes(
                "properties.appliedScopes",
                &[ScopeType::Single, ScopeType::ResourceGroup],
            )
        }
        "managementgroup" => {
            if has_props {
                let mg = format!("{PROPS}.managementGroupId");
                if let Some(raw) = f.string(&mg) {
                    let path = if raw.contains('/') {
                        raw.to_string()
                    } else {
                        format!("/providers/Microsoft.Management/managementGroups/{raw}")
                    };
                    return f.scope_at(&mg, ScopeType::ManagementGroup, &path);
                }
            }
            f.applied_scopes("properties.appliedScopes", &[ScopeType::ManagementGroup])
        }
        _ => {
            f.bad(TYPE, "Single, Shared or ManagementGroup");
            None
        }
    }
}

/// The scope type an ARM path names: `/subscriptions/{s}`, `…/resourceGroups/{rg}` or a
/// management group.
pub(super) fn scope_type_of(path: &str) -> Option<ScopeType> {
    let lower = path.trim().trim_matches('/').to_ascii_lowercase();
    let parts: Vec<&str> = lower.split('/').collect();
    match parts.as_slice() {
        ["subscriptions", _] => Some(ScopeType::Single),
        ["subscriptions", _, "resourcegroups", _] => Some(ScopeType::ResourceGroup),
        ["providers", "microsoft.management", "managementgroups", _] => {
            Some(ScopeType::ManagementGroup)
        }
        _ => None,
    }
}

/// A subscription from `/subscriptions/{id}` or a bare GUID.
fn subscription_path(raw: &str) -> Option<SubscriptionId> {
    let t = raw.trim().trim_end_matches('/');
    let lower = t.to_ascii_lowercase();
    let id = match lower.strip_prefix("/subscriptions/") {
        Some(rest) => rest,
        None if !t.contains('/') => t,
        None => return None,
    };
    SubscriptionId::parse(id).ok()
}

/// `Upfront`/`Monthly`, and `P1M` (monthly) of older API versions.
fn billing_plan(raw: &str) -> Option<BillingPlan> {
    if raw.trim().eq_ignore_ascii_case("P1M") {
        return Some(BillingPlan::Monthly);
    }
    BillingPlan::parse(raw).ok()
}

/// A provisioning state; the transient purchase states count as Succeeded.
pub(super) fn provisioning_state(raw: &str) -> Option<ProvisioningState> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "creating"
        | "pendingresourcehold"
        | "confirmedresourcehold"
        | "pendingbilling"
        | "confirmedbilling"
        | "created" => Some(ProvisioningState::Succeeded),
        _ => ProvisioningState::parse(raw).ok(),
    }
}

/// `utilization.aggregates`: the 1, 7 and 30-day percentages.
fn utilization(f: &mut Fields<'_, '_, '_>, id: &ReservationId) -> Option<AggregatesRec> {
    const AGG: &str = "properties.utilization.aggregates";
    f.object("properties.utilization")?;
    let items = f.array(AGG)?;
    let mut rec = AggregatesRec {
        reservation_id: id.clone(),
        as_of: None,
        d1: None,
        d7: None,
        d30: None,
    };
    for k in 0..items.len() {
        let at = format!("{AGG}[{k}]");
        if f.object(&at).is_none() {
            if f.get(&at).is_some() {
                f.bad(&at, "an object {grain, grainUnit, value, valueUnit}");
            }
            continue;
        }
        let unit_is = |f: &Fields<'_, '_, '_>, key: &str, want: &str| {
            f.get(&format!("{at}.{key}"))
                .and_then(json::string)
                .is_none_or(|u| u.trim().eq_ignore_ascii_case(want))
        };
        if !unit_is(f, "grainUnit", "days") || !unit_is(f, "valueUnit", "percentage") {
            continue;
        }
        let grain = f.decimal(&format!("{at}.grain"), "1, 7 or 30 (days)");
        let value = f.decimal(&format!("{at}.value"), "a percentage between 0 and 100");
        let Some(value) = value else { continue };
        if value > Decimal::ONE_HUNDRED {
            f.bad(&format!("{at}.value"), "a percentage between 0 and 100");
            continue;
        }
        match grain.map(|g| g.normalize().to_string()).as_deref() {
            Some("1") => rec.d1 = Some(value),
            Some("7") => rec.d7 = Some(value),
            Some("30") => rec.d30 = Some(value),
            _ => {}
        }
    }
    (rec.d1.is_some() || rec.d7.is_some() || rec.d30.is_some()).then_some(rec)
}

/// Split, merge, swap and renewal links from the reservation to others.
fn lineage(f: &mut Fields<'_, '_, '_>, id: &ReservationId) -> Vec<LineageRec> {
    const LINKS: [(&str, &str, LineageKind); 8] = [
        (
            "properties.splitProperties",
            "splitDestinations",
            LineageKind::SplitInto,
        ),
        (
            "properties.splitProperties",
            "splitSource",
            LineageKind::SplitFrom,
        ),
        (
            "properties.mergeProperties",
            "mergeDestination",
            LineageKind::MergedInto,
        ),
        (
            "properties.mergeProperties",
            "mergeSources",
            LineageKind::MergedFrom,
        ),
        (
            "properties.swapProperties",
            "swapSource",
            LineageKind::SwappedFrom,
        ),
        (
            "properties.swapProperties",
            "swapDestination",
            LineageKind::SwappedTo,
        ),
        ("properties", "renewSource", LineageKind::RenewedFrom),
        ("properties", "renewDestination", LineageKind::RenewedTo),
    ];
    let mut out = Vec::new();
    for (parent, key, kind) in LINKS {
        if f.object(parent).is_none() {
            continue;
        }
        let rel = format!("{parent}.{key}");
        let targets: Vec<String> = match f.get(&rel) {
            None => continue,
            Some(Value::Array(a)) => (0..a.len()).map(|k| format!("{rel}[{k}]")).collect(),
            Some(_) => vec![rel],
        };
        for at in targets {
            let Some(raw) = f.string(&at) else { continue };
            let related = match values::arm_ids(raw) {
                Some((_, Some(r))) => Some(r),
                Some((_, None)) => None,
                None if !raw.contains('/') => ReservationId::parse(raw).ok(),
                None => None,
            };
            match related {
                Some(related) if &related == id => {}
                Some(related_id) => out.push(LineageRec {
                    reservation_id: id.clone(),
                    related_id,
                    kind,
                }),
                None => f.bad(&at, RES_ID_EXPECTED),
            }
        }
    }
    out
}

/// A reservation order, with its price when `planInformation` gives it.
fn order(mut f: Fields<'_, '_, '_>, id: ReservationOrderId) -> Result<(), Stop> {
    if f.object("properties").is_none() {
        if f.ok() {
            f.bad("properties", "an object with the order's properties");
        }
        return Ok(());
    }
    let mut o = OrderRec::new(id.clone());
    o.display_name = f.text("properties.displayName");
    o.term = f.parsed("properties.term", TERM_EXPECTED, values::term);
    o.billing_plan = f.parsed("properties.billingPlan", PLAN_EXPECTED, billing_plan);
    let requested = f.date("properties.requestDateTime");
    let created = f.date("properties.createdDateTime");
    o.purchase_date = requested.or(created);
    o.benefit_start = f.date("properties.benefitStartTime");
    let expiry = f.date("properties.expiryDate");
    let expiry_time = f.date("properties.expiryDateTime");
    o.expiry_date = expiry.or(expiry_time);
    o.original_quantity = f.quantity("properties.originalQuantity");
    if let Some(list) = f.array("properties.reservations") {
        for k in 0..list.len() {
            let at = format!("properties.reservations[{k}].id");
            let Some(raw) = f.string(&at) else {
                if f.ok() {
                    f.bad(&at, RES_ID_EXPECTED);
                }
                continue;
            };
            match values::arm_ids(raw) {
                Some((o_id, Some(r))) if o_id == id => o.reservation_ids.push(r),
                Some((_, Some(_))) => f.bad(&at, format!("a reservation of this order ({id})")),
                _ => f.bad(&at, RES_ID_EXPECTED),
            }
        }
    }
    plan_prices(&mut f, &mut o);
    if !f.ok() {
        return Ok(());
    }
    let loc = f.loc();
    f.into_ctx().emit(Record::Order(o), &loc)
}

/// `planInformation`: the USD total, and the billing-currency total as the sum of the payments
/// (paid and scheduled; failed or cancelled payments are retried or void, so they do not count).
fn plan_prices(f: &mut Fields<'_, '_, '_>, o: &mut OrderRec) {
    const PLAN: &str = "properties.planInformation";
    if f.object(PLAN).is_none() {
        return;
    }
    if let Some(total) = f.money(&format!("{PLAN}.pricingCurrencyTotal")) {
        if total.currency == Currency::USD {
            o.total_price_usd = Some(total);
        }
    }
    let Some(txs) = f.array(&format!("{PLAN}.transactions")) else {
        return;
    };
    let mut sum: Option<Money> = None;
    let mut mixed = false;
    let mut inexact = false;
    for k in 0..txs.len() {
        let at = format!("{PLAN}.transactions[{k}]");
        if f.object(&at).is_none() {
            if f.get(&at).is_some() {
                f.bad(&at, "an object per payment");
            }
            continue;
        }
        let status = f
            .string(&format!("{at}.status"))
            .map(str::to_ascii_lowercase);
        if matches!(status.as_deref(), Some("failed" | "cancelled" | "canceled")) {
            continue;
        }
        let Some(m) = f.money(&format!("{at}.billingCurrencyTotal")) else {
            continue;
        };
        sum = match sum {
            None => Some(m),
            Some(s) if s.currency == m.currency => match exact_sum(s.amount, m.amount) {
                Some(total) => Some(Money::new(total, s.currency)),
                None => {
                    inexact = true;
                    Some(s)
                }
            },
            Some(s) => {
                mixed = true;
                Some(s)
            }
        };
    }
    if mixed {
        let msg = format!(
            "order {}: its payments are in several currencies, so its billing-currency price is left unknown",
            o.id
        );
        f.ctx_mut().warn(msg);
    } else if inexact {
        let msg = format!(
            "order {}: its payments add up to more digits than a price can hold exactly (28), so its billing-currency price is left unknown rather than rounded",
            o.id
        );
        f.ctx_mut().warn(msg);
    } else {
        o.total_price = sum;
    }
}

/// `a + b` when a `Decimal` holds it exactly: `None` when it overflows or would be rounded
/// (the sum of `1234.56789012345678901` and `98765432109876.543210987` has 34 digits).
fn exact_sum(a: Decimal, b: Decimal) -> Option<Decimal> {
    // Adding aligns to the larger scale; rust_decimal lowers the scale only when it rounds.
    a.checked_add(b)
        .filter(|s| s.scale() == a.scale().max(b.scale()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::ctx::{parse_bytes, Parsed};
    use crate::import::{Format, MAX_PROBLEMS};
    use crate::test_ids::{
        reservation_arm, BILLING_SUBSCRIPTION, ORDER, ORDER_2, RESERVATION, RESERVATION_2,
        RESERVATION_3, SCOPE_SUBSCRIPTION,
    };
    use chrono::NaiveDate;
    use serde_json::json;
    use std::time::{Duration, Instant};

    /// A reservation as ListAll returns it (our own values).
    fn res_json(order: &str, id: &str) -> Value {
        json!({
            "id": format!("/providers/microsoft.capacity/reservationOrders/{order}/reservations/{id}"),
            "type": "Microsoft.Capacity/reservationOrders/reservations",
            "name": format!("{order}/{id}"),
            "etag": 3,
            "location": "West Europe",
            "sku": { "name": "Standard_D2s_v5" },
            "properties": {
                "reservedResourceType": "VirtualMachines",
                "instanceFlexibility": "On",
                "displayName": "VM_RI_contoso_prod",
                "appliedScopeType": "Single",
                "appliedScopes": [format!("/subscriptions/{SCOPE_SUBSCRIPTION}")],
                "appliedScopeProperties": {
                    "subscriptionId": format!("/subscriptions/{SCOPE_SUBSCRIPTION}"),
                    "displayName": "Contoso Prod"
                },
                "quantity": 4,
                "provisioningState": "Succeeded",
                "displayProvisioningState": "Succeeded",
                "expiryDate": "2027-03-14",
                "expiryDateTime": "2027-03-14T09:12:44.1234567Z",
                "purchaseDate": "2024-03-14",
                "purchaseDateTime": "2024-03-14T09:10:02.5Z",
                "benefitStartTime": "2024-03-14T09:12:44.1234567Z",
                "effectiveDateTime": "2024-06-01T00:00:00Z",
                "billingScopeId": format!("/subscriptions/{BILLING_SUBSCRIPTION}"),
                "billingPlan": "Monthly",
                "term": "P3Y",
                "renew": true,
                "userFriendlyAppliedScopeType": "Single",
                "userFriendlyRenewState": "On",
                "skuDescription": "Reserved VM Instance, Standard_D2s_v5, West Europe, 3 Years"
            }
        })
    }

    fn order_json(order: &str, reservations: &[&str]) -> Value {
        json!({
            "id": format!("/providers/microsoft.capacity/reservationOrders/{order}"),
            "type": "Microsoft.Capacity/reservationOrders",
            "name": order,
            "etag": 9,
            "properties": {
                "displayName": "VM_RI_contoso_prod",
                "requestDateTime": "2024-03-14T09:10:02.5Z",
                "createdDateTime": "2024-03-15T00:01:00Z",
                "benefitStartTime": "2024-03-14T09:12:44Z",
                "expiryDate": "2027-03-14",
                "expiryDateTime": "2027-03-14T09:12:44Z",
                "term": "P3Y",
                "billingPlan": "Upfront",
                "provisioningState": "Succeeded",
                "originalQuantity": 6,
                "reservations": reservations.iter().map(|r| json!({ "id": reservation_arm(order, r) })).collect::<Vec<_>>()
            }
        })
    }

    fn run(doc: &Value) -> Parsed {
        parse_bytes(
            Format::Azure,
            "azure.json",
            doc.to_string().as_bytes(),
            None,
        )
    }

    fn run_bytes(bytes: &[u8]) -> Parsed {
        parse_bytes(Format::Azure, "azure.json", bytes, None)
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

    fn orders(p: &Parsed) -> Vec<OrderRec> {
        p.records
            .iter()
            .filter_map(|(r, _)| match r {
                Record::Order(o) => Some(o.clone()),
                _ => None,
            })
            .collect()
    }

    fn lineage_of(p: &Parsed) -> Vec<(String, String, LineageKind)> {
        p.records
            .iter()
            .filter_map(|(r, _)| match r {
                Record::Lineage(l) => Some((
                    l.reservation_id.to_string(),
                    l.related_id.to_string(),
                    l.kind,
                )),
                _ => None,
            })
            .collect()
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn set(doc: &mut Value, pointer: &str, v: Value) {
        *doc.pointer_mut(pointer)
            .unwrap_or_else(|| panic!("no {pointer}")) = v;
    }

    fn no_problems(p: &Parsed) {
        assert!(
            p.problems.is_empty(),
            "unexpected problems: {:#?}",
            p.problems
        );
    }

    #[test]
    fn a_single_reservation_maps_every_field() {
        let p = run(&res_json(ORDER, RESERVATION));
        no_problems(&p);
        assert_eq!(p.records.len(), 1, "no aggregates or lineage in this one");
        let r = &reservations(&p)[0];
        assert_eq!(r.id.as_str(), RESERVATION);
        assert_eq!(r.order_id.as_str(), ORDER);
        assert_eq!(
            r.tenant_id, None,
            "the store takes the customer from the order or --customer"
        );
        assert_eq!(r.display_name.as_deref(), Some("VM_RI_contoso_prod"));
        assert_eq!(r.resource_type, Some(ResourceType::VirtualMachines));
        assert_eq!(r.sku.as_deref(), Some("Standard_D2s_v5"));
        assert_eq!(r.region.as_deref(), Some("westeurope"));
        assert_eq!(r.quantity, Some(4));
        assert_eq!(
            r.scope,
            Some(Scope::Single {
                subscription: SubscriptionId::parse(SCOPE_SUBSCRIPTION).unwrap()
            })
        );
        assert_eq!(
            r.billing_subscription_id
                .as_ref()
                .map(SubscriptionId::as_str),
            Some(BILLING_SUBSCRIPTION)
        );
        assert_eq!(r.instance_flexibility, Some(true));
        assert_eq!(r.renew, Some(true));
        assert_eq!(r.provisioning_state, Some(ProvisioningState::Succeeded));
        assert_eq!(r.expiry_date, Some(d("2027-03-14")));
        assert_eq!(r.term, Some(crate::domain::term::Term::P3Y));
        assert_eq!(r.billing_plan, Some(BillingPlan::Monthly));
        assert_eq!(r.purchase_date, Some(d("2024-03-14")));
        assert_eq!(r.benefit_start, Some(d("2024-03-14")));
        assert_eq!(p.records[0].1.path.as_deref(), Some("$"));
    }

    #[test]
    fn a_list_page_gives_reservations_aggregates_and_lineage() {
        let mut shared = res_json(ORDER, RESERVATION);
        set(&mut shared, "/properties/appliedScopeType", json!("Shared"));
        let props = shared["properties"].as_object_mut().unwrap();
        props.remove("appliedScopes");
        props.remove("appliedScopeProperties");
        props.remove("expiryDate");
        props.remove("purchaseDate");
        props.insert("provisioningState".into(), json!("PendingBilling"));
        props.insert("instanceFlexibility".into(), json!("Off"));
        props.insert(
            "utilization".into(),
            json!({"trend": "UP", "aggregates": [
                {"grain": 1.0, "grainUnit": "days", "value": 97.5, "valueUnit": "percentage"},
                {"grain": 7, "grainUnit": "days", "value": 88.25, "valueUnit": "percentage"},
                {"grain": 30.0, "grainUnit": "days", "value": 0, "valueUnit": "percentage"}
            ]}),
        );
        props.insert(
            "mergeProperties".into(),
            json!({"mergeSources": [reservation_arm(ORDER, RESERVATION_2), reservation_arm(ORDER, RESERVATION_3).to_uppercase()]}),
        );
        props.insert(
            "renewSource".into(),
            json!(reservation_arm(
                "63037ae3-385a-4716-ad77-02f42ce93c06",
                "5c6383f5-3f2c-4159-ae74-172c1c1a49bc"
            )),
        );
        let mut split_child = res_json(ORDER, RESERVATION_2);
        set(&mut split_child, "/properties/quantity", json!(1));
        set(
            &mut split_child,
            "/properties/provisioningState",
            json!("Cancelled"),
        );
        let props = split_child["properties"].as_object_mut().unwrap();
        props.insert(
            "extendedStatusInfo".into(),
            json!({"statusCode": "Merged", "message": "merged"}),
        );
        props.insert(
            "splitProperties".into(),
            json!({"splitSource": reservation_arm(ORDER, "bcae77cd-3119-4766-919f-b50d36c75c7a")}),
        );
        props.insert(
            "mergeProperties".into(),
            json!({"mergeDestination": reservation_arm(ORDER, RESERVATION)}),
        );
        props.insert(
            "swapProperties".into(),
            json!({"swapDestination": RESERVATION_3}),
        );
        let savings_plan = json!({"id": "/providers/Microsoft.BillingBenefits/savingsPlanOrders/x/savingsPlans/y", "type": "Microsoft.BillingBenefits/savingsPlanOrders/savingsPlans"});
        let doc = json!({
            "value": [shared, split_child, savings_plan],
            "summary": {"succeededCount": 1, "cancelledCount": 1},
            "nextLink": "https://management.azure.com/providers/Microsoft.Capacity/reservations?api-version=2022-11-01&$skiptoken=abc"
        });
        let p = run(&doc);
        no_problems(&p);
        let rs = reservations(&p);
        assert_eq!(rs.len(), 2);
        assert_eq!(rs[0].scope, Some(Scope::Shared));
        assert_eq!(
            rs[0].expiry_date,
            Some(d("2027-03-14")),
            "expiryDateTime when expiryDate is absent"
        );
        assert_eq!(
            rs[0].purchase_date,
            Some(d("2024-03-14")),
            "purchaseDateTime when purchaseDate is absent"
        );
        assert_eq!(
            rs[0].provisioning_state,
            Some(ProvisioningState::Succeeded),
            "PendingBilling is a purchase in progress"
        );
        assert_eq!(rs[0].instance_flexibility, Some(false));
        assert_eq!(
            rs[1].provisioning_state,
            Some(ProvisioningState::Merged),
            "Cancelled with statusCode Merged"
        );
        assert_eq!(rs[1].quantity, Some(1));
        let aggs: Vec<&AggregatesRec> = p
            .records
            .iter()
            .filter_map(|(r, _)| match r {
                Record::UtilizationAggregates(a) => Some(a),
                _ => None,
            })
            .collect();
        assert_eq!(aggs.len(), 1);
        assert_eq!(aggs[0].reservation_id.as_str(), RESERVATION);
        assert_eq!(aggs[0].d1, Some(Decimal::new(975, 1)));
        assert_eq!(aggs[0].d7, Some(Decimal::new(8825, 2)));
        assert_eq!(aggs[0].d30, Some(Decimal::ZERO));
        assert_eq!(aggs[0].as_of, None);
        assert_eq!(
            lineage_of(&p),
            vec![
                (
                    RESERVATION.into(),
                    RESERVATION_2.into(),
                    LineageKind::MergedFrom
                ),
                (
                    RESERVATION.into(),
                    RESERVATION_3.into(),
                    LineageKind::MergedFrom
                ),
                (
                    RESERVATION.into(),
                    "5c6383f5-3f2c-4159-ae74-172c1c1a49bc".into(),
                    LineageKind::RenewedFrom
                ),
                (
                    RESERVATION_2.into(),
                    "bcae77cd-3119-4766-919f-b50d36c75c7a".into(),
                    LineageKind::SplitFrom
                ),
                (
                    RESERVATION_2.into(),
                    RESERVATION.into(),
                    LineageKind::MergedInto
                ),
                (
                    RESERVATION_2.into(),
                    RESERVATION_3.into(),
                    LineageKind::SwappedTo
                ),
            ]
        );
        assert_eq!(p.records[0].1.path.as_deref(), Some("$.value[0]"));
        assert_eq!(
            p.skipped.len(),
            1,
            "the savings plan is not a reservation: {:?}",
            p.skipped
        );
        assert!(
            p.skipped[0].contains("$.value[2]") && p.skipped[0].contains("savingsPlans"),
            "{}",
            p.skipped[0]
        );
    }

    #[test]
    fn example_files_and_bare_arrays_are_read() {
        let mut parent = res_json(ORDER, "bcae77cd-3119-4766-919f-b50d36c75c7a");
        set(
            &mut parent,
            "/properties/provisioningState",
            json!("Cancelled"),
        );
        let props = parent["properties"].as_object_mut().unwrap();
        props.insert(
            "extendedStatusInfo".into(),
            json!({"statusCode": "Split", "message": "split"}),
        );
        props.insert(
            "splitProperties".into(),
            json!({"splitDestinations": [reservation_arm(ORDER, RESERVATION_2), reservation_arm(ORDER, RESERVATION_3)]}),
        );
        let doc = json!({
            "parameters": {"api-version": "2022-11-01", "reservationOrderId": ORDER, "body": {"properties": {"quantities": [1, 3]}}},
            "responses": {"200": {"body": [res_json(ORDER, RESERVATION_2), res_json(ORDER, RESERVATION_3), parent]}, "202": {}}
        });
        let p = run(&doc);
        no_problems(&p);
        let rs = reservations(&p);
        assert_eq!(rs.len(), 3);
        assert_eq!(rs[2].provisioning_state, Some(ProvisioningState::Split));
        assert_eq!(
            p.records.last().unwrap().1.path.as_deref(),
            Some("$.responses.200.body[2]")
        );
        let links = lineage_of(&p);
        assert_eq!(links.len(), 2);
        assert!(links.iter().all(|l| l.2 == LineageKind::SplitInto));

        let single =
            json!({"parameters": {}, "responses": {"200": {"body": res_json(ORDER, RESERVATION)}}});
        assert_eq!(reservations(&run(&single)).len(), 1);
        let broken = json!({"parameters": {}, "responses": {"404": {}}});
        let p = run(&broken);
        assert_eq!(p.problems.len(), 1);
        assert_eq!(p.problems[0].path.as_deref(), Some("$.responses"));
    }

    #[test]
    fn scopes_in_every_spelling() {
        let scope_of = |props: Value| {
            let mut doc = res_json(ORDER, RESERVATION);
            let p = doc["properties"].as_object_mut().unwrap();
            p.remove("appliedScopes");
            p.remove("appliedScopeProperties");
            for (k, v) in props.as_object().unwrap() {
                p.insert(k.clone(), v.clone());
            }
            let parsed = run(&doc);
            (
                reservations(&parsed).first().and_then(|r| r.scope.clone()),
                parsed.problems,
            )
        };
        let rg = Scope::ResourceGroup {
            subscription: SubscriptionId::parse(SCOPE_SUBSCRIPTION).unwrap(),
            resource_group: "rg-prod(eu)".into(),
        };
        let (s, e) = scope_of(
            json!({"appliedScopeType": "Single", "appliedScopes": [format!("/subscriptions/{SCOPE_SUBSCRIPTION}/resourceGroups/rg-prod(eu)")]}),
        );
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(
            s,
            Some(rg.clone()),
            "a resource-group path in appliedScopes"
        );
        let (s, _) = scope_of(
            json!({"appliedScopeType": "Single", "appliedScopeProperties": {"resourceGroupId": format!("/subscriptions/{SCOPE_SUBSCRIPTION}/resourceGroups/rg-prod(eu)")}}),
        );
        assert_eq!(s, Some(rg));
        let (s, _) = scope_of(
            json!({"appliedScopeType": "single", "appliedScopeProperties": {"subscriptionId": SCOPE_SUBSCRIPTION.to_uppercase()}}),
        );
        assert_eq!(
            s,
            Some(Scope::Single {
                subscription: SubscriptionId::parse(SCOPE_SUBSCRIPTION).unwrap()
            }),
            "a bare GUID, any case"
        );
        let mg = Some(Scope::ManagementGroup {
            group_id: "mg-retail".into(),
        });
        let (s, _) = scope_of(
            json!({"appliedScopeType": "ManagementGroup", "appliedScopeProperties": {"tenantId": "11111111-1111-4111-8111-111111111111", "managementGroupId": "/providers/Microsoft.Management/managementGroups/mg-retail"}}),
        );
        assert_eq!(s, mg);
        let (s, _) = scope_of(
            json!({"appliedScopeType": "ManagementGroup", "appliedScopeProperties": {"managementGroupId": "mg-retail"}}),
        );
        assert_eq!(s, mg);
        let (s, e) = scope_of(
            json!({"appliedScopeType": "Single", "appliedScopes": [format!("/subscriptions/{SCOPE_SUBSCRIPTION}"), format!("/subscriptions/{BILLING_SUBSCRIPTION}")]}),
        );
        assert_eq!(s, None);
        assert_eq!(e[0].path.as_deref(), Some("$.properties.appliedScopes"));
        assert!(
            e[0].expected.contains("one subscription"),
            "{}",
            e[0].expected
        );
        let (_, e) = scope_of(
            json!({"appliedScopeType": "Single", "appliedScopes": ["/subscriptions/not-a-guid"]}),
        );
        assert_eq!(e[0].path.as_deref(), Some("$.properties.appliedScopes[0]"));
        assert_eq!(e[0].field.as_deref(), Some("appliedScopes"));
        let (_, e) = scope_of(json!({"appliedScopeType": "Everywhere"}));
        assert_eq!(e[0].field.as_deref(), Some("appliedScopeType"));
        assert_eq!(e[0].expected, "Single, Shared or ManagementGroup");
    }

    #[test]
    fn an_order_without_plan_information_has_no_price() {
        let p = run(&order_json(ORDER, &[RESERVATION, RESERVATION_2]));
        no_problems(&p);
        let o = &orders(&p)[0];
        assert_eq!(o.id.as_str(), ORDER);
        assert_eq!(o.tenant_id, None);
        assert_eq!(o.display_name.as_deref(), Some("VM_RI_contoso_prod"));
        assert_eq!(o.term, Some(crate::domain::term::Term::P3Y));
        assert_eq!(o.billing_plan, Some(BillingPlan::Upfront));
        assert_eq!(o.purchase_date, Some(d("2024-03-14")), "requestDateTime");
        assert_eq!(o.benefit_start, Some(d("2024-03-14")));
        assert_eq!(o.expiry_date, Some(d("2027-03-14")));
        assert_eq!(o.original_quantity, Some(6));
        assert_eq!(
            o.reservation_ids
                .iter()
                .map(ReservationId::as_str)
                .collect::<Vec<_>>(),
            vec![RESERVATION, RESERVATION_2]
        );
        assert_eq!((o.total_price, o.total_price_usd), (None, None));
    }

    #[test]
    fn an_order_with_plan_information_is_priced() {
        // Amounts are written as JSON number literals, as Azure sends them (no float in the test).
        let eur = |amount: &str, status: &str, due: &str| {
            let amount: Value = serde_json::from_str(amount).unwrap();
            json!({"dueDate": due, "paymentDate": due, "status": status,
                   "pricingCurrencyTotal": {"currencyCode": "USD", "amount": 100.0},
                   "billingCurrencyTotal": {"currencyCode": "EUR", "amount": amount},
                   "billingAccount": "1234"})
        };
        let mut doc = order_json(ORDER, &[RESERVATION]);
        set(&mut doc, "/properties/billingPlan", json!("Monthly"));
        doc["properties"].as_object_mut().unwrap().insert(
            "planInformation".into(),
            json!({
                "pricingCurrencyTotal": {"currencyCode": "USD", "amount": 3600.0},
                "startDate": "2024-03-14",
                "nextPaymentDueDate": "2024-05-14",
                "transactions": [
                    eur("92.31", "Succeeded", "2024-03-14"),
                    eur("92.31", "Failed", "2024-04-14"),
                    eur("92.31", "Succeeded", "2024-04-15"),
                    eur("92.31", "Scheduled", "2024-05-14"),
                    eur("92.32", "Scheduled", "2024-06-14"),
                    eur("92.31", "Cancelled", "2024-07-14")
                ]
            }),
        );
        let p = run(&json!({"value": [doc.clone()]}));
        no_problems(&p);
        let o = &orders(&p)[0];
        assert_eq!(o.billing_plan, Some(BillingPlan::Monthly));
        assert_eq!(
            o.total_price_usd,
            Some(Money::new(Decimal::from(3600), Currency::USD))
        );
        assert_eq!(
            o.total_price,
            Some(Money::new(
                Decimal::new(36925, 2),
                Currency::parse("EUR").unwrap()
            )),
            "paid and scheduled payments; the failed one was retried, the cancelled one is void"
        );

        let mut mixed = doc.clone();
        set(
            &mut mixed,
            "/properties/planInformation/transactions/0/billingCurrencyTotal/currencyCode",
            json!("GBP"),
        );
        let p = run(&mixed);
        no_problems(&p);
        assert_eq!(orders(&p)[0].total_price, None);
        assert_eq!(
            orders(&p)[0].total_price_usd.map(|m| m.amount),
            Some(Decimal::from(3600))
        );
        assert!(
            p.warnings.iter().any(|w| w.contains("several currencies")),
            "{:?}",
            p.warnings
        );

        let mut bad = doc;
        set(
            &mut bad,
            "/properties/planInformation/transactions/2/billingCurrencyTotal",
            json!({"currencyCode": "EURO", "amount": -5}),
        );
        let p = run(&bad);
        assert!(orders(&p).is_empty());
        let paths: Vec<_> = p.problems.iter().map(|e| e.path.clone().unwrap()).collect();
        assert_eq!(
            paths,
            vec![
                "$.properties.planInformation.transactions[2].billingCurrencyTotal.amount",
                "$.properties.planInformation.transactions[2].billingCurrencyTotal.currencyCode"
            ]
        );
    }

    /// An order whose plan is priced at `usd` with one payment per amount of `eur`, each written
    /// into the file as the JSON number literal given (never through a float).
    fn order_with_amounts(usd: &str, eur: &[&str]) -> String {
        let mut doc = order_json(ORDER, &[RESERVATION]);
        let txs: Vec<Value> = (0..eur.len())
            .map(|k| {
                json!({"dueDate": "2024-03-14", "status": "Succeeded",
                       "billingCurrencyTotal": {"currencyCode": "EUR", "amount": format!("@EUR{k}@")}})
            })
            .collect();
        doc["properties"].as_object_mut().unwrap().insert(
            "planInformation".into(),
            json!({"pricingCurrencyTotal": {"currencyCode": "USD", "amount": "@USD@"},
                   "transactions": txs}),
        );
        let mut text = serde_json::to_string_pretty(&json!({ "value": [doc] })).unwrap();
        text = text.replace("\"@USD@\"", usd);
        for (k, amount) in eur.iter().enumerate() {
            text = text.replace(&format!("\"@EUR{k}@\""), amount);
        }
        text
    }

    #[test]
    fn payments_of_twenty_and_more_digits_are_kept_digit_for_digit() {
        let text = order_with_amounts("98765432109876.543210987", &["1234.56789012345678901"]);
        assert!(
            text.contains("\"amount\": 1234.56789012345678901,"),
            "a number literal: {text}"
        );
        let p = run_bytes(text.as_bytes());
        no_problems(&p);
        let o = &orders(&p)[0];
        let price = o.total_price.unwrap();
        assert_eq!(price.amount.to_string(), "1234.56789012345678901");
        assert_eq!(price.currency.to_string(), "EUR");
        assert_eq!(
            o.total_price_usd.unwrap().amount.to_string(),
            "98765432109876.543210987"
        );

        // Payments add up exactly; exponents and trailing zeros are read as written.
        let p = run_bytes(
            order_with_amounts(
                "1.23456789012345678901234567E+5",
                &["1234.56789012345678901", "0.00000000000000000001", "1.10E1"],
            )
            .as_bytes(),
        );
        no_problems(&p);
        let o = &orders(&p)[0];
        assert_eq!(
            o.total_price.unwrap().amount.to_string(),
            "1245.56789012345678901001"
        );
        assert_eq!(
            o.total_price_usd.unwrap().amount.to_string(),
            "123456.789012345678901234567"
        );
    }

    #[test]
    fn amounts_a_price_cannot_hold_exactly_are_not_rounded() {
        // 29 decimal places: a Decimal would round it, so it is a problem at its path.
        let p =
            run_bytes(order_with_amounts("100", &["0.00000000000000000000000000001"]).as_bytes());
        assert!(orders(&p).is_empty());
        assert_eq!(p.problems.len(), 1, "{:#?}", p.problems);
        let e = &p.problems[0];
        assert_eq!(
            e.path.as_deref(),
            Some(
                "$.value[0].properties.planInformation.transactions[0].billingCurrencyTotal.amount"
            )
        );
        assert_eq!(e.found.as_deref(), Some("0.00000000000000000000000000001"));
        assert!(e.expected.contains("cannot be kept exactly"), "{e:?}");

        // Each payment fits, their sum (34 digits) does not: the price is left unknown.
        let p = run_bytes(
            order_with_amounts(
                "100",
                &["98765432109876.543210987", "1234.56789012345678901"],
            )
            .as_bytes(),
        );
        no_problems(&p);
        let o = &orders(&p)[0];
        assert_eq!(o.total_price, None);
        assert_eq!(o.total_price_usd.unwrap().amount, Decimal::ONE_HUNDRED);
        assert!(
            p.warnings.iter().any(|w| w.contains("rather than rounded")),
            "{:?}",
            p.warnings
        );

        // Sums that overflow are left unknown too, not a panic.
        let max = Decimal::MAX.to_string();
        let p = run_bytes(order_with_amounts("1", &[&max, &max]).as_bytes());
        no_problems(&p);
        assert_eq!(orders(&p)[0].total_price, None);
    }

    #[test]
    fn a_number_is_not_a_string_field() {
        let mut text = order_with_amounts("1", &["2"]);
        text = text.replace("\"VM_RI_contoso_prod\"", "12.5");
        let p = run_bytes(text.as_bytes());
        assert!(orders(&p).is_empty());
        let e = &p.problems[0];
        assert_eq!(e.path.as_deref(), Some("$.value[0].properties.displayName"));
        assert_eq!(e.found.as_deref(), Some("12.5"), "as written, no mark");
    }

    #[test]
    fn an_order_list_gives_one_record_per_order() {
        let other = ORDER_2;
        let mut second = order_json(other, &["cae5924e-7a15-419f-a369-124f52d4a106"]);
        let props = second["properties"].as_object_mut().unwrap();
        props.remove("expiryDate");
        props.remove("requestDateTime");
        props.insert("term".into(), json!("P1Y"));
        let doc = json!({"value": [order_json(ORDER, &[RESERVATION]), second], "nextLink": null});
        let p = run(&doc);
        no_problems(&p);
        let os = orders(&p);
        assert_eq!(os.len(), 2);
        assert_eq!(os[1].id.as_str(), other);
        assert_eq!(
            os[1].purchase_date,
            Some(d("2024-03-15")),
            "createdDateTime when requestDateTime is absent"
        );
        assert_eq!(os[1].expiry_date, Some(d("2027-03-14")), "expiryDateTime");
        assert_eq!(os[1].term, Some(crate::domain::term::Term::P1Y));

        let mut foreign = order_json(ORDER, &[RESERVATION]);
        set(
            &mut foreign,
            "/properties/reservations/0/id",
            json!(reservation_arm(other, RESERVATION)),
        );
        let p = run(&foreign);
        assert_eq!(
            p.problems[0].path.as_deref(),
            Some("$.properties.reservations[0].id")
        );
        assert!(p.problems[0]
            .expected
            .contains("a reservation of this order"));
    }

    #[test]
    fn bad_values_are_reported_at_their_json_path() {
        let mut a = res_json(ORDER, RESERVATION);
        set(&mut a, "/properties/quantity", json!("three"));
        set(&mut a, "/properties/term", json!("P2Y"));
        let mut b = res_json(ORDER, RESERVATION_2);
        set(&mut b, "/properties/expiryDate", json!("9999-12-31"));
        set(&mut b, "/properties/purchaseDate", json!("1900-01-01"));
        set(
            &mut b,
            "/properties/billingScopeId",
            json!("/providers/Microsoft.Billing/billingAccounts/1"),
        );
        let mut c = res_json(ORDER, RESERVATION_3);
        set(&mut c, "/properties/quantity", json!({"value": 3}));
        set(&mut c, "/id", json!(12345));
        let mut e = res_json(ORDER, "bcae77cd-3119-4766-919f-b50d36c75c7a");
        e["properties"].as_object_mut().unwrap().insert(
            "swapProperties".into(),
            json!({"swapSource": reservation_arm("63037ae3-385a-4716-ad77-02f42ce93c06", "5c6383f5-3f2c-4159-ae74-j72i1c1a49bc")}),
        );
        set(&mut e, "/properties/renew", json!("yes"));
        set(&mut e, "/properties/provisioningState", json!("Sleeping"));
        let p = run(&json!({"value": [a, b, c, e]}));
        assert!(
            p.records.is_empty(),
            "a reservation with a problem is not handed to the store"
        );
        let got: Vec<(String, String)> = p
            .problems
            .iter()
            .map(|e| (e.path.clone().unwrap(), e.field.clone().unwrap()))
            .collect();
        let want = [
            ("$.value[0].properties.quantity", "quantity"),
            ("$.value[0].properties.term", "term"),
            ("$.value[1].properties.billingScopeId", "billingScopeId"),
            ("$.value[1].properties.expiryDate", "expiryDate"),
            ("$.value[1].properties.purchaseDate", "purchaseDate"),
            ("$.value[2].id", "id"),
            ("$.value[3].properties.renew", "renew"),
            (
                "$.value[3].properties.provisioningState",
                "provisioningState",
            ),
            (
                "$.value[3].properties.swapProperties.swapSource",
                "swapProperties.swapSource",
            ),
        ];
        assert_eq!(
            got,
            want.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect::<Vec<_>>(),
            "every problem of every item, in order"
        );
        let by_field = |f: &str| {
            p.problems
                .iter()
                .find(|e| e.field.as_deref() == Some(f))
                .unwrap()
        };
        assert_eq!(by_field("quantity").found.as_deref(), Some("three"));
        assert_eq!(
            by_field("quantity").expected,
            "a whole number of at least 1"
        );
        assert_eq!(by_field("term").expected, "P1Y, P3Y or P5Y");
        for field in ["expiryDate", "purchaseDate"] {
            assert!(
                by_field(field)
                    .expected
                    .contains("between 2000-01-01 and 2100-12-31"),
                "{}",
                by_field(field)
            );
        }
        assert_eq!(by_field("id").found.as_deref(), Some("12345"));
        assert!(
            p.problems[0]
                .to_string()
                .starts_with("azure.json $.value[0].properties.quantity field quantity: expected"),
            "{}",
            p.problems[0]
        );

        for (raw, want) in [
            (json!(3.0), Some(3)),
            (json!("12"), Some(12)),
            (json!(30), Some(30)),
            (json!(2.5), None),
            (json!(0), None),
            (json!(-1), None),
            (json!(5_000_000_000u64), None),
        ] {
            let mut q = res_json(ORDER, RESERVATION);
            set(&mut q, "/properties/quantity", raw.clone());
            let p = run(&q);
            assert_eq!(
                reservations(&p).first().and_then(|r| r.quantity),
                want,
                "{raw}"
            );
            assert_eq!(p.problems.len(), usize::from(want.is_none()), "{raw}");
        }
        let mut q = res_json(ORDER, RESERVATION);
        set(&mut q, "/properties/quantity", json!({"value": 3}));
        let p = run(&q);
        assert_eq!(p.problems.len(), 1, "quantity as an object");
        assert_eq!(p.problems[0].found.as_deref(), Some("{\"value\":3}"));
    }

    #[test]
    fn hostile_files_get_located_problems() {
        let full = json!({"value": [res_json(ORDER, RESERVATION)]}).to_string();
        let p = run_bytes(&full.as_bytes()[..full.len() / 2]);
        assert_eq!(p.problems.len(), 1);
        assert_eq!(p.problems[0].line, Some(1));
        assert!(
            p.problems[0].expected.contains("truncated"),
            "{}",
            p.problems[0]
        );

        let mut bad_utf8 = b"{\"value\": [\n{\"id\": \"".to_vec();
        bad_utf8.extend_from_slice(&[0xff, 0xfe, b'"', b'}', b']', b'}']);
        let p = run_bytes(&bad_utf8);
        assert_eq!(p.problems.len(), 1);
        assert_eq!(p.problems[0].line, Some(2));
        assert!(p.problems[0].expected.contains("UTF-8"));

        for (doc, path) in [
            ("42", "$"),
            ("{\"value\": {\"id\": 1}}", "$.value"),
            ("{\"nextLink\": null}", "$"),
            ("[7, \"x\", null]", "$[0]"),
        ] {
            let p = run_bytes(doc.as_bytes());
            assert!(!p.problems.is_empty(), "{doc}");
            assert_eq!(p.problems[0].path.as_deref(), Some(path), "{doc}");
        }
        let p = run_bytes(br#"{"error": {"code": "AuthorizationFailed", "message": "The client does not have authorization"}}"#);
        assert_eq!(p.problems[0].path.as_deref(), Some("$.error"));
        assert!(p.problems[0]
            .found
            .as_deref()
            .unwrap()
            .contains("authorization"));
        let p = run_bytes(br#"{"value": []}"#);
        assert!(p.problems.is_empty() && p.records.is_empty());
        assert_eq!(p.warnings.len(), 1, "an empty page is worth a word");
    }

    #[test]
    fn ten_megabyte_strings_are_refused_as_names_and_skus() {
        let huge = "A".repeat(10 << 20);
        let mut doc = res_json(ORDER, RESERVATION);
        set(&mut doc, "/properties/displayName", json!(huge));
        set(&mut doc, "/sku/name", json!(huge));
        let p = run(&doc);
        assert!(p.records.is_empty());
        assert_eq!(p.problems.len(), 2);
        assert_eq!(p.problems[0].field.as_deref(), Some("sku.name"));
        assert_eq!(p.problems[0].path.as_deref(), Some("$.sku.name"));
        assert_eq!(p.problems[0].expected, "text of at most 1000 characters");
        assert_eq!(p.problems[1].field.as_deref(), Some("displayName"));
        let found = p.problems[1].found.as_deref().unwrap();
        assert!(
            found.len() < 200 && found.contains("10485760 bytes"),
            "the found value is cut short: {found}"
        );

        let mut ok = res_json(ORDER, RESERVATION);
        let name = "é".repeat(MAX_TEXT_CHARS);
        set(&mut ok, "/properties/displayName", json!(name));
        let p = run(&ok);
        no_problems(&p);
        assert_eq!(
            reservations(&p)[0].display_name.as_deref(),
            Some(name.as_str()),
            "1,000 characters (2,000 bytes) fit"
        );
    }

    #[test]
    fn a_million_keys_or_items_completes_quickly() {
        let started = Instant::now();
        let mut keys = String::from("{\"value\": [{");
        for i in 0..1_000_000 {
            if i > 0 {
                keys.push(',');
            }
            keys.push_str(&format!("\"k{i}\":0"));
        }
        keys.push_str("}]}");
        let p = run_bytes(keys.as_bytes());
        assert_eq!(p.problems.len(), 1, "{:?}", p.problems);
        assert_eq!(p.problems[0].path.as_deref(), Some("$.value[0].id"));

        let mut items = String::from("{\"value\": [");
        items.push_str(&vec!["{}"; 1_000_000].join(","));
        items.push_str("]}");
        let p = run_bytes(items.as_bytes());
        assert_eq!(p.problems.len(), MAX_PROBLEMS, "the first 50 are kept");
        assert_eq!(p.problems[49].path.as_deref(), Some("$.value[49].id"));

        let top = format!(
            "{{{}}}",
            (0..1_000_000)
                .map(|i| format!("\"k{i}\":1"))
                .collect::<Vec<_>>()
                .join(",")
        );
        let p = run_bytes(top.as_bytes());
        assert_eq!(p.problems.len(), 1);
        assert_eq!(p.problems[0].path.as_deref(), Some("$"));
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "took {:?}",
            started.elapsed()
        );
    }

    #[test]
    fn names_are_data_and_duplicates_are_passed_on() {
        for name in [
            "=cmd|' /C calc'!A0",
            "<script>alert(1)</script>",
            "+SUM(A1:A9)",
            "Ünïcödé 予約",
        ] {
            let mut doc = res_json(ORDER, RESERVATION);
            set(&mut doc, "/properties/displayName", json!(name));
            let p = run(&doc);
            no_problems(&p);
            assert_eq!(
                reservations(&p)[0].display_name.as_deref(),
                Some(name),
                "kept verbatim"
            );
        }
        let p =
            run(&json!({"value": [res_json(ORDER, RESERVATION), res_json(ORDER, RESERVATION)]}));
        no_problems(&p);
        assert_eq!(p.records.len(), 2, "the store decides about duplicates");
        assert_eq!(p.records[0].0, p.records[1].0);
        assert_eq!(p.records[1].1.path.as_deref(), Some("$.value[1]"));
    }

    #[test]
    fn ids_compare_without_regard_to_case() {
        let mut doc = res_json(&ORDER.to_uppercase(), &RESERVATION.to_uppercase());
        set(
            &mut doc,
            "/type",
            json!("MICROSOFT.CAPACITY/RESERVATIONORDERS/RESERVATIONS"),
        );
        let p = run(&doc);
        no_problems(&p);
        assert_eq!(reservations(&p)[0].id.as_str(), RESERVATION);
        assert_eq!(reservations(&p)[0].order_id.as_str(), ORDER);
        let mut wrong = res_json(ORDER, RESERVATION);
        set(
            &mut wrong,
            "/type",
            json!("Microsoft.Capacity/reservationOrders"),
        );
        let p = run(&wrong);
        assert_eq!(p.problems[0].field.as_deref(), Some("id"));
        let mut unknown = res_json(ORDER, RESERVATION);
        set(
            &mut unknown,
            "/properties/reservedResourceType",
            json!("OpenAIPTU"),
        );
        let p = run(&unknown);
        assert!(p.records.is_empty() && p.problems.is_empty());
        assert!(p.skipped[0].contains("OpenAIPTU"), "{:?}", p.skipped);
    }

    #[test]
    fn every_azure_shape_is_detected() {
        let shapes = [
            json!({"value": [res_json(ORDER, RESERVATION)], "nextLink": null}),
            res_json(ORDER, RESERVATION),
            order_json(ORDER, &[RESERVATION]),
            json!({"value": [order_json(ORDER, &[RESERVATION])]}),
            json!({"parameters": {"reservationOrderId": ORDER}, "responses": {"200": {"body": order_json(ORDER, &[RESERVATION])}}}),
            json!({"parameters": {"reservationOrderId": ORDER, "reservationId": RESERVATION}, "responses": {"200": {"body": res_json(ORDER, RESERVATION)}}}),
            json!([res_json(ORDER, RESERVATION)]),
        ];
        for doc in shapes {
            let text = serde_json::to_string_pretty(&doc).unwrap();
            assert_eq!(
                Format::detect(text.as_bytes()),
                Some(Format::Azure),
                "{}",
                &text[..200.min(text.len())]
            );
        }
    }
}
