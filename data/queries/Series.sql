-- The current figures of one metric: for each (region, period) the newest revision, then
-- tombstones dropped. SQLite fills the bare columns from the row that holds max(id), so this is
-- one pass over the observations_series index for the metric.
SELECT id, metric, coalesce(region, ''), period, granularity, value, source, note, supersedes, entered_by, entered_at, demo
FROM (
    SELECT o.*, max(o.id) AS newest
    FROM observations o
    WHERE o.metric = :metric
      AND o.period >= :from AND o.period <= :to
    GROUP BY o.region, o.period
)
WHERE deleted = 0
  AND (:all_regions OR coalesce(region, '') IN (SELECT value FROM json_each(:regions)))
ORDER BY coalesce(region, ''), period
