-- A unit's working-day calendar (the official holidays and make-up working days), set by an
-- admin each year; the units below without their own use it.
CREATE TABLE organisation_calendars (
    org_id TEXT PRIMARY KEY NOT NULL REFERENCES organisations (id),
    calendar TEXT NOT NULL,
    updated_at_us BIGINT NOT NULL
);
