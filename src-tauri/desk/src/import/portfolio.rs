//! Reservation Desk's own portfolio file (`rdesk export`): JSON Lines, a header line with
//! [`MAGIC`] and [`VERSION`], then one object per fact with a `kind`. Read one line at a time.

use super::ctx::{Ctx, Loc, Stop};
use super::json::{self, found, get};
use super::values;
use crate::domain::access::{Assignment, GrantedAt, PrincipalKind, Role};
use crate::domain::customer::SubscriptionState;
use crate::domain::ids::{ReservationId, ReservationOrderId, SubscriptionId, TenantId};
use crate::domain::money::{Currency, Money};
use crate::domain::reservation::{ProvisioningState, ResourceType};
use crate::domain::scope::{Scope, ScopeType};
use crate::domain::term::{BillingPlan, Term};
use crate::records::{
    AggregatesRec, AssignmentRec, ChargeKind, CostRec, CustomerRec, LedgerRec, LineageKind,
    LineageRec, OrderRec, Record, ReservationRec, SubscriptionRec, UtilizationDayRec,
    UtilizationMonthRec,
};
use serde_json::Value;
use std::io::{BufRead, Read};

/// The header's `format` value.
pub const MAGIC: &str = "reservation-desk-portfolio";
/// The version this build writes and reads.
pub const VERSION: u32 = 1;
/// The longest line accepted (one reservation's days fit many times over).
pub const MAX_LINE_BYTES: u64 = 64 << 20;

/// A field of one line, reporting a problem when it is missing or malformed.
struct Line<'v, 'c, 'a> {
    v: &'v Value,
    loc: Loc,
    ctx: &'c mut Ctx<'a>,
    ok: bool,
}

impl<'v> Line<'v, '_, '_> {
    fn bad(&mut self, field: &str, expected: &str) {
        let f = found(get(self.v, field));
        let id = json::str_of(self.v, "id").or_else(|| json::str_of(self.v, "reservation_id"));
        self.ctx
            .row_problem(&self.loc, id, Some(field), f, expected);
        self.ok = false;
    }

    fn opt_str(&mut self, field: &str) -> Option<&'v str> {
        match get(self.v, field) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.as_str()),
            Some(_) => {
                self.bad(field, "a string");
                None
            }
        }
    }

    fn str(&mut self, field: &str) -> Option<&'v str> {
        let s = self.opt_str(field);
        if s.is_none() && self.ok {
            self.bad(field, "a string");
        }
        s
    }

    fn parsed<T>(
        &mut self,
        field: &str,
        expected: &str,
        f: impl FnOnce(&str) -> Option<T>,
    ) -> Option<T> {
        let raw = self.str(field)?;
        let v = f(raw);
        if v.is_none() {
            self.bad(field, expected);
        }
        v
    }

    fn opt_parsed<T>(
        &mut self,
        field: &str,
        expected: &str,
        f: impl FnOnce(&str) -> Option<T>,
    ) -> Option<T> {
        let raw = self.opt_str(field)?;
        let v = f(raw);
        if v.is_none() {
            self.bad(field, expected);
        }
        v
    }

    fn uint(&mut self, field: &str) -> Option<u32> {
        match get(self.v, field)
            .and_then(Value::as_u64)
            .and_then(|n| u32::try_from(n).ok())
        {
            Some(n) => Some(n),
            None => {
                self.bad(field, "a whole number");
                None
            }
        }
    }

    fn boolean(&mut self, field: &str) -> Option<bool> {
        match get(self.v, field).and_then(Value::as_bool) {
            Some(b) => Some(b),
            None => {
                self.bad(field, "true or false");
                None
            }
        }
    }
}

fn tenant(raw: &str) -> Option<TenantId> {
    TenantId::parse(raw).ok()
}
fn order_id(raw: &str) -> Option<ReservationOrderId> {
    ReservationOrderId::parse(raw).ok()
}
fn res_id(raw: &str) -> Option<ReservationId> {
    ReservationId::parse(raw).ok()
}
/// A decimal string of the portfolio, digit for digit (one that would need rounding is refused).
fn dec(raw: &str) -> Option<rust_decimal::Decimal> {
    values::exact_decimal(raw).ok()
}
const GUID: &str = "a GUID";

