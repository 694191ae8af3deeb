DROP TABLE case_rollups_pending;
DROP INDEX case_facts_deadline;
DROP TABLE case_rollups;
