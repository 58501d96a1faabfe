-- The metric catalog is versioned like figures (DECISIONS "Publishing"), so asof shows the
-- names, units and definitions of that day. metrics stays the catalog as it is now; every change
-- to it (add, metadata, scopes, retire, the seed filling blanks) also appends the metric's whole
-- row as it stands after the change, with its scopes as JSON, to metric_revisions. The catalog as
-- of a moment is each metric's newest revision changed before it. Metrics catalogued before this
-- table existed get one revision with changed_at '' (before every moment): their earlier states
-- were never kept.
CREATE TABLE metric_revisions (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL REFERENCES metrics(code),
    changed_at     TEXT NOT NULL,
    category       TEXT NOT NULL,
    name_zh        TEXT NOT NULL,
    name_en        TEXT NOT NULL,
    unit_zh        TEXT NOT NULL,
    unit_en        TEXT NOT NULL,
    kind           TEXT NOT NULL,
    cumulative     INTEGER NOT NULL,
    min_value      REAL,
    max_value      REAL,
    target_value   REAL,
    target_date    TEXT,
    decimals       INTEGER NOT NULL,
    description_zh TEXT NOT NULL,
    description_en TEXT NOT NULL,
    headline       INTEGER NOT NULL,
    sort           INTEGER NOT NULL,
    retired_at     TEXT,
    definition_zh  TEXT NOT NULL,
    definition_en  TEXT NOT NULL,
    frequency      TEXT NOT NULL,
    reporter_zh    TEXT NOT NULL,
    reporter_en    TEXT NOT NULL,
    notes_zh       TEXT NOT NULL,
    notes_en       TEXT NOT NULL,
    due_days       INTEGER,
    scopes         TEXT NOT NULL DEFAULT '[]' -- [{"region", "scope_zh", "scope_en"}], joint first
);
CREATE INDEX metric_revisions_by_code ON metric_revisions (code, changed_at);
CREATE TRIGGER metric_revisions_append_only_update BEFORE UPDATE ON metric_revisions
BEGIN SELECT RAISE(ABORT, 'metric revisions are append-only'); END;
CREATE TRIGGER metric_revisions_append_only_delete BEFORE DELETE ON metric_revisions
BEGIN SELECT RAISE(ABORT, 'metric revisions are append-only'); END;

INSERT INTO metric_revisions (code, changed_at, category, name_zh, name_en, unit_zh, unit_en, kind, cumulative,
    min_value, max_value, target_value, target_date, decimals, description_zh, description_en, headline, sort,
    retired_at, definition_zh, definition_en, frequency, reporter_zh, reporter_en, notes_zh, notes_en, due_days, scopes)
SELECT m.code, '', m.category, m.name_zh, m.name_en, m.unit_zh, m.unit_en, m.kind, m.cumulative,
    m.min_value, m.max_value, m.target_value, m.target_date, m.decimals, m.description_zh, m.description_en,
    m.headline, m.sort, m.retired_at, m.definition_zh, m.definition_en, m.frequency, m.reporter_zh, m.reporter_en,
    m.notes_zh, m.notes_en, m.due_days,
    (SELECT json_group_array(json_object('region', s.region, 'scope_zh', s.scope_zh, 'scope_en', s.scope_en))
     FROM (SELECT s.* FROM metric_scopes s LEFT JOIN regions r ON r.code = s.region
           WHERE s.metric = m.code ORDER BY coalesce(r.sort, 0)) s)
FROM metrics m ORDER BY m.sort, m.code;
