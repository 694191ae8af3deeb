//! 案卷评查 through HTTP: scoring templates set per unit, inherited down the tree and versioned
//! (a version once set never changes), and the score of a case file under the template in
//! force for its unit; bad templates named by field with nothing changed.

use custos_api::auth::Role;
use custos_core::record::Record;
use custos_core::supervision::evaluation::DEFAULT_TEMPLATE_JSON;
use custos_tests::recording::*;
use custos_tests::reqwest::blocking::Response;
use custos_tests::reqwest::{Method, StatusCode};
use custos_tests::serde_json::{self, Value, json};
use custos_tests::{TestApp, both_backends, expect_json, expect_problem};

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
