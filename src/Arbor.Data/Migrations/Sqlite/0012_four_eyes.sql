-- Arbor schema 12 (SQLite): four eyes on the money (docs/roles.md). A company setting makes closing
-- a period, exporting its payouts and confirming them two steps: one staff member prepares the
-- step (its figures frozen here), a different one approves it, and only then does it happen.
ALTER TABLE company ADD COLUMN four_eyes INTEGER NOT NULL DEFAULT 0;

CREATE TABLE approvals (
    id INTEGER PRIMARY KEY,
    step TEXT NOT NULL CHECK (step IN ('period-close', 'payouts-export', 'payouts-confirm')),
    period TEXT NOT NULL,
    prepared_by TEXT NOT NULL,
    prepared_at TEXT NOT NULL,
    summary TEXT NOT NULL,              -- the frozen figures, in words
    fingerprint TEXT NOT NULL,          -- the frozen figures, hashed: the approved step must come to the same
    state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'rejected', 'replaced')),
    decided_by TEXT NULL,
    decided_at TEXT NULL
);

-- One step of a period waits for approval at a time.
CREATE UNIQUE INDEX approvals_pending ON approvals (step, period) WHERE state = 'pending';
