DROP TABLE evaluation_templates;
