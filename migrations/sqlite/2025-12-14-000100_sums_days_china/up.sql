-- The statistics' daily sums (the day dimensions of case_rollups and publication_sums) are kept
-- per day of China Standard Time (UTC+8) instead of per UTC day, so that a period from one
-- local midnight to another splits into whole months and whole days, with no hours left to
-- count case by case (custos_core::supervision::days). A store's day rows are rebuilt, with
-- every other sum, from case_facts and the publication rows at the next start (custos
-- `db::rollups::backfill`, which takes this mark).
INSERT INTO case_rollups_pending (id) VALUES (1) ON CONFLICT DO NOTHING;
