-- Arbor schema 10 (SQLite): the distributors' working tools (docs/distributor-tools.md): prospects
-- and their notes, team messages with their recipients and mutes, training courses and progress.

-- A member's prospects: people it talks to. Personal fields are NULL once erased (GDPR art. 17);
-- the row stays for what it links (the customer or member it became).
CREATE TABLE prospects (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    member_id INTEGER NOT NULL REFERENCES members (id),
    name TEXT NULL,
    email TEXT NULL,
    phone TEXT NULL,
    source TEXT NULL,              -- where the member met it: an event, a referral, social media, ...
    stage TEXT NOT NULL CHECK (stage IN ('new', 'contacted', 'presented', 'follow_up', 'customer', 'enrolled', 'not_interested')),
    next_follow_up TEXT NULL,
    consent_on TEXT NULL,          -- the day it agreed to be contacted; NULL: no consent recorded
    created_on TEXT NOT NULL,
    customer_id INTEGER NULL REFERENCES customers (id),
    enrolled_member_id INTEGER NULL REFERENCES members (id),
    erased_on TEXT NULL
);
CREATE INDEX prospects_member ON prospects (member_id, next_follow_up);

CREATE TABLE prospect_notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    prospect_id INTEGER NOT NULL REFERENCES prospects (id),
    written_on TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX prospect_notes_prospect ON prospect_notes (prospect_id);

-- Team messages: from the company (sender_id NULL, targeted by rank, country and language) or
-- from a member to its own downline (all, a level, a rank). The recipients are fixed when the
-- message is sent; read_at is the read receipt.
CREATE TABLE messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sender_id INTEGER NULL REFERENCES members (id),
    sent_by TEXT NOT NULL,         -- the user who sent it
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    audience TEXT NOT NULL,        -- the targeting as chosen, e.g. "rank=Gold;country=NL" or "level=1"
    sent_at TEXT NOT NULL
);

CREATE TABLE message_recipients (
    message_id INTEGER NOT NULL REFERENCES messages (id),
    member_id INTEGER NOT NULL REFERENCES members (id),
    read_at TEXT NULL,
    PRIMARY KEY (message_id, member_id)
);
CREATE INDEX message_recipients_member ON message_recipients (member_id, message_id);

-- Senders a member does not want to hear from (members only; the company's announcements always arrive).
CREATE TABLE message_mutes (
    member_id INTEGER NOT NULL REFERENCES members (id),
    sender_id INTEGER NOT NULL REFERENCES members (id),
    PRIMARY KEY (member_id, sender_id)
);

-- Training: courses of lessons (Markdown), each lesson with an optional check question.
CREATE TABLE courses (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    required_for TEXT NULL,        -- 'new' (every member), a rank's name (members of that highest rank), NULL (optional)
    income_claims INTEGER NOT NULL DEFAULT 0,  -- the income-claims course: the shop link's condition when the company says so
    position INTEGER NOT NULL
);

CREATE TABLE lessons (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    course_id INTEGER NOT NULL REFERENCES courses (id),
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,            -- Markdown
    video_url TEXT NULL,
    question TEXT NULL,
    choices TEXT NULL,             -- one choice a line
    answer INTEGER NULL            -- the right choice, 0-based
);

CREATE TABLE lesson_progress (
    member_id INTEGER NOT NULL REFERENCES members (id),
    lesson_id INTEGER NOT NULL REFERENCES lessons (id),
    completed_at TEXT NOT NULL,
    PRIMARY KEY (member_id, lesson_id)
);

-- The company's setting: a member's shop link goes live only once it completed the income-claims course.
ALTER TABLE company ADD COLUMN shop_requires_training INTEGER NOT NULL DEFAULT 0;
