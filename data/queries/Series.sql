-- The current figures of one metric: current_figures names the newest revision of each
-- (region, period); tombstones are dropped. One range scan of its primary key.
SELECT o.id, o.metric, c.region, o.period, o.granularity, o.value, o.source, o.note, o.supersedes,
       o.entered_by, o.entered_at, o.demo
FROM current_figures c
JOIN observations o ON o.id = c.observation_id
WHERE c.metric = :metric
  AND c.deleted = 0
  AND c.period >= :from AND c.period <= :to
  AND (:all_regions OR c.region IN (SELECT value FROM json_each(:regions)))
ORDER BY c.region, c.period
