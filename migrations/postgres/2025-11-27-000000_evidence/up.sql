-- custos evidence: resumable uploads, evidence items, what the server learns from the files,
-- and the custody events each tied to its log entry.
-- Times are integer microseconds since the Unix epoch, set by the server.

CREATE TABLE uploads (
    id TEXT PRIMARY KEY NOT NULL,
    -- Who sends the bytes (an officer or a dock) and the officer the item is attributed to.
    uploader_id TEXT NOT NULL REFERENCES users (id),
    officer_id TEXT NOT NULL REFERENCES users (id),
    org_id TEXT NOT NULL REFERENCES organisations (id),
    length BIGINT NOT NULL,
    -- Bytes durably staged: the only offset HEAD ever reports.
    upload_offset BIGINT NOT NULL,
    -- custos-core SavedHasherState of the first upload_offset bytes.
    hash_state BYTEA NOT NULL,
    declared_sha256 TEXT NOT NULL,
    -- The Upload-Metadata header as sent, echoed by HEAD.
    metadata TEXT NOT NULL,
    filename TEXT,
    content_type TEXT,
    kind TEXT,
    captured_at_us BIGINT,
    device_clock_us BIGINT,
    device_id TEXT,
    case_id TEXT,
    status TEXT NOT NULL CHECK (status IN ('open', 'finishing', 'completed', 'terminated', 'expired')),
    computed_sha256 TEXT,
    evidence_id TEXT,
    -- Staged bytes may still exist in the blob store and must be removed once settled.
    staging_present BOOLEAN NOT NULL,
    created_at_us BIGINT NOT NULL,
    updated_at_us BIGINT NOT NULL,
    expires_at_us BIGINT NOT NULL
);
CREATE INDEX uploads_status_expiry ON uploads (status, expires_at_us);

-- Staged parts in an object store (one object per committed stretch of bytes).
CREATE TABLE upload_parts (
    upload_id TEXT NOT NULL REFERENCES uploads (id),
    start_offset BIGINT NOT NULL,
    end_offset BIGINT NOT NULL,
    object_key TEXT NOT NULL,
    PRIMARY KEY (upload_id, start_offset)
);

CREATE TABLE evidence (
    id TEXT PRIMARY KEY NOT NULL,
    upload_id TEXT NOT NULL UNIQUE REFERENCES uploads (id),
    -- Digest of the bytes received; declared_sha256 is what the capturing device computed.
    sha256 TEXT NOT NULL,
    declared_sha256 TEXT NOT NULL,
    size BIGINT NOT NULL,
    kind TEXT,
    content_type TEXT,
    filename TEXT,
    status TEXT NOT NULL CHECK (status IN ('verified', 'quarantined', 'disposed')),
    -- Key of the bytes in the blob store; NULL once disposed.
    blob_key TEXT,
    org_id TEXT NOT NULL REFERENCES organisations (id),
    uploader_id TEXT NOT NULL REFERENCES users (id),
    officer_id TEXT NOT NULL REFERENCES users (id),
    device_id TEXT,
    case_id TEXT,
    captured_at_us BIGINT,
    device_clock_us BIGINT,
    received_at_us BIGINT NOT NULL,
    clock_skew_us BIGINT,
    clock_skew_flagged BOOLEAN NOT NULL,
    sealed BOOLEAN NOT NULL,
    held BOOLEAN NOT NULL
);
CREATE INDEX evidence_sha256 ON evidence (sha256);
CREATE INDEX evidence_org ON evidence (org_id);

-- What the background analysis learned from an item; a row per item is also its place in
-- the analysis queue, claimed by any node through lease_until_us.
CREATE TABLE evidence_media (
    evidence_id TEXT PRIMARY KEY NOT NULL REFERENCES evidence (id),
    status TEXT NOT NULL CHECK (status IN ('pending', 'done', 'failed', 'none')),
    lease_until_us BIGINT,
    attempts INTEGER NOT NULL,
    error TEXT,
    width INTEGER,
    height INTEGER,
    duration_us BIGINT,
    exif_captured_at_us BIGINT,
    exif_skew_us BIGINT,
    lat_e7 INTEGER,
    lon_e7 INTEGER,
    thumbnail_key TEXT
);
CREATE INDEX evidence_media_status ON evidence_media (status);

-- One row per custody event; the event itself is the log leaf at log_index.
CREATE TABLE custody_events (
    log_index BIGINT PRIMARY KEY NOT NULL,
    evidence_id TEXT REFERENCES evidence (id),
    upload_id TEXT REFERENCES uploads (id),
    event TEXT NOT NULL,
    actor_id TEXT,
    at_us BIGINT NOT NULL,
    -- Personal details kept out of the public log (client address); the leaf holds their digest.
    details TEXT NOT NULL
);
CREATE INDEX custody_events_evidence ON custody_events (evidence_id, log_index);

CREATE TRIGGER custody_events_append_only BEFORE UPDATE OR DELETE ON custody_events
FOR EACH ROW EXECUTE FUNCTION custos_append_only();
