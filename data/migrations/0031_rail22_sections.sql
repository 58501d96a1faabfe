-- Line 22's progress chart shows each measure in every scope it is reported for: the whole line
-- (joint), the Hebei section (sanhe), the Pinggu section (pinggu) and the Beijing section, which
-- is a metric of its own (DECISIONS.md). Each Beijing-section metric follows its whole-line one.
DELETE FROM named_chart_metrics WHERE chart = 'rail22_progress';
INSERT INTO named_chart_metrics (chart, metric, sort) VALUES
    ('rail22_progress', 'rail22_pinggu_progress', 1),
    ('rail22_progress', 'rail22_main_structure', 2),
    ('rail22_progress', 'rail22_station_structure', 3),
    ('rail22_progress', 'rail22_station_structure_bj', 4),
    ('rail22_progress', 'rail22_interval_structure', 5),
    ('rail22_progress', 'rail22_interval_structure_bj', 6);
