-- Version 4: what imported exports bring beyond the demo portfolio.
-- An order created from a reservation list has no price until its order (with the payment
-- schedule) or a purchase cost row is imported: price_known = 0 says so.
ALTER TABLE reservation_orders ADD COLUMN price_known INTEGER NOT NULL DEFAULT 1 CHECK (price_known IN (0, 1));

-- Partner Center entitlements tie a reservation order to a customer before Azure data for the
-- order arrives.
CREATE TABLE order_owners (
    order_id  TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES customers (tenant_id) ON DELETE CASCADE
);

-- Split, merge, swap and renewal links between reservations (Azure REST `splitProperties`, …).
CREATE TABLE reservation_lineage (
    reservation_id TEXT NOT NULL,
    related_id     TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('split_from', 'split_into', 'merged_from',
                     'merged_into', 'swapped_from', 'swapped_to', 'renewed_from', 'renewed_to')),
    PRIMARY KEY (reservation_id, related_id, kind)
) WITHOUT ROWID;
CREATE INDEX reservation_lineage_related ON reservation_lineage (related_id);

-- Monthly reservation summaries.
CREATE TABLE utilization_monthly (
    reservation_key INTEGER NOT NULL REFERENCES reservations (key) ON DELETE CASCADE,
    month           TEXT NOT NULL,
    reserved_hours  TEXT NOT NULL,
    used_hours      TEXT NOT NULL,
    PRIMARY KEY (reservation_key, month)
) WITHOUT ROWID;

-- Money rows about reservations from cost-details and FOCUS exports. Kept even when the order
-- is not (yet) in the store; identified by their natural key so re-imports replace them.
CREATE TABLE reservation_costs (
    order_id       TEXT NOT NULL,
    reservation_id TEXT NOT NULL DEFAULT '',
    day            TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('purchase', 'usage', 'unused', 'refund')),
    line_key       TEXT NOT NULL,
    amount         TEXT NOT NULL,
    currency       TEXT NOT NULL CHECK (length(currency) = 3),
    amount_usd     TEXT,
    quantity       TEXT,
    PRIMARY KEY (order_id, reservation_id, day, kind, line_key)
) WITHOUT ROWID;
CREATE INDEX reservation_costs_reservation ON reservation_costs (reservation_id, kind, day);

-- Ledger entries that came from an import carry what identifies them, so that importing the
-- same refund again does not count it twice against the limit.
ALTER TABLE refund_ledger ADD COLUMN source_key TEXT;
CREATE UNIQUE INDEX refund_ledger_source ON refund_ledger (source_key) WHERE source_key IS NOT NULL;
