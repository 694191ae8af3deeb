-- 案卷评查 scoring templates set on units, inherited down the tree. A version once set is never
-- changed (a changed template is a new version), so a review campaign that names a version
-- always scores by the same items. Rows are only inserted.
CREATE TABLE evaluation_templates (
    org_id TEXT NOT NULL REFERENCES organisations (id),
    template_id TEXT NOT NULL,
    version BIGINT NOT NULL,
    template TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    set_at_us BIGINT NOT NULL,
    PRIMARY KEY (org_id, template_id, version)
);
CREATE TRIGGER evaluation_templates_append_only_update BEFORE UPDATE ON evaluation_templates
BEGIN SELECT RAISE(ABORT, 'evaluation templates are append-only'); END;
CREATE TRIGGER evaluation_templates_append_only_delete BEFORE DELETE ON evaluation_templates
BEGIN SELECT RAISE(ABORT, 'evaluation templates are append-only'); END;
