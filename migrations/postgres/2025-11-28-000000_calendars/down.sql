DROP TABLE organisation_calendars;
