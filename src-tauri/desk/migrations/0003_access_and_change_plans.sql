-- Version 3: role assignments that reach reservations, and drafted change plans.

CREATE TABLE role_assignments (
    id             INTEGER PRIMARY KEY,
    tenant_id      TEXT NOT NULL REFERENCES customers (tenant_id) ON DELETE CASCADE,
    -- The order or reservation it is granted on; NULL for tenant-wide grants.
    order_id       TEXT,
    reservation_id TEXT,
    granted_at     TEXT NOT NULL CHECK (granted_at IN ('reservation', 'order', 'tenant')),
    principal_id   TEXT NOT NULL,
    principal_name TEXT NOT NULL,
    kind           TEXT NOT NULL,
    role           TEXT NOT NULL
);
-- NULLs are distinct in a UNIQUE constraint, so the identity coalesces them: re-importing the
-- same order-level or tenant-wide grant must not add it twice.
CREATE UNIQUE INDEX role_assignments_identity ON role_assignments
    (tenant_id, granted_at, COALESCE(order_id, ''), COALESCE(reservation_id, ''), principal_id, role);
CREATE INDEX role_assignments_order ON role_assignments (order_id);
CREATE INDEX role_assignments_tenant ON role_assignments (tenant_id);

CREATE TABLE change_plans (
    id              INTEGER PRIMARY KEY,
    tenant_id       TEXT NOT NULL REFERENCES customers (tenant_id) ON DELETE CASCADE,
    reservation_id  TEXT NOT NULL,
    -- configuration (scope, ISF, renew) or access (add/remove a role assignment).
    kind            TEXT NOT NULL DEFAULT 'configuration' CHECK (kind IN ('configuration', 'access')),
    -- For access plans: the assignment added or removed (JSON).
    access_change   TEXT,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'applied', 'discarded')),
    created_at      TEXT NOT NULL,
    decided_at      TEXT,
    before          TEXT NOT NULL,
    after           TEXT NOT NULL,
    az_command      TEXT NOT NULL,
    az_rest_command TEXT NOT NULL,
    patch_body      TEXT NOT NULL,
    portal_url      TEXT NOT NULL
);
CREATE INDEX change_plans_status ON change_plans (status);
