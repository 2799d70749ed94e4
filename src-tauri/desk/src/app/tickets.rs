//! Support-request drafts, their lifecycle and the ledger they feed; dated policy edits; the
//! price catalog. Every change writes an audit row in the same transaction.

use super::dto::{
    CatalogEntryView, Contact, ExchangeRequest, MoneyView, PolicyKey, PolicyValue, TicketDraft,
    TicketKind, TicketStatus, TicketView,
};
use super::quotes::{policy_on, record};
use super::{Desk, DeskError};
use crate::domain::ids::TenantId;
use crate::domain::money::{parse_decimal, Currency, Money};
use crate::domain::price::PriceSource;
use crate::domain::reservation::ResourceType;
use crate::domain::ticket::{
    billing_basics, Problem, CATEGORY_EXCHANGES_AND_REFUNDS, PROBLEM_TYPE, REASON_LABEL,
};
use crate::domain::InvalidValue;
use crate::store::catalog::CatalogEntry;
use crate::store::ledger::NewEntry;
use crate::store::tickets::{NewTicket, ReturnRecord, TicketRow};
use crate::store::{self, Store};
use chrono::NaiveDate;

const CONTACT_KEY: &str = "support_contact";

/// The Azure portal's new-support-request page, in the customer's tenant.
pub fn support_portal_url(tenant: &str) -> String {
    format!("https://portal.azure.com/#@{tenant}/blade/Microsoft_Azure_Support/HelpAndSupportBlade/newsupportrequest")
}

fn view(t: TicketRow) -> TicketView {
    let amount = match (&t.amount, &t.currency) {
        (Some(a), Some(c)) => match (a.parse(), Currency::parse(c)) {
            (Ok(a), Ok(c)) => Some(MoneyView::from(Money::new(a, c))),
            _ => None,
        },
        _ => None,
    };
    // Drafts saved before text was made plain are made plain on the way out too.
    let draft = t.draft.plain();
    TicketView {
        id: u32::try_from(t.id).unwrap_or(0),
        portal_url: support_portal_url(&t.tenant_id),
        text: draft.to_text(),
        missing: draft.missing().into_iter().map(String::from).collect(),
        customer_id: t.tenant_id,
        customer_name: t.customer_name,
        reservation_id: t.reservation_id,
        kind: t.kind,
        status: t.status,
        ms_ticket_number: t.ms_ticket_number,
        created_at: t.created_at,
        updated_at: t.updated_at,
        draft,
        amount,
        amount_usd: t.amount_usd,
    }
}

fn contact(s: &Store) -> Result<Contact, DeskError> {
    Ok(store::settings::get(s.conn(), CONTACT_KEY)?
        .and_then(|j| serde_json::from_str(&j).ok())
        .unwrap_or_else(Contact::starter))
}

fn ticket_row(s: &Store, id: u32) -> Result<TicketRow, DeskError> {
    store::tickets::get(s.conn(), i64::from(id))?.ok_or_else(|| DeskError::NotFound {
        what: "ticket",
        id: id.to_string(),
    })
}

/// Stores a new draft with its audit row, in one transaction, and returns it.
fn save_draft(s: &mut Store, t: NewTicket<'_>) -> Result<TicketView, DeskError> {
    let draft = t.draft.plain();
    let t = &NewTicket { draft: &draft, ..t };
    let id = s.write(|tx| -> Result<i64, DeskError> {
        let id = store::tickets::insert(tx, t)?;
        store::audit::record(
            tx,
            t.now,
            "ticket.draft",
            &format!("ticket {id}"),
            None,
            Some(&t.draft.problem.summary),
        )?;
        Ok(id)
    })?;
    Ok(view(store::tickets::get(s.conn(), id)?.ok_or(
        DeskError::NotFound {
            what: "ticket",
            id: id.to_string(),
        },
    )?))
}

/// The reason as the description's last line; left empty (never a placeholder) for the user to
/// fill in, which [`TicketDraft::missing`] then reports.
fn reason_line(reason: &str) -> String {
    let r = reason.trim();
    if r.is_empty() {
        REASON_LABEL.into()
    } else {
        format!("{REASON_LABEL} {r}")
    }
}

impl Desk {
    /// The contact details remembered for the next ticket.
    pub fn support_contact(&self) -> Result<Contact, DeskError> {
        contact(&self.store())
    }

