//! Plain-text tables for a terminal: columns padded by display width, numbers right-aligned.

use crate::app::dto::{CustomerSummary, MoneyView, ReservationView};

use crate::text::{inert, width};

/// Prints a table; every cell is made inert first, so widths count the placeholders.
fn print(headers: &[&str], right: &[bool], rows: Vec<Vec<String>>) {
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|r| r.into_iter().map(|c| inert(&c).into_owned()).collect())
        .collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| width(h)).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(cell));
        }
    }
    let line = |cells: Vec<String>| -> String {
        let mut s = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let pad = widths[i].saturating_sub(width(cell));
            if i > 0 {
                s.push_str("  ");
            }
            if right.get(i).copied().unwrap_or(false) {
                s.push_str(&" ".repeat(pad));
                s.push_str(cell);
            } else {
                s.push_str(cell);
                if i + 1 < cells.len() {
                    s.push_str(&" ".repeat(pad));
                }
            }
        }
        s.push('\n');
        s
    };
    let mut out = line(headers.iter().map(|h| h.to_string()).collect());
    for row in rows {
        out.push_str(&line(row));
    }
    super::emit(&out);
}

fn money(m: &MoneyView) -> String {
    format!("{} {}", m.amount, m.currency)
}

/// A fact such as a term, or "unknown" when no imported file gave it.
fn known<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map_or_else(|| "unknown".to_string(), |v| v.to_string())
}

/// A quoted figure, or "unknown" when the price it comes from is unknown.
fn figure(m: &Option<MoneyView>) -> String {
    m.as_ref().map_or_else(|| "unknown".to_string(), money)
}

/// Prints the customer list.
pub fn customers(list: &[CustomerSummary]) {
    let rows = list
        .iter()
        .map(|c| {
            vec![
                c.name.clone(),
                c.primary_domain.clone(),
                c.tenant_id.clone(),
                format!("{}/{}", c.active_reservation_count, c.reservation_count),
                c.nearest_expiry
                    .map(|d| format!("{d} ({}d)", c.nearest_expiry_days_left.unwrap_or(0)))
                    .unwrap_or_else(|| "-".into()),
                money(&c.total_commitment),
            ]
        })
        .collect();
    print(
        &[
            "CUSTOMER",
            "DOMAIN",
            "TENANT ID",
            "ACTIVE/ALL",
            "NEAREST EXPIRY",
            "COMMITMENT",
        ],
        &[false, false, false, true, false, true],
        rows,
    );
}

/// Prints a reservation list.
pub fn reservations(list: &[ReservationView]) {
    let rows = list
        .iter()
        .map(|r| {
            vec![
                r.id.clone(),
                r.customer_name.clone(),
                r.display_name.clone(),
                r.sku.clone(),
                r.region.clone(),
                r.quantity.to_string(),
                known(r.term),
                r.scope_type.as_str().to_string(),
                r.expiry_date.to_string(),
                r.days_left.to_string(),
                r.utilization_30d
                    .clone()
                    .map(|u| format!("{u}%"))
                    .unwrap_or_else(|| "-".into()),
                r.status.as_str().to_string(),
            ]
        })
        .collect();
    print(
        &[
            "RESERVATION ID",
            "CUSTOMER",
            "NAME",
            "SKU",
            "REGION",
            "QTY",
            "TERM",
            "SCOPE",
            "EXPIRY",
            "DAYS LEFT",
            "UTIL 30D",
            "STATUS",
        ],
        &[
            false, false, false, false, false, true, false, false, false, true, true, false,
        ],
        rows,
    );
}

