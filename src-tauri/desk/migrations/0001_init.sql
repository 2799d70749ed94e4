-- Reservation Desk schema, version 1.
-- Money is TEXT (exact decimal strings), dates are ISO-8601 TEXT (UTC calendar days),
-- IDs are Azure's GUIDs in lowercase.

CREATE TABLE customers (
    tenant_id        TEXT PRIMARY KEY,
    name             TEXT NOT NULL,
    primary_domain   TEXT NOT NULL,
    billing_currency TEXT NOT NULL CHECK (length(billing_currency) = 3),
    country          TEXT NOT NULL CHECK (length(country) = 2)
);
CREATE INDEX customers_name ON customers (name COLLATE NOCASE);

CREATE TABLE subscriptions (
    subscription_id TEXT PRIMARY KEY,
    tenant_id       TEXT NOT NULL REFERENCES customers (tenant_id) ON DELETE CASCADE,
    display_name    TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('Active', 'Disabled', 'Deleted'))
);
CREATE INDEX subscriptions_tenant ON subscriptions (tenant_id);

CREATE TABLE reservation_orders (
    order_id          TEXT PRIMARY KEY,
    tenant_id         TEXT NOT NULL REFERENCES customers (tenant_id) ON DELETE CASCADE,
    display_name      TEXT NOT NULL,
    term              TEXT NOT NULL CHECK (term IN ('P1Y', 'P3Y', 'P5Y')),
    billing_plan      TEXT NOT NULL CHECK (billing_plan IN ('Upfront', 'Monthly')),
    purchase_date     TEXT NOT NULL,
    benefit_start     TEXT NOT NULL,
    expiry_date       TEXT NOT NULL,
    original_quantity INTEGER NOT NULL CHECK (original_quantity > 0),
    total_price       TEXT NOT NULL,
    currency          TEXT NOT NULL CHECK (length(currency) = 3),
    total_price_usd   TEXT NOT NULL
);
CREATE INDEX reservation_orders_tenant ON reservation_orders (tenant_id);

-- `key` is a compact surrogate for the utilization rows; `reservation_id` is Azure's ID.
CREATE TABLE reservations (
    key                     INTEGER PRIMARY KEY,
    reservation_id          TEXT NOT NULL UNIQUE,
    order_id                TEXT NOT NULL REFERENCES reservation_orders (order_id) ON DELETE CASCADE,
    tenant_id               TEXT NOT NULL REFERENCES customers (tenant_id) ON DELETE CASCADE,
    display_name            TEXT NOT NULL,
    resource_type           TEXT NOT NULL,
    sku                     TEXT NOT NULL,
    region                  TEXT NOT NULL,
    quantity                INTEGER NOT NULL CHECK (quantity > 0),
    scope_type              TEXT NOT NULL CHECK (scope_type IN ('single', 'resource_group', 'shared', 'management_group')),
    scope_target            TEXT,
    billing_subscription_id TEXT NOT NULL,
    instance_flexibility    INTEGER NOT NULL CHECK (instance_flexibility IN (0, 1)),
    renew                   INTEGER NOT NULL CHECK (renew IN (0, 1)),
    provisioning_state      TEXT NOT NULL,
    expiry_date             TEXT NOT NULL,
    price                   TEXT NOT NULL,
    price_usd               TEXT NOT NULL,
    -- Precomputed 1/7/30-day utilization (percent) ending on util_as_of, kept by the store.
    util_as_of              TEXT,
    util_1d                 TEXT,
    util_7d                 TEXT,
    util_30d                TEXT
);
CREATE INDEX reservations_order ON reservations (order_id);
CREATE INDEX reservations_tenant ON reservations (tenant_id);
CREATE INDEX reservations_expiry ON reservations (expiry_date);

CREATE TABLE utilization_daily (
    reservation_key INTEGER NOT NULL REFERENCES reservations (key) ON DELETE CASCADE,
    day             TEXT NOT NULL,
    reserved_hours  TEXT NOT NULL,
    used_hours      TEXT NOT NULL,
    PRIMARY KEY (reservation_key, day)
) WITHOUT ROWID;

-- Every change a user makes to the store: what, when, before and after (JSON).
CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    action  TEXT NOT NULL,
    subject TEXT NOT NULL,
    before  TEXT,
    after   TEXT
);