    /// Sets the contact details every new ticket starts from (drafts keep their own).
    pub fn set_support_contact(&self, contact: &Contact) -> Result<Contact, DeskError> {
        let contact = contact.plain();
        contact.validate()?;
        let json = serde_json::to_string(&contact).unwrap_or_default();
        let now = self.clock.stamp();
        let mut s = self.store();
        s.write(|tx| -> Result<(), DeskError> {
            store::settings::set(tx, CONTACT_KEY, &json)?;
            store::audit::record(
                tx,
                &now,
                "settings.contact",
                "support contact",
                None,
                Some(&contact.name),
            )?;
            Ok(())
        })?;
        Ok(contact)
    }

    /// Drafts the refund request for a quote; `reason` goes into the description.
    pub fn draft_refund_ticket(
        &self,
        reservation_id: &str,
        quantity: Option<u32>,
        on: NaiveDate,
        reason: &str,
    ) -> Result<TicketView, DeskError> {
        let quote = self.refund_quote(reservation_id, quantity, on)?;
        let canceled = quoted(&quote.canceled_commitment)?;
        let canceled_usd = quoted(&quote.canceled_commitment_usd)?;
        let fee = quoted(&quote.fee)?;
        let refund = quoted(&quote.refund)?;
        let mut s = self.store();
        let rec = record(&s, reservation_id)?;
        let r = &rec.reservation;
        let o = &rec.order;
        let description = [
            "Request: prorated refund (cancellation) of an Azure reservation, raised by the CSP partner on behalf of the customer.".to_string(),
            format!("Customer: {} (tenant ID {})", rec.customer_name, o.tenant_id),
            format!("Reservation name: {}", r.display_name),
            format!("Reservation ID: {}", r.id),
            format!("Reservation order ID: {}", o.id),
            format!("Product: {} {} in {}", r.resource_type.label(), r.sku, r.region),
            format!("Quantity to return: {} of {}", quote.quantity, r.quantity),
            format!(
                "Term: {}, billed {}, {} to {}",
                o.term.map_or("unknown", |t| t.words()),
                o.billing_plan.map_or("unknown", |b| b.as_str()),
                o.benefit_start,
                o.expiry_date
            ),
            format!("Return date: {} ({} of {} days remaining, UTC)", quote.on, quote.remaining_days, quote.term_days),
            format!("Canceled commitment: {} {} ({} USD)", canceled.amount, canceled.currency, canceled_usd.amount),
            format!("Early termination fee: {} {} (rate {})", fee.amount, fee.currency, quote.fee_rate),
            format!("Expected refund: {} {}", refund.amount, refund.currency),
            format!("Refund limit: {} USD used of {} USD in the last 365 days; {} USD available.", quote.used_usd, quote.limit_usd, quote.available_usd),
            reason_line(reason),
        ]
        .join("\n");
        let draft = TicketDraft {
            basics: billing_basics(r.billing_subscription_id.as_str()),
            problem: Problem {
                problem_type: PROBLEM_TYPE.into(),
                category: CATEGORY_EXCHANGES_AND_REFUNDS.into(),
                summary: format!(
                    "Refund {} ({} × {}) for {}",
                    r.display_name, quote.quantity, r.sku, rec.customer_name
                ),
                description,
            },
            contact: contact(&s)?,
        };
        let now = self.clock.stamp();
        let returns = vec![ReturnRecord {
            reservation_id: r.id.to_string(),
            quantity: quote.quantity,
            amount: canceled.amount.clone(),
            amount_usd: canceled_usd.amount.clone(),
        }];
        save_draft(
            &mut s,
            NewTicket {
                tenant_id: o.tenant_id.as_str(),
                reservation_id: Some(r.id.as_str()),
                kind: TicketKind::Refund,
                now: &now,
                draft: &draft,
                returns,
                quote_on: Some(quote.on.to_string()),
                quantity: Some(quote.quantity),
                amount: Some(canceled.amount.clone()),
                currency: Some(canceled.currency.clone()),
                amount_usd: Some(canceled_usd.amount.clone()),
            },
        )
    }