/// Prints one reservation as label/value lines.
pub fn reservation(r: &ReservationView) {
    let pct = |p: &Option<String>| {
        p.clone()
            .map(|u| format!("{u}%"))
            .unwrap_or_else(|| "unknown".into())
    };
    let rows: Vec<(&str, String)> = vec![
        ("Display name", r.display_name.clone()),
        (
            "Customer",
            format!("{} ({})", r.customer_name, r.customer_id),
        ),
        ("Reservation ID", r.id.clone()),
        ("Reservation order ID", r.order_id.clone()),
        (
            "Resource type",
            format!("{} ({})", r.resource_type_label, r.resource_type.as_str()),
        ),
        ("SKU", r.sku.clone()),
        ("Region", r.region.clone()),
        ("Quantity", r.quantity.to_string()),
        (
            "Term",
            r.term.map_or_else(
                || "unknown: import the reservation order or a portfolio file".to_string(),
                |t| t.to_string(),
            ),
        ),
        (
            "Billing plan",
            r.billing_plan.map_or_else(
                || "unknown: import the reservation order, or a cost-details export with its purchase row".to_string(),
                |b| b.to_string(),
            ),
        ),
        ("Purchase date", r.purchase_date.to_string()),
        ("Benefit start", r.benefit_start.to_string()),
        (
            "Expiration date",
            format!("{} ({} days left)", r.expiry_date, r.days_left),
        ),
        ("Scope", r.scope_description.clone()),
        ("Billing subscription", r.billing_subscription_id.clone()),
        (
            "Instance size flexibility",
            if r.instance_flexibility { "On" } else { "Off" }.into(),
        ),
        ("Renew", if r.renew { "On" } else { "Off" }.into()),
        (
            "Exchange right",
            r.exchange_right
                .as_ref()
                .map_or_else(|| "-".to_string(), |x| x.note.clone()),
        ),
        ("Status", r.status.as_str().into()),
        (
            "Utilization 1/7/30 days",
            format!(
                "{} / {} / {}",
                pct(&r.utilization_1d),
                pct(&r.utilization_7d),
                pct(&r.utilization_30d)
            ),
        ),
        (
            "Total commitment",
            match (&r.price, &r.price_usd) {
                (Some(p), Some(usd)) => format!("{} ({})", money(p), money(usd)),
                _ => "unknown: import the reservation order with its payment schedule, or a cost-details export with its purchase row".to_string(),
            },
        ),
        ("Azure portal", r.portal_url.clone()),
    ];
    lines(rows);
}

/// Prints label/value lines; each value is one line, made inert.
fn lines(rows: Vec<(&str, String)>) {
    let w = rows.iter().map(|(k, _)| width(k)).max().unwrap_or(0);
    let mut out = String::new();
    for (k, v) in rows {
        let pad = " ".repeat(w.saturating_sub(width(k)));
        out.push_str(&format!("{k}{pad}  {}\n", inert(&v)));
    }
    super::emit(&out);
}

/// Prints a refund quote.
pub fn refund_quote(q: &crate::app::dto::RefundQuoteView) {
    let mut rows = vec![
        (
            "Reservation",
            format!("{} ({})", q.reservation_id, q.customer_name),
        ),
        ("Return date", q.on.to_string()),
        ("Quantity", q.quantity.to_string()),
        (
            "Remaining days",
            format!("{} of {}", q.remaining_days, q.term_days),
        ),
        (
            "Canceled commitment",
            match (&q.canceled_commitment, &q.canceled_commitment_usd) {
                (Some(c), Some(usd)) => format!("{} ({} USD)", money(c), usd.amount),
                _ => "unknown (the price is unknown)".to_string(),
            },
        ),
        (
            "Early termination fee",
            format!(
                "{} (rate {}; not charged today when 0)",
                figure(&q.fee),
                q.fee_rate
            ),
        ),
        ("Refund", figure(&q.refund)),
    ];
    if let Some(f) = &q.future_payments_canceled {
        rows.push(("Future payments canceled", money(f)));
    }
    rows.push((
        "Refund limit (USD)",
        format!(
            "{} used of {}, {} available",
            q.used_usd, q.limit_usd, q.available_usd
        ),
    ));
    rows.push((
        "Allowed",
        if q.allowed {
            "yes".into()
        } else {
            format!("no — {}", q.reason_messages.join(" "))
        },
    ));
    if let Some(d) = q.headroom_returns_on {
        rows.push(("Headroom returns on", d.to_string()));
    }
    rows.push(("Refund goes to", q.refund_destination.clone()));
    lines(rows);
    say!();
    for h in &q.how {
        say!("  {h}");
    }
}

/// Prints an exchange quote.
pub fn exchange_quote(q: &crate::app::dto::ExchangeQuoteView) {
    for r in &q.returns {
        say!(
            "return  {} × {} ({})  {} of {} days left  {}",
            r.quantity,
            r.sku,
            r.reservation_id,
            r.remaining_days,
            r.term_days,
            figure(&r.refund)
        );
    }
    for p in &q.purchases {
        say!(
            "buy     {} × {} {} {}  {} per unit  {}",
            p.quantity,
            p.sku,
            p.region,
            p.term,
            money(&p.unit_price),
            money(&p.total)
        );
    }
    lines(vec![
        ("Refunds total", figure(&q.refunds_total)),
        ("Purchases total", money(&q.purchases_total)),
        ("Net payable", figure(&q.net_payable)),
        (
            "Allowed",
            if q.allowed {
                "yes".into()
            } else {
                format!("no — {}", q.reason_messages.join(" "))
            },
        ),
    ]);
}

