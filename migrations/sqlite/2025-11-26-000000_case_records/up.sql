-- custos full-process recording (全过程记录): cases, the device chains that make them up, the
-- signed records, evidence of forks, records held until their predecessor arrives, and rule
-- findings. Times are integer microseconds since the Unix epoch; hashes are lowercase hex.
--
-- A case row is what its accepted records fold to (stage, classification, next deadline) and
-- is rewritten as records arrive; records, forks and findings are only ever inserted.

CREATE TABLE cases (
    -- Chosen by the device that opened the case: the part of a chain id before its first '/'.
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations (id),
    -- 'inspection', 'ordinary' or 'summary'; NULL until a record sets it.
    procedure TEXT,
    stage TEXT NOT NULL,
    domain TEXT,
    category TEXT,
    major BOOLEAN NOT NULL,
    complex BOOLEAN NOT NULL,
    filed_at_us BIGINT,
    -- The end of the earliest open deadline, for listing by what falls due.
    next_deadline_us BIGINT,
    record_count BIGINT NOT NULL,
    fork_count BIGINT NOT NULL,
    opened_at_us BIGINT NOT NULL,
    updated_at_us BIGINT NOT NULL
);
CREATE INDEX cases_org ON cases (org_id);
CREATE INDEX cases_next_deadline ON cases (next_deadline_us);

-- Everyone who acted in a case through an accepted record (signers and officers named).
CREATE TABLE case_officers (
    case_id TEXT NOT NULL REFERENCES cases (id),
    officer_id TEXT NOT NULL,
    PRIMARY KEY (case_id, officer_id)
);
CREATE INDEX case_officers_officer ON case_officers (officer_id);

-- One chain per device and case; the head moves as records are accepted.
CREATE TABLE chains (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases (id),
    device_id TEXT NOT NULL,
    head_hash TEXT NOT NULL,
    next_seq BIGINT NOT NULL,
    created_at_us BIGINT NOT NULL,
    updated_at_us BIGINT NOT NULL
);
CREATE INDEX chains_case ON chains (case_id);

CREATE TABLE records (
    -- SHA-256 of the record's signing bytes (CONTRACT.md, Records).
    hash TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases (id),
    chain_id TEXT NOT NULL REFERENCES chains (id),
    seq BIGINT NOT NULL,
    prev_hash TEXT,
    kind TEXT NOT NULL,
    -- Device clock of the step; received_at_us is the server clock.
    at_us BIGINT NOT NULL,
    device_id TEXT NOT NULL,
    officer_id TEXT NOT NULL REFERENCES users (id),
    -- RFC 8785 JSON of the whole signed record, sig included.
    canonical BLOB NOT NULL,
    log_index BIGINT NOT NULL UNIQUE REFERENCES log_entries (idx),
    received_at_us BIGINT NOT NULL,
    submitted_by TEXT NOT NULL REFERENCES users (id),
    UNIQUE (chain_id, seq)
);
CREATE INDEX records_case ON records (case_id, log_index);

-- A second, different signed record at a seq already taken: kept as evidence, never accepted.
CREATE TABLE forks (
    hash TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases (id),
    chain_id TEXT NOT NULL REFERENCES chains (id),
    seq BIGINT NOT NULL,
    -- The accepted record at the same seq.
    conflicts_with TEXT NOT NULL REFERENCES records (hash),
    kind TEXT NOT NULL,
    at_us BIGINT NOT NULL,
    device_id TEXT NOT NULL,
    officer_id TEXT NOT NULL,
    canonical BLOB NOT NULL,
    log_index BIGINT NOT NULL UNIQUE REFERENCES log_entries (idx),
    received_at_us BIGINT NOT NULL,
    submitted_by TEXT NOT NULL REFERENCES users (id)
);
CREATE INDEX forks_case ON forks (case_id);

-- Records that arrived before their predecessor; accepted (and deleted here) when the gap fills.
CREATE TABLE held_records (
    hash TEXT PRIMARY KEY NOT NULL,
    -- The case may not exist yet, so no reference.
    case_id TEXT NOT NULL,
    chain_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    canonical BLOB NOT NULL,
    received_at_us BIGINT NOT NULL,
    submitted_by TEXT NOT NULL REFERENCES users (id)
);
CREATE INDEX held_records_chain ON held_records (chain_id, seq);

-- Warn findings of accepted records (block findings refuse the record and are not stored).
CREATE TABLE findings (
    record_hash TEXT NOT NULL REFERENCES records (hash),
    rule TEXT NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases (id),
    severity TEXT NOT NULL CHECK (severity IN ('block', 'warn')),
    detail TEXT NOT NULL,
    found_at_us BIGINT NOT NULL,
    PRIMARY KEY (record_hash, rule)
);
CREATE INDEX findings_case ON findings (case_id);

-- Rule configuration of a unit (custos-core OrganisationConfig as JSON); a unit without a row
-- uses its nearest ancestor's.
CREATE TABLE organisation_rules (
    org_id TEXT PRIMARY KEY NOT NULL REFERENCES organisations (id),
    config TEXT NOT NULL,
    updated_at_us BIGINT NOT NULL
);

CREATE TRIGGER records_append_only_update BEFORE UPDATE ON records
BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER records_append_only_delete BEFORE DELETE ON records
BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER forks_append_only_update BEFORE UPDATE ON forks
BEGIN SELECT RAISE(ABORT, 'forks are append-only'); END;
CREATE TRIGGER forks_append_only_delete BEFORE DELETE ON forks
BEGIN SELECT RAISE(ABORT, 'forks are append-only'); END;
CREATE TRIGGER findings_append_only_update BEFORE UPDATE ON findings
BEGIN SELECT RAISE(ABORT, 'findings are append-only'); END;
CREATE TRIGGER findings_append_only_delete BEFORE DELETE ON findings
BEGIN SELECT RAISE(ABORT, 'findings are append-only'); END;
