ALTER TABLE publications DROP CONSTRAINT publications_decision;
ALTER TABLE publications ADD CONSTRAINT publications_case_id_key UNIQUE (case_id);
