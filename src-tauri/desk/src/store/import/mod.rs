//! The import writer: merges parsed records into the store inside the import's transaction and
//! counts what was added, updated, unchanged or skipped. One file per entity merges its records;
//! every write goes through the table's own module in `store/`, so each table has one write path. A field a record does not carry never
//! erases a stored one. Daily utilization is summed per reservation and day in memory (bounded:
//! past [`UTIL_FLUSH_ENTRIES`] entries it spills into a temporary table), then merged once per
//! file.

mod access;
mod costs;
mod customers;
mod orders;
mod reservations;
mod utilization;

use super::StoreError;
use crate::domain::ids::TenantId;
use crate::records::report::{EntityCounts, FileReport};
use crate::records::sink::{Loc, Sink, SinkError, SinkProblem};
use crate::records::{Entity, Record};
use chrono::NaiveDate;
use rusqlite::Transaction;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use utilization::Acc;

/// How many reservation-days are summed in memory before spilling to a temporary table (about
/// 60 MB: 2^20 hash buckets of 57 bytes hold up to 917,504 entries).
pub const UTIL_FLUSH_ENTRIES: usize = 900_000;

/// The page cache used while importing (KiB): large enough that inserting a million days does
/// not thrash, small enough to keep peak memory well under 200 MB.
const IMPORT_CACHE_KIB: i64 = 32 * 1024;

#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Counts {
    added: u32,
    updated: u32,
    unchanged: u32,
    skipped: u32,
}

/// Why a record was not merged: a problem with the record itself (reported with its line; the
/// import goes on) or a failure of the store (the import stops and rolls back).
#[derive(Debug)]
pub(super) enum Rejected {
    /// The record does not fit what is stored or lacks what a new row needs.
    Problem(SinkProblem),
    /// The store failed.
    Store(StoreError),
}

impl From<SinkProblem> for Rejected {
    fn from(p: SinkProblem) -> Self {
        Self::Problem(p)
    }
}

impl From<StoreError> for Rejected {
    fn from(e: StoreError) -> Self {
        Self::Store(e)
    }
}

/// What merging one record comes to.
pub(super) type Merged = Result<(), Rejected>;

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

pub(super) fn fingerprint<T: std::fmt::Debug>(v: &T) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    format!("{v:?}").hash(&mut h);
    h.finish()
}

pub(super) fn hash_str(s: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

pub(super) fn problem(
    field: &str,
    found: Option<String>,
    expected: impl Into<String>,
) -> SinkProblem {
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
            super::utilization::refresh_aggregates(self.tx, *key)?;
        }
        self.file = FileReport::default();
        let mut orders: Vec<String> = self.priced_orders.drain().collect();
        orders.sort_unstable();
        for order in orders {
            if let Some((tenant, currency)) = orders::price_from_purchases(self.tx, &order)? {
                self.learn_currency(&tenant, &currency)?;
            }
        }
        Ok(std::mem::take(&mut self.file.warnings))
    }

    pub(super) fn count(&mut self, e: Entity) -> &mut Counts {
        self.counts.entry(e).or_default()
    }

    pub(super) fn tally(&mut self, e: Entity, before_exists: bool, changed: bool) {
        let c = self.count(e);
        match (before_exists, changed) {
            (false, _) => c.added += 1,
            (true, true) => c.updated += 1,
            (true, false) => c.unchanged += 1,
        }
    }

    pub(super) fn push_warning(&mut self, w: String) {
        self.file.warn(w);
    }

    /// A record seen twice in one file must say the same both times.
    pub(super) fn check_duplicate(
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

    pub(super) fn order_tenant(&mut self, order: &str) -> Result<Option<String>, StoreError> {
        if let Some(t) = self.order_tenant.get(order) {
            return Ok(t.clone());
        }
        let t = crate::store::reservations::order_owner(self.tx, order)?;
        self.order_tenant.insert(order.to_string(), t.clone());
        Ok(t)
    }

    pub(super) fn reservation_key(&mut self, id: &str) -> Result<Option<i64>, StoreError> {
        if let Some(k) = self.res_keys.get(id) {
            return Ok(*k);
        }
        let k = crate::store::reservations::key_of(self.tx, id)?;
        self.res_keys.insert(id.to_string(), k);
        Ok(k)
    }

    /// Writes `merged` with `write` when it differs from what is stored, and counts the
    /// record as added, updated or unchanged; returns whether it wrote.
    pub(super) fn merge<T: PartialEq>(
        &mut self,
        entity: Entity,
        existing: Option<&T>,
        merged: &T,
        write: impl FnOnce(&Transaction<'_>) -> Result<(), StoreError>,
    ) -> Result<bool, StoreError> {
        let changed = existing != Some(merged);
        if changed {
            write(self.tx)?;
        }
        self.tally(entity, existing.is_some(), changed);
        Ok(changed)
    }

    /// The store key of a reservation the record refers to; `None` (the record skipped, with
    /// a warning once per reservation) when the store does not have it.
    pub(super) fn known_reservation(
        &mut self,
        entity: Entity,
        id: &str,
    ) -> Result<Option<i64>, StoreError> {
        let key = self.reservation_key(id)?;
        if key.is_none() {
            self.unknown_reservation(entity, id);
        }
        Ok(key)
    }

    /// The customer a record belongs to: the one it names (which must be the stored one when
    /// the store knows it), else the stored one, else `--customer`; made sure to exist.
    /// `moved` words the problem of a record naming another customer than the stored one,
    /// `missing` (with `found`) that of a record whose customer nothing gives.
    pub(super) fn owner(
        &mut self,
        named: Option<&TenantId>,
        stored: Option<String>,
        moved: impl Fn(&str) -> String,
        found: Option<String>,
        missing: &str,
    ) -> Result<String, Rejected> {
        if let (Some(t), Some(k)) = (named, &stored) {
            if t.as_str() != k {
                return Err(problem("customer", Some(t.to_string()), moved(k)).into());
            }
        }
        let tenant = named
            .map(|t| t.to_string())
            .or(stored)
            .or_else(|| self.customer.as_ref().map(|t| t.to_string()));
        let Some(tenant) = tenant else {
            return Err(problem("customer", found, missing).into());
        };
        self.ensure_customer(&tenant)?;
        Ok(tenant)
    }

    pub(super) fn unknown_reservation(&mut self, entity: Entity, id: &str) {
        self.count(entity).skipped += 1;
        if self.unknown_reservations.insert(id.to_string()) {
            self.push_warning(format!(
                "reservation {id} is not in the store: its {} rows were skipped (import its Azure reservation list first)",
                entity.as_str()
            ));
        }
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
        match merged {
            Ok(()) => Ok(Ok(())),
            Err(Rejected::Problem(p)) => Ok(Err(p)),
            Err(Rejected::Store(e)) => Err(SinkError::new(e)),
        }
    }

    fn warn(&mut self, warning: String) {
        self.push_warning(warning);
    }

    fn skip(&mut self, entity: Entity, reason: String) {
        self.count(entity).skipped += 1;
        self.push_warning(reason);
    }
}
