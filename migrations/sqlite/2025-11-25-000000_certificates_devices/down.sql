DROP TABLE devices;
DROP TABLE certificate_status_changes;
DROP TABLE certificates;
DROP INDEX organisations_sibling_name;
