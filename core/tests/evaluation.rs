//! 案卷评查: the default template is whole, bad templates are refused naming the field, and
//! the automatic score of known case files (a lawful one, one defect per kind, a veto).

mod common;

use std::collections::BTreeMap;

use common::*;
use custos_core::lifecycle::*;
use custos_core::supervision::evaluation::*;

use RecordKind as K;

fn on(steps: &[(RecordKind, i64)]) -> Vec<CaseRecord> {
    steps.iter().map(|&(kind, d)| sample(kind, d)).collect()
}

/// A lawful ordinary case with a preservation, closed and archived.
fn lawful() -> Vec<CaseRecord> {
    on(&[
        (K::CaseFiled, 0),
        (K::InvestigationRecord, 1),
        (K::EvidencePreserved, 1),
        (K::EvidencePreservationResolved, 3),
        (K::NoticeServed, 4),
        (K::StatementRecorded, 5),
        (K::DecisionIssued, 14),
        (K::DecisionServed, 15),
        (K::ExecutionRecorded, 16),
        (K::CaseClosed, 17),
        (K::CaseArchived, 18),
    ])
}

fn item<'a>(score: &'a AutomaticScore, id: &str) -> &'a ItemScore {
    score.items.iter().find(|item| item.id == id).unwrap()
}

fn score(records: &[CaseRecord]) -> AutomaticScore {
    automatic_score(&Template::default_template(), records).unwrap()
}

#[test]
fn the_default_template_is_whole() {
    let template = Template::default_template();
    template.validate().unwrap();
    assert_eq!(template.total, 100);
    let dimensions: std::collections::BTreeSet<Dimension> =
        template.items.iter().map(|item| item.dimension).collect();
    assert_eq!(dimensions.len(), 6, "every dimension has an item");
}

#[test]
fn a_lawful_file_keeps_every_automatic_point() {
    let score = score(&lawful());
    assert_eq!(score.template, "default");
    assert_eq!(score.version, 1);
    assert_eq!(score.automatic_points, 55);
    assert_eq!(score.manual_points, 45);
    assert_eq!(score.automatic_score, 55);
    assert_eq!(score.vetoed_by, None);
    assert!(score.items.iter().all(|item| item.defects.is_empty()));
    // Manual items absent keep their points; a reviewer's scores replace them.
    assert_eq!(score.total(&BTreeMap::new()), 100);
    let manual = BTreeMap::from([
        ("evidence.facts".to_owned(), 10),
        ("basis.law".to_owned(), 99),
    ]);
    assert_eq!(score.total(&manual), 95);
    assert_eq!(Template::default_template().grade(95), Grade::Excellent);
    assert_eq!(Template::default_template().grade(89), Grade::Pass);
    assert_eq!(Template::default_template().grade(69), Grade::Fail);
}

#[test]
fn certificates_not_shown_cost_the_credentials_item() {
    let mut records = lawful();
    if let RecordBody::InvestigationRecord(body) = &mut records[1].body {
        body.credentials_shown = false;
    }
    let score = score(&records);
    let credentials = item(&score, "subject.credentials");
    assert_eq!(credentials.score, Some(0));
    assert_eq!(credentials.defects.len(), 1);
    assert_eq!(credentials.defects[0].record, 1);
    assert_eq!(credentials.defects[0].rule, "APL-55-credentials-shown");
    assert_eq!(score.automatic_score, 50);
}

#[test]
fn late_service_deducts_per_defect() {
    let mut records = lawful();
    // Decided on day 14 (Monday 2025-03-17), served on day 30: past the 7 days of Art. 61.
    records[7] = sample(K::DecisionServed, 30);
    records[8] = sample(K::ExecutionRecorded, 31);
    records[9] = sample(K::CaseClosed, 32);
    records[10] = sample(K::CaseArchived, 33);
    let score = score(&records);
    let deadlines = item(&score, "procedure.deadlines");
    assert_eq!(deadlines.score, Some(3), "{deadlines:?}");
    assert_eq!(deadlines.defects[0].rule, "APL-61-service-7-days");
    assert_eq!(deadlines.defects[0].record, 7);
    assert_eq!(score.automatic_score, 53);
}

#[test]
fn a_major_case_decided_without_review_loses_the_review_item() {
    let mut records = lawful();
    if let RecordBody::CaseFiled(body) = &mut records[0].body {
        body.major = true;
    }
    let score = score(&records);
    let review = item(&score, "procedure.review");
    assert_eq!(review.score, Some(0));
    let rules: Vec<&str> = review.defects.iter().map(|d| d.rule.as_str()).collect();
    assert!(rules.contains(&"APL-58-legal-review"), "{rules:?}");
    assert!(review.defects.iter().all(|d| d.record == 6), "the decision");
}

