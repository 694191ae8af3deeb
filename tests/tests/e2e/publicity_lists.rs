//! The lists a unit publishes without a case, through HTTP: its non-site enforcement devices
//! with their locations and the dates they were put in use (行政处罚法 Art. 41), set in the
//! rule configuration of a unit above and read by anyone; bad entries refused, naming the
//! member, with nothing set.

use custos_tests::recording::*;
use custos_tests::reqwest::{Method, StatusCode};
use custos_tests::serde_json::{Value, json};
use custos_tests::{TestApp, both_backends, expect_json, expect_problem};

fn put_rules(
    app: &TestApp,
    token: &str,
    org: &str,
    body: &Value,
) -> custos_tests::reqwest::blocking::Response {
    app.request(Method::PUT, &format!("/api/v1/orgs/{org}/rules"))
        .bearer_auth(token)
        .json(body)
        .send()
        .unwrap()
}

both_backends!(fn a_units_monitoring_devices_are_public(app) {
    let office = office(&app);
    let path = format!("/api/v1/public/orgs/{}/monitoring-devices", office.township);
    let none = expect_json(app.get(&path).send().unwrap(), StatusCode::OK);
    assert_eq!(none["devices"], json!([]), "{none}");
    assert_eq!(none["org_id"], office.township);

    let device = json!({
        "name": "电子监控 1 号",
        "location": "某路与某街交叉口东北角",
        "in_use_from": "2026-01-15",
        "records": ["超限运输"],
    });
    let body = json!({"publicity": {"monitoring_devices": [device.clone()]}});
    expect_json(put_rules(&app, &office.admin, &office.county, &body), StatusCode::OK);
    // Set on the county, published for the township below it, to anyone.
    let listed = expect_json(app.get(&path).send().unwrap(), StatusCode::OK);
    assert_eq!(listed["devices"], json!([device.clone()]), "{listed}");

    for (bad, named) in [
        (json!({"name": "x", "location": "y", "in_use_from": "2026-02-30"}), "2026-02-30"),
        (json!({"name": "x", "location": " ", "in_use_from": "2026-02-01"}), "monitoring_devices[0]"),
        (json!({"name": "x", "place": "y", "in_use_from": "2026-02-01"}), "place"),
    ] {
        let body = json!({"publicity": {"monitoring_devices": [bad]}});
        let problem = expect_problem(put_rules(&app, &office.admin, &office.county, &body), StatusCode::UNPROCESSABLE_ENTITY, "invalid-input");
        assert!(problem["detail"].as_str().unwrap().contains(named), "{problem}");
    }
    assert_eq!(expect_json(app.get(&path).send().unwrap(), StatusCode::OK), listed);
    let unknown = app.get("/api/v1/public/orgs/01900000-0000-7000-8000-000000000000/monitoring-devices").send().unwrap();
    expect_problem(unknown, StatusCode::NOT_FOUND, "not-found");
});
