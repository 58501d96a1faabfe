-- Staff accounts. regions lists the region codes an editor may change, comma-separated; empty
-- means every region and the joint figures. Passwords are bcrypt hashes.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role          TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
    regions       TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    disabled_at   TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

-- Server-side sessions. The cookie carries a random token; only its SHA-256 is stored, so a
-- copy of the database does not log anyone in. Deleting the row ends the session at once.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    csrf       TEXT NOT NULL,
    addr       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Who changed what, when, from where, with the record before and after (JSON). Append-only.
CREATE TABLE audit (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    addr    TEXT NOT NULL DEFAULT '',
    action  TEXT NOT NULL,
    target  TEXT NOT NULL DEFAULT '',
    before  TEXT NOT NULL DEFAULT '',
    after   TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;

-- An uploaded spreadsheet between its preview and its commit, owned by the session that
-- previewed it. Rows are JSON; drafts older than an hour are dropped.
CREATE TABLE import_drafts (
    id         TEXT PRIMARY KEY,
    session    TEXT NOT NULL,
    file_name  TEXT NOT NULL,
    rows_json  TEXT NOT NULL,
    created_at TEXT NOT NULL
);