/// Prints the ticket list.
pub fn tickets(list: &[crate::app::dto::TicketView]) {
    let rows = list
        .iter()
        .map(|t| {
            vec![
                t.id.to_string(),
                t.kind_label().to_string(),
                t.status_label().to_string(),
                t.customer_name.clone(),
                t.draft.problem.summary.clone(),
                t.ms_ticket_number.clone().unwrap_or_else(|| "-".into()),
            ]
        })
        .collect();
    print(
        &["ID", "KIND", "STATUS", "CUSTOMER", "SUMMARY", "MICROSOFT #"],
        &[true, false, false, false, false, false],
        rows,
    );
}

/// Prints the contact details new support requests start from, and what the portal still needs.
pub fn contact(c: &crate::app::dto::Contact) {
    let unset = |v: &str| {
        if v.is_empty() {
            "-".to_string()
        } else {
            v.to_string()
        }
    };
    for (label, value) in [
        ("Preferred contact method", &c.preferred_contact_method),
        ("Severity", &c.severity),
        ("Name", &c.name),
        ("Email", &c.email),
        ("Phone", &c.phone),
        ("Country/region", &c.country),
        ("Time zone", &c.time_zone),
        ("Support language", &c.language),
    ] {
        say!("{label}: {}", unset(value));
    }
    let missing = c.missing();
    if !missing.is_empty() {
        say!(
            "\nStill needed before a request can be pasted: {}",
            missing.join(", ")
        );
    }
}

/// Prints the policy values.
pub fn policy(values: &[crate::app::dto::PolicyValue]) {
    let rows = values
        .iter()
        .map(|v| {
            vec![
                v.key.as_str().to_string(),
                v.value.clone(),
                v.effective_from.to_string(),
                v.source.clone(),
            ]
        })
        .collect();
    print(
        &["KEY", "VALUE", "FROM", "SOURCE"],
        &[false, false, false, false],
        rows,
    );
}

/// Prints the catalog.
pub fn catalog(list: &[crate::app::dto::CatalogEntryView]) {
    let rows = list
        .iter()
        .map(|e| {
            vec![
                e.sku.clone(),
                e.region.clone(),
                e.term.as_str().to_string(),
                e.resource_type.as_str().to_string(),
                format!("{} {}", e.unit_price, e.currency),
                e.source.as_str().to_string(),
                e.priced_on
                    .map_or_else(|| "unknown".to_string(), |d| d.to_string()),
            ]
        })
        .collect();
    print(
        &[
            "SKU",
            "REGION",
            "TERM",
            "TYPE",
            "PRICE PER UNIT",
            "SOURCE",
            "PRICED ON",
        ],
        &[false, false, false, false, true, false, false],
        rows,
    );
}

/// Prints who holds which role.
pub fn access(a: &crate::app::AccessView) {
    let rows = a
        .assignments
        .iter()
        .map(|x| {
            vec![
                x.principal_name.clone(),
                format!("{:?}", x.kind),
                x.role_name.clone(),
                format!("{:?}", x.granted_at),
                if x.can_refund_or_exchange {
                    "refund/exchange"
                } else if x.can_change_scope {
                    "scope"
                } else {
                    "-"
                }
                .to_string(),
            ]
        })
        .collect();
    print(
        &["PRINCIPAL", "KIND", "ROLE", "GRANTED ON", "MAY"],
        &[false, false, false, false, false],
        rows,
    );
    say!();
    say!(
        "Can refund or exchange: {}",
        if a.can_refund_or_exchange.is_empty() {
            "nobody known".into()
        } else {
            a.can_refund_or_exchange.join(", ")
        }
    );
    say!(
        "Can change scope:       {}",
        if a.can_change_scope.is_empty() {
            "nobody known".into()
        } else {
            a.can_change_scope.join(", ")
        }
    );
    for w in &a.warning_messages {
        say!("Warning: {w}");
    }
}

