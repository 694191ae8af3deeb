//! 案卷评查 through HTTP: scoring templates set per unit, inherited down the tree and versioned
//! (a version once set never changes), and the score of a case file under the template in
//! force for its unit; bad templates named by field with nothing changed. Review campaigns
//! (评查活动) opened by draw and by list, the draw redone from the logged inputs, manual scores,
//! closing, and the ranking and 通报 checked against what this test computes from the records
//! it signed; scoping and bad input.

use crate::log::{checkpoint, hashes};
use custos_api::auth::Role;
use custos_core::digest::Sha256Digest;
use custos_core::lifecycle::CaseRecord;
use custos_core::merkle::verify_consistency;
use custos_core::record::Record;
use custos_core::supervision::campaign::{ReviewDrawInputs, select_from_log};
use custos_core::supervision::evaluation::{DEFAULT_TEMPLATE_JSON, Template, automatic_score};
use custos_tests::recording::*;
use custos_tests::reqwest::blocking::Response;
use custos_tests::reqwest::{Method, StatusCode};
use custos_tests::serde_json::{self, Value, json};
use custos_tests::{TestApp, both_backends, expect_json, expect_problem};
use std::collections::BTreeMap;

/// The default template renamed `id` at `version`.
fn template(id: &str, version: u32) -> Value {
    let mut template: Value = serde_json::from_str(DEFAULT_TEMPLATE_JSON).unwrap();
    template["id"] = json!(id);
    template["version"] = json!(version);
    template
}

fn put_template(app: &TestApp, token: &str, org: &str, body: &Value) -> Response {
    app.request(
        Method::PUT,
        &format!("/api/v1/orgs/{org}/evaluation-template"),
    )
    .bearer_auth(token)
    .json(body)
    .send()
    .expect("request sent")
}

fn template_of(app: &TestApp, token: &str, org: &str) -> Value {
    expect_json(
        app.get_as(token, &format!("/api/v1/orgs/{org}/evaluation-template")),
        StatusCode::OK,
    )
}

