-- The officers handling each case (承办人员), who alone among officers write into it and read it:
-- the signer of its first record, the officers its filing names, and those assigned by
-- case.assigned records, less those released by case.released. Like the case row, a
-- projection of the case's records, rewritten as they arrive.
CREATE TABLE case_assignments (
    case_id TEXT NOT NULL REFERENCES cases (id),
    officer_id TEXT NOT NULL,
    PRIMARY KEY (case_id, officer_id)
);
CREATE INDEX case_assignments_officer ON case_assignments (officer_id, case_id);

-- Cases recorded before assignment existed: their first record's signer and their filings'
-- signers (no stored filing can name officers or assignments yet), the same set the fold gives.
INSERT INTO case_assignments (case_id, officer_id)
SELECT DISTINCT r.case_id, r.officer_id
FROM records r
WHERE r.kind = 'case.filed'
   OR r.log_index = (SELECT MIN(f.log_index) FROM records f WHERE f.case_id = r.case_id);
