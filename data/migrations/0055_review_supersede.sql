-- A newer pending revision of a figure or milestone supersedes the older pending ones (issue 14):
-- they leave the review queue with an action of their own, 'supersede', so approving one of them
-- is refused and the record still says what happened to it. SQLite cannot change a CHECK, so
-- review_actions is built again with the same rows, indexes and append-only triggers.
CREATE TABLE review_actions_new (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('figure', 'event')),
    revision_id INTEGER NOT NULL,
    batch       INTEGER NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('submit', 'approve', 'return', 'supersede')),
    actor       TEXT NOT NULL,
    at          TEXT NOT NULL,
    comment     TEXT NOT NULL DEFAULT ''
);
INSERT INTO review_actions_new (id, kind, revision_id, batch, action, actor, at, comment)
SELECT id, kind, revision_id, batch, action, actor, at, comment FROM review_actions ORDER BY id;
DROP TABLE review_actions;
ALTER TABLE review_actions_new RENAME TO review_actions;
CREATE INDEX review_actions_by_revision ON review_actions (kind, revision_id, id);
CREATE INDEX review_actions_by_batch ON review_actions (batch);
CREATE TRIGGER review_actions_append_only_update BEFORE UPDATE ON review_actions
BEGIN SELECT RAISE(ABORT, 'review actions are append-only'); END;
CREATE TRIGGER review_actions_append_only_delete BEFORE DELETE ON review_actions
BEGIN SELECT RAISE(ABORT, 'review actions are append-only'); END;
