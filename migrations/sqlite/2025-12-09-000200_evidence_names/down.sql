DROP TABLE evidence_names;
