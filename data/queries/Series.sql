-- The current figures of one metric: current_figures names the newest revision of each
-- (region, period, granularity); tombstones are dropped. One range scan of its primary key.
SELECT /*observationColumns*/
FROM current_figures c
JOIN observations o ON o.id = c.observation_id
WHERE c.metric = :metric
  AND c.deleted = 0
  AND c.period >= :from AND c.period <= :to
  AND (:all_regions OR c.region IN (SELECT value FROM json_each(:regions)))
ORDER BY c.region, c.period, c.granularity
