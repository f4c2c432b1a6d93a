-- Arbor schema 15 (SQLite): webhooks (docs/webhooks.md). Admins register endpoints per event type;
-- an event is written, with one delivery per matching endpoint, in the same transaction as the
-- change it reports (the outbox), and app servers deliver it: each delivery claimed by one server
-- at a time (a lease), retried with backoff until the endpoint answers 2xx. Times are Unix
-- milliseconds.
CREATE TABLE webhook_endpoints (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,
    events TEXT NOT NULL,               -- event types separated by commas, or * for all
    secret TEXT NOT NULL,               -- signs each delivery (HMAC-SHA256); shown once when registered
    active INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE webhook_events (
    id INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL UNIQUE,      -- what receivers drop duplicates by
    type TEXT NOT NULL,
    occurred_at INTEGER NOT NULL,
    payload TEXT NOT NULL               -- the event's data as JSON
);

CREATE TABLE webhook_deliveries (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES webhook_events (id),
    endpoint_id INTEGER NOT NULL REFERENCES webhook_endpoints (id),
    state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    claimed_by TEXT NULL,               -- the server delivering it now, until claimed_until
    claimed_until INTEGER NULL,
    last_status INTEGER NULL,              -- the endpoint's last HTTP status, if it answered
    last_error TEXT NULL,
    delivered_at INTEGER NULL
);
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);
