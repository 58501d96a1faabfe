-- The history of reports (issue 12): a source is its outlet, title, publication date and (only
-- where it is the outlet's own site) address, besides the source text every figure already has.
-- An unnamed outlet stays ''.
ALTER TABLE observations ADD COLUMN source_outlet TEXT NOT NULL DEFAULT '';
ALTER TABLE observations ADD COLUMN source_title TEXT NOT NULL DEFAULT '';
ALTER TABLE observations ADD COLUMN source_date TEXT NOT NULL DEFAULT '';
ALTER TABLE observations ADD COLUMN source_url TEXT NOT NULL DEFAULT '';

ALTER TABLE events ADD COLUMN source_outlet TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN source_title TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN source_date TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN source_url TEXT NOT NULL DEFAULT '';
-- A report that says an event had happened by a date, without its day: "on or before" the date.
ALTER TABLE events ADD COLUMN on_or_before INTEGER NOT NULL DEFAULT 0;

-- A planned value of a metric for a region by a date (a year-end plan is its year): an
-- annotation of the metric it plans, never a series of its own. region '' is the joint figure.
CREATE TABLE targets (
    id            INTEGER PRIMARY KEY,
    metric        TEXT NOT NULL REFERENCES metrics(code),
    region        TEXT NOT NULL DEFAULT '',
    period        TEXT NOT NULL,
    granularity   TEXT NOT NULL CHECK (granularity IN ('year', 'quarter', 'month', 'day')),
    value         REAL NOT NULL,
    source        TEXT NOT NULL,
    source_outlet TEXT NOT NULL DEFAULT '',
    source_title  TEXT NOT NULL DEFAULT '',
    source_date   TEXT NOT NULL DEFAULT '',
    source_url    TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    UNIQUE (metric, region, period, granularity)
);

-- A change of definition (口径) of a metric's series at a date: charts draw a gap and a marker
-- with the note; exports carry it. region '' is the joint series.
CREATE TABLE series_breaks (
    id      INTEGER PRIMARY KEY,
    metric  TEXT NOT NULL REFERENCES metrics(code),
    region  TEXT NOT NULL DEFAULT '',
    date    TEXT NOT NULL,
    note_zh TEXT NOT NULL,
    note_en TEXT NOT NULL,
    UNIQUE (metric, region, date)
);

-- Another report of a figure that the series does not draw (a conflicting or rounded value):
-- linked to the figure by its key, with its own source. Not a revision.
CREATE TABLE alternative_reports (
    id            INTEGER PRIMARY KEY,
    metric        TEXT NOT NULL REFERENCES metrics(code),
    region        TEXT NOT NULL DEFAULT '',
    period        TEXT NOT NULL,
    granularity   TEXT NOT NULL CHECK (granularity IN ('year', 'quarter', 'month', 'day')),
    value         REAL NOT NULL,
    qualifier     TEXT NOT NULL DEFAULT '' CHECK (qualifier IN ('', 'lower_bound', 'approx')),
    reported      TEXT NOT NULL,
    source        TEXT NOT NULL,
    source_outlet TEXT NOT NULL DEFAULT '',
    source_title  TEXT NOT NULL DEFAULT '',
    source_date   TEXT NOT NULL DEFAULT '',
    source_url    TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    UNIQUE (metric, region, period, granularity, value, source)
);
CREATE INDEX alternative_reports_metric ON alternative_reports (metric, region, period);

-- Plans of dates: when something (a line, an expressway) was due to open, as each report said at
-- its time. Their own kind of series, never progress; actual is the date it happened, if it has.
CREATE TABLE date_plans (
    code              TEXT PRIMARY KEY,
    category          TEXT NOT NULL REFERENCES categories(code),
    name_zh           TEXT NOT NULL,
    name_en           TEXT NOT NULL,
    definition_zh     TEXT NOT NULL DEFAULT '',
    definition_en     TEXT NOT NULL DEFAULT '',
    actual            TEXT NOT NULL DEFAULT '',
    actual_precision  TEXT NOT NULL DEFAULT '' CHECK (actual_precision IN ('', 'year', 'month', 'day')),
    sort              INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE date_plan_reports (
    id                INTEGER PRIMARY KEY,
    plan              TEXT NOT NULL REFERENCES date_plans(code),
    region            TEXT NOT NULL DEFAULT '',
    reported          TEXT NOT NULL,
    reported_precision TEXT NOT NULL CHECK (reported_precision IN ('year', 'month', 'day')),
    planned           TEXT NOT NULL,
    planned_precision TEXT NOT NULL CHECK (planned_precision IN ('year', 'month', 'day')),
    source            TEXT NOT NULL,
    source_outlet     TEXT NOT NULL DEFAULT '',
    source_title      TEXT NOT NULL DEFAULT '',
    source_date       TEXT NOT NULL DEFAULT '',
    source_url        TEXT NOT NULL DEFAULT '',
    note              TEXT NOT NULL DEFAULT '',
    UNIQUE (plan, region, reported, planned, source)
);
