-- Statistics of a subtree count the publication deadlines of its units per unit, last day,
-- domain, procedure or officer: covering indexes make each unit's count one index range, with
-- no table row read (by domain, procedure or officer, each row's case is looked up too).
CREATE INDEX publications_due ON publications (org_id, due_before_us, published_at_us, case_id);
CREATE INDEX attention_open_due ON attention_items (kind, org_id, due_us, case_id, cured_us)
    WHERE cured_us IS NULL AND case_id IS NOT NULL;
