//! `docs/rules.md` is generated from `RULES`, `OrganisationConfig::MEMBERS` and the record
//! vocabulary, so it cannot drift: this test fails when the file differs from what core says.
//! After a deliberate change, `CUSTOS_BLESS=1 cargo test -p custos-core --test rule_table`
//! rewrites it.

use std::fmt::Write;

use custos_core::lifecycle::RecordKind;
use custos_core::rules::{OrganisationConfig, RULES, Severity};

const DOC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/rules.md");

fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Block => "block",
        Severity::Warn => "warn",
    }
}

fn generate() -> String {
    let mut doc = String::from(
        "# Statutory rules\n\n\
         Generated from custos-core (`RULES`) by `core/tests/rule_table.rs`; do not edit by hand.\n\
         Every record submitted through `POST /api/v1/records`, and every record a phone checks before\n\
         signing, is checked against each rule below. A `block` finding refuses the record; a `warn`\n\
         finding keeps it and flags the lapse on the case. Settings are members of the unit's\n\
         `OrganisationConfig` (`PUT /api/v1/orgs/{id}/rules`), inherited down the tree.\n\n\
         | id | article | severity | what it checks | 检查内容 | settings |\n\
         |---|---|---|---|---|---|\n",
    );
    for rule in RULES {
        let mut settings: Vec<String> = rule.settings.iter().map(|s| format!("`{s}`")).collect();
        if rule.severity_configurable && !rule.settings.contains(&"severities") {
            settings.push("`severities`".into());
        }
        let chosen = if rule.severity_configurable {
            " (unit may choose)"
        } else {
            ""
        };
        writeln!(
            doc,
            "| `{}` | {} ({}) | {}{} | {} | {} | {} |",
            rule.id,
            cell(rule.article),
            cell(rule.article_zh),
            severity(rule.severity),
            chosen,
            cell(rule.message_en),
            cell(rule.message_zh),
            if settings.is_empty() {
                "—".to_owned()
            } else {
                settings.join(", ")
            },
        )
        .unwrap();
    }
    doc.push_str("\n## Settings\n\n| member | read by |\n|---|---|\n");
    for member in OrganisationConfig::MEMBERS {
        let readers: Vec<String> = RULES
            .iter()
            .filter(|r| r.settings.contains(&member))
            .map(|r| format!("`{}`", r.id))
            .collect();
        let readers = if readers.is_empty() {
            "open deadlines and checks outside the rule table".to_owned()
        } else {
            readers.join(", ")
        };
        writeln!(doc, "| `{member}` | {readers} |").unwrap();
    }
    doc.push_str("\n## Record kinds\n\nThe closed vocabulary of `kind` (custos-core `lifecycle`); each has one typed body.\n\n");
    for kind in RecordKind::ALL {
        writeln!(doc, "- `{}`", kind.name()).unwrap();
    }
    doc
}

#[test]
fn the_rule_table_doc_is_generated_from_the_rules() {
    let generated = generate();
    if std::env::var_os("CUSTOS_BLESS").is_some() {
        std::fs::write(DOC, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(DOC).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/rules.md is stale: rerun with CUSTOS_BLESS=1 cargo test -p custos-core --test rule_table"
    );
}

#[test]
fn every_setting_a_rule_reads_is_a_configuration_member() {
    for rule in RULES {
        for setting in rule.settings {
            assert!(
                OrganisationConfig::MEMBERS.contains(setting),
                "{}: {setting}",
                rule.id
            );
        }
    }
}
