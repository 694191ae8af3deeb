DROP TABLE custody_events;
DROP TABLE evidence_media;
DROP TABLE evidence;
DROP TABLE upload_parts;
DROP TABLE uploads;
