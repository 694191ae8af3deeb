-- The publication figures' running sums (执法公示 on time): per unit, grouping dimension and
-- key, and bucket of the publication deadline (the local month, or for the 'day' dimensions
-- the UTC day number zero-padded to seven digits, holding the first microsecond after the last
-- day to publish), how many results were published by their last day, after it, or still wait
-- (an open publication_overdue attention item). Kept in the transaction that inserts a
-- publication, opens or cures such an item, or changes a case's domain or procedure, so a
-- statistics request reads a few rows per unit and month instead of every deadline.
-- `dimension` is '' (the unit alone), 'domain', 'procedure', 'officer' or 'last_month' (the
-- local month of the last day, what statistics grouped by month show), each also prefixed
-- 'day:' ('day' alone for ''); `dim_key` is '' for no value and '=' and the value otherwise.
CREATE TABLE publication_sums (
    org_id TEXT NOT NULL REFERENCES organisations (id),
    dimension TEXT NOT NULL,
    dim_key TEXT NOT NULL,
    bucket TEXT NOT NULL,
    on_time BIGINT NOT NULL,
    late BIGINT NOT NULL,
    waiting BIGINT NOT NULL,
    PRIMARY KEY (org_id, dimension, dim_key, bucket)
);
CREATE INDEX publication_sums_bucket ON publication_sums (dimension, bucket);
-- A store with publications builds these sums with the case sums at the next start (custos
-- `supervision::rollup::backfill`, which takes this mark).
INSERT INTO case_rollups_pending (id) VALUES (1) ON CONFLICT DO NOTHING;
