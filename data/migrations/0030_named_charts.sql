-- Named charts are catalog data, not code: a chart of several metrics under its own address
-- (/charts/{name}.png, /data/{name}.csv), and the overview's headline charts. A metric listed
-- here that the catalog does not hold is left out of the chart, so no foreign key to metrics
-- (the metrics are seeded after the migrations run).
CREATE TABLE named_charts (
    name     TEXT PRIMARY KEY,
    title_zh TEXT NOT NULL,
    title_en TEXT NOT NULL DEFAULT ''
);

CREATE TABLE named_chart_metrics (
    chart  TEXT NOT NULL REFERENCES named_charts (name),
    metric TEXT NOT NULL,
    sort   INTEGER NOT NULL,
    PRIMARY KEY (chart, sort)
);

-- The overview's headline charts, in order: a metric code or a named chart, and the id of its
-- card on the page.
CREATE TABLE overview_charts (
    sort       INTEGER PRIMARY KEY,
    chart      TEXT NOT NULL UNIQUE,
    element_id TEXT NOT NULL UNIQUE
);

INSERT INTO named_charts (name, title_zh, title_en) VALUES
    ('rail22_progress', '22号线(平谷线)建设进度', 'Line 22 (Pinggu Line) construction progress');

INSERT INTO named_chart_metrics (chart, metric, sort) VALUES
    ('rail22_progress', 'rail22_pinggu_progress', 1),
    ('rail22_progress', 'rail22_main_structure', 2),
    ('rail22_progress', 'rail22_station_structure', 3),
    ('rail22_progress', 'rail22_interval_structure', 4);

INSERT INTO overview_charts (sort, chart, element_id) VALUES
    (1, 'cross_border_bus_lines', 'chart-bus'),
    (2, 'rail22_progress', 'chart-rail22'),
    (3, 'medical_expert_workstations', 'chart-medical');
