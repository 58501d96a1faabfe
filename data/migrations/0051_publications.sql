-- Review before publishing (issue 14): a revision is public once it is published, not when it
-- is written. An editor's save is written pending (pending = 1) and published when a reviewer
-- approves it; every other write (review off, the seed, demo, `pjsx import` on the host) is
-- published at once by the trigger below. publications is append-only like observations, and
-- its times are what `asof` reads: the public figure at a moment is the newest revision
-- published by then. current_figures and metric_versions now follow publications, so a pending
-- revision changes no public page, figure or cache.
ALTER TABLE observations ADD COLUMN pending INTEGER NOT NULL DEFAULT 0 CHECK (pending IN (0, 1));

CREATE TABLE publications (
    observation_id INTEGER PRIMARY KEY REFERENCES observations(id),
    published_at   TEXT NOT NULL,
    published_by   TEXT NOT NULL
);
CREATE INDEX publications_by_time ON publications (published_at);
CREATE TRIGGER publications_append_only_update BEFORE UPDATE ON publications
BEGIN SELECT RAISE(ABORT, 'publications are append-only'); END;
CREATE TRIGGER publications_append_only_delete BEFORE DELETE ON publications
BEGIN SELECT RAISE(ABORT, 'publications are append-only'); END;

INSERT INTO publications (observation_id, published_at, published_by)
SELECT id, entered_at, entered_by FROM observations ORDER BY id;

CREATE TRIGGER observations_publish_at_once AFTER INSERT ON observations WHEN new.pending = 0
BEGIN
    INSERT INTO publications (observation_id, published_at, published_by)
    VALUES (new.id, new.entered_at, new.entered_by);
END;

DROP TRIGGER observations_keep_current;
CREATE TRIGGER publications_keep_current AFTER INSERT ON publications
BEGIN
    INSERT INTO current_figures (metric, region, period, granularity, observation_id, deleted)
    SELECT o.metric, coalesce(o.region, ''), o.period, o.granularity, o.id, o.deleted
    FROM observations o WHERE o.id = new.observation_id
    ON CONFLICT (metric, region, period, granularity) DO UPDATE
        SET observation_id = excluded.observation_id, deleted = excluded.deleted
        WHERE excluded.observation_id > current_figures.observation_id;
END;

DROP TRIGGER observations_bump_metric_version;
CREATE TRIGGER publications_bump_metric_version AFTER INSERT ON publications
BEGIN
    INSERT OR REPLACE INTO metric_versions (metric, version)
    SELECT o.metric, (SELECT CAST(value AS INTEGER) + 1 FROM meta WHERE key = 'data_version')
    FROM observations o WHERE o.id = new.observation_id;
END;
