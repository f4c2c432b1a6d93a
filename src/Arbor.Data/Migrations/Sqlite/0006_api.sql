-- Arbor schema 6 (SQLite): the REST API's personal access tokens (only a hash of each is kept) and
-- the responses of POSTs made with an Idempotency-Key, stored with what they created.
CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    hint TEXT NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('read', 'write')),
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_by TEXT NULL,
    revoked_at TEXT NULL
);

CREATE TABLE api_requests (
    principal TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status INTEGER NOT NULL,
    location TEXT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (principal, idempotency_key)
);

-- The web app's data-protection keys (they sign the sign-in cookies and antiforgery tokens), shared
-- by every app server on the database, so that a sign-in on one is valid on all.
CREATE TABLE data_protection_keys (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    friendly_name TEXT NULL,
    xml TEXT NOT NULL
);

-- Messages to send (order confirmations, shipping requests): written in the transaction of what
-- they tell about, sent afterwards by a sender that marks each one sent.
CREATE TABLE outbox_messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sent_at TEXT NULL
);
CREATE INDEX outbox_messages_unsent ON outbox_messages (id) WHERE sent_at IS NULL;
