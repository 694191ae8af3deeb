-- The statistics' running sums are kept per UTC day too, in the same rows as the monthly ones:
-- dimensions 'day', 'day:domain', 'day:procedure' and 'day:officer', with `month` holding the
-- day's number since the epoch, zero-padded to seven digits so that it orders as text. The
-- whole days of a period's partial months read them instead of counting every case filed,
-- decided or closed in those days. A store with cases builds them, with the monthly sums, from
-- case_facts at the next start (custos `db::rollups::backfill`, which takes this mark).
INSERT INTO case_rollups_pending (id) VALUES (1) ON CONFLICT DO NOTHING;
