//! A publication belongs to a decision, through HTTP (行政处罚法 Art. 48): a published decision
//! changed to a new one has its notice withdrawn, and the new decision is then offered,
//! published within its own 7 working days (its `publication_overdue` item following it), and
//! read anonymously beside the old one shown withdrawn, its leaf proved; the same decision is
//! never published twice. A revoked decision is withdrawn and nothing new is offered. A unit
//! that publishes automatically publishes the new decision with the withdrawal of the old.

use crate::publicity::{
    decided_steps, decision_changed, log_size, pending, person, prove, publish, publish_request,
    published_decision, reviewer, submit_all, to_publish,
};
use custos_core::lifecycle::*;
use custos_tests::attention::case_items;
use custos_tests::recording::*;
use custos_tests::reqwest::header::ETAG;
use custos_tests::reqwest::{Method, StatusCode};
use custos_tests::serde_json::{Value, json};
use custos_tests::{TestApp, both_backends, expect_json, expect_problem};

fn publish_refused(app: &TestApp, token: &str, case_id: &str) -> Value {
    let before = log_size(app);
    let problem = expect_problem(
        publish_request(app, token, case_id),
        StatusCode::CONFLICT,
        "conflict",
    );
    assert_eq!(log_size(app), before, "{problem}");
    problem
}

