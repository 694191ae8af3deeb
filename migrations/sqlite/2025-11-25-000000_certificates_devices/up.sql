-- custos domain: enforcement certificates (持证上岗) with their status history, and enrolled
-- devices. Times are integer microseconds since the Unix epoch, set by the server; civil
-- dates (certificate validity) are 'YYYY-MM-DD' text, which sorts as the dates do.

-- Two units under one parent never share a name, so a unit is named unambiguously.
CREATE UNIQUE INDEX organisations_sibling_name ON organisations (parent_id, name);

CREATE TABLE certificates (
    id TEXT PRIMARY KEY NOT NULL,
    number TEXT NOT NULL UNIQUE,
    holder_id TEXT NOT NULL REFERENCES users (id),
    -- The holder's name as printed on the certificate (shown by the public lookup).
    holder_name TEXT NOT NULL,
    issuer TEXT NOT NULL,
    -- JSON array of the enforcement domains (执法领域) it covers.
    domains TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_until TEXT NOT NULL CHECK (valid_until >= valid_from),
    -- The latest status change; 'expired' is never stored, it follows from the date.
    status TEXT NOT NULL CHECK (status IN ('valid', 'suspended', 'revoked')),
    status_since TEXT NOT NULL,
    issued_by TEXT NOT NULL REFERENCES users (id),
    issued_at_us BIGINT NOT NULL
);
CREATE INDEX certificates_holder ON certificates (holder_id);

-- Every status a certificate has had, in the order recorded; the first row is its issue.
CREATE TABLE certificate_status_changes (
    id TEXT PRIMARY KEY NOT NULL,
    certificate_id TEXT NOT NULL REFERENCES certificates (id),
    status TEXT NOT NULL CHECK (status IN ('valid', 'suspended', 'revoked')),
    -- The civil date the status took effect; never earlier than the previous change's.
    since TEXT NOT NULL,
    reason TEXT NOT NULL,
    changed_by TEXT NOT NULL REFERENCES users (id),
    changed_at_us BIGINT NOT NULL
);
CREATE INDEX certificate_status_changes_certificate
    ON certificate_status_changes (certificate_id, id);

CREATE TABLE devices (
    -- custos-core DeviceId: the first 32 hex characters of SHA-256 of the raw public key.
    id TEXT PRIMARY KEY NOT NULL,
    -- Base64 of the 32 raw Ed25519 public key bytes.
    public_key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('phone', 'recorder', 'dock')),
    org_id TEXT NOT NULL REFERENCES organisations (id),
    -- The officer whose phone it is, if any.
    owner_id TEXT REFERENCES users (id),
    enrolled_by TEXT NOT NULL REFERENCES users (id),
    enrolled_at_us BIGINT NOT NULL,
    -- Records the device signed at or after this instant are refused.
    revoked_at_us BIGINT,
    revoked_by TEXT REFERENCES users (id)
);
CREATE INDEX devices_org ON devices (org_id);
CREATE INDEX devices_owner ON devices (owner_id);
