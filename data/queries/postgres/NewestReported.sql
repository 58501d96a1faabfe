-- PostgreSQL's text of ../NewestReported.sql: the wanted triples by json_array_elements.
WITH wanted(metric, region, granularity) AS (
    SELECT value->>0, value->>1, value->>2
    FROM json_array_elements(coalesce(nullif(:wanted, 'null'), '[]')::json)
),
newest(metric, region, granularity, period) AS MATERIALIZED (
    SELECT w.metric, w.region, w.granularity,
           (SELECT max(c2.period) FROM current_figures c2
            WHERE c2.metric = w.metric AND c2.region = w.region AND c2.granularity = w.granularity AND c2.deleted = 0)
    FROM wanted w
)
SELECT /*observationColumns*/
FROM newest n
JOIN current_figures c ON c.metric = n.metric AND c.region = n.region AND c.period = n.period
    AND c.granularity = n.granularity
JOIN observations o ON o.id = c.observation_id
