-- PostgreSQL's text of ../NewestReported.sql: the wanted triples by json_array_elements. A metric
-- reported once a year for a finer period (the May Day holiday: 2023-05) has no figure at its
-- frequency at all; then its newest figure of any granularity is the one it reported.
WITH wanted(metric, region, granularity) AS (
    SELECT value->>0, value->>1, value->>2
    FROM json_array_elements(coalesce(nullif(:wanted, 'null'), '[]')::json)
),
at_frequency(metric, region, granularity, period) AS MATERIALIZED (
    SELECT w.metric, w.region, w.granularity,
           (SELECT max(c2.period) FROM current_figures c2
            WHERE c2.metric = w.metric AND c2.region = w.region AND c2.granularity = w.granularity AND c2.deleted = 0)
    FROM wanted w
),
newest(metric, region, granularity, period) AS MATERIALIZED (
    SELECT metric, region, granularity, period FROM at_frequency WHERE period IS NOT NULL
    UNION ALL
    SELECT a.metric, a.region, c2.granularity, c2.period
    FROM at_frequency a
    JOIN current_figures c2 ON c2.metric = a.metric AND c2.region = a.region AND c2.deleted = 0
    WHERE a.period IS NULL
      AND c2.period = (SELECT max(c3.period) FROM current_figures c3
                       WHERE c3.metric = a.metric AND c3.region = a.region AND c3.deleted = 0)
)
SELECT /*observationColumns*/
FROM newest n
JOIN current_figures c ON c.metric = n.metric AND c.region = n.region AND c.period = n.period
    AND c.granularity = n.granularity
JOIN observations o ON o.id = c.observation_id
