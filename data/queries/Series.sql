-- The current figures of one metric whose period overlaps [:from, :to]: current_figures names the
-- newest revision of each (region, period, granularity); tombstones are dropped. A period starts
-- at most a year before it ends, so the range scan of the primary key starts a year before :from
-- and the period's end decides (a figure for the year 2024 overlaps from=2024-06); without a
-- :from no period's end is worked out.
SELECT /*figureColumns*/
FROM current_figures c
JOIN observations o ON o.id = c.observation_id
WHERE c.metric = :metric
  AND c.deleted = 0
  AND c.period >= coalesce(date(:from, '-1 year', '+1 day'), :from) AND c.period <= :to
  AND (:from = '0000-00-00' OR CASE o.granularity
        WHEN 'year' THEN date(o.period, '+1 year', '-1 day')
        WHEN 'quarter' THEN date(o.period, '+3 months', '-1 day')
        WHEN 'month' THEN date(o.period, '+1 month', '-1 day')
        ELSE o.period
      END >= :from)
  AND (:all_regions OR c.region IN (SELECT value FROM json_each(:regions)))
ORDER BY c.region, c.period, c.granularity