    /// Drafts the exchange request for a quote.
    pub fn draft_exchange_ticket(
        &self,
        req: &ExchangeRequest,
        today: NaiveDate,
        reason: &str,
    ) -> Result<TicketView, DeskError> {
        let quote = self.exchange_quote(req, today)?;
        let refunds_total = quoted(&quote.refunds_total)?;
        let net_payable = quoted(&quote.net_payable)?;
        let mut s = self.store();
        let first = req.returns.first().ok_or_else(|| {
            InvalidValue::new("returns", "an exchange needs a reservation to return", "")
        })?;
        let rec = record(&s, &first.reservation_id)?;
        let mut lines = vec![
            "Request: exchange of Azure reservations, raised by the CSP partner on behalf of the customer.".to_string(),
            format!("Customer: {} (tenant ID {})", rec.customer_name, rec.order.tenant_id),
            format!("Exchange date: {}", quote.on),
            "Reservations to return:".to_string(),
        ];
        let mut returns = Vec::new();
        for (ret, req_line) in quote.returns.iter().zip(&req.returns) {
            let r = record(&s, &req_line.reservation_id)?;
            let (value, value_usd) = (quoted(&ret.refund)?, quoted(&ret.refund_usd)?);
            lines.push(format!(
                "  - {} — reservation ID {}, reservation order ID {}, quantity {} of {}, prorated value {} {} ({} of {} days remaining)",
                ret.display_name, ret.reservation_id, r.order.id, ret.quantity, ret.reservation_quantity, value.amount, value.currency, ret.remaining_days, ret.term_days
            ));
            returns.push(ReturnRecord {
                reservation_id: ret.reservation_id.clone(),
                quantity: ret.quantity,
                amount: value.amount.clone(),
                amount_usd: value_usd.amount.clone(),
            });
        }
        lines.push("New reservations to buy:".into());
        for p in &quote.purchases {
            lines.push(format!(
                "  - {} × {} in {}, {}, {} {} per unit ({} {} in all)",
                p.quantity,
                p.sku,
                p.region,
                p.term.words(),
                p.unit_price.amount,
                p.unit_price.currency,
                p.total.amount,
                p.total.currency
            ));
        }
        lines.push(format!(
            "Returned value: {} {}; new commitment: {} {}; net payable: {} {}.",
            refunds_total.amount,
            refunds_total.currency,
            quote.purchases_total.amount,
            quote.purchases_total.currency,
            net_payable.amount,
            net_payable.currency
        ));
        lines.push("Exchanges do not count against the refund limit.".into());
        lines.push(reason_line(reason));
        let draft = TicketDraft {
            basics: billing_basics(rec.reservation.billing_subscription_id.as_str()),
            problem: Problem {
                problem_type: PROBLEM_TYPE.into(),
                category: CATEGORY_EXCHANGES_AND_REFUNDS.into(),
                summary: format!(
                    "Exchange {} reservation(s) for {}",
                    quote.returns.len(),
                    rec.customer_name
                ),
                description: lines.join("\n"),
            },
            contact: contact(&s)?,
        };
        let now = self.clock.stamp();
        let usd_total: rust_decimal::Decimal = quote
            .returns
            .iter()
            .filter_map(|r| {
                r.refund_usd
                    .as_ref()?
                    .amount
                    .parse::<rust_decimal::Decimal>()
                    .ok()
            })
            .sum();
        save_draft(
            &mut s,
            NewTicket {
                tenant_id: rec.order.tenant_id.as_str(),
                reservation_id: Some(rec.reservation.id.as_str()),
                kind: TicketKind::Exchange,
                now: &now,
                draft: &draft,
                returns,
                quote_on: Some(quote.on.to_string()),
                quantity: None,
                amount: Some(refunds_total.amount.clone()),
                currency: Some(refunds_total.currency.clone()),
                amount_usd: Some(usd_total.to_string()),
            },
        )
    }

    /// Drafts another reservation-management request (the New support request tab).
    pub fn draft_other_ticket(
        &self,
        reservation_id: &str,
        summary: &str,
        description: &str,
    ) -> Result<TicketView, DeskError> {
        if summary.trim().is_empty() {
            return Err(InvalidValue::new(
                "summary",
                "a request needs a one-line summary",
                summary,
            )
            .into());
        }
        let mut s = self.store();
        let rec = record(&s, reservation_id)?;
        let r = &rec.reservation;
        let draft = TicketDraft {
            basics: billing_basics(r.billing_subscription_id.as_str()),
            problem: Problem {
                problem_type: PROBLEM_TYPE.into(),
                category: "Other reservation management".into(),
                summary: summary.trim().to_string(),
                description: format!(
                    "Customer: {} (tenant ID {})\nReservation ID: {}\nReservation order ID: {}\n\n{}",
                    rec.customer_name, rec.order.tenant_id, r.id, r.order_id, description.trim()
                ),
            },
            contact: contact(&s)?,
        };
        let now = self.clock.stamp();
        save_draft(
            &mut s,
            NewTicket {
                tenant_id: rec.order.tenant_id.as_str(),
                reservation_id: Some(r.id.as_str()),
                kind: TicketKind::Other,
                now: &now,
                draft: &draft,
                returns: vec![],
                quote_on: None,
                quantity: None,
                amount: None,
                currency: None,
                amount_usd: None,
            },
        )
    }

