-- For each asked metric, its current figures of the newest period that has one: a pass over the
-- metric's part of the current_figures primary key (its regions × periods) and a short range.
SELECT o.id, o.metric, c.region, o.period, o.granularity, o.value, o.source, o.note, o.entered_by, o.entered_at, o.demo
FROM current_figures c
JOIN observations o ON o.id = c.observation_id
LEFT JOIN regions r ON r.code = c.region
WHERE c.metric IN (SELECT value FROM json_each(:metrics))
  AND c.deleted = 0
  AND c.period = (SELECT max(c2.period) FROM current_figures c2 WHERE c2.metric = c.metric AND c2.deleted = 0)
ORDER BY c.metric, coalesce(r.sort, 1000000)
