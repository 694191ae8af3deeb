-- The sums are rebuilt at the next start, in whichever days that version keeps.
INSERT INTO case_rollups_pending (id) VALUES (1) ON CONFLICT DO NOTHING;
