-- The table is rebuilt (SQLite cannot drop a column's UNIQUE), its rows copied as they are.
-- The withdrawals and changes naming a publication keep naming `publications`: with foreign
-- keys deferred to the commit, dropping the old table leaves them waiting, and each row
-- copied back into the new one satisfies them again. The append-only triggers go with the old
-- table and are made again.
PRAGMA defer_foreign_keys = ON;
CREATE TEMPORARY TABLE publications_copy AS SELECT * FROM publications;
DROP TABLE publications;
CREATE TABLE publications (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations (id),
    case_id TEXT NOT NULL UNIQUE REFERENCES cases (id),
    decided_at_us BIGINT NOT NULL,
    due_before_us BIGINT NOT NULL,
    approver_id TEXT NOT NULL REFERENCES users (id),
    log_index BIGINT NOT NULL UNIQUE REFERENCES log_entries (idx),
    published_at_us BIGINT NOT NULL
);
INSERT INTO publications (id, org_id, case_id, decided_at_us, due_before_us, approver_id, log_index, published_at_us)
SELECT id, org_id, case_id, decided_at_us, due_before_us, approver_id, log_index, published_at_us FROM publications_copy;
DROP TABLE publications_copy;
CREATE INDEX publications_org ON publications (org_id, published_at_us);
CREATE TRIGGER publications_append_only_update BEFORE UPDATE ON publications
BEGIN SELECT RAISE(ABORT, 'publications are append-only'); END;
CREATE TRIGGER publications_append_only_delete BEFORE DELETE ON publications
BEGIN SELECT RAISE(ABORT, 'publications are append-only'); END;