/// `(org_id, id, version, sha256)` of each version listed.
fn versions(view: &Value) -> Vec<(Value, String, u64, String)> {
    view["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["org_id"].clone(),
                v["id"].as_str().unwrap().to_owned(),
                v["version"].as_u64().unwrap(),
                v["sha256"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

both_backends!(fn unit_templates_are_inherited_and_versions_never_change(app) {
    let office = office(&app);
    let supervisor = &office.supervisor;
    // Nothing set: the built-in default is in force.
    let view = template_of(&app, &supervisor.token, &office.township);
    assert_eq!(view["in_force"]["id"], "default");
    assert_eq!(view["in_force"]["org_id"], Value::Null);
    assert_eq!(versions(&view).len(), 1);

    // The county sets its own; the township below inherits it.
    let mut county_v1 = template("county", 1);
    county_v1["title_en"] = json!("County standard 2026");
    let set = expect_json(put_template(&app, &office.admin, &office.county, &county_v1), StatusCode::OK);
    assert_eq!(set["in_force"]["id"], "county");
    assert_eq!(set["in_force"]["org_id"], office.county.as_str());
    let view = template_of(&app, &supervisor.token, &office.township);
    assert_eq!((view["in_force"]["id"].as_str(), view["in_force"]["version"].as_u64()), (Some("county"), Some(1)));
    assert_eq!(view["template"]["title_en"], "County standard 2026");
    let v1_sha = view["in_force"]["sha256"].as_str().unwrap().to_owned();

    // A case of the township is scored under it.
    let case_id = "case-templated";
    let mut phone = office.phone_a(&app, case_id);
    let records: Vec<Record> = (0..3).map(|n| phone.sign(&office.step(n))).collect();
    let response = submit(&app, &office.a.token, &records.iter().collect::<Vec<_>>());
    assert!(outcomes(&response).iter().all(|o| o == "accepted"), "{response}");
    let score = expect_json(app.get_as(&supervisor.token, &format!("/api/v1/cases/{case_id}/score")), StatusCode::OK);
    assert_eq!((score["template"]["id"].as_str(), score["score"]["template"].as_str()), (Some("county"), Some("county")));

    // Bad templates are refused naming the field, and nothing changes.
    let before = versions(&template_of(&app, &supervisor.token, &office.county));
    let mut bad_total = template("county", 2);
    bad_total["total"] = json!(101);
    let problem = expect_problem(put_template(&app, &office.admin, &office.county, &bad_total), StatusCode::UNPROCESSABLE_ENTITY, "invalid-input");
    assert!(problem["detail"].as_str().unwrap().contains("total"), "{problem}");
    let mut bad_points = template("county", 2);
    bad_points["items"][1]["points"] = json!(0);
    let problem = expect_problem(put_template(&app, &office.admin, &office.county, &bad_points), StatusCode::UNPROCESSABLE_ENTITY, "invalid-input");
    assert!(problem["detail"].as_str().unwrap().contains("items[1].points"), "{problem}");
    // A hashed template takes integers only: 100.0 is refused like any unfit member, not read as 100.
    let mut fractional = template("county", 2);
    fractional["total"] = json!(100.0);
    let problem = expect_problem(put_template(&app, &office.admin, &office.county, &fractional), StatusCode::UNPROCESSABLE_ENTITY, "invalid-input");
    assert!(problem["detail"].as_str().unwrap().contains("floating point"), "{problem}");
    // Version 1 again with other content: a changed template is a new version.
    let mut changed = county_v1.clone();
    changed["title_en"] = json!("Changed");
    let problem = expect_problem(put_template(&app, &office.admin, &office.county, &changed), StatusCode::UNPROCESSABLE_ENTITY, "invalid-input");
    assert!(problem["detail"].as_str().unwrap().contains("version"), "{problem}");
    // Nor may a unit shadow the built-in default's version.
    let problem = expect_problem(put_template(&app, &office.admin, &office.county, &{ let mut t = template("default", 1); t["title_en"] = json!("x"); t }), StatusCode::UNPROCESSABLE_ENTITY, "invalid-input");
    assert!(problem["detail"].as_str().unwrap().contains("version"), "{problem}");
    assert_eq!(versions(&template_of(&app, &supervisor.token, &office.county)), before);
    // The same version set again changes nothing.
    expect_json(put_template(&app, &office.admin, &office.county, &county_v1), StatusCode::OK);
    assert_eq!(versions(&template_of(&app, &supervisor.token, &office.county)), before);

    // Version 2 is in force from now on; version 1 stays as it was.
    let county_v2 = template("county", 2);
    expect_json(put_template(&app, &office.admin, &office.county, &county_v2), StatusCode::OK);
    let view = template_of(&app, &supervisor.token, &office.township);
    assert_eq!(view["in_force"]["version"], 2);
    let listed = versions(&view);
    assert_eq!(listed.len(), 3);
    assert_eq!(listed[1], (json!(office.county), "county".to_owned(), 1, v1_sha));

    // The township's own template is in force there, the county's above it.
    expect_json(put_template(&app, &office.admin, &office.township, &template("township", 1)), StatusCode::OK);
    assert_eq!(template_of(&app, &supervisor.token, &office.township)["in_force"]["id"], "township");
    assert_eq!(template_of(&app, &supervisor.token, &office.county)["in_force"]["id"], "county");

    // Only admins set templates; officers read none; a sibling county sees nothing.
    expect_problem(put_template(&app, &supervisor.token, &office.county, &template("county", 3)), StatusCode::FORBIDDEN, "forbidden");
    expect_problem(app.get_as(&office.a.token, &format!("/api/v1/orgs/{}/evaluation-template", office.township)), StatusCode::FORBIDDEN, "forbidden");
    let elsewhere = create_org(&app, &office.admin, "Elsewhere", &app.root_org_id, "county");
    let stranger = user(&app, "supervisor.elsewhere", Role::Supervisor, &elsewhere);
    expect_problem(app.get_as(&stranger.token, &format!("/api/v1/orgs/{}/evaluation-template", office.county)), StatusCode::NOT_FOUND, "not-found");
});

/// A closed case of `officer` (with `second`) signed on `phone`: the lawful ordinary case, or,
/// `late`, one whose decision is served 11 days after it (Art. 61: a defect of the default
/// template's deadlines item).
fn closed_case(
    app: &TestApp,
    phone: &mut Phone,
    token: &str,
    officer: &str,
    second: &str,
    late: bool,
) -> Vec<Record> {
    let steps: Vec<CaseRecord> = ORDINARY_CASE
        .iter()
        .map(|&(kind, on)| {
            let on = if late && on >= 15 { on + 10 } else { on };
            CaseRecord::new(day(on), officer, body(kind, second))
        })
        .collect();
    let records: Vec<Record> = steps.iter().map(|step| phone.sign(step)).collect();
    let response = submit(app, token, &records.iter().collect::<Vec<_>>());
    assert!(
        outcomes(&response).iter().all(|o| o == "accepted"),
        "{response}"
    );
    records
}

fn post(app: &TestApp, token: &str, path: &str, body: &Value) -> Response {
    app.post(path)
        .bearer_auth(token)
        .json(body)
        .send()
        .expect("request sent")
}

fn campaign(app: &TestApp, token: &str, id: &str) -> Value {
    expect_json(
        app.get_as(token, &format!("/api/v1/supervision/reviews/{id}")),
        StatusCode::OK,
    )
}

/// The number of leaves in the log.
fn log_size(app: &TestApp) -> u64 {
    checkpoint(app).size
}

both_backends!(fn review_campaigns_draw_score_close_and_rank(app) {
    let office = office(&app);
    let admin = &office.admin;
    let supervisor = &office.supervisor;
    let reviewer = user(&app, "reviewer.county", Role::Reviewer, &office.county);
    let township2 = create_org(&app, admin, "Second Township", &office.county, "township");
    let c = officer(&app, admin, "officer.c", &township2);
    let d = officer(&app, admin, "officer.d", &township2);

    // Five closed case files: three of the first township (one served late), two of the second;
    // and one still open, which no campaign may take.
    let mut phone_a = office.phone_a(&app, "rv-a1");
    let mut phone_c = Phone::new(3, "rv-c1");
    enrol(&app, admin, &phone_c, &township2, &c.id);
    let mut signed: BTreeMap<String, (String, Vec<Record>)> = BTreeMap::new();
    for (case, late) in [("rv-a1", false), ("rv-a2", true), ("rv-a3", false)] {
        let mut phone = if case == "rv-a1" { std::mem::replace(&mut phone_a, Phone::new(1, "x")) } else { phone_a.on_case(case) };
        let records = closed_case(&app, &mut phone, &office.a.token, &office.a.id, &office.b.id, late);
        if case == "rv-a1" { phone_a = phone; }
        signed.insert(case.to_owned(), (office.township.clone(), records));
    }
    for case in ["rv-c1", "rv-c2"] {
        let mut phone = if case == "rv-c1" { std::mem::replace(&mut phone_c, Phone::new(3, "x")) } else { phone_c.on_case(case) };
        let records = closed_case(&app, &mut phone, &c.token, &c.id, &d.id, false);
        signed.insert(case.to_owned(), (township2.clone(), records));
    }
    let mut open_phone = phone_a.on_case("rv-open");
    let filing = open_phone.sign(&office.step(0));
    assert!(outcomes(&submit(&app, &office.a.token, &[&filing])).iter().all(|o| o == "accepted"));
    let (from_us, to_us) = (day(0), day(40));

    // Opened by a draw of 3 of the county's closed files: the draw is redone here from the
    // logged inputs and the log's root just before the entry.
    let before = log_size(&app);
    let opened = expect_json(post(&app, &supervisor.token, "/api/v1/supervision/reviews", &json!({
        "org_id": office.county, "title": "2026年第一季度案卷评查", "from_us": from_us, "to_us": to_us, "draw": {"count": 3}
    })), StatusCode::CREATED);
    let id = opened["id"].as_str().unwrap().to_owned();
    assert_eq!(opened["state"], "open");
    assert_eq!(opened["template"]["id"], "default");
    let index = opened["log_index"].as_u64().unwrap();
    assert_eq!(index, before);
    let entry = &opened["opening"];
    let draw = &entry["draw"];
    let inputs: ReviewDrawInputs = serde_json::from_value(draw["inputs"].clone()).unwrap();
    assert_eq!(inputs.candidates, signed.keys().cloned().collect::<Vec<_>>(), "the closed cases of the subtree in the period");
    assert_eq!((inputs.count, inputs.campaign.as_str(), inputs.org.as_str()), (3, id.as_str(), office.county.as_str()));
    assert_eq!(draw["log_size"].as_u64().unwrap(), index);
    let log_root = Sha256Digest::from_hex(draw["log_root_sha256"].as_str().unwrap()).unwrap();
    let signed_head = checkpoint(&app);
    let consistency = expect_json(app.get(&format!("/api/v1/log/proof/consistency?from={index}&to={}", signed_head.size)).send().unwrap(), StatusCode::OK);
    verify_consistency(index, signed_head.size, &log_root, &signed_head.root_hash, &hashes(&consistency)).unwrap();
    let redone = select_from_log(&inputs, index, &log_root).unwrap();
    assert_eq!(draw["seed"], redone.seed.to_hex());
    assert_eq!(draw["inputs_sha256"], redone.inputs_sha256.to_hex());
    assert_eq!(opened["cases"], json!(redone.cases));
    assert_eq!(entry["cases"], json!(redone.cases));
    assert_eq!(entry["template"]["sha256"], Template::default_template().sha256().to_hex());

    // Opened by list: every closed file, scored below.
    let all: Vec<String> = signed.keys().cloned().collect();
    let listed = expect_json(post(&app, &supervisor.token, "/api/v1/supervision/reviews", &json!({
        "org_id": office.county, "title": "专项评查", "from_us": from_us, "to_us": to_us,
        "cases": all.iter().rev().collect::<Vec<_>>(), "template": {"id": "default", "version": 1}
    })), StatusCode::CREATED);
    let listed_id = listed["id"].as_str().unwrap().to_owned();
    assert_eq!(listed["cases"], json!(all));
    assert_eq!(listed["opening"]["draw"], Value::Null);

    // Reviewers score manual items; a later score of the same item replaces the earlier.
    let scores = [
        (&reviewer, "rv-a1", "evidence.facts", 10, "询问笔录未载明时间"),
        (&reviewer, "rv-a1", "evidence.facts", 12, "复核后改判"),
        (&reviewer, "rv-a3", "basis.law", 4, "未引用具体条款"),
        (supervisor, "rv-c1", "documents.form", 7, "文书编号不规范"),
        (&reviewer, "rv-c2", "discretion.benchmark", 5, "无"),
    ];
    for (who, case, item, score, remark) in scores {
        let stored = expect_json(post(&app, &who.token, &format!("/api/v1/supervision/reviews/{listed_id}/scores"), &json!({
            "case_id": case, "item": item, "score": score, "remark": remark
        })), StatusCode::CREATED);
        assert_eq!((stored["reviewer_id"].as_str(), stored["score"].as_i64()), (Some(who.id.as_str()), Some(score)));
    }

    // Bad scores are refused naming the field, and nothing changes.
    let size = log_size(&app);
    let bad = [
        (json!({"case_id": "rv-a1", "item": "evidence.facts", "score": 16, "remark": "x"}), "score"),
        (json!({"case_id": "rv-a1", "item": "procedure.notice", "score": 1, "remark": "x"}), "item"),
        (json!({"case_id": "rv-a1", "item": "no.such", "score": 1, "remark": "x"}), "item"),
        (json!({"case_id": "rv-open", "item": "basis.law", "score": 1, "remark": "x"}), "case_id"),
    ];
    for (body, field) in bad {
        let problem = expect_problem(post(&app, &reviewer.token, &format!("/api/v1/supervision/reviews/{listed_id}/scores"), &body), StatusCode::UNPROCESSABLE_ENTITY, "invalid-input");
        assert!(problem["detail"].as_str().unwrap().starts_with(&format!("{field}:")), "{problem}");
    }
    assert_eq!(log_size(&app), size);
    assert_eq!(campaign(&app, &reviewer.token, &listed_id)["scores"].as_array().unwrap().len(), 5);

    // Close; then nothing more enters it.
    let closed = expect_json(post(&app, &supervisor.token, &format!("/api/v1/supervision/reviews/{listed_id}/close"), &json!({})), StatusCode::OK);
    assert_eq!(closed["state"], "closed");
    let size = log_size(&app);
    let problem = expect_problem(post(&app, &reviewer.token, &format!("/api/v1/supervision/reviews/{listed_id}/scores"), &json!({
        "case_id": "rv-a1", "item": "basis.law", "score": 1, "remark": "x"
    })), StatusCode::CONFLICT, "conflict");
    assert!(problem["detail"].as_str().unwrap().starts_with("campaign:"), "{problem}");
    expect_problem(post(&app, &supervisor.token, &format!("/api/v1/supervision/reviews/{listed_id}/close"), &json!({})), StatusCode::CONFLICT, "conflict");
    assert_eq!(log_size(&app), size);

    // The totals, ranking and 通报 this test expects, from the records it signed.
    let template = Template::default_template();
    let mut manual: BTreeMap<&str, BTreeMap<String, u32>> = BTreeMap::new();
    for (_, case, item, score, _) in scores {
        manual.entry(case).or_default().insert(item.to_owned(), score as u32);
    }
    let mut totals = BTreeMap::new();
    let mut automatic_problems = Vec::new();
    for (case, (unit, records)) in &signed {
        let score = automatic_score(&template, records).unwrap();
        for item in &score.items {
            for defect in &item.defects {
                automatic_problems.push((case.clone(), item.id.clone(), defect.rule.clone()));
            }
        }
        let total = score.total(manual.get(case.as_str()).unwrap_or(&BTreeMap::new()));
        totals.insert(case.clone(), (unit.clone(), total));
    }
    assert_eq!(automatic_problems, [("rv-a2".to_owned(), "procedure.deadlines".to_owned(), "APL-61-service-7-days".to_owned())]);
    // rv-a1: 100 − 3 (facts 12 of 15); rv-a2: 98 (late service); rv-a3: 100 − 6 (law 4 of 10);
    // rv-c1: 100 − 3 (form 7 of 10); rv-c2: 100.
    let expected_totals: Vec<u32> = all.iter().map(|case| totals[case].1).collect();
    assert_eq!(expected_totals, [97, 98, 94, 97, 100]);
    let findings = &closed["findings"];
    let answered: Vec<(String, u64)> = findings["cases"].as_array().unwrap().iter().map(|c| (c["case"].as_str().unwrap().to_owned(), c["total"].as_u64().unwrap())).collect();
    assert_eq!(answered, all.iter().map(|case| (case.clone(), u64::from(totals[case].1))).collect::<Vec<_>>());
    // Units by mean: the second township (197/2) above the first (289/3).
    let mut by_unit: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for (unit, total) in totals.values() {
        let entry = by_unit.entry(unit.clone()).or_default();
        entry.0 += 1;
        entry.1 += u64::from(*total);
    }
    let mut ranking: Vec<(String, u64, u64)> = by_unit.into_iter().map(|(unit, (n, sum))| (unit, n, sum)).collect();
    ranking.sort_by(|a, b| (b.2 * a.1).cmp(&(a.2 * b.1)));
    assert_eq!(ranking[0].0, township2);
    let answered: Vec<(String, u64, u64)> = findings["ranking"].as_array().unwrap().iter().map(|r| (r["org"].as_str().unwrap().to_owned(), r["cases"].as_u64().unwrap(), r["total_points"].as_u64().unwrap())).collect();
    assert_eq!(answered, ranking);
    assert_eq!(findings["ranking"][0]["mean_total_centi"], 9850);
    assert_eq!(findings["ranking"][1]["rank"], 2);
    // 通报: each item that lost points, with case, unit, rule and article, points.
    let problems: Vec<(String, String, String, Value, u64)> = findings["problems"].as_array().unwrap().iter().map(|p| (
        p["case"].as_str().unwrap().to_owned(), p["org"].as_str().unwrap().to_owned(), p["item"].as_str().unwrap().to_owned(), p["rule"].clone(), p["points"].as_u64().unwrap()
    )).collect();
    assert_eq!(problems, [
        ("rv-a1".to_owned(), office.township.clone(), "evidence.facts".to_owned(), Value::Null, 3),
        ("rv-a2".to_owned(), office.township.clone(), "procedure.deadlines".to_owned(), json!("APL-61-service-7-days"), 2),
        ("rv-a3".to_owned(), office.township.clone(), "basis.law".to_owned(), Value::Null, 6),
        ("rv-c1".to_owned(), township2.clone(), "documents.form".to_owned(), Value::Null, 3),
    ]);
    assert!(findings["problems"][1]["article"].as_str().unwrap().contains("61"), "{}", findings["problems"][1]);
    assert_eq!(findings["problems"][0]["detail"], "复核后改判");

    // CSV and the printable page say the same.
    let csv = app.get(&format!("/api/v1/supervision/reviews/{listed_id}")).bearer_auth(&reviewer.token).header("Accept", "text/csv").send().unwrap();
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(csv.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let csv = csv.text().unwrap();
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 1 + 2 + 4, "{csv}");
    assert_eq!(lines[1], format!("ranking,1,{township2},2,197,98.50,,,,,,,,,"));
    assert!(lines[4].starts_with(&format!("problem,,{},,,,rv-a2,procedure.deadlines,procedure,APL-61-service-7-days,", office.township)), "{csv}");
    let html = app.get(&format!("/api/v1/supervision/reviews/{listed_id}")).bearer_auth(&reviewer.token).header("Accept", "text/html").send().unwrap();
    assert!(html.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let html = html.text().unwrap();
    assert!(html.contains("案卷评查通报") && html.contains("APL-61-service-7-days") && html.contains("98.50"), "{html}");
    assert!(!html.contains("<script"));

    // The campaign's entries are read like the campaign: the county's auditors read the leaves,
    // a sibling county gets what an index past the end gets.
    let stranger = user(&app, "auditor.elsewhere", Role::Reviewer, &create_org(&app, admin, "Elsewhere", &app.root_org_id, "county"));
    for index in [index, closed["close_log_index"].as_u64().unwrap()] {
        let leaf = app.get_as(&reviewer.token, &format!("/api/v1/log/entries/{index}"));
        assert_eq!(leaf.status(), StatusCode::OK);
        let leaf: Value = serde_json::from_slice(&leaf.bytes().unwrap()).unwrap();
        assert!(leaf["type"].as_str().unwrap().starts_with("review."), "{leaf}");
        expect_problem(app.get_as(&stranger.token, &format!("/api/v1/log/entries/{index}")), StatusCode::NOT_FOUND, "not-found");
    }
    let opening_leaf: Value = serde_json::from_slice(&app.get_as(&reviewer.token, &format!("/api/v1/log/entries/{index}")).bytes().unwrap()).unwrap();
    assert_eq!(opening_leaf["draw"], opened["opening"]["draw"]);

    // Listed for the auditors of the county.
    let list = expect_json(app.get_as(&reviewer.token, &format!("/api/v1/supervision/reviews?org_id={}", office.county)), StatusCode::OK);
    let states: Vec<(&str, &str)> = list.as_array().unwrap().iter().map(|c| (c["id"].as_str().unwrap(), c["state"].as_str().unwrap())).collect();
    assert!(states.contains(&(id.as_str(), "open")) && states.contains(&(listed_id.as_str(), "closed")), "{list}");
});

both_backends!(fn review_campaigns_are_scoped_and_refuse_bad_input(app) {
    let office = office(&app);
    let admin = &office.admin;
    let supervisor = &office.supervisor;
    let mut phone = office.phone_a(&app, "rv-x1");
    closed_case(&app, &mut phone, &office.a.token, &office.a.id, &office.b.id, false);
    let township2 = create_org(&app, admin, "Second Township", &office.county, "township");
    let township_supervisor = user(&app, "supervisor.township", Role::Supervisor, &office.township);
    let elsewhere = create_org(&app, admin, "Elsewhere", &app.root_org_id, "county");
    let stranger = user(&app, "supervisor.elsewhere", Role::Supervisor, &elsewhere);
    let open = |token: &str, body: Value| post(&app, token, "/api/v1/supervision/reviews", &body);
    let base = |org: &str| json!({"org_id": org, "title": "评查", "from_us": day(0), "to_us": day(40), "cases": ["rv-x1"]});

    // Bad input: each named, nothing appended.
    let size = log_size(&app);
    let mut reversed = base(&office.county);
    reversed["to_us"] = json!(day(0) - 1);
    let mut unknown_template = base(&office.county);
    unknown_template["template"] = json!({"id": "default", "version": 9});
    let mut outside = base(&township2);
    outside["cases"] = json!(["rv-x1"]);
    let mut out_of_period = base(&office.county);
    out_of_period["to_us"] = json!(day(10));
    let mut too_many = base(&office.county);
    too_many.as_object_mut().unwrap().remove("cases");
    too_many["draw"] = json!({"count": 2});
    let mut both = base(&office.county);
    both["draw"] = json!({"count": 1});
    for (body, field) in [
        (reversed, "to_us"), (unknown_template, "template.version"), (outside, "cases[0]"),
        (out_of_period, "cases[0]"), (too_many, "draw.count"), (both, "draw"),
    ] {
        let problem = expect_problem(open(&supervisor.token, body), StatusCode::UNPROCESSABLE_ENTITY, "invalid-input");
        assert!(problem["detail"].as_str().unwrap().starts_with(&format!("{field}:")), "{field}: {problem}");
    }
    assert_eq!(log_size(&app), size);

    // An officer opens none; a campaign over a unit outside the caller's reach is not found.
    expect_problem(open(&office.a.token, base(&office.county)), StatusCode::FORBIDDEN, "forbidden");
    expect_problem(open(&stranger.token, base(&office.county)), StatusCode::NOT_FOUND, "not-found");
    expect_problem(open(&township_supervisor.token, base(&office.county)), StatusCode::NOT_FOUND, "not-found");
    let opened = expect_json(open(&supervisor.token, base(&office.county)), StatusCode::CREATED);
    let id = opened["id"].as_str().unwrap();
    // A sibling county's supervisor sees nothing of it, nor does the township below.
    for token in [&stranger.token, &township_supervisor.token] {
        expect_problem(app.get_as(token, &format!("/api/v1/supervision/reviews/{id}")), StatusCode::NOT_FOUND, "not-found");
        expect_problem(post(&app, token, &format!("/api/v1/supervision/reviews/{id}/scores"), &json!({"case_id": "rv-x1", "item": "basis.law", "score": 1, "remark": "x"})), StatusCode::NOT_FOUND, "not-found");
        expect_problem(post(&app, token, &format!("/api/v1/supervision/reviews/{id}/close"), &json!({})), StatusCode::NOT_FOUND, "not-found");
        let list = expect_json(app.get_as(token, "/api/v1/supervision/reviews"), StatusCode::OK);
        assert_eq!(list, json!([]));
    }
    expect_problem(app.get_as(&office.a.token, &format!("/api/v1/supervision/reviews/{id}")), StatusCode::FORBIDDEN, "forbidden");
});
