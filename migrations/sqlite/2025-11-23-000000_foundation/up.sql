-- custos foundation: organisations, users, sessions, login throttling, transparency log.
-- Ids are UUIDv7 text; times are integer microseconds since the Unix epoch, set by the server.

CREATE TABLE organisations (
    id TEXT PRIMARY KEY NOT NULL,
    parent_id TEXT REFERENCES organisations (id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    -- '/' + ids from the root down to this unit + '/': a unit's scope is every path it prefixes.
    path TEXT NOT NULL UNIQUE,
    created_at_us BIGINT NOT NULL
);
CREATE INDEX organisations_parent ON organisations (parent_id);

CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('officer', 'dock', 'reviewer', 'supervisor', 'admin')),
    org_id TEXT NOT NULL REFERENCES organisations (id),
    active BOOLEAN NOT NULL DEFAULT 1,
    created_at_us BIGINT NOT NULL,
    deactivated_at_us BIGINT
);
CREATE INDEX users_org ON users (org_id);

-- A session is one login; its refresh tokens form one rotation family.
CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    created_at_us BIGINT NOT NULL,
    revoked_at_us BIGINT,
    revoked_reason TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE refresh_tokens (
    -- SHA-256 of the token, lowercase hex; the token itself is never stored.
    token_hash TEXT PRIMARY KEY NOT NULL,
    session_id TEXT NOT NULL REFERENCES sessions (id),
    issued_at_us BIGINT NOT NULL,
    expires_at_us BIGINT NOT NULL,
    spent_at_us BIGINT
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

CREATE TABLE login_throttle (
    username TEXT PRIMARY KEY NOT NULL,
    failures INTEGER NOT NULL,
    locked_until_us BIGINT NOT NULL,
    last_failure_us BIGINT NOT NULL
);

-- The single row every log append locks first, so appends from several nodes are serial.
CREATE TABLE log_head (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    size BIGINT NOT NULL
);
INSERT INTO log_head (id, size) VALUES (1, 0);

CREATE TABLE log_entries (
    idx BIGINT PRIMARY KEY NOT NULL,
    entry_type TEXT NOT NULL,
    -- The exact leaf bytes (JCS of the entry object) that the leaf hash covers.
    leaf BLOB NOT NULL,
    appended_at_us BIGINT NOT NULL
);

-- tlog stored hash index -> hash, as in golang.org/x/mod/sumdb/tlog.
CREATE TABLE log_hashes (
    idx BIGINT PRIMARY KEY NOT NULL,
    hash BLOB NOT NULL
);

CREATE TABLE log_roots (
    size BIGINT PRIMARY KEY NOT NULL,
    root_hash BLOB NOT NULL,
    recorded_at_us BIGINT NOT NULL
);

CREATE TRIGGER log_entries_append_only_update BEFORE UPDATE ON log_entries
BEGIN SELECT RAISE(ABORT, 'log entries are append-only'); END;
CREATE TRIGGER log_entries_append_only_delete BEFORE DELETE ON log_entries
BEGIN SELECT RAISE(ABORT, 'log entries are append-only'); END;
CREATE TRIGGER log_hashes_append_only_update BEFORE UPDATE ON log_hashes
BEGIN SELECT RAISE(ABORT, 'log hashes are append-only'); END;
CREATE TRIGGER log_hashes_append_only_delete BEFORE DELETE ON log_hashes
BEGIN SELECT RAISE(ABORT, 'log hashes are append-only'); END;
