//! The import writer: merges parsed records into the store inside the import's transaction and
//! counts what was added, updated, unchanged or skipped. A field a record does not carry never
//! erases a stored one. Daily utilization is summed per reservation and day in memory (bounded:
//! past [`UTIL_FLUSH_ENTRIES`] entries it spills into a temporary table), then merged once per
//! file.

use super::{utilization, StoreError};
use crate::domain::ids::TenantId;
use crate::domain::money::round_cents;
use crate::records::report::{EntityCounts, FileReport};
use crate::records::sink::{Loc, Sink, SinkError, SinkProblem};
use crate::records::{
    AggregatesRec, AssignmentRec, ChargeKind, CostRec, CustomerRec, Entity, LedgerRec, LineageRec,
    OrderRec, Record, ReservationRec, SubscriptionRec, UtilizationDayRec, UtilizationMonthRec,
};
use chrono::{Datelike, NaiveDate};
use rusqlite::{params, OptionalExtension, Transaction};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};

/// How many reservation-days are summed in memory before spilling to a temporary table (about
/// 60 MB: 2^20 hash buckets of 57 bytes hold up to 917,504 entries).
pub const UTIL_FLUSH_ENTRIES: usize = 900_000;

/// The page cache used while importing (KiB): large enough that inserting a million days does
/// not thrash, small enough to keep peak memory well under 200 MB.
const IMPORT_CACHE_KIB: i64 = 32 * 1024;

#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    added: u32,
    updated: u32,
    unchanged: u32,
    skipped: u32,
}

/// One reservation-day being summed: micro-hours, and the instances seen (hash, used, line).
/// Kept small (48 bytes): a million of them are held at once.
#[derive(Debug)]
struct Acc {
    reserved: i64,
    used: i64,
    first: (u64, i64, u32),
    // Boxed: 8 bytes instead of 24 in the common one-instance case.
    #[allow(clippy::box_collection)]
    more: Option<Box<Vec<(u64, i64, u32)>>>,
}

/// A reservation-day as one integer: the store key in the high bits, the day number in the low
/// 32 bits.
fn day_key(key: i64, day: NaiveDate) -> u64 {
    (u64::try_from(key).unwrap_or(0) << 32) | u64::from(day.num_days_from_ce().unsigned_abs())
}

fn split_day_key(k: u64) -> (i64, NaiveDate) {
    let key = i64::try_from(k >> 32).unwrap_or(0);
    let days = i32::try_from(k & 0xFFFF_FFFF).unwrap_or(0);
    (
        key,
        NaiveDate::from_num_days_from_ce_opt(days).unwrap_or(NaiveDate::MIN),
    )
}

/// Merges records into the store; one per import.
pub struct Writer<'t> {
    tx: &'t Transaction<'t>,
    customer: Option<TenantId>,
    file: FileReport,
    counts: BTreeMap<Entity, Counts>,
    order_tenant: HashMap<String, Option<String>>,
    res_keys: HashMap<String, Option<i64>>,
    unknown_reservations: HashSet<String>,
    util: HashMap<u64, Acc>,
    util_spilled: bool,
    util_window: usize,
    touched: HashSet<i64>,
    priced_orders: HashSet<String>,
    seen_in_file: HashMap<(u8, String), (u64, String)>,
    today: NaiveDate,
}

fn fingerprint<T: std::fmt::Debug>(v: &T) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    format!("{v:?}").hash(&mut h);
    h.finish()
}

fn hash_str(s: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

fn micro(d: Decimal) -> i64 {
    (d * Decimal::from(1_000_000))
        .round()
        .to_i64()
        .unwrap_or(i64::MAX)
}

fn from_micro(m: i64) -> String {
    Decimal::new(m, 6).normalize().to_string()
}

fn problem(field: &str, found: Option<String>, expected: impl Into<String>) -> SinkProblem {
    SinkProblem {
        field: field.to_string(),
        found,
        expected: expected.into(),
    }
}

fn loc_text(loc: &Loc) -> String {
    match (&loc.line, &loc.path) {
        (Some(l), _) => format!("line {l}"),
        (None, Some(p)) => p.clone(),
        (None, None) => "earlier".into(),
    }
}

/// A stored order, as merging needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct OrderRow {
    tenant_id: String,
    display_name: String,
    term: String,
    billing_plan: String,
    purchase_date: String,
    benefit_start: String,
    expiry_date: String,
    original_quantity: u32,
    total_price: String,
    currency: String,
    total_price_usd: String,
    price_known: bool,
}

/// A stored reservation, as merging needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ResRow {
    order_id: String,
    tenant_id: String,
    display_name: String,
    resource_type: String,
    sku: String,
    region: String,
    quantity: u32,
    scope_type: String,
    scope_target: Option<String>,
    billing_subscription_id: String,
    instance_flexibility: bool,
    renew: bool,
    provisioning_state: String,
    expiry_date: String,
}

impl std::fmt::Debug for Writer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer")
            .field("file", &self.file.file)
            .finish_non_exhaustive()
    }
}

impl<'t> Writer<'t> {
    /// A writer for one import. `customer` is `--customer`; `today` dates aggregates that come
    /// without a date.
    pub fn new(tx: &'t Transaction<'t>, customer: Option<TenantId>, today: NaiveDate) -> Self {
        // A failed pragma only costs speed.
        let _ = tx.pragma_update(None, "cache_size", -IMPORT_CACHE_KIB);
        Self {
            tx,
            customer,
            file: FileReport::default(),
            counts: BTreeMap::new(),
            order_tenant: HashMap::new(),
            res_keys: HashMap::new(),
            unknown_reservations: HashSet::new(),
            util: HashMap::new(),
            util_spilled: false,
            util_window: UTIL_FLUSH_ENTRIES,
            touched: HashSet::new(),
            priced_orders: HashSet::new(),
            seen_in_file: HashMap::new(),
            today,
        }
    }

    /// Sets how many reservation-days are summed in memory before spilling (at least one); tests
    /// use a small window to exercise the spill path.
    #[must_use]
    pub fn with_util_window(mut self, entries: usize) -> Self {
        self.util_window = entries.max(1);
        self
    }

    /// Starts counting for a new file.
    pub fn begin_file(&mut self, file: &str, format: &str) {
        self.file = FileReport {
            file: file.to_string(),
            format: format.to_string(),
            ..FileReport::default()
        };
        self.counts.clear();
        self.seen_in_file.clear();
    }

