-- PostgreSQL's text of ../LatestFigures.sql: the metrics list by json_array_elements_text.
WITH wanted(metric) AS (SELECT DISTINCT json_array_elements_text(coalesce(nullif(:metrics, 'null'), '[]')::json)),
newest(metric, period) AS MATERIALIZED (
    SELECT w.metric,
           (SELECT max(c2.period) FROM current_figures c2 WHERE c2.metric = w.metric AND c2.deleted = 0)
    FROM wanted w
)
SELECT /*observationColumns*/
FROM newest n
JOIN current_figures c ON c.metric = n.metric AND c.period = n.period AND c.deleted = 0
JOIN observations o ON o.id = c.observation_id
LEFT JOIN regions r ON r.code = c.region
ORDER BY c.metric, coalesce(r.sort, 1000000), c.granularity
