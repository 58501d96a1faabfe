-- How exact a figure is, apart from its number (which stays numeric): '' exact, 'lower_bound'
-- for a report of ">", "≥" or "以上", 'approx' for "~" or "约".
ALTER TABLE observations ADD COLUMN qualifier TEXT NOT NULL DEFAULT ''
    CHECK (qualifier IN ('', 'lower_bound', 'approx'));