    /// Every ticket, newest first.
    pub fn tickets(&self) -> Result<Vec<TicketView>, DeskError> {
        Ok(store::tickets::list(self.store().conn())?
            .into_iter()
            .map(view)
            .collect())
    }

    /// One ticket.
    pub fn ticket(&self, id: u32) -> Result<TicketView, DeskError> {
        Ok(view(ticket_row(&self.store(), id)?))
    }

    /// Saves an edited draft; its contact details are remembered for the next ticket.
    pub fn update_ticket(&self, id: u32, draft: &TicketDraft) -> Result<TicketView, DeskError> {
        let draft = &draft.plain();
        draft.contact.validate()?;
        let mut s = self.store();
        let row = ticket_row(&s, id)?;
        if row.status != TicketStatus::Draft {
            return Err(InvalidValue::new(
                "status",
                "only a draft can be edited",
                row.status.as_str(),
            )
            .into());
        }
        let now = self.clock.stamp();
        let contact_json = serde_json::to_string(&draft.contact).unwrap_or_default();
        s.write(|tx| -> Result<(), DeskError> {
            store::tickets::update_draft(tx, &row, draft, &now)?;
            store::settings::set(tx, CONTACT_KEY, &contact_json)?;
            store::audit::record(
                tx,
                &now,
                "ticket.edit",
                &format!("ticket {id}"),
                Some(&row.draft.problem.summary),
                Some(&draft.problem.summary),
            )?;
            Ok(())
        })?;
        Ok(view(ticket_row(&s, id)?))
    }

    /// Moves a ticket on: submitted needs Microsoft's ticket number; resolving a refund or an
    /// exchange records it in the customer's ledger on `on`, in the same transaction.
    pub fn move_ticket(
        &self,
        id: u32,
        to: TicketStatus,
        ms_number: Option<&str>,
        on: NaiveDate,
    ) -> Result<TicketView, DeskError> {
        let mut s = self.store();
        let row = ticket_row(&s, id)?;
        if !row.status.can_move_to(to) {
            return Err(InvalidValue::new(
                "status",
                format!(
                    "a {} ticket cannot become {}",
                    row.status.as_str(),
                    to.as_str()
                ),
                to.as_str(),
            )
            .into());
        }
        let number = ms_number.map(str::trim).filter(|n| !n.is_empty());
        if to == TicketStatus::Submitted && number.is_none() {
            return Err(InvalidValue::new(
                "ms_ticket_number",
                "enter Microsoft's support request number",
                "",
            )
            .into());
        }
        let now = self.clock.stamp();
        s.write(|tx| -> Result<(), DeskError> {
            store::tickets::set_status(tx, row.id, to, number, &now)?;
            if to == TicketStatus::Resolved && row.kind != TicketKind::Other {
                let currency = row.currency.clone().unwrap_or_default();
                for ret in &row.returns {
                    store::ledger::record(
                        tx,
                        &NewEntry {
                            tenant_id: &row.tenant_id,
                            reservation_id: &ret.reservation_id,
                            exchange: row.kind == TicketKind::Exchange,
                            date: on,
                            quantity: ret.quantity,
                            amount: &ret.amount,
                            currency: &currency,
                            amount_usd: &ret.amount_usd,
                            ticket_id: Some(row.id),
                            source_key: None,
                        },
                    )?;
                }
            }
            store::audit::record(
                tx,
                &now,
                "ticket.status",
                &format!("ticket {id}"),
                Some(row.status.as_str()),
                Some(to.as_str()),
            )?;
            Ok(())
        })?;
        Ok(view(ticket_row(&s, id)?))
    }

    /// Records a refund Microsoft processed outside the app (history the limit must count).
    pub fn record_past_refund(
        &self,
        reservation_id: &str,
        quantity: Option<u32>,
        on: NaiveDate,
    ) -> Result<(), DeskError> {
        let quote = self.refund_quote(reservation_id, quantity, on)?;
        let canceled = quoted(&quote.canceled_commitment)?;
        let canceled_usd = quoted(&quote.canceled_commitment_usd)?;
        let tenant = TenantId::parse(&quote.customer_id)?;
        let now = self.clock.stamp();
        self.store().write(|tx| -> Result<(), DeskError> {
            store::ledger::record(
                tx,
                &NewEntry {
                    tenant_id: tenant.as_str(),
                    reservation_id: &quote.reservation_id,
                    exchange: false,
                    date: on,
                    quantity: quote.quantity,
                    amount: &canceled.amount,
                    currency: &canceled.currency,
                    amount_usd: &canceled_usd.amount,
                    ticket_id: None,
                    source_key: None,
                },
            )?;
            store::audit::record(
                tx,
                &now,
                "ledger.refund",
                &quote.reservation_id,
                None,
                Some(&canceled_usd.amount),
            )?;
            Ok(())
        })
    }

