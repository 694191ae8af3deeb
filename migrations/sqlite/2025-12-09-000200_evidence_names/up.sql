-- The evidence digests accepted records name, one row per digest and record, written with the
-- record: whether an evidence item is named by a record (its evidence_unnamed attention item)
-- is one index read. Insert-only, like the records.
CREATE TABLE evidence_names (
    sha256 TEXT NOT NULL,
    record_hash TEXT NOT NULL REFERENCES records (hash),
    named_at_us BIGINT NOT NULL,
    PRIMARY KEY (sha256, record_hash)
);
CREATE TRIGGER evidence_names_append_only_update BEFORE UPDATE ON evidence_names
BEGIN SELECT RAISE(ABORT, 'evidence names are append-only'); END;
CREATE TRIGGER evidence_names_append_only_delete BEFORE DELETE ON evidence_names
BEGIN SELECT RAISE(ABORT, 'evidence names are append-only'); END;
