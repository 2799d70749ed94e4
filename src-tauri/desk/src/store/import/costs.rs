//! Merging cost rows (purchases, refunds, usage) and refund-ledger entries.

use super::{fingerprint, problem, Merged, Writer};
use crate::domain::money::round_cents;
use crate::records::sink::Loc;
use crate::records::{ChargeKind, CostRec, Entity, LedgerRec};
use crate::store::costs::{self, CostKey};
use crate::store::ledger::{self, NewEntry};
use crate::store::{customers, reservations, StoreError};
use rust_decimal::prelude::ToPrimitive;

impl Writer<'_> {
    pub(super) fn cost(&mut self, c: CostRec, loc: &Loc) -> Merged {
        if let Some(t) = &c.tenant_id {
            if self.order_tenant(c.order_id.as_str())?.is_none()
                && customers::exists(self.tx, t.as_str())?
            {
                // A CSP export names the customer: remember whose order this is.
                reservations::add_owner(self.tx, c.order_id.as_str(), t.as_str())?;
                self.order_tenant
                    .insert(c.order_id.to_string(), Some(t.to_string()));
            }
        }
        let res = c.reservation_id.as_ref().map_or("", |r| r.as_str());
        let day = c.day.to_string();
        let id = format!(
            "{}/{res}/{day}/{}/{}",
            c.order_id,
            c.kind.as_str(),
            c.line_key
        );
        let values = (
            c.amount.amount.normalize().to_string(),
            c.amount.currency.as_str().to_string(),
            c.amount_usd.map(|d| d.normalize().to_string()),
            c.quantity.map(|d| d.normalize().to_string()),
        );
        self.check_duplicate(3, &id, fingerprint(&values), loc, "cost row")?;
        let key = CostKey {
            order_id: c.order_id.as_str(),
            reservation_id: res,
            day: &day,
            kind: c.kind.as_str(),
            line_key: &c.line_key,
        };
        let existing = costs::stored(self.tx, key)?;
        self.merge(Entity::Costs, existing.as_ref(), &values, |tx| {
            costs::write(tx, key, &values)
        })?;
        match c.kind {
            ChargeKind::Purchase => {
                // A purchase row tells the plan (its frequency) and often the term: they fill
                // an order that was known only from its reservations.
                if reservations::fill_order_plan(
                    self.tx,
                    c.order_id.as_str(),
                    c.billing_plan.map(|b| b.as_str()),
                    c.term.map(|t| t.as_str()),
                )? {
                    self.count(Entity::Orders).updated += 1;
                }
                self.priced_orders.insert(c.order_id.to_string());
            }
            ChargeKind::Refund => self.refund_from_cost(&c, &id)?,
            ChargeKind::Usage | ChargeKind::Unused => {}
        }
        Ok(())
    }

    /// A refund row of a cost export is a refund Microsoft processed: it enters the ledger the
    /// limit counts (once, whatever the number of imports) when its customer, reservation and
    /// USD amount are known.
    fn refund_from_cost(&mut self, c: &CostRec, id: &str) -> Result<(), StoreError> {
        let Some(res) = &c.reservation_id else {
            self.push_warning(format!("refund of order {} on {} names no reservation: not counted against the refund limit", c.order_id, c.day));
            return Ok(());
        };
        let Some(tenant) = self.order_tenant(c.order_id.as_str())? else {
            self.push_warning(format!("refund of reservation {res} on {}: its customer is unknown, so it is not counted against the refund limit", c.day));
            return Ok(());
        };
        let amount = c.amount.amount.abs();
        let usd = match c.amount_usd {
            Some(u) => u.abs(),
            None if c.amount.currency.as_str() == "USD" => amount,
            None => {
                self.push_warning(format!("refund of reservation {res} on {} is in {} without a USD amount: not counted against the refund limit", c.day, c.amount.currency));
                return Ok(());
            }
        };
        let quantity = c.quantity.and_then(|q| q.abs().to_u32()).unwrap_or(0);
        let source = format!("cost:{id}");
        let added = ledger::record(
            self.tx,
            &NewEntry {
                tenant_id: &tenant,
                reservation_id: res.as_str(),
                exchange: false,
                date: c.day,
                quantity,
                amount: &round_cents(amount).to_string(),
                currency: c.amount.currency.as_str(),
                amount_usd: &round_cents(usd).to_string(),
                ticket_id: None,
                source_key: Some(&source),
            },
        )?;
        self.tally(Entity::Refunds, !added, false);
        Ok(())
    }

    pub(super) fn ledger(&mut self, l: LedgerRec) -> Merged {
        if !customers::exists(self.tx, l.tenant_id.as_str())? {
            return Err(problem(
                "tenant_id",
                Some(l.tenant_id.to_string()),
                "a customer listed earlier in the file",
            )
            .into());
        }
        let added = ledger::record(
            self.tx,
            &NewEntry {
                tenant_id: l.tenant_id.as_str(),
                reservation_id: l.reservation_id.as_str(),
                exchange: l.kind == "exchange",
                date: l.date,
                quantity: l.quantity,
                amount: &l.amount.amount.to_string(),
                currency: l.amount.currency.as_str(),
                amount_usd: &l.amount_usd.to_string(),
                ticket_id: None,
                source_key: Some(&l.source_key),
            },
        )?;
        self.tally(Entity::Refunds, !added, false);
        Ok(())
    }
}
