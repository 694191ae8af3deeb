DROP TABLE case_assignments;
