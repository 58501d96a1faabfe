-- The reporting calendar (issue 14): how many days after its period ends a metric's figure is
-- due. NULL means the default of its frequency (data.DefaultDueDays).
ALTER TABLE metrics ADD COLUMN due_days INTEGER CHECK (due_days IS NULL OR due_days BETWEEN 0 AND 550);
