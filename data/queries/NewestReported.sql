-- For each asked (metric, region, granularity), its current figure of the newest period: the
-- newest period is looked up by the current_figures primary key, then its one figure.
WITH wanted(metric, region, granularity) AS (
    SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]')
    FROM json_each(:wanted)
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
