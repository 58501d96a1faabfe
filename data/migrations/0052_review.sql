-- Review before publishing (issue 14), the reviewers' side. A staff save while review is on is
-- written pending (migration 0051) and submitted; a reviewer who is not its author approves it
-- (its publications row) or returns it with a comment the author reads. review_actions is that
-- record, append-only: the state of a pending revision is its newest action. A submission of
-- several revisions at once (a round of /edit/tasks, a web import) shares one batch number, so
-- it is approved as a whole.
CREATE TABLE review_actions (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('figure', 'event')),
    revision_id INTEGER NOT NULL,
    batch       INTEGER NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('submit', 'approve', 'return')),
    actor       TEXT NOT NULL,
    at          TEXT NOT NULL,
    comment     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX review_actions_by_revision ON review_actions (kind, revision_id, id);
CREATE INDEX review_actions_by_batch ON review_actions (batch);
CREATE TRIGGER review_actions_append_only_update BEFORE UPDATE ON review_actions
BEGIN SELECT RAISE(ABORT, 'review actions are append-only'); END;
CREATE TRIGGER review_actions_append_only_delete BEFORE DELETE ON review_actions
BEGIN SELECT RAISE(ABORT, 'review actions are append-only'); END;

CREATE INDEX observations_pending ON observations (id) WHERE pending = 1;

-- Milestones are reviewed the same way as figures: a pending column, and a revision is public
-- once it has its event_publications row. Every revision written so far was public at once.
ALTER TABLE events ADD COLUMN pending INTEGER NOT NULL DEFAULT 0 CHECK (pending IN (0, 1));
CREATE INDEX events_pending ON events (id) WHERE pending = 1;

CREATE TABLE event_publications (
    event_revision_id INTEGER PRIMARY KEY REFERENCES events(id),
    published_at      TEXT NOT NULL,
    published_by      TEXT NOT NULL
);
CREATE INDEX event_publications_by_time ON event_publications (published_at);
CREATE TRIGGER event_publications_append_only_update BEFORE UPDATE ON event_publications
BEGIN SELECT RAISE(ABORT, 'event publications are append-only'); END;
CREATE TRIGGER event_publications_append_only_delete BEFORE DELETE ON event_publications
BEGIN SELECT RAISE(ABORT, 'event publications are append-only'); END;

INSERT INTO event_publications (event_revision_id, published_at, published_by)
SELECT id, entered_at, entered_by FROM events ORDER BY id;

CREATE TRIGGER events_publish_at_once AFTER INSERT ON events WHEN new.pending = 0
BEGIN
    INSERT INTO event_publications (event_revision_id, published_at, published_by)
    VALUES (new.id, new.entered_at, new.entered_by);
END;

-- The reviewer role (viewer < editor < reviewer < admin). SQLite cannot change a CHECK, so the
-- accounts table is built again with the same rows; sessions, which refer to it, are kept aside
-- meanwhile and put back, so nobody is logged out by the upgrade.
CREATE TABLE users_new (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role          TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'reviewer', 'admin')),
    regions       TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    disabled_at   TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
INSERT INTO users_new (id, name, role, regions, password_hash, disabled_at, created_at, updated_at)
SELECT id, name, role, regions, password_hash, disabled_at, created_at, updated_at FROM users;
CREATE TABLE sessions_kept AS SELECT token_hash, user_id, csrf, addr, created_at, expires_at, seen_at FROM sessions;
DROP TABLE sessions;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    csrf       TEXT NOT NULL,
    addr       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    seen_at    TEXT NOT NULL DEFAULT ''
);
INSERT INTO sessions SELECT token_hash, user_id, csrf, addr, created_at, expires_at, seen_at FROM sessions_kept;
DROP TABLE sessions_kept;
CREATE INDEX sessions_user ON sessions (user_id);
