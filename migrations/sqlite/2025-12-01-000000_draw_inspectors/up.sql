-- The inspectors a 双随机 draw sends, one row per draw and inspector, so that an officer finds
-- the draws that assign it. The assignment itself is in the draw's log entry; this is its
-- index, written in the same transaction. Rows are only inserted.
CREATE TABLE draw_inspectors (
    draw_id TEXT NOT NULL REFERENCES draws (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    PRIMARY KEY (user_id, draw_id)
);
CREATE TRIGGER draw_inspectors_append_only_update BEFORE UPDATE ON draw_inspectors
BEGIN SELECT RAISE(ABORT, 'draw inspectors are append-only'); END;
CREATE TRIGGER draw_inspectors_append_only_delete BEFORE DELETE ON draw_inspectors
BEGIN SELECT RAISE(ABORT, 'draw inspectors are append-only'); END;
