-- Versions per metric (issue 16): a save of a figure bumps only its metric's version, so the
-- caches of pages, charts and images that show other metrics stay. metric_versions.version is
-- the data version of the last commit that appended a figure of that metric: the trigger runs in
-- the writing transaction, before Store.Tx bumps data_version by one, hence the + 1. Everything
-- that is not a figure (catalog, targets, events, breaks) bumps catalog_version, which every
-- cached view depends on.
CREATE TABLE metric_versions (
    metric  TEXT PRIMARY KEY,
    version INTEGER NOT NULL
);
CREATE INDEX metric_versions_by_version ON metric_versions (version);
INSERT INTO meta (key, value) SELECT 'catalog_version', value FROM meta WHERE key = 'data_version';
CREATE TRIGGER observations_bump_metric_version AFTER INSERT ON observations
BEGIN
    INSERT OR REPLACE INTO metric_versions (metric, version)
    VALUES (NEW.metric, (SELECT CAST(value AS INTEGER) + 1 FROM meta WHERE key = 'data_version'));
END;
