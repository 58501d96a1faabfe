-- Failed logins (issue 17): in the database, so that every server behind one database throttles
-- the same guesser. key_hash is the SHA-256 of the throttle's key (an address, an account, or
-- both): people type passwords into the name field, so the typed text is never stored. at_ms is
-- Unix milliseconds; rows older than the throttle's window are dropped as new ones come.
CREATE TABLE login_failures (
    key_hash TEXT NOT NULL,
    at_ms    INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key_hash, at_ms);
