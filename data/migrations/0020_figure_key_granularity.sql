-- A figure is named by metric, region, period AND granularity: the year 2024 and January 2024
-- both start on 2024-01-01 and are different figures. Before this, a year figure imported over a
-- month figure became its "newer revision"; rebuilding current_figures by the full key brings
-- both back as current, so no revision is lost (rows stay as they are: append-only).
DROP TRIGGER observations_keep_current;
DROP TABLE current_figures;

CREATE TABLE current_figures (
    metric         TEXT NOT NULL,
    region         TEXT NOT NULL,
    period         TEXT NOT NULL,
    granularity    TEXT NOT NULL,
    observation_id INTEGER NOT NULL REFERENCES observations(id),
    deleted        INTEGER NOT NULL,
    PRIMARY KEY (metric, region, period, granularity)
) WITHOUT ROWID;

INSERT INTO current_figures (metric, region, period, granularity, observation_id, deleted)
SELECT o.metric, coalesce(o.region, ''), o.period, o.granularity, o.id, o.deleted
FROM observations o
WHERE o.id IN (SELECT max(id) FROM observations GROUP BY metric, region, period, granularity);

CREATE TRIGGER observations_keep_current AFTER INSERT ON observations
BEGIN
    INSERT INTO current_figures (metric, region, period, granularity, observation_id, deleted)
    VALUES (new.metric, coalesce(new.region, ''), new.period, new.granularity, new.id, new.deleted)
    ON CONFLICT (metric, region, period, granularity) DO UPDATE
        SET observation_id = excluded.observation_id, deleted = excluded.deleted
        WHERE excluded.observation_id > current_figures.observation_id;
END;

DROP INDEX observations_series;
CREATE INDEX observations_series ON observations (metric, region, period, granularity, id);
