DROP TABLE organisation_rules;
DROP TABLE findings;
DROP TABLE held_records;
DROP TABLE forks;
DROP TABLE records;
DROP TABLE chains;
DROP TABLE case_officers;
DROP TABLE cases;
