-- PostgreSQL's text of ../Series.sql (same arguments, same rows): date arithmetic by interval,
-- the regions list by json_array_elements_text. :scan_from is :from less a year plus a day, worked
-- out by the caller (SQLite's date() answers NULL for "0000-00-00"; a PostgreSQL cast fails).
SELECT /*figureColumns*/
FROM current_figures c
JOIN observations o ON o.id = c.observation_id
WHERE c.metric = :metric
  AND c.deleted = 0
  AND c.period >= :scan_from AND c.period <= :to
  AND (:from = '0000-00-00' OR CASE o.granularity
        WHEN 'year' THEN to_char(o.period::date + interval '1 year' - interval '1 day', 'YYYY-MM-DD')
        WHEN 'quarter' THEN to_char(o.period::date + interval '3 months' - interval '1 day', 'YYYY-MM-DD')
        WHEN 'month' THEN to_char(o.period::date + interval '1 month' - interval '1 day', 'YYYY-MM-DD')
        ELSE o.period
      END >= :from)
  AND (:all_regions <> 0 OR c.region IN (
        SELECT json_array_elements_text(coalesce(nullif(:regions, 'null'), '[]')::json)))
ORDER BY c.region, c.period, c.granularity
