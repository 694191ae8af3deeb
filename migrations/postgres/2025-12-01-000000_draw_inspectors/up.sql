-- The inspectors a 双随机 draw sends, one row per draw and inspector, so that an officer finds
-- the draws that assign it. The assignment itself is in the draw's log entry; this is its
-- index, written in the same transaction. Rows are only inserted.
CREATE TABLE draw_inspectors (
    draw_id TEXT NOT NULL REFERENCES draws (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    PRIMARY KEY (user_id, draw_id)
);
CREATE TRIGGER draw_inspectors_append_only BEFORE UPDATE OR DELETE ON draw_inspectors
FOR EACH ROW EXECUTE FUNCTION custos_append_only();
