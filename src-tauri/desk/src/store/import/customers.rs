//! Merging customers and subscriptions, and what the import learns about a customer.

use super::{fingerprint, problem, Merged, Writer};
use crate::records::sink::Loc;
use crate::records::{CustomerRec, Entity, SubscriptionRec};
use crate::store::customers::{self, StoredCustomer, StoredSubscription};
use crate::store::{reservations, StoreError};

impl Writer<'_> {
    /// Makes sure a customer row exists for `tenant` (a `--customer` not yet in the store gets a
    /// placeholder named after its tenant ID, with a warning).
    pub(super) fn ensure_customer(&mut self, tenant: &str) -> Result<(), StoreError> {
        if customers::exists(self.tx, tenant)? {
            return Ok(());
        }
        customers::write(
            self.tx,
            &StoredCustomer {
                tenant_id: tenant.to_string(),
                name: tenant.to_string(),
                primary_domain: String::new(),
                billing_currency: "USD".into(),
                country: "ZZ".into(),
            },
        )?;
        self.count(Entity::Customers).added += 1;
        self.push_warning(format!(
            "customer {tenant} was not in the store: added with its tenant ID as name and USD billing; import the Partner Center customers list to complete it"
        ));
        Ok(())
    }

    pub(super) fn customer(&mut self, c: CustomerRec, loc: &Loc) -> Merged {
        let Some(tenant) = c.tenant_id.clone() else {
            return Err(problem("tenantId", None, "the customer's tenant ID (a GUID)").into());
        };
        self.check_duplicate(0, tenant.as_str(), fingerprint(&c), loc, "customer")?;
        let existing = customers::stored(self.tx, tenant.as_str())?;
        let merged = match &existing {
            Some(e) => StoredCustomer {
                tenant_id: e.tenant_id.clone(),
                name: c.name.clone().unwrap_or_else(|| e.name.clone()),
                primary_domain: c
                    .primary_domain
                    .clone()
                    .unwrap_or_else(|| e.primary_domain.clone()),
                billing_currency: c
                    .billing_currency
                    .map_or_else(|| e.billing_currency.clone(), |x| x.as_str().to_string()),
                country: c.country.clone().unwrap_or_else(|| e.country.clone()),
            },
            None => StoredCustomer {
                tenant_id: tenant.to_string(),
                name: c
                    .name
                    .clone()
                    .or_else(|| c.primary_domain.clone())
                    .unwrap_or_else(|| tenant.to_string()),
                primary_domain: c.primary_domain.clone().unwrap_or_default(),
                billing_currency: c
                    .billing_currency
                    .map_or_else(|| "USD".to_string(), |x| x.as_str().to_string()),
                country: c.country.clone().unwrap_or_else(|| "ZZ".into()),
            },
        };
        self.merge(Entity::Customers, existing.as_ref(), &merged, |tx| {
            customers::write(tx, &merged)
        })?;
        Ok(())
    }

    pub(super) fn subscription(&mut self, s: SubscriptionRec) -> Merged {
        let existing = customers::stored_subscription(self.tx, s.id.as_str())?;
        let tenant = s
            .tenant_id
            .as_ref()
            .map(|t| t.to_string())
            .or_else(|| existing.as_ref().map(|e| e.tenant_id.clone()))
            .or_else(|| self.customer.as_ref().map(|t| t.to_string()));
        let Some(tenant) = tenant else {
            self.count(Entity::Subscriptions).skipped += 1;
            self.push_warning(format!(
                "subscription {} skipped: its customer is unknown (pass --customer TENANT_ID)",
                s.id
            ));
            return Ok(());
        };
        self.ensure_customer(&tenant)?;
        let merged = StoredSubscription {
            id: s.id.to_string(),
            tenant_id: tenant,
            display_name: s
                .display_name
                .clone()
                .or_else(|| existing.as_ref().map(|e| e.display_name.clone()))
                .unwrap_or_else(|| s.id.to_string()),
            state: s
                .state
                .map(|x| x.as_str().to_string())
                .or_else(|| existing.as_ref().map(|e| e.state.clone()))
                .unwrap_or_else(|| "Active".into()),
        };
        self.merge(Entity::Subscriptions, existing.as_ref(), &merged, |tx| {
            customers::write_subscription(tx, &merged)
        })?;
        Ok(())
    }

    /// Partner Center customer lists carry no billing currency, so a customer added from one
    /// is billed in USD until a priced order says otherwise: when every priced order of the
    /// customer is in one other currency, that is the customer's billing currency.
    pub(super) fn learn_currency(
        &mut self,
        tenant: &str,
        currency: &str,
    ) -> Result<(), StoreError> {
        if self.customer_currency(tenant)? == currency {
            return Ok(());
        }
        if reservations::priced_orders_in_other_currency(self.tx, tenant, currency)? == 0 {
            customers::set_billing_currency(self.tx, tenant, currency)?;
            self.push_warning(format!(
                "customer {tenant} is billed in {currency}, as its orders are"
            ));
        }
        Ok(())
    }

    pub(super) fn customer_currency(&self, tenant: &str) -> Result<String, StoreError> {
        Ok(customers::billing_currency(self.tx, tenant)?.unwrap_or_else(|| "USD".into()))
    }
}
