//! 立案报备 through HTTP: a case filed by a township unit is reported to the units above as a
//! `filing_report` item, which the township itself, an officer, an admin or a sibling county
//! cannot acknowledge; a reviewer of the county above does, which cures it for good. A case
//! filed by the county itself is reported to no one. The alarm threshold comes from the
//! unit's rule configuration.

use custos_api::auth::Role;
use custos_core::lifecycle::*;
use custos_core::record::Record;
use custos_tests::attention::{acknowledge, case_items};
use custos_tests::recording::*;
use custos_tests::reqwest::StatusCode;
use custos_tests::serde_json::json;
use custos_tests::{TestApp, both_backends, expect_json, expect_problem};

use RecordKind as K;

fn accept(app: &TestApp, token: &str, records: &[&Record]) {
    let response = submit(app, token, records);
    assert!(
        outcomes(&response).iter().all(|o| o == "accepted"),
        "{response}"
    );
}

both_backends!(fn township_filings_are_reported_until_the_county_acknowledges(app) {
    let office = office(&app);
    let (a, b) = (&office.a.id, &office.b.id);
    let sup = &office.supervisor.token;
    let reviewer = user(&app, "reviewer.county", Role::Reviewer, &office.county);
    let own_supervisor = user(&app, "supervisor.township", Role::Supervisor, &office.township);
    let sibling = create_org(&app, &office.admin, "Other County", &app.root_org_id, "county");
    let outsider = user(&app, "supervisor.other", Role::Supervisor, &sibling);

    let base = office.phone_a(&app, "f-1");
    let mut phone = base.on_case("f-1");
    let before = custos_api::clock::now_us();
    accept(&app, &office.a.token, &[&phone.sign(&office.step(0))]);
    let seen = case_items(&app, sup, "filing_report", "open", "f-1");
    assert_eq!(seen.len(), 1, "{seen:?}");
    let item = &seen[0];
    assert_eq!(item["severity"], "warning");
    assert!(item["acknowledged_by"].is_null(), "{item}");
    assert_eq!(item["org_id"], office.township.as_str());
    assert_eq!(item["subject"], json!({"kind": "case", "id": "f-1"}));
    assert!(item["text_zh"].as_str().unwrap().contains("报备"), "{item}");
    assert!(item["detail"].as_str().unwrap().contains("Test Township"), "{item}");
    // By default it turns into an alarm 3 days after it arrived.
    let since = item["since_us"].as_i64().unwrap();
    assert!(since >= before, "{item}");
    assert_eq!(item["due_us"].as_i64(), Some(since + 3 * 86_400_000_000));
    let id = item["id"].as_str().unwrap().to_owned();
    // The township, and the officer handling the case, see it; the sibling county does not.
    assert_eq!(case_items(&app, &own_supervisor.token, "filing_report", "open", "f-1").len(), 1);
    assert_eq!(case_items(&app, &office.a.token, "filing_report", "open", "f-1").len(), 1);
    assert!(case_items(&app, &outsider.token, "filing_report", "open", "f-1").is_empty());

    // Who may not acknowledge it: the township itself, officers and admins (their role), the
    // sibling county (it is not there for them). Nothing changes.
    expect_problem(acknowledge(&app, &own_supervisor.token, &id), StatusCode::FORBIDDEN, "forbidden");
    expect_problem(acknowledge(&app, &office.a.token, &id), StatusCode::FORBIDDEN, "forbidden");
    expect_problem(acknowledge(&app, &office.admin, &id), StatusCode::FORBIDDEN, "forbidden");
    expect_problem(acknowledge(&app, &outsider.token, &id), StatusCode::NOT_FOUND, "not-found");
    expect_problem(
        acknowledge(&app, sup, "01900000-0000-7000-8000-000000000000"),
        StatusCode::NOT_FOUND,
        "not-found",
    );
    // Another kind of item is cured by its cause, not by a word from above.
    let all = expect_json(app.get_as(sup, "/api/v1/supervision/attention?limit=1000&kind=deadline"), StatusCode::OK);
    let deadline = all.as_array().unwrap().iter().find(|i| i["case_id"] == "f-1").expect("a deadline item");
    expect_problem(acknowledge(&app, sup, deadline["id"].as_str().unwrap()), StatusCode::CONFLICT, "conflict");
    assert_eq!(case_items(&app, sup, "filing_report", "open", "f-1").len(), 1);

    // The county's reviewer acknowledges it: cured, listed as cured, and a second
    // acknowledgement is a conflict.
    let acknowledged = expect_json(acknowledge(&app, &reviewer.token, &id), StatusCode::OK);
    assert_eq!(acknowledged["state"], "cured");
    assert_eq!(acknowledged["id"], id.as_str());
    assert_eq!(acknowledged["acknowledged_by"], reviewer.id.as_str());
    assert!(case_items(&app, sup, "filing_report", "open", "f-1").is_empty());
    let cured = case_items(&app, sup, "filing_report", "cured", "f-1");
    assert_eq!(cured.len(), 1, "{cured:?}");
    assert!(cured[0]["cured_us"].as_i64().unwrap() >= since);
    assert_eq!(cured[0]["acknowledged_by"], reviewer.id.as_str());
    expect_problem(acknowledge(&app, sup, &id), StatusCode::CONFLICT, "conflict");
    // Later records of the case do not report it again.
    accept(&app, &office.a.token, &[&phone.sign(&step(K::InvestigationRecord, 1, a, b))]);
    assert!(case_items(&app, sup, "filing_report", "open", "f-1").is_empty());

    // A case filed by the county itself is reported to no one.
    let c = officer(&app, &office.admin, "officer.c", &office.county);
    let d = officer(&app, &office.admin, "officer.d", &office.county);
    let county_phone = Phone::new(3, "f-county");
    enrol(&app, &office.admin, &county_phone, &office.county, &c.id);
    let mut county_phone = county_phone.on_case("f-county");
    accept(&app, &c.token, &[&county_phone.sign(&step(K::CaseFiled, 0, &c.id, &d.id))]);
    assert!(case_items(&app, &reviewer.token, "filing_report", "open", "f-county").is_empty());

    // The threshold is the unit's (set on the county, inherited by the township): with 0
    // days, a new filing is an alarm at once.
    set_rules(&app, &office.admin, &office.county, &json!({"attention": {"filing_report_days": 0}}));
    let mut phone = base.on_case("f-2");
    accept(&app, &office.a.token, &[&phone.sign(&office.step(0))]);
    let seen = case_items(&app, sup, "filing_report", "open", "f-2");
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(seen[0]["severity"], "alarm");
    assert_eq!(seen[0]["due_us"], seen[0]["since_us"]);
});