/// Reads one line (without its newline) into `buf`; false at the end of the input.
fn read_line(input: &mut dyn BufRead, buf: &mut Vec<u8>) -> std::io::Result<(bool, bool)> {
    buf.clear();
    let n = input.take(MAX_LINE_BYTES + 1).read_until(b'\n', buf)?;
    if n == 0 {
        return Ok((false, false));
    }
    let too_long = buf.len() as u64 > MAX_LINE_BYTES;
    if too_long && buf.last() != Some(&b'\n') {
        // Skip the rest of the over-long line.
        let mut sink = Vec::new();
        loop {
            sink.clear();
            let m = input.take(1 << 20).read_until(b'\n', &mut sink)?;
            if m == 0 || sink.last() == Some(&b'\n') {
                break;
            }
        }
    }
    while matches!(buf.last(), Some(b'\n' | b'\r')) {
        buf.pop();
    }
    Ok((true, too_long))
}

/// Parses the file into `ctx`.
pub fn parse(input: &mut dyn BufRead, ctx: &mut Ctx<'_>) -> Result<(), Stop> {
    let mut buf = Vec::new();
    let mut line_no = 0u32;
    loop {
        let (more, too_long) = match read_line(input, &mut buf) {
            Ok(x) => x,
            Err(e) => {
                ctx.problem(
                    &Loc::default(),
                    None,
                    None,
                    format!("a readable file ({e})"),
                );
                return Ok(());
            }
        };
        if !more {
            break;
        }
        line_no += 1;
        let loc = Loc::line(line_no);
        if too_long {
            ctx.problem(&loc, None, None, "lines of at most 64 MiB");
            continue;
        }
        let body = if line_no == 1 {
            buf.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(&buf)
        } else {
            &buf[..]
        };
        if body.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let value: Value = match std::str::from_utf8(body) {
            Err(_) => {
                ctx.problem(&loc, None, None, "UTF-8 text");
                continue;
            }
            Ok(text) => match serde_json::from_str(text) {
                Ok(v) => v,
                Err(e) => {
                    let what = if e.is_eof() {
                        "a complete JSON object (the line is cut short; the file looks truncated)"
                            .to_string()
                    } else {
                        format!("one JSON object per line ({e})")
                    };
                    ctx.problem(&loc, None, None, what);
                    continue;
                }
            },
        };
        if line_no == 1 {
            let fmt = get(&value, "format").and_then(Value::as_str);
            let version = get(&value, "version").and_then(Value::as_u64);
            if fmt != Some(MAGIC) {
                ctx.problem(
                    &loc,
                    Some("format"),
                    found(get(&value, "format")),
                    format!("a portfolio header with \"format\": \"{MAGIC}\""),
                );
                return Ok(());
            }
            if version != Some(u64::from(VERSION)) {
                ctx.problem(&loc, Some("version"), found(get(&value, "version")), format!("portfolio version {VERSION} (this file comes from another version of Reservation Desk)"));
                return Ok(());
            }
            continue;
        }
        ctx.row_done()?;
        line_record(ctx, &value, loc)?;
    }
    if line_no == 0 {
        ctx.problem(
            &Loc::default(),
            None,
            None,
            "a portfolio file (this one is empty)",
        );
    }
    Ok(())
}

