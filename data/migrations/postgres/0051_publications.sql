-- PostgreSQL twin of ../0051_publications.sql (which says why): a revision is public once it has
-- its publications row. As in the baseline, the triggers run once per INSERT over its rows.
ALTER TABLE observations ADD COLUMN pending bigint NOT NULL DEFAULT 0 CHECK (pending IN (0, 1));

CREATE TABLE publications (
    observation_id bigint PRIMARY KEY REFERENCES observations(id),
    published_at   text COLLATE "C" NOT NULL,
    published_by   text COLLATE "C" NOT NULL
);
CREATE INDEX publications_by_time ON publications (published_at);
CREATE TRIGGER publications_append_only BEFORE UPDATE OR DELETE ON publications
    FOR EACH ROW EXECUTE FUNCTION pjsx_append_only();
CREATE TRIGGER publications_append_only_truncate BEFORE TRUNCATE ON publications
    FOR EACH STATEMENT EXECUTE FUNCTION pjsx_append_only();

INSERT INTO publications (observation_id, published_at, published_by)
SELECT id, entered_at, entered_by FROM observations ORDER BY id;

CREATE FUNCTION pjsx_publish_at_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO publications (observation_id, published_at, published_by)
    SELECT n.id, n.entered_at, n.entered_by FROM new_rows n WHERE n.pending = 0 ORDER BY n.id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER observations_publish_at_once AFTER INSERT ON observations
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION pjsx_publish_at_once();

-- current_figures and metric_versions follow publications, not observations.
DROP TRIGGER observations_keep_current ON observations;
CREATE OR REPLACE FUNCTION pjsx_keep_current() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO current_figures (metric, region, period, granularity, observation_id, deleted)
    SELECT DISTINCT ON (o.metric, coalesce(o.region, ''), o.period, o.granularity)
           o.metric, coalesce(o.region, ''), o.period, o.granularity, o.id, o.deleted
    FROM new_rows p JOIN observations o ON o.id = p.observation_id
    ORDER BY o.metric, coalesce(o.region, ''), o.period, o.granularity, o.id DESC
    ON CONFLICT (metric, region, period, granularity) DO UPDATE
        SET observation_id = excluded.observation_id, deleted = excluded.deleted
        WHERE excluded.observation_id > current_figures.observation_id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER publications_keep_current AFTER INSERT ON publications
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION pjsx_keep_current();

DROP TRIGGER observations_bump_metric_version ON observations;
CREATE OR REPLACE FUNCTION pjsx_bump_metric_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO metric_versions (metric, version)
    SELECT DISTINCT o.metric, (SELECT CAST(value AS bigint) + 1 FROM meta WHERE key = 'data_version')
    FROM new_rows p JOIN observations o ON o.id = p.observation_id
    ON CONFLICT (metric) DO UPDATE SET version = excluded.version;
    RETURN NULL;
END;
$$;
CREATE TRIGGER publications_bump_metric_version AFTER INSERT ON publications
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION pjsx_bump_metric_version();
