DELETE FROM case_rollups WHERE dimension LIKE 'day%';