#[allow(clippy::too_many_lines)]
fn line_record(ctx: &mut Ctx<'_>, v: &Value, loc: Loc) -> Result<(), Stop> {
    if !v.is_object() {
        ctx.row_problem(
            &loc,
            None,
            None,
            Some(v.to_string()),
            "one JSON object per line",
        );
        return Ok(());
    }
    let kind = get(v, "kind")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let mut l = Line {
        v,
        loc: loc.clone(),
        ctx,
        ok: true,
    };
    let records: Vec<Record> = match kind.as_str() {
        "customer" => {
            let r = CustomerRec {
                tenant_id: l.parsed("tenant_id", GUID, tenant),
                name: l.str("name").map(str::to_string),
                primary_domain: l.opt_str("primary_domain").map(str::to_string),
                billing_currency: l.parsed("billing_currency", "a 3-letter currency code", |s| {
                    Currency::parse(s).ok()
                }),
                country: l.opt_str("country").map(str::to_string),
            };
            vec![Record::Customer(r)]
        }
        "subscription" => {
            let id = l.parsed("id", GUID, |s| SubscriptionId::parse(s).ok());
            let t = l.parsed("tenant_id", GUID, tenant);
            let name = l.opt_str("display_name").map(str::to_string);
            let state = l.opt_parsed("state", "Active, Disabled or Deleted", |s| {
                SubscriptionState::parse(s).ok()
            });
            match id {
                Some(id) => vec![Record::Subscription(SubscriptionRec {
                    id,
                    tenant_id: t,
                    display_name: name,
                    state,
                })],
                None => vec![],
            }
        }
        "order_owner" => {
            let id = l.parsed("order_id", GUID, order_id);
            let t = l.parsed("tenant_id", GUID, tenant);
            match id {
                Some(id) => {
                    let mut o = OrderRec::new(id);
                    o.tenant_id = t;
                    vec![Record::Order(o)]
                }
                None => vec![],
            }
        }
        "order" => {
            let Some(id) = l.parsed("id", GUID, order_id) else {
                return Ok(());
            };
            let mut o = OrderRec::new(id);
            o.tenant_id = l.parsed("tenant_id", GUID, tenant);
            o.display_name = l.opt_str("display_name").map(str::to_string);
            // Null when the store that wrote the file did not know them.
            o.term = l.opt_parsed("term", "P1Y, P3Y, P5Y or null", |s| Term::parse(s).ok());
            o.billing_plan = l.opt_parsed("billing_plan", "Upfront, Monthly or null", |s| {
                BillingPlan::parse(s).ok()
            });
            o.purchase_date = l.parsed("purchase_date", values::DATE_EXPECTED, values::date);
            o.benefit_start = l.parsed("benefit_start", values::DATE_EXPECTED, values::date);
            o.expiry_date = l.parsed("expiry_date", values::DATE_EXPECTED, values::date);
            o.original_quantity = l.uint("original_quantity");
            match get(v, "total_price") {
                None | Some(Value::Null) => {}
                Some(p) => {
                    let amount = p.get("amount").and_then(Value::as_str).and_then(dec);
                    let cur = p
                        .get("currency")
                        .and_then(Value::as_str)
                        .and_then(|c| Currency::parse(c).ok());
                    match (amount, cur) {
                        (Some(a), Some(c)) => o.total_price = Some(Money::new(a, c)),
                        _ => l.bad(
                            "total_price",
                            "{\"amount\": \"1234.56\", \"currency\": \"EUR\"} or null",
                        ),
                    }
                    o.total_price_usd = l
                        .parsed("total_price_usd", "a decimal string", dec)
                        .map(|a| Money::new(a, Currency::USD));
                }
            }
            vec![Record::Order(o)]
        }
        "reservation" => {
            let id = l.parsed("id", GUID, res_id);
            let order = l.parsed("order_id", GUID, order_id);
            let (Some(id), Some(order)) = (id, order) else {
                return Ok(());
            };
            let mut r = ReservationRec::new(id, order);
            r.tenant_id = l.parsed("tenant_id", GUID, tenant);
            r.display_name = l.str("display_name").map(str::to_string);
            r.resource_type = l.parsed(
                "resource_type",
                "a reserved resource type such as VirtualMachines",
                |s| ResourceType::parse(s).ok(),
            );
            r.sku = l.str("sku").map(str::to_string);
            r.region = l.str("region").map(str::to_string);
            r.quantity = l.uint("quantity");
            let scope_type = l.parsed(
                "scope_type",
                "single, resource_group, shared or management_group",
                |s| ScopeType::parse(s).ok(),
            );
            let target = l.opt_str("scope_target");
            if let Some(st) = scope_type {
                match Scope::from_parts(st, target) {
                    Ok(s) => r.scope = Some(s),
                    Err(_) => l.bad("scope_target", "a target that fits the scope type"),
                }
            }
            r.billing_subscription_id = l.parsed("billing_subscription_id", GUID, |s| {
                SubscriptionId::parse(s).ok()
            });
            r.instance_flexibility = l.boolean("instance_flexibility");
            r.renew = l.boolean("renew");
            r.provisioning_state = l.parsed(
                "provisioning_state",
                "Succeeded, Cancelled, Expired, Split, Merged or Failed",
                |s| ProvisioningState::parse(s).ok(),
            );
            r.expiry_date = l.parsed("expiry_date", values::DATE_EXPECTED, values::date);
            vec![Record::Reservation(r)]
        }
        "utilization" => {
            let Some(id) = l.parsed("reservation_id", GUID, res_id) else {
                return Ok(());
            };
            let Some(days) = get(v, "days").and_then(Value::as_array) else {
                l.bad("days", "an array of [day, reserved hours, used hours]");
                return Ok(());
            };
            let mut out = Vec::with_capacity(days.len());
            for (i, d) in days.iter().enumerate() {
                let parts = d
                    .as_array()
                    .map(|a| a.iter().map(Value::as_str).collect::<Vec<_>>());
                let parsed = match parts.as_deref() {
                    Some([Some(day), Some(r), Some(u)]) => {
                        match (values::date(day), values::hours(r), values::hours(u)) {
                            (Some(day), Some(r), Some(u)) => Some((day, r, u)),
                            _ => None,
                        }
                    }
                    _ => None,
                };
                match parsed {
                    Some((day, reserved, used)) => {
                        out.push(Record::UtilizationDay(UtilizationDayRec {
                            reservation_id: id.clone(),
                            day,
                            reserved_hours: reserved,
                            used_hours: used,
                            instance: None,
                        }))
                    }
                    None => {
                        l.ctx.row_problem(&l.loc, json::str_of(l.v, "reservation_id"), Some(&format!("days[{i}]")), Some(d.to_string()), "[\"YYYY-MM-DD\", \"reserved hours\", \"used hours\"] with hours of at least 0");
                        l.ok = false;
                    }
                }
            }
            out
        }
        "utilization_month" => {
            let id = l.parsed("reservation_id", GUID, res_id);
            let month = l.parsed("month", values::DATE_EXPECTED, values::date);
            let reserved = l.parsed("reserved_hours", "hours of at least 0", values::hours);
            let used = l.parsed("used_hours", "hours of at least 0", values::hours);
            match (id, month, reserved, used) {
                (Some(reservation_id), Some(month), Some(reserved_hours), Some(used_hours)) => {
                    vec![Record::UtilizationMonth(UtilizationMonthRec {
                        reservation_id,
                        month,
                        reserved_hours,
                        used_hours,
                    })]
                }
                _ => vec![],
            }
        }
        "aggregates" => {
            let id = l.parsed("reservation_id", GUID, res_id);
            let as_of = l.opt_parsed("as_of", values::DATE_EXPECTED, values::date);
            let d1 = l.opt_parsed("d1", "a percentage", dec);
            let d7 = l.opt_parsed("d7", "a percentage", dec);
            let d30 = l.opt_parsed("d30", "a percentage", dec);
            match id {
                Some(reservation_id) => vec![Record::UtilizationAggregates(AggregatesRec {
                    reservation_id,
                    as_of,
                    d1,
                    d7,
                    d30,
                })],
                None => vec![],
            }
        }
        "lineage" => {
            let a = l.parsed("reservation_id", GUID, res_id);
            let b = l.parsed("related_id", GUID, res_id);
            let kind = l.parsed("relation", "split_from, split_into, merged_from, merged_into, swapped_from, swapped_to, renewed_from or renewed_to", LineageKind::parse);
            match (a, b, kind) {
                (Some(reservation_id), Some(related_id), Some(kind)) => {
                    vec![Record::Lineage(LineageRec {
                        reservation_id,
                        related_id,
                        kind,
                    })]
                }
                _ => vec![],
            }
        }
        "cost" => {
            let order = l.parsed("order_id", GUID, order_id);
            let res = match l.opt_str("reservation_id") {
                None | Some("") => None,
                Some(s) => {
                    let r = res_id(s);
                    if r.is_none() {
                        l.bad("reservation_id", GUID);
                    }
                    r
                }
            };
            let day = l.parsed("day", values::DATE_EXPECTED, values::date);
            let charge = l.parsed(
                "charge",
                "purchase, usage, unused or refund",
                ChargeKind::parse,
            );
            let line_key = l.opt_str("line_key").unwrap_or("").to_string();
            let amount = l.parsed("amount", "a decimal string", dec);
            let currency = l.parsed("currency", "a 3-letter currency code", |s| {
                Currency::parse(s).ok()
            });
            let amount_usd = l.opt_parsed("amount_usd", "a decimal string", dec);
            let quantity = l.opt_parsed("quantity", "a decimal string", dec);
            match (order, day, charge, amount, currency) {
                (Some(order_id), Some(day), Some(kind), Some(a), Some(c)) => {
                    vec![Record::Cost(CostRec {
                        order_id,
                        reservation_id: res,
                        tenant_id: None,
                        day,
                        kind,
                        amount: Money::new(a, c),
                        amount_usd,
                        quantity,
                        line_key,
                        billing_plan: None,
                        term: None,
                    })]
                }
                _ => vec![],
            }
        }
        "assignment" => {
            let t = l.parsed("tenant_id", GUID, tenant);
            let order = l.opt_parsed("order_id", GUID, order_id);
            let res = l.opt_parsed("reservation_id", GUID, res_id);
            let granted_at = l.parsed("granted_at", "reservation, order or tenant", |s| {
                GrantedAt::parse(s).ok()
            });
            let principal_id = l.parsed("principal_id", GUID, |s| {
                TenantId::parse(s).ok().map(|g| g.to_string())
            });
            let principal_name = l.str("principal_name").map(str::to_string);
            let kind = l.parsed("principal_kind", "a principal kind", |s| {
                PrincipalKind::parse(s).ok()
            });
            let role = l.parsed("role", "a role that governs reservations", |s| {
                Role::parse(s).ok()
            });
            match (granted_at, principal_id, principal_name, kind, role) {
                (
                    Some(granted_at),
                    Some(principal_id),
                    Some(principal_name),
                    Some(kind),
                    Some(role),
                ) => vec![Record::Assignment(AssignmentRec {
                    tenant_id: t,
                    order_id: order,
                    reservation_id: res,
                    assignment: Assignment {
                        principal_name,
                        principal_id,
                        kind,
                        role,
                        granted_at,
                    },
                })],
                _ => vec![],
            }
        }
        "ledger" => {
            let t = l.parsed("tenant_id", GUID, tenant);
            let res = l.parsed("reservation_id", GUID, res_id);
            let kind = l.parsed("type", "refund or exchange", |s| {
                matches!(s, "refund" | "exchange").then(|| s.to_string())
            });
            let date = l.parsed("date", values::DATE_EXPECTED, values::date);
            let quantity = match get(v, "quantity")
                .and_then(Value::as_u64)
                .and_then(|n| u32::try_from(n).ok())
            {
                Some(q) => Some(q),
                None => {
                    l.bad("quantity", "a whole number");
                    None
                }
            };
            let amount = l.parsed("amount", "a decimal string", dec);
            let currency = l.parsed("currency", "a 3-letter currency code", |s| {
                Currency::parse(s).ok()
            });
            let usd = l.parsed("amount_usd", "a decimal string", dec);
            let source = l.opt_str("source_key").map(str::to_string);
            match (t, res, kind, date, quantity, amount, currency, usd) {
                (
                    Some(tenant_id),
                    Some(reservation_id),
                    Some(kind),
                    Some(date),
                    Some(quantity),
                    Some(a),
                    Some(c),
                    Some(amount_usd),
                ) => {
                    let source_key = source.unwrap_or_else(|| {
                        format!("entry:{tenant_id}:{reservation_id}:{kind}:{date}:{quantity}:{a}")
                    });
                    vec![Record::Ledger(LedgerRec {
                        tenant_id,
                        reservation_id,
                        kind,
                        date,
                        quantity,
                        amount: Money::new(a, c),
                        amount_usd,
                        source_key,
                    })]
                }
                _ => vec![],
            }
        }
        other => {
            l.ctx.row_problem(&loc, None, Some("kind"), Some(other.to_string()), "customer, subscription, order_owner, order, reservation, utilization, utilization_month, aggregates, lineage, cost, assignment or ledger");
            return Ok(());
        }
    };
    if !l.ok {
        return Ok(());
    }
    for r in records {
        l.ctx.emit(r, &loc)?;
    }
    Ok(())
}
