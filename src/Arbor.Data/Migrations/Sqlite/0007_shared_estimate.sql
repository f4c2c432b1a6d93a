-- Arbor schema 7 (SQLite): leases, so that a background job runs on one app server at a time,
-- and the open period's estimate as the lease holder last computed it, read by every server.
CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at INTEGER NOT NULL -- Unix time in milliseconds
);

CREATE TABLE shared_estimates (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL,
    holder TEXT NOT NULL,
    data BLOB NOT NULL
);
