-- Browser sessions of the supervisor console. Each belongs to a row of `sessions`, the same
-- kind of session an API login opens, so revoking it (sign-out, deactivation) ends it too.
-- The cookie itself is never stored: only its SHA-256. `last_seen_at_us` drives the idle
-- timeout, `expires_at_us` is the absolute one.
CREATE TABLE console_sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    session_id TEXT NOT NULL REFERENCES sessions (id),
    created_at_us BIGINT NOT NULL,
    last_seen_at_us BIGINT NOT NULL,
    expires_at_us BIGINT NOT NULL
);
CREATE INDEX console_sessions_session ON console_sessions (session_id);
