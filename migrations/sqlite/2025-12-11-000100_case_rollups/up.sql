-- The statistics' running sums (执法行为统计): per unit, local month of each event (its filing,
-- decision or closing, on the unit's calendar) and grouping dimension, the sums of the
-- case_facts rows, kept in the record submission's transaction by adding what each rewrite of
-- a case's facts changes. A statistics request reads a few rows per unit and month instead of
-- every case. `dimension` is '' (the unit and month alone), 'domain', 'procedure' or
-- 'officer'; `dim_key` is '' for no value and '=' followed by the value otherwise.
-- `decision_days` is the histogram of working days from filing to decision, `deadline_days`
-- that of the cases' earliest open deadlines by UTC day (days since the epoch; for overdue
-- counts), `findings` the rule findings by rule id, each as space-separated `key:count` pairs in
-- key order.
CREATE TABLE case_rollups (
    org_id TEXT NOT NULL REFERENCES organisations (id),
    dimension TEXT NOT NULL,
    dim_key TEXT NOT NULL,
    month TEXT NOT NULL,
    filed BIGINT NOT NULL,
    major_filed BIGINT NOT NULL,
    decided BIGINT NOT NULL,
    warning BIGINT NOT NULL,
    fined BIGINT NOT NULL,
    fine_fen BIGINT NOT NULL,
    confiscated BIGINT NOT NULL,
    confiscation_fen BIGINT NOT NULL,
    sanctioned BIGINT NOT NULL,
    hearing_requested BIGINT NOT NULL,
    hearing_held BIGINT NOT NULL,
    major_decided BIGINT NOT NULL,
    major_legal_review BIGINT NOT NULL,
    major_collective_discussion BIGINT NOT NULL,
    closed BIGINT NOT NULL,
    decision_days TEXT NOT NULL,
    deadline_days TEXT NOT NULL,
    findings TEXT NOT NULL,
    PRIMARY KEY (org_id, dimension, dim_key, month)
);
CREATE INDEX case_rollups_month ON case_rollups (dimension, month);
-- Overdue counts ask for the cases whose earliest open deadline has passed: few of all.
CREATE INDEX case_facts_deadline ON case_facts (next_deadline_us) WHERE next_deadline_us IS NOT NULL;
-- A store that had cases before this migration builds its sums once from case_facts, at the
-- next start (custos `db::rollups::backfill`), which deletes this row in the same transaction.
CREATE TABLE case_rollups_pending (id INTEGER PRIMARY KEY NOT NULL);
INSERT INTO case_rollups_pending (id) VALUES (1);