    /// Finishes the current file (merging its utilization) and returns its report.
    pub fn end_file(&mut self, rows: u64) -> Result<FileReport, StoreError> {
        self.merge_utilization()?;
        let mut report = std::mem::take(&mut self.file);
        report.rows = u32::try_from(rows).unwrap_or(u32::MAX);
        report.entities = self
            .counts
            .iter()
            .map(|(e, c)| EntityCounts {
                entity: e.as_str().to_string(),
                added: c.added,
                updated: c.updated,
                unchanged: c.unchanged,
                skipped: c.skipped,
            })
            .collect();
        Ok(report)
    }

    /// Work after the last file: refreshes the 1/7/30-day figures of reservations whose days
    /// changed, prices orders from imported purchase rows and learns their customers' billing
    /// currency. Returns the warnings of that work.
    pub fn finish(mut self) -> Result<Vec<String>, StoreError> {
        for key in &self.touched {
            utilization::refresh_aggregates(self.tx, *key)?;
        }
        self.file = FileReport::default();
        let mut orders: Vec<String> = self.priced_orders.drain().collect();
        orders.sort_unstable();
        for order in orders {
            if let Some((tenant, currency)) = price_from_purchases(self.tx, &order)? {
                self.learn_currency(&tenant, &currency)?;
            }
        }
        Ok(std::mem::take(&mut self.file.warnings))
    }

    fn count(&mut self, e: Entity) -> &mut Counts {
        self.counts.entry(e).or_default()
    }

    fn tally(&mut self, e: Entity, before_exists: bool, changed: bool) {
        let c = self.count(e);
        match (before_exists, changed) {
            (false, _) => c.added += 1,
            (true, true) => c.updated += 1,
            (true, false) => c.unchanged += 1,
        }
    }

    fn push_warning(&mut self, w: String) {
        self.file.warn(w);
    }

    /// A record seen twice in one file must say the same both times.
    fn check_duplicate(
        &mut self,
        kind: u8,
        id: &str,
        fp: u64,
        loc: &Loc,
        what: &str,
    ) -> Result<bool, SinkProblem> {
        match self.seen_in_file.get(&(kind, id.to_string())) {
            Some((old, _)) if *old == fp => Ok(true),
            Some((_, first)) => Err(problem(
                what,
                Some(id.to_string()),
                format!("each {what} once per file, or the same values each time (it first appears at {first} with other values)"),
            )),
            None => {
                self.seen_in_file
                    .insert((kind, id.to_string()), (fp, loc_text(loc)));
                Ok(false)
            }
        }
    }

