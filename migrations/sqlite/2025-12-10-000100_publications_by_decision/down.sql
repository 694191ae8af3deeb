-- The table is rebuilt (SQLite cannot drop a column's UNIQUE): the rows are copied as they
-- are, the append-only triggers dropped with the old table and made again. Foreign keys of
-- the withdrawals and changes that name a publication are checked at commit, against the
-- new table under the old name.
PRAGMA defer_foreign_keys = ON;
CREATE TABLE publications_rebuilt (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations (id),
    case_id TEXT NOT NULL UNIQUE REFERENCES cases (id),
    decided_at_us BIGINT NOT NULL,
    due_before_us BIGINT NOT NULL,
    approver_id TEXT NOT NULL REFERENCES users (id),
    log_index BIGINT NOT NULL UNIQUE REFERENCES log_entries (idx),
    published_at_us BIGINT NOT NULL
);
INSERT INTO publications_rebuilt (id, org_id, case_id, decided_at_us, due_before_us, approver_id, log_index, published_at_us)
SELECT id, org_id, case_id, decided_at_us, due_before_us, approver_id, log_index, published_at_us FROM publications;
DROP TABLE publications;
ALTER TABLE publications_rebuilt RENAME TO publications;
CREATE INDEX publications_org ON publications (org_id, published_at_us);
CREATE TRIGGER publications_append_only_update BEFORE UPDATE ON publications
BEGIN SELECT RAISE(ABORT, 'publications are append-only'); END;
CREATE TRIGGER publications_append_only_delete BEFORE DELETE ON publications
BEGIN SELECT RAISE(ABORT, 'publications are append-only'); END;
