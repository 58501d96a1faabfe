-- What a metric means (口径), how often and by whom it is reported, and notes: shown on its page
-- (指标说明), in the API and the XLSX metadata sheet, edited in the admin catalog.
ALTER TABLE metrics ADD COLUMN definition_zh TEXT NOT NULL DEFAULT '';
ALTER TABLE metrics ADD COLUMN definition_en TEXT NOT NULL DEFAULT '';
ALTER TABLE metrics ADD COLUMN frequency TEXT NOT NULL DEFAULT ''
    CHECK (frequency IN ('', 'once', 'irregular', 'year', 'quarter', 'month'));
ALTER TABLE metrics ADD COLUMN reporter_zh TEXT NOT NULL DEFAULT '';
ALTER TABLE metrics ADD COLUMN reporter_en TEXT NOT NULL DEFAULT '';
ALTER TABLE metrics ADD COLUMN notes_zh TEXT NOT NULL DEFAULT '';
ALTER TABLE metrics ADD COLUMN notes_en TEXT NOT NULL DEFAULT '';

-- Scope belongs to metric × region: for Line 22 the sanhe figure is the Hebei section, the joint
-- figure the whole line. region '' is the joint figure.
CREATE TABLE metric_scopes (
    metric   TEXT NOT NULL REFERENCES metrics(code),
    region   TEXT NOT NULL,
    scope_zh TEXT NOT NULL DEFAULT '',
    scope_en TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (metric, region)
) WITHOUT ROWID;
