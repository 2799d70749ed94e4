-- Version 2: dated policy values, the refund ledger the limit counts, support-request drafts,
-- the user's price catalog for exchanges, and remembered settings (contact details).

CREATE TABLE policy_values (
    id             INTEGER PRIMARY KEY,
    key            TEXT NOT NULL,
    value          TEXT NOT NULL,
    effective_from TEXT NOT NULL,
    source         TEXT NOT NULL,
    UNIQUE (key, effective_from)
);

CREATE TABLE tickets (
    id               INTEGER PRIMARY KEY,
    tenant_id        TEXT NOT NULL REFERENCES customers (tenant_id) ON DELETE CASCADE,
    reservation_id   TEXT,
    kind             TEXT NOT NULL CHECK (kind IN ('refund', 'exchange', 'other')),
    status           TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'resolved', 'cancelled')),
    ms_ticket_number TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    -- The draft (basics, problem, contact) and the quote it was made from, as JSON.
    body             TEXT NOT NULL,
    -- For refunds and exchanges: what the ledger records when the ticket is resolved.
    quote_on         TEXT,
    quantity         INTEGER,
    amount           TEXT,
    currency         TEXT,
    amount_usd       TEXT
);
CREATE INDEX tickets_tenant ON tickets (tenant_id);

-- Refunds and exchanges processed by Microsoft. Refunds count against the customer's limit;
-- exchanges are recorded but never counted.
CREATE TABLE refund_ledger (
    id             INTEGER PRIMARY KEY,
    tenant_id      TEXT NOT NULL REFERENCES customers (tenant_id) ON DELETE CASCADE,
    reservation_id TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('refund', 'exchange')),
    date           TEXT NOT NULL,
    quantity       INTEGER NOT NULL,
    amount         TEXT NOT NULL,
    currency       TEXT NOT NULL,
    amount_usd     TEXT NOT NULL,
    ticket_id      INTEGER REFERENCES tickets (id) ON DELETE SET NULL
);
CREATE INDEX refund_ledger_tenant ON refund_ledger (tenant_id, date);

CREATE TABLE catalog (
    id             INTEGER PRIMARY KEY,
    sku            TEXT NOT NULL,
    region         TEXT NOT NULL,
    term           TEXT NOT NULL CHECK (term IN ('P1Y', 'P3Y', 'P5Y')),
    resource_type  TEXT NOT NULL,
    unit_price     TEXT NOT NULL,
    currency       TEXT NOT NULL,
    UNIQUE (sku, region, term, currency)
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
