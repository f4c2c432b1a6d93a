-- Arbor schema 11 (SQLite): the back office's plan simulations (docs/simulation.md): what each
-- was asked, how far it got (written as it runs, so that every app server shows it) and, once
-- ended, its summary and report files. A simulation is running while its holder holds the
-- 'simulation' lease; one that is neither done nor held was cut off with its server.
CREATE TABLE simulations (
    id INTEGER PRIMARY KEY,
    actor TEXT NOT NULL,
    holder TEXT NOT NULL,
    started_at INTEGER NOT NULL,      -- Unix time in milliseconds
    ended_at INTEGER NULL,
    title TEXT NOT NULL,              -- the plans' names
    months INTEGER NOT NULL,
    runs INTEGER NOT NULL,
    seed INTEGER NOT NULL,
    scenario TEXT NOT NULL,           -- the scenario as YAML, every setting
    runs_done INTEGER NOT NULL,
    stop_requested INTEGER NOT NULL,  -- 1: someone asked it to stop; its server stops it at its next heartbeat
    done INTEGER NOT NULL,
    summary TEXT NULL,                -- SimulationSummary as JSON, when it ended with a report
    problem TEXT NULL                 -- why it ended without one
);

-- A simulation's report files (report.html, months.csv, ...), written with its end.
CREATE TABLE simulation_files (
    simulation_id INTEGER NOT NULL REFERENCES simulations (id),
    name TEXT NOT NULL,
    content TEXT NOT NULL,
    PRIMARY KEY (simulation_id, name)
);
