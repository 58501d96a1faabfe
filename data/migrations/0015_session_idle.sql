-- When a session was last used: a login left idle longer than SessionIdle ends, on top of the
-- absolute SessionTTL. Older rows count from their creation.
ALTER TABLE sessions ADD COLUMN seen_at TEXT NOT NULL DEFAULT '';
UPDATE sessions SET seen_at = created_at;
