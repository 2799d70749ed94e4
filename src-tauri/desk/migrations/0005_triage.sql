-- Triage items a user hid, with the reason they gave. The key is `kind:reservation_id`, so an
-- item that comes back for another reason (say, expiring instead of under-used) is shown again.
CREATE TABLE triage_hidden (
    item_key       TEXT PRIMARY KEY,
    reservation_id TEXT NOT NULL,
    reason         TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    hidden_at      TEXT NOT NULL
) WITHOUT ROWID;
