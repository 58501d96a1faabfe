-- current_figures points at the newest revision of every (metric, region, period): a derived
-- index kept by a trigger, so every path that appends a revision keeps it right. Observations
-- themselves stay append-only; this table only says which of them is current. region '' is the
-- joint figure (NULL cannot sit in a primary key usefully).
CREATE TABLE current_figures (
    metric         TEXT NOT NULL,
    region         TEXT NOT NULL,
    period         TEXT NOT NULL,
    observation_id INTEGER NOT NULL REFERENCES observations(id),
    deleted        INTEGER NOT NULL,
    PRIMARY KEY (metric, region, period)
) WITHOUT ROWID;

INSERT INTO current_figures (metric, region, period, observation_id, deleted)
SELECT metric, coalesce(region, ''), period, id, deleted
FROM (SELECT o.*, max(o.id) FROM observations o GROUP BY o.metric, o.region, o.period);

CREATE TRIGGER observations_keep_current AFTER INSERT ON observations
BEGIN
    INSERT INTO current_figures (metric, region, period, observation_id, deleted)
    VALUES (new.metric, coalesce(new.region, ''), new.period, new.id, new.deleted)
    ON CONFLICT (metric, region, period) DO UPDATE
        SET observation_id = excluded.observation_id, deleted = excluded.deleted
        WHERE excluded.observation_id > current_figures.observation_id;
END;
