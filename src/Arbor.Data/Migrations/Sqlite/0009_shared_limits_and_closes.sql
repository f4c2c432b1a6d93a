-- Arbor schema 9 (SQLite): shared by all app servers: the REST API's requests per caller in the current rate-limit window,
-- counted by every app server together.
CREATE TABLE request_counts (
    caller TEXT PRIMARY KEY,
    window_start INTEGER NOT NULL, -- Unix time in milliseconds
    used INTEGER NOT NULL
);

-- The back office's period closes: what each did and how far it got, so that every app server
-- shows the running close (its stages are written as it passes them) and its result. A close is
-- running while its holder holds the 'close' lease.
CREATE TABLE close_jobs (
    id INTEGER PRIMARY KEY,
    period TEXT NOT NULL,
    actor TEXT NOT NULL,
    holder TEXT NOT NULL,
    started_at INTEGER NOT NULL, -- Unix time in milliseconds
    stages TEXT NOT NULL,        -- the stages passed, one a line
    done INTEGER NOT NULL,
    report TEXT NULL,            -- the close's report (JSON) when it stored the period
    problem TEXT NULL            -- why it stored nothing
);
