-- The four places and their joint figures. A figure with region NULL belongs to the four together.
CREATE TABLE regions (
    code        TEXT PRIMARY KEY,
    name_zh     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    province_zh TEXT NOT NULL,
    province_en TEXT NOT NULL,
    sort        INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE categories (
    code    TEXT PRIMARY KEY,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    sort    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE metrics (
    code           TEXT PRIMARY KEY,
    category       TEXT NOT NULL REFERENCES categories(code),
    name_zh        TEXT NOT NULL,
    name_en        TEXT NOT NULL,
    unit_zh        TEXT NOT NULL,
    unit_en        TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('count', 'percent', 'length', 'amount', 'ratio')),
    cumulative     INTEGER NOT NULL DEFAULT 0,
    min_value      REAL,
    max_value      REAL,
    target_value   REAL,
    target_date    TEXT,
    decimals       INTEGER NOT NULL DEFAULT 0,
    description_zh TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    headline       INTEGER NOT NULL DEFAULT 0,
    sort           INTEGER NOT NULL DEFAULT 0,
    retired_at     TEXT
);

-- Append-only: one row per revision. The current figure of (metric, region, period) is the row
-- with the highest id; a deleted figure is a tombstone row (deleted = 1). Rows are never updated.
CREATE TABLE observations (
    id          INTEGER PRIMARY KEY,
    metric      TEXT NOT NULL REFERENCES metrics(code),
    region      TEXT REFERENCES regions(code),
    period      TEXT NOT NULL,
    granularity TEXT NOT NULL CHECK (granularity IN ('year', 'quarter', 'month', 'day')),
    value       REAL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    source      TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    supersedes  INTEGER REFERENCES observations(id),
    entered_by  TEXT NOT NULL,
    entered_at  TEXT NOT NULL,
    demo        INTEGER NOT NULL DEFAULT 0,
    CHECK (deleted = 1 OR value IS NOT NULL)
);
CREATE INDEX observations_series ON observations (metric, region, period, id);

CREATE TRIGGER observations_append_only_update BEFORE UPDATE ON observations
BEGIN SELECT RAISE(ABORT, 'observations are append-only'); END;
CREATE TRIGGER observations_append_only_delete BEFORE DELETE ON observations
BEGIN SELECT RAISE(ABORT, 'observations are append-only'); END;

-- Milestones, append-only as well: event_id names the milestone, the newest row is current.
CREATE TABLE events (
    id         INTEGER PRIMARY KEY,
    event_id   INTEGER NOT NULL,
    date       TEXT NOT NULL,
    precision  TEXT NOT NULL CHECK (precision IN ('year', 'month', 'day')),
    title_zh   TEXT NOT NULL,
    title_en   TEXT NOT NULL,
    category   TEXT REFERENCES categories(code),
    region     TEXT REFERENCES regions(code),
    source     TEXT NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT 0,
    entered_by TEXT NOT NULL,
    entered_at TEXT NOT NULL,
    demo       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX events_current ON events (event_id, id);

CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

-- Small facts about the database itself: seed version, data version, demo flag.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO meta (key, value) VALUES ('data_version', '1');