both_backends!(fn a_changed_decision_is_withdrawn_then_published_again(app) {
    let office = office(&app);
    let reviewer = reviewer(&app, &office);
    let sup = &office.supervisor.token;
    let case_id = "case-changed-1";
    let party = person("欧阳娜娜", "11010519491231002X", "13812345678", "某地");
    let (mut phone, first) = published_decision(&app, &office, &reviewer, case_id, &party, "销售过期食品");
    let first_id = first["id"].as_str().unwrap().to_owned();

    // Changed on reconsideration (Sunday 22 March 2026) to a smaller fine, a new decision.
    let changed = decision_changed(&office, |changed| {
        changed.change = DecisionChange::Changed;
        changed.reason = "复议决定变更罚款数额".into();
        changed.decision = Some(NewDecision {
            document_number: "市监罚〔2026〕2号".into(),
            penalty: Penalty { fine_fen: 300_000, ..Penalty::default() },
        });
    });
    submit_all(&app, &office, &mut phone, &[changed]);

    // The old notice is withdrawn first (three working days, to 25 March); the new decision
    // is due in its own seven (23 to 31 March), and is not offered before the withdrawal.
    let waiting = pending(&app, &reviewer.token);
    assert_eq!(waiting["to_withdraw"].as_array().unwrap().len(), 1, "{waiting}");
    assert_eq!(waiting["to_withdraw"][0]["publication_id"], first_id.as_str());
    assert_eq!(waiting["to_withdraw"][0]["last_day"], "2026-03-25");
    assert!(to_publish(&app, &reviewer.token, case_id).is_none(), "{waiting}");
    let problem = publish_refused(&app, &reviewer.token, case_id);
    assert!(problem["detail"].as_str().unwrap().contains("withdraw"), "{problem}");
    let due = case_items(&app, sup, "publication_overdue", "open", case_id);
    assert_eq!(due.len(), 1, "{due:?}");
    assert_eq!(due[0]["detail"], "decision not published by 2026-03-31");
    assert_eq!(case_items(&app, sup, "withdrawal_overdue", "open", case_id).len(), 1);

    let list = format!("/api/v1/public/decisions?org_id={}", office.township);
    let etag_before = app.get(&list).send().unwrap().headers()[ETAG].clone();
    let response = app.post(&format!("/api/v1/publications/{first_id}/withdrawal")).bearer_auth(&reviewer.token).send().unwrap();
    let withdrawn = expect_json(response, StatusCode::CREATED);
    assert_eq!(withdrawn["withdrawal"]["change"], "changed");
    assert!(case_items(&app, sup, "withdrawal_overdue", "open", case_id).is_empty());

    // Now the new decision is offered, built from the change.
    let offered = to_publish(&app, &reviewer.token, case_id).expect("the new decision is offered");
    assert_eq!(offered["last_day"], "2026-03-31", "{offered}");
    assert_eq!(offered["notice"]["document_number"], "市监罚〔2026〕2号");
    assert_eq!(offered["notice"]["penalty"]["fine_fen"], 300_000);
    assert_eq!(offered["notice"]["decided_on"], "2026-03-22");
    assert_eq!(offered["notice"]["party"]["name"], "欧阳**");
    let second = publish(&app, &reviewer.token, case_id);
    let second_id = second["id"].as_str().unwrap().to_owned();
    assert_ne!(second_id, first_id);
    assert_eq!(second["notice"], offered["notice"]);
    assert_eq!(second["last_day"], "2026-03-31");
    assert!(second["withdrawal"].is_null());
    assert!(case_items(&app, sup, "publication_overdue", "open", case_id).is_empty());
    assert!(to_publish(&app, &reviewer.token, case_id).is_none());
    assert_eq!(pending(&app, &reviewer.token)["to_withdraw"], json!([]));
    // The same decision is not published twice, and nothing is left to withdraw.
    let problem = publish_refused(&app, &reviewer.token, case_id);
    assert!(problem["detail"].as_str().unwrap().contains("published already"), "{problem}");
    let before = log_size(&app);
    let again = app.post(&format!("/api/v1/publications/{second_id}/withdrawal")).bearer_auth(&reviewer.token).send().unwrap();
    expect_problem(again, StatusCode::CONFLICT, "conflict");
    assert_eq!(log_size(&app), before);

    // Anyone reads both: the old shown withdrawn with its reason, the new in force; the list's
    // ETag moved, and the new leaf is proved against the checkpoint.
    let response = app.get(&list).send().unwrap();
    assert_ne!(response.headers()[ETAG], etag_before);
    let listed = expect_json(response, StatusCode::OK);
    assert_eq!(listed, json!([withdrawn.clone(), second.clone()]));
    assert_eq!(listed[0]["withdrawal"]["reason"], "复议决定变更罚款数额");
    let shown = expect_json(app.get(&format!("/api/v1/public/decisions/{second_id}")).send().unwrap(), StatusCode::OK);
    assert_eq!(shown, second);
    let leaf = prove(&app, second["log_index"].as_u64().unwrap(), second["leaf"].as_str().unwrap());
    let entry: Value = serde_json::from_slice(&leaf).unwrap();
    assert_eq!(entry["type"], "publication");
    assert_eq!(entry["notice"], second["notice"]);
    let feed = expect_json(app.get(&format!("/api/v1/public/orgs/{}/feed.json", office.township)).send().unwrap(), StatusCode::OK);
    let ids: Vec<&str> = feed["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [second_id.as_str(), first_id.as_str()], "{feed}");
});

both_backends!(fn a_revoked_decision_is_withdrawn_and_nothing_new_is_offered(app) {
    let office = office(&app);
    let reviewer = reviewer(&app, &office);
    let sup = &office.supervisor.token;
    let case_id = "case-revoked-only";
    let party = person("李四", "11010519491231002X", "13812345678", "某地");
    let (mut phone, published) = published_decision(&app, &office, &reviewer, case_id, &party, "facts");
    let id = published["id"].as_str().unwrap().to_owned();
    // Revoked (the default change of the step), withdrawn.
    submit_all(&app, &office, &mut phone, &[decision_changed(&office, |_| {})]);
    assert!(case_items(&app, sup, "publication_overdue", "open", case_id).is_empty());
    let response = app.post(&format!("/api/v1/publications/{id}/withdrawal")).bearer_auth(&reviewer.token).send().unwrap();
    let withdrawn = expect_json(response, StatusCode::CREATED);
    assert_eq!(withdrawn["withdrawal"]["change"], "revoked");

    // Nothing to publish: not offered, refused, no item; the one notice shown withdrawn.
    assert!(to_publish(&app, &reviewer.token, case_id).is_none());
    publish_refused(&app, &reviewer.token, case_id);
    assert!(case_items(&app, sup, "publication_overdue", "open", case_id).is_empty());
    let listed = expect_json(app.get(&format!("/api/v1/public/decisions?org_id={}", office.township)).send().unwrap(), StatusCode::OK);
    assert_eq!(listed, json!([withdrawn]));
});

both_backends!(fn a_unit_publishing_automatically_publishes_the_new_decision_after_the_withdrawal(app) {
    let office = office(&app);
    let reviewer = reviewer(&app, &office);
    let rules = format!("/api/v1/orgs/{}/rules", office.township);
    let body = json!({"publicity": {"auto_publish": true}});
    expect_json(app.request(Method::PUT, &rules).bearer_auth(&office.admin).json(&body).send().unwrap(), StatusCode::OK);
    let case_id = "case-changed-auto";
    let mut phone = office.phone_a(&app, case_id);
    let party = person("欧阳娜娜", "11010519491231002X", "13812345678", "某地");
    submit_all(&app, &office, &mut phone, &decided_steps(&office, &party, "销售过期食品", 0));
    let list = format!("/api/v1/public/decisions?org_id={}", office.township);
    let first = expect_json(app.get(&list).send().unwrap(), StatusCode::OK)[0].clone();
    let first_id = first["id"].as_str().unwrap().to_owned();

    let changed = decision_changed(&office, |changed| {
        changed.change = DecisionChange::Changed;
        changed.decision = Some(NewDecision {
            document_number: "市监罚〔2026〕2号".into(),
            penalty: Penalty { fine_fen: 300_000, ..Penalty::default() },
        });
    });
    submit_all(&app, &office, &mut phone, &[changed]);
    // Nothing is published over a notice still in force.
    assert_eq!(expect_json(app.get(&list).send().unwrap(), StatusCode::OK).as_array().unwrap().len(), 1);

    let before = log_size(&app);
    let response = app.post(&format!("/api/v1/publications/{first_id}/withdrawal")).bearer_auth(&reviewer.token).send().unwrap();
    expect_json(response, StatusCode::CREATED);
    assert_eq!(log_size(&app), before + 2, "the withdrawal and the new publication");
    let listed = expect_json(app.get(&list).send().unwrap(), StatusCode::OK);
    assert_eq!(listed.as_array().unwrap().len(), 2, "{listed}");
    assert_eq!(listed[0]["id"], first_id.as_str());
    assert!(listed[0]["withdrawal"].is_object());
    let second = &listed[1];
    assert!(second["withdrawal"].is_null());
    assert_eq!(second["notice"]["document_number"], "市监罚〔2026〕2号");
    assert!(second["log_index"].as_u64().unwrap() > listed[0]["withdrawal"]["log_index"].as_u64().unwrap());
    let entry: Value = serde_json::from_slice(&prove(&app, second["log_index"].as_u64().unwrap(), second["leaf"].as_str().unwrap())).unwrap();
    assert_eq!(entry["automatic"], true);
    assert_eq!(entry["approver"], reviewer.id);
    assert!(to_publish(&app, &reviewer.token, case_id).is_none());
    assert_eq!(pending(&app, &reviewer.token)["to_withdraw"], json!([]));
});
