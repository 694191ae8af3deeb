-- A finding whose period reaches a year the working-day calendar does not cover (its official
-- holidays not yet published) says so, for supervisors' attention.
ALTER TABLE findings ADD COLUMN calendar_unpublished BOOLEAN NOT NULL DEFAULT 0;
