//! The rule settings of issue 18 through HTTP: a unit's new `OrganisationConfig` members are
//! stored and change what `POST /api/v1/records` decides, a bad member is refused naming it,
//! and a deadline that reaches a year the holiday calendar does not cover is flagged on the
//! case and on the finding kept with the record.

use custos_core::lifecycle::*;
use custos_core::record::Record;
use custos_tests::recording::*;
use custos_tests::reqwest::{Method, StatusCode};
use custos_tests::serde_json::{Value, json};
use custos_tests::{TestApp, both_backends, expect_json, expect_problem};

use RecordKind as K;

fn put_rules(
    app: &TestApp,
    office: &Office,
    rules: &Value,
) -> custos_tests::reqwest::blocking::Response {
    app.request(
        Method::PUT,
        &format!("/api/v1/orgs/{}/rules", office.township),
    )
    .bearer_auth(&office.admin)
    .json(rules)
    .send()
    .unwrap()
}

fn accept_all(app: &TestApp, token: &str, records: &[Record]) {
    let refs: Vec<&Record> = records.iter().collect();
    let response = submit(app, token, &refs);
    assert!(
        outcomes(&response).iter().all(|o| o == "accepted"),
        "{response}"
    );
}

both_backends!(fn a_unit_sets_the_new_rule_settings_and_a_bad_member_is_named(app) {
    let office = office(&app);
    let settings = json!({
        "severities": {"APL-60-decision-90-days": "block"},
        "decision_extensions": [{"regulation": REGULATION, "approver_role": "head", "max_days": 30}],
        "decision_excluded_periods": [{"what": "appraisal", "regulation": REGULATION}],
        "single_officer_exemptions": [{"domain": "traffic", "law": "道路交通安全法 第一百零七条"}],
        "statement_period_working_days": 5,
        "heads": ["head"],
        "legal_reviewers": [{"user": "reviewer", "reviewing_since": "2019-05-01"}],
        "three_documents": true,
        "statutory_fines": [{"categories": ["labelling"], "law": "食品安全法 第一百二十五条", "min_fine_fen": 500_000, "max_fine_fen": 5_000_000}],
        "filing_period": {"working_days": 15, "regulation": "市场监督管理行政处罚程序规定 第十八条"},
        "leniency_lists": [{"id": "M-1", "list": "mitigated", "description": "首次违法、危害后果轻微并及时改正", "categories": ["labelling"]}],
    });
    let stored = expect_json(put_rules(&app, &office, &settings), StatusCode::OK);
    for member in settings.as_object().unwrap().keys() {
        assert_eq!(stored["config"][member], settings[member], "{member}: {stored}");
    }

    for (bad, field) in [
        (json!({"severities": {"APL-42-two-officers": "warn"}}), "severities.APL-42-two-officers"),
        (json!({"severities": {"APL-60-decision-90-days": "maybe"}}), "severities"),
        (json!({"decision_extensions": [{"regulation": REGULATION, "approver_role": "head", "max_days": 0}]}), "decision_extensions[0].max_days"),
        (json!({"decision_extensions": [{"regulation": "", "approver_role": "head", "max_days": 30}]}), "decision_extensions[0].regulation"),
        (json!({"statement_period_working_days": 0}), "statement_period_working_days"),
        (json!({"heads": 5}), "heads"),
        (json!({"legal_reviewers": [{"user": "reviewer"}]}), "legal_reviewers"),
        (json!({"three_documents": "yes"}), "three_documents"),
        (json!({"statutory_fines": [{"categories": ["labelling"], "law": "某法", "min_fine_fen": 9, "max_fine_fen": 8}]}), "statutory_fines[0].min_fine_fen"),
        (json!({"statutory_fines": [{"categories": [], "law": "某法", "max_fine_fen": 8}]}), "statutory_fines[0].categories"),
        (json!({"leniency_lists": [{"id": "M-1", "list": "mitigated", "description": " "}]}), "leniency_lists[0].description"),
        (json!({"leniency_lists": [{"id": "M-1", "list": "harsher", "description": "x"}]}), "leniency_lists"),
        (json!({"filing_period": {"working_days": 0, "regulation": "某规定"}}), "filing_period.working_days"),
    ] {
        let problem = expect_problem(put_rules(&app, &office, &bad), StatusCode::UNPROCESSABLE_ENTITY, "invalid-input");
        let detail = problem["detail"].as_str().unwrap();
        assert!(detail.contains(field), "{bad}: {detail}");
    }

    // The severity the unit chose applies: a late decision is refused, not flagged.
    let (a, b) = (office.a.id.as_str(), office.b.id.as_str());
    let mut phone = office.phone_a(&app, "case-late-1");
    let before: Vec<Record> = [(K::CaseFiled, 0), (K::InvestigationRecord, 1), (K::NoticeServed, 4), (K::StatementRecorded, 5)]
        .iter()
        .map(|&(kind, on)| phone.sign(&step(kind, on, a, b)))
        .collect();
    accept_all(&app, &office.a.token, &before);
    let late = phone.sign(&step(K::DecisionIssued, 100, a, b));
    let response = submit(&app, &office.a.token, &[&late]);
    assert_eq!(response["results"][0]["outcome"], "refused", "{response}");
    assert_eq!(response["results"][0]["check"], "APL-60-decision-90-days", "{response}");
});

both_backends!(fn a_deadline_in_a_year_without_a_published_calendar_is_flagged(app) {
    let office = office(&app);
    let (a, b) = (office.a.id.as_str(), office.b.id.as_str());
    let mut phone = office.phone_a(&app, "case-2027");
    // Filed on Monday 2026-11-02 (day 245): the 90 days end on 2027-02-01, in a year the
    // built-in calendar does not cover.
    let before: Vec<Record> = [(K::CaseFiled, 245), (K::InvestigationRecord, 246), (K::NoticeServed, 249), (K::StatementRecorded, 250)]
        .iter()
        .map(|&(kind, on)| phone.sign(&step(kind, on, a, b)))
        .collect();
    accept_all(&app, &office.a.token, &before);
    let case = case_view(&app, &office.supervisor.token, "case-2027");
    let deadlines = case["deadlines"].as_array().unwrap();
    let decision = deadlines.iter().find(|d| d["what"] == "decision").unwrap();
    assert_eq!(decision["last_day"], "2027-02-01", "{case}");
    assert_eq!(decision["calendar_unpublished"], true, "{case}");
    let request = deadlines.iter().find(|d| d["what"] == "hearing_request").unwrap();
    assert_eq!(request["calendar_unpublished"], false, "{case}");

    // Decided late, on 2027-02-05: kept with a warning, flagged.
    let late = phone.sign(&step(K::DecisionIssued, 340, a, b));
    let response = submit(&app, &office.a.token, &[&late]);
    assert_eq!(response["results"][0]["outcome"], "accepted", "{response}");
    let finding = &response["results"][0]["findings"][0];
    assert_eq!(finding["rule"], "APL-60-decision-90-days", "{response}");
    assert_eq!(finding["calendar_unpublished"], true, "{response}");
    let case = case_view(&app, &office.supervisor.token, "case-2027");
    let stored = case["findings"].as_array().unwrap();
    assert_eq!(stored.len(), 1, "{case}");
    assert_eq!(stored[0]["rule"], "APL-60-decision-90-days");
    assert_eq!(stored[0]["severity"], "warn");
    assert_eq!(stored[0]["calendar_unpublished"], true, "{case}");
});