#[test]
fn one_officer_in_the_field_vetoes_the_file() {
    let mut records = lawful();
    if let RecordBody::InvestigationRecord(body) = &mut records[1].body {
        body.officers.clear();
    }
    let score = score(&records);
    assert_eq!(score.vetoed_by.as_deref(), Some("subject.two_officers"));
    assert_eq!(item(&score, "subject.two_officers").defects[0].record, 1);
    assert_eq!(score.total(&BTreeMap::new()), 0);
}

#[test]
fn records_that_do_not_fold_are_refused_with_their_place() {
    let records = on(&[(K::CaseFiled, 0), (K::CaseArchived, 1)]);
    let refused = automatic_score(&Template::default_template(), &records).unwrap_err();
    assert_eq!(refused.index, 1);
}

fn refused(change: impl FnOnce(&mut Template)) -> TemplateError {
    let mut template = Template::default_template();
    change(&mut template);
    template.validate().unwrap_err()
}

#[test]
fn bad_templates_are_refused_naming_the_field() {
    let error = refused(|t| t.items[2].points += 1);
    assert_eq!(error.field, "total");
    assert!(error.reason.contains("101"), "{error}");
    assert_eq!(refused(|t| t.format = "x".into()).field, "format");
    assert_eq!(refused(|t| t.id = "Has Space".into()).field, "id");
    assert_eq!(refused(|t| t.version = 0).field, "version");
    assert_eq!(refused(|t| t.items.clear()).field, "items");
    assert_eq!(
        refused(|t| t.items[3].id = t.items[2].id.clone()).field,
        "items[3].id"
    );
    assert_eq!(refused(|t| t.items[1].points = 0).field, "items[1].points");
    assert_eq!(
        refused(|t| t.items[1].deduction = 0).field,
        "items[1].deduction"
    );
    assert_eq!(
        refused(|t| t.items[1].deduction = 6).field,
        "items[1].deduction"
    );
    assert_eq!(
        refused(|t| t.items[0].rules.clear()).field,
        "items[0].rules"
    );
    let unknown = refused(|t| t.items[1].rules.push("APL-99-nothing".into()));
    assert_eq!(unknown.field, "items[1].rules[1]");
    let outside = refused(|t| t.items[1].rules[0] = "APL-42-certified-officers".into());
    assert_eq!(outside.field, "items[1].rules[0]");
    assert!(outside.reason.contains("certificate register"), "{outside}");
    let twice = refused(|t| t.items[2].rules.push("APL-55-credentials-shown".into()));
    assert_eq!(twice.field, "items[2].rules[1]");
    assert_eq!(
        refused(|t| t.grades.excellent = 101).field,
        "grades.excellent"
    );
    assert_eq!(refused(|t| t.grades.pass = 95).field, "grades.pass");
}

#[test]
fn templates_refuse_unknown_fields() {
    let mut value: serde_json::Value = serde_json::from_str(DEFAULT_TEMPLATE_JSON).unwrap();
    value["items"][0]["weight"] = 3.into();
    assert!(serde_json::from_value::<Template>(value).is_err());
}

#[test]
fn a_template_given_as_json_is_checked_whole_and_found_in_an_answer() {
    let template: serde_json::Value = serde_json::from_str(DEFAULT_TEMPLATE_JSON).unwrap();
    assert_eq!(
        Template::from_value(template.clone()).unwrap(),
        Template::default_template()
    );
    // The answer of GET /api/v1/orgs/{id}/evaluation-template carries it as `template`.
    let answer =
        serde_json::json!({"org_id": "x", "in_force": {}, "template": template, "versions": []});
    assert_eq!(
        Template::from_document(answer).unwrap(),
        Template::default_template()
    );
    // Parsed strictly: a float is no integer, an unknown member is refused.
    let mut fractional = template.clone();
    fractional["total"] = serde_json::json!(100.0);
    let refused = Template::from_value(fractional).unwrap_err();
    assert!(
        matches!(refused, TemplateRefused::Json(_))
            && refused.to_string().contains("floating point"),
        "{refused}"
    );
    // Then validated, naming the field, inside an answer too.
    let mut bad = template;
    bad["items"][1]["points"] = serde_json::json!(0);
    let refused = Template::from_document(serde_json::json!({"template": bad})).unwrap_err();
    assert!(
        matches!(&refused, TemplateRefused::Invalid(error) if error.field == "items[1].points"),
        "{refused}"
    );
    assert!(
        refused.to_string().starts_with("items[1].points: "),
        "{refused}"
    );
}
