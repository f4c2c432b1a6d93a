-- Arbor schema 3 (SQLite): plan versions, commission periods and their results, the member ledger, payouts.
ALTER TABLE company ADD COLUMN period_kind TEXT NOT NULL DEFAULT 'month' CHECK (period_kind IN ('month', 'week'));
ALTER TABLE company ADD COLUMN minimum_payout TEXT NOT NULL DEFAULT '20.00';
ALTER TABLE members ADD COLUMN bank_reference TEXT NULL;
ALTER TABLE plans ADD COLUMN uploaded_at TEXT NULL;

-- A row exists once a period is closed: the close writes it together with everything below, in one transaction.
CREATE TABLE periods (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('closed', 'paid')),
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    closed_at TEXT NOT NULL,
    paid_at TEXT NULL,
    total_cv TEXT NOT NULL,
    total_payout TEXT NOT NULL
);

CREATE TABLE period_members (
    period_id INTEGER NOT NULL REFERENCES periods (id),
    member_id INTEGER NOT NULL REFERENCES members (id),
    pv TEXT NOT NULL,
    gv TEXT NOT NULL,
    active INTEGER NOT NULL,
    rank TEXT NOT NULL,
    highest_rank TEXT NOT NULL,
    carry_left TEXT NOT NULL,
    carry_right TEXT NOT NULL,
    earnings TEXT NOT NULL,
    PRIMARY KEY (period_id, member_id)
);
CREATE INDEX ix_period_members_member ON period_members (member_id);

-- Payout lines come by the million and only from a close, which takes every id from the
-- members and orders it read in the same transaction, together with its period row: the period,
-- member, order and line references are checked by construction (and by the tests), not by
-- foreign keys, which cost two thirds of a close of two million lines.
CREATE TABLE payout_lines (
    id INTEGER PRIMARY KEY,
    period_id INTEGER NOT NULL,
    payee_id INTEGER NOT NULL,
    bonus TEXT NOT NULL,
    amount TEXT NOT NULL,
    source_order_id INTEGER NULL,
    source_member_id INTEGER NOT NULL,
    level INTEGER NOT NULL,
    original_line_id INTEGER NULL
);
CREATE INDEX ix_payout_lines_payee ON payout_lines (payee_id, period_id);
CREATE INDEX ix_payout_lines_source_order ON payout_lines (source_order_id);

CREATE TABLE rank_history (
    member_id INTEGER NOT NULL REFERENCES members (id),
    rank TEXT NOT NULL,
    reached_on TEXT NOT NULL,
    period_id INTEGER NOT NULL REFERENCES periods (id),
    PRIMARY KEY (member_id, rank)
);

CREATE TABLE adjustments (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members (id),
    amount TEXT NOT NULL,
    reason TEXT NOT NULL,
    made_by TEXT NOT NULL,
    made_on TEXT NOT NULL
);

CREATE TABLE payout_batches (
    id INTEGER PRIMARY KEY,
    period_id INTEGER NOT NULL UNIQUE REFERENCES periods (id),
    created_on TEXT NOT NULL,
    confirmed_on TEXT NULL,
    currency TEXT NOT NULL
);

CREATE TABLE payout_batch_lines (
    batch_id INTEGER NOT NULL REFERENCES payout_batches (id),
    member_id INTEGER NOT NULL REFERENCES members (id),
    amount TEXT NOT NULL,
    PRIMARY KEY (batch_id, member_id)
);

-- Double entry: the entries of one transaction sum to zero. Amounts are credits (positive) and
-- debits (negative) of the account: a member account's sum is what the company owes it.
CREATE TABLE ledger_entries (
    id INTEGER PRIMARY KEY,
    transaction_id INTEGER NOT NULL,
    account TEXT NOT NULL,
    member_id INTEGER NULL REFERENCES members (id),
    kind TEXT NOT NULL CHECK (kind IN ('commission', 'clawback', 'adjustment', 'payout')),
    amount TEXT NOT NULL,
    posted_on TEXT NOT NULL,
    period_id INTEGER NULL REFERENCES periods (id),
    adjustment_id INTEGER NULL REFERENCES adjustments (id),
    payout_batch_id INTEGER NULL REFERENCES payout_batches (id),
    memo TEXT NOT NULL
);
CREATE INDEX ix_ledger_entries_member ON ledger_entries (member_id, id);
CREATE INDEX ix_ledger_entries_transaction ON ledger_entries (transaction_id);

-- Append-only: nothing edits or removes a ledger entry, a payout line or a closed period's results.
CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
CREATE TRIGGER payout_lines_no_update BEFORE UPDATE ON payout_lines BEGIN SELECT RAISE(ABORT, 'payout lines are append-only'); END;
CREATE TRIGGER payout_lines_no_delete BEFORE DELETE ON payout_lines BEGIN SELECT RAISE(ABORT, 'payout lines are append-only'); END;