    fn customer_exists(&self, tenant: &str) -> Result<bool, StoreError> {
        Ok(self
            .tx
            .prepare_cached("SELECT 1 FROM customers WHERE tenant_id = ?1")?
            .query_row([tenant], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Makes sure a customer row exists for `tenant` (a `--customer` not yet in the store gets a
    /// placeholder named after its tenant ID, with a warning).
    fn ensure_customer(&mut self, tenant: &str) -> Result<(), StoreError> {
        if self.customer_exists(tenant)? {
            return Ok(());
        }
        self.tx
            .prepare_cached(
                "INSERT INTO customers (tenant_id, name, primary_domain, billing_currency, country)
                 VALUES (?1, ?1, '', 'USD', 'ZZ')",
            )?
            .execute([tenant])?;
        self.count(Entity::Customers).added += 1;
        self.push_warning(format!(
            "customer {tenant} was not in the store: added with its tenant ID as name and USD billing; import the Partner Center customers list to complete it"
        ));
        Ok(())
    }

    fn order_tenant(&mut self, order: &str) -> Result<Option<String>, StoreError> {
        if let Some(t) = self.order_tenant.get(order) {
            return Ok(t.clone());
        }
        let t: Option<String> = self
            .tx
            .prepare_cached(
                "SELECT tenant_id FROM reservation_orders WHERE order_id = ?1
                 UNION ALL SELECT tenant_id FROM order_owners WHERE order_id = ?1 LIMIT 1",
            )?
            .query_row([order], |r| r.get(0))
            .optional()?;
        self.order_tenant.insert(order.to_string(), t.clone());
        Ok(t)
    }

    fn reservation_key(&mut self, id: &str) -> Result<Option<i64>, StoreError> {
        if let Some(k) = self.res_keys.get(id) {
            return Ok(*k);
        }
        let k: Option<i64> = self
            .tx
            .prepare_cached("SELECT key FROM reservations WHERE reservation_id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?;
        self.res_keys.insert(id.to_string(), k);
        Ok(k)
    }

    fn unknown_reservation(&mut self, entity: Entity, id: &str) {
        self.count(entity).skipped += 1;
        if self.unknown_reservations.insert(id.to_string()) {
            self.push_warning(format!(
                "reservation {id} is not in the store: its {} rows were skipped (import its Azure reservation list first)",
                entity.as_str()
            ));
        }
    }

    fn customer(
        &mut self,
        c: CustomerRec,
        loc: &Loc,
    ) -> Result<Result<(), SinkProblem>, StoreError> {
        let Some(tenant) = c.tenant_id.clone() else {
            return Ok(Err(problem(
                "tenantId",
                None,
                "the customer's tenant ID (a GUID)",
            )));
        };
        if let Err(p) = self.check_duplicate(0, tenant.as_str(), fingerprint(&c), loc, "customer") {
            return Ok(Err(p));
        }
        let existing: Option<(String, String, String, String)> = self
            .tx
            .prepare_cached(
                "SELECT name, primary_domain, billing_currency, country FROM customers WHERE tenant_id = ?1",
            )?
            .query_row([tenant.as_str()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .optional()?;
        let merged = match &existing {
            Some((name, domain, currency, country)) => (
                c.name.clone().unwrap_or_else(|| name.clone()),
                c.primary_domain.clone().unwrap_or_else(|| domain.clone()),
                c.billing_currency
                    .map_or_else(|| currency.clone(), |x| x.as_str().to_string()),
                c.country.clone().unwrap_or_else(|| country.clone()),
            ),
            None => (
                c.name
                    .clone()
                    .or_else(|| c.primary_domain.clone())
                    .unwrap_or_else(|| tenant.to_string()),
                c.primary_domain.clone().unwrap_or_default(),
                c.billing_currency
                    .map_or_else(|| "USD".to_string(), |x| x.as_str().to_string()),
                c.country.clone().unwrap_or_else(|| "ZZ".into()),
            ),
        };
        let changed = existing.as_ref() != Some(&merged);
        if changed {
            self.tx
                .prepare_cached(
                    "INSERT INTO customers (tenant_id, name, primary_domain, billing_currency, country)
                     VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT (tenant_id) DO UPDATE SET name = excluded.name,
                       primary_domain = excluded.primary_domain,
                       billing_currency = excluded.billing_currency, country = excluded.country",
                )?
                .execute(params![tenant.as_str(), merged.0, merged.1, merged.2, merged.3])?;
        }
        self.tally(Entity::Customers, existing.is_some(), changed);
        Ok(Ok(()))
    }

    fn subscription(&mut self, s: SubscriptionRec) -> Result<Result<(), SinkProblem>, StoreError> {
        let existing: Option<(String, String, String)> = self
            .tx
            .prepare_cached(
                "SELECT tenant_id, display_name, state FROM subscriptions WHERE subscription_id = ?1",
            )?
            .query_row([s.id.as_str()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        let tenant = s
            .tenant_id
            .as_ref()
            .map(|t| t.to_string())
            .or_else(|| existing.as_ref().map(|e| e.0.clone()))
            .or_else(|| self.customer.as_ref().map(|t| t.to_string()));
        let Some(tenant) = tenant else {
            self.count(Entity::Subscriptions).skipped += 1;
            self.push_warning(format!(
                "subscription {} skipped: its customer is unknown (pass --customer TENANT_ID)",
                s.id
            ));
            return Ok(Ok(()));
        };
        self.ensure_customer(&tenant)?;
        let merged = (
            tenant,
            s.display_name
                .clone()
                .or_else(|| existing.as_ref().map(|e| e.1.clone()))
                .unwrap_or_else(|| s.id.to_string()),
            s.state
                .map(|x| x.as_str().to_string())
                .or_else(|| existing.as_ref().map(|e| e.2.clone()))
                .unwrap_or_else(|| "Active".into()),
        );
        let changed = existing.as_ref() != Some(&merged);
        if changed {
            self.tx
                .prepare_cached(
                    "INSERT INTO subscriptions (subscription_id, tenant_id, display_name, state)
                     VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (subscription_id) DO UPDATE SET tenant_id = excluded.tenant_id,
                       display_name = excluded.display_name, state = excluded.state",
                )?
                .execute(params![s.id.as_str(), merged.0, merged.1, merged.2])?;
        }
        self.tally(Entity::Subscriptions, existing.is_some(), changed);
        Ok(Ok(()))
    }

    fn load_order(&self, id: &str) -> Result<Option<OrderRow>, StoreError> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT tenant_id, display_name, term, billing_plan, purchase_date, benefit_start,
                   expiry_date, original_quantity, total_price, currency, total_price_usd, price_known
                 FROM reservation_orders WHERE order_id = ?1",
            )?
            .query_row([id], |r| {
                Ok(OrderRow {
                    tenant_id: r.get(0)?,
                    display_name: r.get(1)?,
                    term: r.get(2)?,
                    billing_plan: r.get(3)?,
                    purchase_date: r.get(4)?,
                    benefit_start: r.get(5)?,
                    expiry_date: r.get(6)?,
                    original_quantity: r.get(7)?,
                    total_price: r.get(8)?,
                    currency: r.get(9)?,
                    total_price_usd: r.get(10)?,
                    price_known: r.get(11)?,
                })
            })
            .optional()?)
    }

    fn write_order(&mut self, id: &str, o: &OrderRow) -> Result<(), StoreError> {
        self.tx
            .prepare_cached(
                "INSERT INTO reservation_orders (order_id, tenant_id, display_name, term,
                   billing_plan, purchase_date, benefit_start, expiry_date, original_quantity,
                   total_price, currency, total_price_usd, price_known)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
                 ON CONFLICT (order_id) DO UPDATE SET tenant_id = excluded.tenant_id,
                   display_name = excluded.display_name, term = excluded.term,
                   billing_plan = excluded.billing_plan, purchase_date = excluded.purchase_date,
                   benefit_start = excluded.benefit_start, expiry_date = excluded.expiry_date,
                   original_quantity = excluded.original_quantity,
                   total_price = excluded.total_price, currency = excluded.currency,
                   total_price_usd = excluded.total_price_usd, price_known = excluded.price_known",
            )?
            .execute(params![
                id,
                o.tenant_id,
                o.display_name,
                o.term,
                o.billing_plan,
                o.purchase_date,
                o.benefit_start,
                o.expiry_date,
                o.original_quantity,
                o.total_price,
                o.currency,
                o.total_price_usd,
                o.price_known
            ])?;
        self.order_tenant
            .insert(id.to_string(), Some(o.tenant_id.clone()));
        refresh_prices(self.tx, id)?;
        if o.price_known {
            self.learn_currency(&o.tenant_id, &o.currency)?;
        }
        Ok(())
    }

    /// Partner Center customer lists carry no billing currency, so a customer added from one
    /// is billed in USD until a priced order says otherwise: when every priced order of the
    /// customer is in one other currency, that is the customer's billing currency.
    fn learn_currency(&mut self, tenant: &str, currency: &str) -> Result<(), StoreError> {
        if self.customer_currency(tenant)? == currency {
            return Ok(());
        }
        let others: u32 = self
            .tx
            .prepare_cached(
                "SELECT count(*) FROM reservation_orders
                 WHERE tenant_id = ?1 AND price_known = 1 AND currency != ?2",
            )?
            .query_row(params![tenant, currency], |r| r.get(0))?;
        if others == 0 {
            self.tx
                .prepare_cached("UPDATE customers SET billing_currency = ?2 WHERE tenant_id = ?1")?
                .execute(params![tenant, currency])?;
            self.push_warning(format!(
                "customer {tenant} is billed in {currency}, as its orders are"
            ));
        }
        Ok(())
    }

    fn customer_currency(&self, tenant: &str) -> Result<String, StoreError> {
        Ok(self
            .tx
            .prepare_cached("SELECT billing_currency FROM customers WHERE tenant_id = ?1")?
            .query_row([tenant], |r| r.get(0))
            .optional()?
            .unwrap_or_else(|| "USD".into()))
    }

    fn order(&mut self, o: OrderRec, loc: &Loc) -> Result<Result<(), SinkProblem>, StoreError> {
        if let Err(p) =
            self.check_duplicate(1, o.id.as_str(), fingerprint(&o), loc, "reservation order")
        {
            return Ok(Err(p));
        }
        let existing = self.load_order(o.id.as_str())?;
        let known_tenant = match &existing {
            Some(e) => Some(e.tenant_id.clone()),
            None => self.order_tenant(o.id.as_str())?,
        };
        if let (Some(t), Some(k)) = (&o.tenant_id, &known_tenant) {
            if t.as_str() != k {
                return Ok(Err(problem(
                    "customer",
                    Some(t.to_string()),
                    format!("the order's customer as stored ({k}); an order cannot move between customers"),
                )));
            }
        }
        let tenant = o
            .tenant_id
            .as_ref()
            .map(|t| t.to_string())
            .or(known_tenant)
            .or_else(|| self.customer.as_ref().map(|t| t.to_string()));
        let Some(tenant) = tenant else {
            return Ok(Err(problem(
                "customer",
                None,
                "the order's customer: import the Partner Center entitlements first, or pass --customer TENANT_ID",
            )));
        };
        self.ensure_customer(&tenant)?;
        let has_order_data =
            o.term.is_some() || o.purchase_date.is_some() || o.expiry_date.is_some();
        if existing.is_none() && !has_order_data {
            // Only the link to the customer is known (Partner Center entitlements).
            let added = self
                .tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO order_owners (order_id, tenant_id) VALUES (?1, ?2)",
                )?
                .execute(params![o.id.as_str(), tenant])?
                > 0;
            self.order_tenant.insert(o.id.to_string(), Some(tenant));
            self.tally(Entity::Orders, !added, false);
            return Ok(Ok(()));
        }
        let currency = match &existing {
            Some(e) => e.currency.clone(),
            None => self.customer_currency(&tenant)?,
        };
        let merged = match merge_order(&o, existing.as_ref(), &tenant, &currency) {
            Ok(m) => m,
            Err(p) => return Ok(Err(p)),
        };
        let changed = existing.as_ref() != Some(&merged);
        if changed {
            self.write_order(o.id.as_str(), &merged)?;
        }
        self.tally(Entity::Orders, existing.is_some(), changed);
        Ok(Ok(()))
    }

    fn load_reservation(&self, id: &str) -> Result<Option<ResRow>, StoreError> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT order_id, tenant_id, display_name, resource_type, sku, region, quantity,
                   scope_type, scope_target, billing_subscription_id, instance_flexibility, renew,
                   provisioning_state, expiry_date
                 FROM reservations WHERE reservation_id = ?1",
            )?
            .query_row([id], |r| {
                Ok(ResRow {
                    order_id: r.get(0)?,
                    tenant_id: r.get(1)?,
                    display_name: r.get(2)?,
                    resource_type: r.get(3)?,
                    sku: r.get(4)?,
                    region: r.get(5)?,
                    quantity: r.get(6)?,
                    scope_type: r.get(7)?,
                    scope_target: r.get(8)?,
                    billing_subscription_id: r.get(9)?,
                    instance_flexibility: r.get(10)?,
                    renew: r.get(11)?,
                    provisioning_state: r.get(12)?,
                    expiry_date: r.get(13)?,
                })
            })
            .optional()?)
    }

    fn reservation(
        &mut self,
        r: ReservationRec,
        loc: &Loc,
    ) -> Result<Result<(), SinkProblem>, StoreError> {
        if let Err(p) = self.check_duplicate(2, r.id.as_str(), fingerprint(&r), loc, "reservation")
        {
            return Ok(Err(p));
        }
        let existing = self.load_reservation(r.id.as_str())?;
        let order_tenant = self.order_tenant(r.order_id.as_str())?;
        let stored_tenant = existing
            .as_ref()
            .map(|e| e.tenant_id.clone())
            .or(order_tenant);
        if let (Some(t), Some(k)) = (&r.tenant_id, &stored_tenant) {
            if t.as_str() != k {
                return Ok(Err(problem(
                    "customer",
                    Some(t.to_string()),
                    format!("the reservation's customer as stored ({k})"),
                )));
            }
        }
        let tenant = r
            .tenant_id
            .as_ref()
            .map(|t| t.to_string())
            .or(stored_tenant)
            .or_else(|| self.customer.as_ref().map(|t| t.to_string()));
        let Some(tenant) = tenant else {
            return Ok(Err(problem(
                "customer",
                Some(r.id.to_string()),
                "the reservation's customer: import the Partner Center entitlements first, or pass --customer TENANT_ID",
            )));
        };
        self.ensure_customer(&tenant)?;
        // The order: stored, or created from what the reservation says about it.
        let order = match self.load_order(r.order_id.as_str())? {
            Some(o) => o,
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
                        return Ok(Err(problem(
                            &p.field,
                            p.found,
                            format!("{} (the reservation's order {} is not in the store, so the reservation must carry it)", p.expected, r.order_id),
                        )))
                    }
                };
                self.write_order(r.order_id.as_str(), &o)?;
                self.count(Entity::Orders).added += 1;
                o
            }
        };
        let merged = match merge_reservation(&r, existing.as_ref(), &tenant, &order) {
            Ok(m) => m,
            Err(p) => return Ok(Err(p)),
        };
        let changed = existing.as_ref() != Some(&merged);
        if changed {
            let key: i64 = self
                .tx
                .prepare_cached(
                    "INSERT INTO reservations (reservation_id, order_id, tenant_id, display_name,
                       resource_type, sku, region, quantity, scope_type, scope_target,
                       billing_subscription_id, instance_flexibility, renew, provisioning_state,
                       expiry_date, price, price_usd)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, '0', '0')
                     ON CONFLICT (reservation_id) DO UPDATE SET order_id = excluded.order_id,
                       tenant_id = excluded.tenant_id, display_name = excluded.display_name,
                       resource_type = excluded.resource_type, sku = excluded.sku,
                       region = excluded.region, quantity = excluded.quantity,
                       scope_type = excluded.scope_type, scope_target = excluded.scope_target,
                       billing_subscription_id = excluded.billing_subscription_id,
                       instance_flexibility = excluded.instance_flexibility,
                       renew = excluded.renew, provisioning_state = excluded.provisioning_state,
                       expiry_date = excluded.expiry_date
                     RETURNING key",
                )?
                .query_row(
                    params![
                        r.id.as_str(),
                        merged.order_id,
                        merged.tenant_id,
                        merged.display_name,
                        merged.resource_type,
                        merged.sku,
                        merged.region,
                        merged.quantity,
                        merged.scope_type,
                        merged.scope_target,
                        merged.billing_subscription_id,
                        merged.instance_flexibility,
                        merged.renew,
                        merged.provisioning_state,
                        merged.expiry_date
                    ],
                    |row| row.get(0),
                )?;
            self.res_keys.insert(r.id.to_string(), Some(key));
            refresh_prices(self.tx, &merged.order_id)?;
        }
        self.tally(Entity::Reservations, existing.is_some(), changed);
        Ok(Ok(()))
    }

    fn utilization_day(
        &mut self,
        u: UtilizationDayRec,
        loc: &Loc,
    ) -> Result<Result<(), SinkProblem>, StoreError> {
        let Some(key) = self.reservation_key(u.reservation_id.as_str())? else {
            self.unknown_reservation(Entity::Utilization, u.reservation_id.as_str());
            return Ok(Ok(()));
        };
        let inst = u.instance.as_deref().map_or(0, hash_str);
        let used = micro(u.used_hours);
        let reserved = micro(u.reserved_hours);
        let line = loc.line.unwrap_or(0);
        let k = day_key(key, u.day);
        if !self.util.contains_key(&k) {
            // A day spilled earlier comes back into memory with its instances, so that a
            // duplicate row past the window is still recognised, not added twice.
            match self.load_spilled(key, u.day)? {
                Some(acc) => {
                    self.util.insert(k, acc);
                }
                None => {
                    self.util.insert(
                        k,
                        Acc {
                            reserved,
                            used,
                            first: (inst, used, line),
                            more: None,
                        },
                    );
                    return self.spill_if_full().map(Ok);
                }
            }
        }
        if let Some(acc) = self.util.get_mut(&k) {
            let seen = std::iter::once(&acc.first)
                .chain(acc.more.iter().flat_map(|m| m.iter()))
                .find(|(h, _, _)| *h == inst);
            match seen {
                Some((_, u0, _)) if *u0 == used => {}
                Some((_, _, l0)) => {
                    let first = if *l0 > 0 {
                        format!("line {l0}")
                    } else {
                        "an earlier row".into()
                    };
                    return Ok(Err(problem(
                        "UsedHours",
                        Some(u.used_hours.to_string()),
                        format!("one row per reservation, day and instance ({first} has the same reservation {}, day {} and instance with other hours)", u.reservation_id, u.day),
                    )));
                }
                None => {
                    acc.more
                        .get_or_insert_with(Box::default)
                        .push((inst, used, line));
                    acc.used = acc.used.saturating_add(used);
                    acc.reserved = acc.reserved.max(reserved);
                }
            }
        }
        self.spill_if_full().map(Ok)
    }

    fn spill_if_full(&mut self) -> Result<(), StoreError> {
        if self.util.len() >= self.util_window {
            self.spill()?;
        }
        Ok(())
    }

    /// The instances of a reservation-day already spilled in this file, as an in-memory sum.
    fn load_spilled(&self, key: i64, day: NaiveDate) -> Result<Option<Acc>, StoreError> {
        if !self.util_spilled {
            return Ok(None);
        }
        let rows: Vec<(i64, i64, i64, u32)> = self
            .tx
            .prepare_cached(
                "SELECT instance, reserved, used, line FROM temp.util_partial
                 WHERE reservation_key = ?1 AND day = ?2",
            )?
            .query_map(params![key, day.to_string()], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<Result<_, _>>()?;
        let mut seen = rows.into_iter().map(|(inst, reserved, used, line)| {
            (u64::from_ne_bytes(inst.to_ne_bytes()), reserved, used, line)
        });
        let Some((inst, reserved, used, line)) = seen.next() else {
            return Ok(None);
        };
        let mut acc = Acc {
            reserved,
            used,
            first: (inst, used, line),
            more: None,
        };
        for (inst, reserved, used, line) in seen {
            acc.more
                .get_or_insert_with(Box::default)
                .push((inst, used, line));
            acc.used = acc.used.saturating_add(used);
            acc.reserved = acc.reserved.max(reserved);
        }
        Ok(Some(acc))
    }

    /// Moves the in-memory days into a temporary table, one row per instance (a day loaded back
    /// from it and spilled again overwrites its own rows).
    fn spill(&mut self) -> Result<(), StoreError> {
        if !self.util_spilled {
            self.tx.execute_batch(
                "CREATE TEMP TABLE IF NOT EXISTS util_partial (reservation_key INTEGER NOT NULL,
                   day TEXT NOT NULL, instance INTEGER NOT NULL, reserved INTEGER NOT NULL,
                   used INTEGER NOT NULL, line INTEGER NOT NULL,
                   PRIMARY KEY (reservation_key, day, instance)) WITHOUT ROWID;
                 DELETE FROM temp.util_partial;",
            )?;
            self.util_spilled = true;
        }
        let mut stmt = self.tx.prepare_cached(
            "INSERT OR REPLACE INTO temp.util_partial (reservation_key, day, instance, reserved, used, line)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for (k, acc) in self.util.drain() {
            let (key, day) = split_day_key(k);
            let day = day.to_string();
            for (inst, used, line) in
                std::iter::once(&acc.first).chain(acc.more.iter().flat_map(|m| m.iter()))
            {
                let inst = i64::from_ne_bytes(inst.to_ne_bytes());
                stmt.execute(params![key, day, inst, acc.reserved, used, line])?;
            }
        }
        Ok(())
    }

    /// Writes the file's summed days into `utilization_daily`, replacing what was stored for
    /// those days and counting added / updated / unchanged.
    fn merge_utilization(&mut self) -> Result<(), StoreError> {
        let mut counts = Counts::default();
        if self.util_spilled {
            self.spill()?;
            // Read the spilled sums in key order, a page at a time, so memory stays flat.
            let mut after: (i64, String) = (i64::MIN, String::new());
            loop {
                let page: Vec<(i64, String, i64, i64)> = self
                    .tx
                    .prepare_cached(
                        "SELECT reservation_key, day, max(reserved), sum(used) FROM temp.util_partial
                         WHERE (reservation_key, day) > (?1, ?2)
                         GROUP BY reservation_key, day ORDER BY reservation_key, day LIMIT 10000",
                    )?
                    .query_map(params![after.0, after.1], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                    })?
                    .collect::<Result<_, _>>()?;
                let Some(last) = page.last() else { break };
                after = (last.0, last.1.clone());
                for (key, day, reserved, used) in page {
                    let c = self.merge_day(key, &day, reserved, used)?;
                    add_counts(&mut counts, c);
                }
            }
            self.tx.execute_batch("DELETE FROM temp.util_partial")?;
            self.util_spilled = false;
        } else {
            // Written in key order: B-tree inserts in order are the fast ones.
            let mut days: Vec<(u64, i64, i64)> = self
                .util
                .drain()
                .map(|(k, a)| (k, a.reserved, a.used))
                .collect();
            self.util.shrink_to_fit();
            days.sort_unstable_by_key(|d| d.0);
            for (k, reserved, used) in days {
                let (key, day) = split_day_key(k);
                let c = self.merge_day(key, &day.to_string(), reserved, used)?;
                add_counts(&mut counts, c);
            }
        }
        if counts.added + counts.updated + counts.unchanged > 0 {
            let e = self.count(Entity::Utilization);
            e.added += counts.added;
            e.updated += counts.updated;
            e.unchanged += counts.unchanged;
        }
        Ok(())
    }

    fn merge_day(
        &mut self,
        key: i64,
        day: &str,
        reserved: i64,
        used: i64,
    ) -> Result<u8, StoreError> {
        let reserved = from_micro(reserved);
        let used = from_micro(used);
        // A new day is one statement; only days already stored are read and compared.
        let inserted = self
            .tx
            .prepare_cached(
                "INSERT OR IGNORE INTO utilization_daily (reservation_key, day, reserved_hours, used_hours)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![key, day, reserved, used])?;
        let outcome = if inserted > 0 {
            0
        } else {
            let updated = self
                .tx
                .prepare_cached(
                    "UPDATE utilization_daily SET reserved_hours = ?3, used_hours = ?4
                     WHERE reservation_key = ?1 AND day = ?2
                       AND (reserved_hours IS NOT ?3 OR used_hours IS NOT ?4)",
                )?
                .execute(params![key, day, reserved, used])?;
            if updated > 0 {
                1
            } else {
                2
            }
        };
        if outcome != 2 {
            self.touched.insert(key);
        }
        Ok(outcome)
    }

    fn utilization_month(
        &mut self,
        m: UtilizationMonthRec,
    ) -> Result<Result<(), SinkProblem>, StoreError> {
        let Some(key) = self.reservation_key(m.reservation_id.as_str())? else {
            self.unknown_reservation(Entity::Utilization, m.reservation_id.as_str());
            return Ok(Ok(()));
        };
        let month = m.month.to_string();
        let values = (
            m.reserved_hours.normalize().to_string(),
            m.used_hours.normalize().to_string(),
        );
        let existing: Option<(String, String)> = self
            .tx
            .prepare_cached(
                "SELECT reserved_hours, used_hours FROM utilization_monthly WHERE reservation_key = ?1 AND month = ?2",
            )?
            .query_row(params![key, month], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let changed = existing.as_ref() != Some(&values);
        if changed {
            self.tx
                .prepare_cached(
                    "INSERT INTO utilization_monthly (reservation_key, month, reserved_hours, used_hours)
                     VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (reservation_key, month) DO UPDATE SET
                       reserved_hours = excluded.reserved_hours, used_hours = excluded.used_hours",
                )?
                .execute(params![key, month, values.0, values.1])?;
        }
        self.tally(Entity::Utilization, existing.is_some(), changed);
        Ok(Ok(()))
    }

    fn aggregates(&mut self, a: AggregatesRec) -> Result<Result<(), SinkProblem>, StoreError> {
        let Some(key) = self.reservation_key(a.reservation_id.as_str())? else {
            self.unknown_reservation(Entity::Utilization, a.reservation_id.as_str());
            return Ok(Ok(()));
        };
        let has_days: bool = self
            .tx
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM utilization_daily WHERE reservation_key = ?1)",
            )?
            .query_row([key], |r| r.get(0))?;
        if has_days || self.touched.contains(&key) {
            self.count(Entity::Utilization).unchanged += 1;
            return Ok(Ok(()));
        }
        let fmt = |d: Option<Decimal>| d.map(|d| d.round_dp(2).normalize().to_string());
        let values = (
            Some(a.as_of.unwrap_or(self.today).to_string()),
            fmt(a.d1),
            fmt(a.d7),
            fmt(a.d30),
        );
        let existing: (
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
        ) = self
            .tx
            .prepare_cached(
                "SELECT util_as_of, util_1d, util_7d, util_30d FROM reservations WHERE key = ?1",
            )?
            .query_row([key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        // The export's "as of" is the import day when it does not say: compare the figures only.
        let changed = (&existing.1, &existing.2, &existing.3) != (&values.1, &values.2, &values.3);
        if changed {
            self.tx
                .prepare_cached(
                    "UPDATE reservations SET util_as_of = ?2, util_1d = ?3, util_7d = ?4, util_30d = ?5 WHERE key = ?1",
                )?
                .execute(params![key, values.0, values.1, values.2, values.3])?;
        }
        let had = existing.1.is_some() || existing.2.is_some() || existing.3.is_some();
        self.tally(Entity::Utilization, had, changed);
        Ok(Ok(()))
    }

    fn lineage(&mut self, l: LineageRec) -> Result<Result<(), SinkProblem>, StoreError> {
        let added = self
            .tx
            .prepare_cached(
                "INSERT OR IGNORE INTO reservation_lineage (reservation_id, related_id, kind) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![l.reservation_id.as_str(), l.related_id.as_str(), l.kind.as_str()])?
            > 0;
        self.tally(Entity::Lineage, !added, false);
        Ok(Ok(()))
    }

    fn cost(&mut self, c: CostRec, loc: &Loc) -> Result<Result<(), SinkProblem>, StoreError> {
        if let Some(t) = &c.tenant_id {
            if self.order_tenant(c.order_id.as_str())?.is_none()
                && self.customer_exists(t.as_str())?
            {
                // A CSP export names the customer: remember whose order this is.
                self.tx
                    .prepare_cached(
                        "INSERT OR IGNORE INTO order_owners (order_id, tenant_id) VALUES (?1, ?2)",
                    )?
                    .execute(params![c.order_id.as_str(), t.as_str()])?;
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
        if let Err(p) = self.check_duplicate(3, &id, fingerprint(&values), loc, "cost row") {
            return Ok(Err(p));
        }
        let existing: Option<(String, String, Option<String>, Option<String>)> = self
            .tx
            .prepare_cached(
                "SELECT amount, currency, amount_usd, quantity FROM reservation_costs
                 WHERE order_id = ?1 AND reservation_id = ?2 AND day = ?3 AND kind = ?4 AND line_key = ?5",
            )?
            .query_row(
                params![c.order_id.as_str(), res, day, c.kind.as_str(), c.line_key],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let changed = existing.as_ref() != Some(&values);
        if changed {
            self.tx
                .prepare_cached(
                    "INSERT INTO reservation_costs (order_id, reservation_id, day, kind, line_key,
                       amount, currency, amount_usd, quantity)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                     ON CONFLICT (order_id, reservation_id, day, kind, line_key) DO UPDATE SET
                       amount = excluded.amount, currency = excluded.currency,
                       amount_usd = excluded.amount_usd, quantity = excluded.quantity",
                )?
                .execute(params![
                    c.order_id.as_str(),
                    res,
                    day,
                    c.kind.as_str(),
                    c.line_key,
                    values.0,
                    values.1,
                    values.2,
                    values.3
                ])?;
        }
        self.tally(Entity::Costs, existing.is_some(), changed);
        match c.kind {
            ChargeKind::Purchase => {
                self.priced_orders.insert(c.order_id.to_string());
            }
            ChargeKind::Refund => self.refund_from_cost(&c, &id)?,
            ChargeKind::Usage | ChargeKind::Unused => {}
        }
        Ok(Ok(()))
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
        let added = self
            .tx
            .prepare_cached(
                "INSERT OR IGNORE INTO refund_ledger (tenant_id, reservation_id, kind, date, quantity,
                   amount, currency, amount_usd, source_key)
                 VALUES (?1, ?2, 'refund', ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                tenant,
                res.as_str(),
                c.day.to_string(),
                quantity,
                round_cents(amount).to_string(),
                c.amount.currency.as_str(),
                round_cents(usd).to_string(),
                format!("cost:{id}")
            ])?
            > 0;
        self.tally(Entity::Refunds, !added, false);
        Ok(())
    }

    fn assignment(&mut self, a: AssignmentRec) -> Result<Result<(), SinkProblem>, StoreError> {
        let order_tenant = match &a.order_id {
            Some(o) => match self.order_tenant(o.as_str())? {
                Some(t) => Some(t),
                None => {
                    self.count(Entity::RoleAssignments).skipped += 1;
                    self.push_warning(format!(
                        "{}: reservation order {o} is not in the store",
                        a.assignment.principal_name
                    ));
                    return Ok(Ok(()));
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
                return Ok(Ok(()));
            }
            (Some(t), _) => t.clone(),
            (None, Some(c)) => c.to_string(),
            (None, None) => {
                return Ok(Err(problem(
                    "customer",
                    None,
                    "tenant-wide assignments need --customer TENANT_ID (the tenant the list was made in)",
                )))
            }
        };
        self.ensure_customer(&tenant)?;
        let target = super::access::Target {
            tenant_id: &tenant,
            order_id: a.order_id.as_ref().map(|o| o.as_str()),
            reservation_id: a.reservation_id.as_ref().map(|r| r.as_str()),
        };
        let added = super::access::insert(self.tx, target, &a.assignment)?;
        self.tally(Entity::RoleAssignments, !added, false);
        Ok(Ok(()))
    }

    fn ledger(&mut self, l: LedgerRec) -> Result<Result<(), SinkProblem>, StoreError> {
        if !self.customer_exists(l.tenant_id.as_str())? {
            return Ok(Err(problem(
                "tenant_id",
                Some(l.tenant_id.to_string()),
                "a customer listed earlier in the file",
            )));
        }
        let added = self
            .tx
            .prepare_cached(
                "INSERT OR IGNORE INTO refund_ledger (tenant_id, reservation_id, kind, date, quantity,
                   amount, currency, amount_usd, source_key)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                l.tenant_id.as_str(),
                l.reservation_id.as_str(),
                l.kind,
                l.date.to_string(),
                l.quantity,
                l.amount.amount.to_string(),
                l.amount.currency.as_str(),
                l.amount_usd.to_string(),
                l.source_key
            ])?
            > 0;
        self.tally(Entity::Refunds, !added, false);
        Ok(Ok(()))
    }
}

fn add_counts(c: &mut Counts, outcome: u8) {
    match outcome {
        0 => c.added += 1,
        1 => c.updated += 1,
        _ => c.unchanged += 1,
    }
}

impl Sink for Writer<'_> {
    fn accept(&mut self, record: Record, loc: &Loc) -> Result<Result<(), SinkProblem>, SinkError> {
        let merged = match record {
            Record::Customer(c) => self.customer(c, loc),
            Record::Subscription(s) => self.subscription(s),
            Record::Order(o) => self.order(o, loc),
            Record::Reservation(r) => self.reservation(r, loc),
            Record::UtilizationDay(u) => self.utilization_day(u, loc),
            Record::UtilizationMonth(m) => self.utilization_month(m),
            Record::UtilizationAggregates(a) => self.aggregates(a),
            Record::Lineage(l) => self.lineage(l),
            Record::Cost(c) => self.cost(c, loc),
            Record::Assignment(a) => self.assignment(a),
            Record::Ledger(l) => self.ledger(l),
        };
        merged.map_err(SinkError::new)
    }

    fn warn(&mut self, warning: String) {
        self.push_warning(warning);
    }

    fn skip(&mut self, entity: Entity, reason: String) {
        self.count(entity).skipped += 1;
        self.push_warning(reason);
    }
}

/// Merges an order record over the stored order (or builds a new one).
fn merge_order(
    o: &OrderRec,
    existing: Option<&OrderRow>,
    tenant: &str,
    currency: &str,
) -> Result<OrderRow, SinkProblem> {
    let missing = |field: &str| {
        problem(
            field,
            None,
            format!("the order's {field} (a new order needs term, billingPlan, purchase date, expiry date and quantity)"),
        )
    };
    let d = |x: Option<NaiveDate>| x.map(|d| d.to_string());
    let term = o
        .term
        .map(|t| t.as_str().to_string())
        .or_else(|| existing.map(|e| e.term.clone()))
        .ok_or_else(|| missing("term"))?;
    let billing_plan = o
        .billing_plan
        .map(|b| b.as_str().to_string())
        .or_else(|| existing.map(|e| e.billing_plan.clone()))
        .ok_or_else(|| missing("billingPlan"))?;
    let purchase_date = d(o.purchase_date)
        .or_else(|| existing.map(|e| e.purchase_date.clone()))
        .or_else(|| d(o.benefit_start))
        .ok_or_else(|| missing("purchaseDate"))?;
    let benefit_start = d(o.benefit_start)
        .or_else(|| existing.map(|e| e.benefit_start.clone()))
        .unwrap_or_else(|| purchase_date.clone());
    let expiry_date = d(o.expiry_date)
        .or_else(|| existing.map(|e| e.expiry_date.clone()))
        .ok_or_else(|| missing("expiryDate"))?;
    if expiry_date <= benefit_start {
        return Err(problem(
            "expiryDate",
            Some(expiry_date),
            format!("an expiry after the benefit start ({benefit_start})"),
        ));
    }
    let original_quantity = o
        .original_quantity
        .or_else(|| existing.map(|e| e.original_quantity))
        .ok_or_else(|| missing("originalQuantity"))?;
    let (mut total_price, mut cur, mut total_usd, mut known) = match existing {
        Some(e) => (
            e.total_price.clone(),
            e.currency.clone(),
            e.total_price_usd.clone(),
            e.price_known,
        ),
        None => (
            "0".to_string(),
            currency.to_string(),
            "0".to_string(),
            false,
        ),
    };
    let usd = o.total_price_usd.map(|m| m.amount).or_else(|| {
        o.total_price
            .filter(|m| m.currency.as_str() == "USD")
            .map(|m| m.amount)
    });
    let billing = o
        .total_price
        .or_else(|| o.total_price_usd.filter(|_| cur == "USD"));
    if let (Some(b), Some(u)) = (billing, usd) {
        total_price = b.amount.to_string();
        cur = b.currency.as_str().to_string();
        total_usd = u.to_string();
        known = true;
    }
    Ok(OrderRow {
        tenant_id: tenant.to_string(),
        display_name: o
            .display_name
            .clone()
            .or_else(|| existing.map(|e| e.display_name.clone()))
            .unwrap_or_else(|| o.id.to_string()),
        term,
        billing_plan,
        purchase_date,
        benefit_start,
        expiry_date,
        original_quantity,
        total_price,
        currency: cur,
        total_price_usd: total_usd,
        price_known: known,
    })
}

/// Merges a reservation record over the stored one (or builds a new one).
fn merge_reservation(
    r: &ReservationRec,
    e: Option<&ResRow>,
    tenant: &str,
    order: &OrderRow,
) -> Result<ResRow, SinkProblem> {
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
    Ok(ResRow {
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

/// Recomputes the price share of each reservation of `order` from the order's total.
fn refresh_prices(tx: &Transaction<'_>, order: &str) -> Result<(), StoreError> {
    let (total, usd, qty): (String, String, u32) = match tx
        .prepare_cached(
            "SELECT total_price, total_price_usd, original_quantity FROM reservation_orders WHERE order_id = ?1",
        )?
        .query_row([order], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?
    {
        Some(x) => x,
        None => return Ok(()),
    };
    let total: Decimal = total
        .parse()
        .map_err(|e| super::corrupt("reservation_orders.total_price", e))?;
    let usd: Decimal = usd
        .parse()
        .map_err(|e| super::corrupt("reservation_orders.total_price_usd", e))?;
    let rows: Vec<(i64, u32)> = tx
        .prepare_cached("SELECT key, quantity FROM reservations WHERE order_id = ?1")?
        .query_map([order], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let share = |t: Decimal, q: u32| round_cents(t * Decimal::from(q) / Decimal::from(qty.max(1)));
    for (key, q) in rows {
        tx.prepare_cached("UPDATE reservations SET price = ?2, price_usd = ?3 WHERE key = ?1")?
            .execute(params![
                key,
                share(total, q).to_string(),
                share(usd, q).to_string()
            ])?;
    }
    Ok(())
}

/// Prices an order whose price is unknown from its imported purchase rows: the sum of the
/// payments for an upfront order, the first payment times the months of the term for a monthly
/// one — when every row gives a USD amount (or is in USD).
fn price_from_purchases(
    tx: &Transaction<'_>,
    order: &str,
) -> Result<Option<(String, String)>, StoreError> {
    let Some((plan, term, known, tenant)): Option<(String, String, bool, String)> = tx
        .prepare_cached(
            "SELECT billing_plan, term, price_known, tenant_id FROM reservation_orders WHERE order_id = ?1",
        )?
        .query_row([order], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?
    else {
        return Ok(None);
    };
    if known {
        return Ok(None);
    }
    let rows: Vec<(String, String, Option<String>)> = tx
        .prepare_cached(
            "SELECT amount, currency, amount_usd FROM reservation_costs WHERE order_id = ?1 AND kind = 'purchase' ORDER BY day",
        )?
        .query_map([order], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let currency = first.1.clone();
    let mut total = Decimal::ZERO;
    let mut total_usd = Decimal::ZERO;
    for (amount, cur, usd) in &rows {
        if *cur != currency {
            return Ok(None);
        }
        let a: Decimal = amount
            .parse()
            .map_err(|e| super::corrupt("reservation_costs.amount", e))?;
        let u = match usd {
            Some(u) => u
                .parse()
                .map_err(|e| super::corrupt("reservation_costs.amount_usd", e))?,
            None if currency == "USD" => a,
            None => return Ok(None),
        };
        if plan == "Monthly" {
            let months =
                Decimal::from(crate::domain::term::Term::parse(&term).map_or(12, |t| t.months()));
            total = a * months;
            total_usd = u * months;
            break;
        }
        total += a;
        total_usd += u;
    }
    tx.prepare_cached(
        "UPDATE reservation_orders SET total_price = ?2, currency = ?3, total_price_usd = ?4, price_known = 1 WHERE order_id = ?1",
    )?
    .execute(params![order, round_cents(total).to_string(), currency, round_cents(total_usd).to_string()])?;
    refresh_prices(tx, order)?;
    Ok(Some((tenant, currency)))
}
