-- Arbor schema 7 (PostgreSQL): leases, so that a background job runs on one app server at a time,
-- and the open period's estimate as the lease holder last computed it, read by every server.
CREATE TABLE leases (
    name text PRIMARY KEY,
    holder text NOT NULL,
    expires_at bigint NOT NULL -- Unix time in milliseconds
);

CREATE TABLE shared_estimates (
    id integer PRIMARY KEY CHECK (id = 1),
    version bigint NOT NULL,
    holder text NOT NULL,
    data bytea NOT NULL
);
