-- 双随机 draws: which targets a unit inspects and which inspectors go to each. The draw itself
-- (inputs, seed and result) is the `draw` log entry at `log_index`; this row finds it by id and
-- by unit. Rows are only inserted.
CREATE TABLE draws (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations (id),
    actor_id TEXT NOT NULL REFERENCES users (id),
    task TEXT NOT NULL,
    domain TEXT NOT NULL,
    log_index BIGINT NOT NULL UNIQUE REFERENCES log_entries (idx),
    created_at_us BIGINT NOT NULL
);
CREATE INDEX draws_org ON draws (org_id, id);
CREATE TRIGGER draws_append_only BEFORE UPDATE OR DELETE ON draws
FOR EACH ROW EXECUTE FUNCTION custos_append_only();
