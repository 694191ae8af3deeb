-- Every rule configuration a unit was given, kept when a newer one replaces it, so that the
-- discretion benchmarks in force on any day are published with their version history
-- (行政处罚法 Art. 34). Rows are only inserted; the configurations set so far start it.
CREATE TABLE organisation_rules_history (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations (id),
    config TEXT NOT NULL,
    set_at_us BIGINT NOT NULL
);
CREATE INDEX organisation_rules_history_org ON organisation_rules_history (org_id, set_at_us);
INSERT INTO organisation_rules_history (id, org_id, config, set_at_us)
SELECT 'initial-' || org_id, org_id, config, updated_at_us FROM organisation_rules;
CREATE TRIGGER organisation_rules_history_append_only BEFORE UPDATE OR DELETE ON organisation_rules_history
FOR EACH ROW EXECUTE FUNCTION custos_append_only();
