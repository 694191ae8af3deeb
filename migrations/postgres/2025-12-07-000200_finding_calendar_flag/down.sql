ALTER TABLE findings DROP COLUMN calendar_unpublished;
