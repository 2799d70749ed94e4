-- Version 6: an order known only from its reservations (an Azure reservation list, whose items
-- may carry no `term` or `billingPlan`) keeps what no file said as NULL — unknown, never a guess.
-- SQLite cannot relax NOT NULL in place, so the table is rebuilt (foreign keys are off while
-- migrations run; the caller checks them before committing).
CREATE TABLE reservation_orders_v6 (
    order_id          TEXT PRIMARY KEY,
    tenant_id         TEXT NOT NULL REFERENCES customers (tenant_id) ON DELETE CASCADE,
    display_name      TEXT NOT NULL,
    term              TEXT CHECK (term IN ('P1Y', 'P3Y', 'P5Y')),
    billing_plan      TEXT CHECK (billing_plan IN ('Upfront', 'Monthly')),
    purchase_date     TEXT NOT NULL,
    benefit_start     TEXT NOT NULL,
    expiry_date       TEXT NOT NULL,
    original_quantity INTEGER NOT NULL CHECK (original_quantity > 0),
    total_price       TEXT NOT NULL,
    currency          TEXT NOT NULL CHECK (length(currency) = 3),
    total_price_usd   TEXT NOT NULL,
    price_known       INTEGER NOT NULL DEFAULT 1 CHECK (price_known IN (0, 1))
);
INSERT INTO reservation_orders_v6 (order_id, tenant_id, display_name, term, billing_plan,
    purchase_date, benefit_start, expiry_date, original_quantity, total_price, currency,
    total_price_usd, price_known)
SELECT order_id, tenant_id, display_name, term, billing_plan, purchase_date, benefit_start,
    expiry_date, original_quantity, total_price, currency, total_price_usd, price_known
FROM reservation_orders;
DROP TABLE reservation_orders;
ALTER TABLE reservation_orders_v6 RENAME TO reservation_orders;
CREATE INDEX reservation_orders_tenant ON reservation_orders (tenant_id);
