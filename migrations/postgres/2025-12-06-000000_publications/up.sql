-- Publicity (执法公示). A publication is the `publication` log entry at `log_index`, which
-- holds the masked public notice; this row finds it by id, unit and case, and keeps the
-- deadline it was due by. A withdrawal is a later `withdrawal` log entry; the publication stays.
-- `publicity_changes` indexes both by unit in log order, for mirrors that page by `since` and
-- for the ETag of a unit's list (one index). Rows are only inserted.
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
CREATE INDEX publications_org ON publications (org_id, published_at_us);
CREATE TABLE publication_withdrawals (
    publication_id TEXT PRIMARY KEY NOT NULL REFERENCES publications (id),
    org_id TEXT NOT NULL REFERENCES organisations (id),
    actor_id TEXT NOT NULL REFERENCES users (id),
    changed_at_us BIGINT NOT NULL,
    due_before_us BIGINT NOT NULL,
    log_index BIGINT NOT NULL UNIQUE REFERENCES log_entries (idx),
    withdrawn_at_us BIGINT NOT NULL
);
CREATE TABLE publicity_changes (
    log_index BIGINT PRIMARY KEY NOT NULL REFERENCES log_entries (idx),
    org_id TEXT NOT NULL REFERENCES organisations (id),
    publication_id TEXT NOT NULL REFERENCES publications (id)
);
CREATE INDEX publicity_changes_org ON publicity_changes (org_id, log_index);
CREATE TRIGGER publications_append_only BEFORE UPDATE OR DELETE ON publications
FOR EACH ROW EXECUTE FUNCTION custos_append_only();
CREATE TRIGGER publication_withdrawals_append_only BEFORE UPDATE OR DELETE ON publication_withdrawals
FOR EACH ROW EXECUTE FUNCTION custos_append_only();
CREATE TRIGGER publicity_changes_append_only BEFORE UPDATE OR DELETE ON publicity_changes
FOR EACH ROW EXECUTE FUNCTION custos_append_only();
