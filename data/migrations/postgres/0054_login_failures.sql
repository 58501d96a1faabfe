-- PostgreSQL twin of ../0054_login_failures.sql (which says why).
CREATE TABLE login_failures (
    key_hash text COLLATE "C" NOT NULL,
    at_ms    bigint NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key_hash, at_ms);