    /// Every dated policy value.
    pub fn policy_values(&self) -> Result<Vec<PolicyValue>, DeskError> {
        Ok(store::policy::list(self.store().conn())?)
    }

    /// Adds (or replaces) a dated policy value; quotes on or after `from` use it.
    pub fn set_policy_value(
        &self,
        key: &str,
        value: &str,
        from: NaiveDate,
        source: &str,
    ) -> Result<Vec<PolicyValue>, DeskError> {
        let key = PolicyKey::parse(key)?;
        key.validate(value)?;
        let v = PolicyValue {
            key,
            value: value.trim().to_string(),
            effective_from: from,
            source: if source.trim().is_empty() {
                "Changed in Reservation Desk".into()
            } else {
                source.trim().to_string()
            },
        };
        let now = self.clock.stamp();
        let mut s = self.store();
        s.write(|tx| -> Result<(), DeskError> {
            let before = store::policy::upsert(tx, &v)?;
            store::audit::record(
                tx,
                &now,
                "policy.set",
                &format!("{} from {}", key.as_str(), from),
                before.as_deref(),
                Some(&v.value),
            )?;
            Ok(())
        })?;
        Ok(store::policy::list(s.conn())?)
    }

    /// The user's price catalog.
    pub fn catalog(&self) -> Result<Vec<CatalogEntryView>, DeskError> {
        Ok(store::catalog::list(self.store().conn())?
            .into_iter()
            .map(|e| CatalogEntryView {
                sku: e.sku,
                region: e.region,
                term: e.term,
                resource_type: e.resource_type,
                unit_price: e.unit_price.amount.to_string(),
                currency: e.unit_price.currency.to_string(),
                source: e.source,
                priced_on: e.priced_on,
            })
            .collect())
    }

    /// Adds or updates a catalog price.
    pub fn set_catalog_entry(
        &self,
        e: &CatalogEntryView,
    ) -> Result<Vec<CatalogEntryView>, DeskError> {
        let amount = parse_decimal("unit_price", &e.unit_price)?;
        if amount.is_sign_negative() {
            return Err(InvalidValue::new(
                "unit_price",
                "a price cannot be negative",
                &e.unit_price,
            )
            .into());
        }
        if e.sku.trim().is_empty() || e.region.trim().is_empty() {
            return Err(
                InvalidValue::new("sku", "the SKU and region cannot be empty", &e.sku).into(),
            );
        }
        let entry = CatalogEntry {
            sku: e.sku.trim().to_string(),
            region: e.region.trim().to_ascii_lowercase(),
            term: e.term,
            resource_type: ResourceType::parse(e.resource_type.as_str())?,
            unit_price: Money::new(amount, Currency::parse(&e.currency)?),
            source: PriceSource::Entered,
            priced_on: Some(self.clock.today()),
        };
        let now = self.clock.stamp();
        self.store().write(|tx| -> Result<(), DeskError> {
            store::catalog::upsert(tx, &entry)?;
            store::audit::record(
                tx,
                &now,
                "catalog.set",
                &format!("{} {} {}", entry.sku, entry.region, entry.term),
                None,
                Some(&entry.unit_price.to_string()),
            )?;
            Ok(())
        })?;
        self.catalog()
    }

    /// The policy values in force on `on`.
    pub fn policy_in_force(&self, on: NaiveDate) -> Result<Vec<PolicyValue>, DeskError> {
        let s = self.store();
        let p = policy_on(&s, on)?;
        Ok(vec![
            p.refund_limit_usd,
            p.refund_window_days,
            p.fee_rate,
            p.exchange_cutover,
            p.non_refundable,
            p.savings_plan_covered,
        ])
    }
}

/// A figure of a quote, or why nothing can be drafted or recorded from it: a figure computed
/// from an unknown price is never pasted into a request to Microsoft.
fn quoted(figure: &Option<MoneyView>) -> Result<&MoneyView, DeskError> {
    figure.as_ref().ok_or_else(|| {
        InvalidValue::new(
            "price",
            "a reservation whose price is known: import the reservation order with its payment schedule, or a cost-details export with its purchase row",
            "unknown",
        )
        .into()
    })
}
