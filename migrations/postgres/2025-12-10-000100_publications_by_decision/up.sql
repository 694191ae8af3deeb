-- A publication belongs to a decision, not to a case: a decision changed to a new one
-- (行政处罚法 Art. 48) is published again once the old notice is withdrawn. A decision is
-- known by its case and the time of the record that made it (`decided_at_us`).
ALTER TABLE publications DROP CONSTRAINT publications_case_id_key;
ALTER TABLE publications ADD CONSTRAINT publications_decision UNIQUE (case_id, decided_at_us);