/// Prints a change plan.
pub fn plan(p: &crate::app::ChangePlanView) {
    let on_off = |b: bool| if b { "on" } else { "off" };
    let mut rows = vec![
        (
            "Plan",
            p.id.map(|i| i.to_string())
                .unwrap_or_else(|| "(not stored: invalid)".into()),
        ),
        (
            "Reservation",
            format!("{} ({})", p.reservation_name, p.reservation_id),
        ),
        ("Scope before", p.before.scope_description.clone()),
        ("Scope after", p.after.scope_description.clone()),
    ];
    if p.before.renew != p.after.renew || p.after.renewal.is_some() {
        rows.push((
            "Auto-renew",
            format!("{} → {}", on_off(p.before.renew), on_off(p.after.renew)),
        ));
    }
    if let Some(r) = p.after.renewal {
        rows.push((
            "Renewal buys",
            format!(
                "{} × {}, {}, billed {}",
                r.quantity,
                p.reservation_name,
                r.term.words(),
                r.billing_plan.as_str().to_lowercase()
            ),
        ));
    }
    rows.extend([
        (
            "Valid",
            if p.valid {
                "yes".into()
            } else {
                format!(
                    "no — {}",
                    p.problems
                        .iter()
                        .map(|x| x.message.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                )
            },
        ),
        ("az", p.az_command.clone()),
        ("PATCH body", p.patch_body.to_string()),
        ("Azure portal", p.portal_url.clone()),
    ]);
    lines(rows);
}

/// Prints the change plans.
pub fn plans(list: &[crate::app::ChangePlanView]) {
    let rows = list
        .iter()
        .map(|p| {
            vec![
                p.id.map(|i| i.to_string()).unwrap_or_default(),
                p.status.clone(),
                p.customer_name.clone(),
                p.reservation_name.clone(),
                p.before.scope_description.clone(),
                p.after.scope_description.clone(),
            ]
        })
        .collect();
    print(
        &[
            "PLAN",
            "STATUS",
            "CUSTOMER",
            "RESERVATION",
            "BEFORE",
            "AFTER",
        ],
        &[true, false, false, false, false, false],
        rows,
    );
}

/// Prints the audit log.
pub fn audit(rows: &[crate::app::AuditEntryView]) {
    let rows = rows
        .iter()
        .map(|r| {
            vec![
                r.at.clone(),
                r.action.clone(),
                r.subject.clone(),
                r.before
                    .clone()
                    .unwrap_or_default()
                    .chars()
                    .take(60)
                    .collect(),
                r.after
                    .clone()
                    .unwrap_or_default()
                    .chars()
                    .take(60)
                    .collect(),
            ]
        })
        .collect();
    print(
        &["AT", "ACTION", "SUBJECT", "BEFORE", "AFTER"],
        &[false, false, false, false, false],
        rows,
    );
}

/// Prints the dashboard.
pub fn dashboard(b: &crate::domain::review::Dashboard) {
    let commitment = if b.commitment_by_currency.is_empty() {
        "-".to_string()
    } else {
        b.commitment_by_currency
            .iter()
            .map(|(c, a)| format!("{a} {c}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let low = if b.low_headroom_customers.is_empty() {
        "none".to_string()
    } else {
        b.low_headroom_customers
            .iter()
            .map(|c| format!("{} ({} USD left)", c.name, c.available_usd))
            .collect::<Vec<_>>()
            .join(", ")
    };
    lines(vec![
        ("As of", b.as_of.to_string()),
        ("Active reservations", b.active_reservations.to_string()),
        (
            "Without a known price",
            format!("{} (left out of the totals)", b.reservations_without_price),
        ),
        ("Commitment", commitment),
        ("Commitment in USD", format!("{} USD", b.commitment_usd)),
        (
            "Expiring (30/60/90 days)",
            format!(
                "{} / {} / {} (renewing {} / {} / {})",
                b.expiring.d30,
                b.expiring.d60,
                b.expiring.d90,
                b.expiring_renewing.d30,
                b.expiring_renewing.d60,
                b.expiring_renewing.d90
            ),
        ),
        (
            "Under-utilized",
            format!(
                "{} (7- and 30-day average below {} %)",
                b.under_utilized.count, b.underuse_threshold_percent
            ),
        ),
        (
            "Unused commitment (30 days)",
            format!("{} USD", b.unused_commitment_usd),
        ),
        (
            "Low refund headroom",
            format!("{low} (below {} USD)", b.low_headroom_below_usd),
        ),
        (
            "Expired in the last 30 days",
            b.recently_expired.to_string(),
        ),
        ("Renewals lost (split/merge)", b.renewals_lost.to_string()),
    ]);
}

/// Prints the triage queue.
pub fn triage(q: &crate::app::TriageView) {
    let rows = q
        .items
        .iter()
        .map(|i| {
            let action = serde_json::to_value(i.action)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            vec![
                i.key.clone(),
                i.reservation.customer_name.clone(),
                i.reservation.name.clone(),
                action,
                i.reservation.summary.days_left.to_string(),
                i.reservation
                    .summary
                    .utilization_30d
                    .clone()
                    .unwrap_or_else(|| "-".into()),
                i.reservation
                    .unused_usd
                    .as_ref()
                    .map_or_else(|| "unknown".to_string(), |u| format!("{u} USD")),
                i.hidden
                    .as_ref()
                    .map(|h| format!("hidden: {}", h.reason))
                    .unwrap_or_default(),
            ]
        })
        .collect();
    print(
        &[
            "KEY",
            "CUSTOMER",
            "RESERVATION",
            "ACTION",
            "DAYS",
            "30D %",
            "UNUSED 30D",
            "",
        ],
        &[false, false, false, false, true, true, true, false],
        rows,
    );
    if q.hidden_count > 0 {
        say!(
            "{} hidden (rdesk triage list --all shows them).",
            q.hidden_count
        );
    }
}
