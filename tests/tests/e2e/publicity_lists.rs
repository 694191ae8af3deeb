//! The lists a unit publishes without a case, through HTTP: its non-site enforcement devices
//! with their locations and the dates they were put in use (行政处罚法 Art. 41), set in the
//! rule configuration of a unit above and read by anyone; bad entries refused, naming the
//! member, with nothing set. A unit's JSON Feed of its decisions, newest change first, with
//! ETag and `since`.

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

both_backends!(fn a_units_feed_shows_its_decisions_newest_change_first(app) {
    use crate::publicity::{decided_steps, person, publish, reviewer, submit_all};
    use custos_core::lifecycle::*;
    use custos_tests::reqwest::header::{CONTENT_TYPE, ETAG, IF_NONE_MATCH};
    let office = office(&app);
    let reviewer = reviewer(&app, &office);
    let feed = format!("/api/v1/public/orgs/{}/feed.json", office.township);
    let empty = expect_json(app.get(&feed).send().unwrap(), StatusCode::OK);
    assert_eq!(empty["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(empty["items"], json!([]));

    let party = person("欧阳娜娜", "11010519491231002X", "13812345678", "某地");
    let mut phone = office.phone_a(&app, "case-feed-1");
    submit_all(&app, &office, &mut phone, &decided_steps(&office, &party, "销售过期食品", 0));
    let first = publish(&app, &reviewer.token, "case-feed-1");
    let mut other = phone.on_case("case-feed-2");
    submit_all(&app, &office, &mut other, &decided_steps(&office, &party, "销售过期食品", 0));
    let second = publish(&app, &reviewer.token, "case-feed-2");
    // The first is revoked and withdrawn: its withdrawal is now the newest change.
    let changed = step(RecordKind::DecisionChanged, 20, &office.a.id, &office.b.id);
    submit_all(&app, &office, &mut phone, &[changed]);
    let id = first["id"].as_str().unwrap();
    let response = app.post(&format!("/api/v1/publications/{id}/withdrawal")).bearer_auth(&reviewer.token).send().unwrap();
    let withdrawn = expect_json(response, StatusCode::CREATED);

    let response = app.get(&feed).send().unwrap();
    assert_eq!(response.headers()[CONTENT_TYPE], "application/feed+json");
    let etag = response.headers()[ETAG].clone();
    let body = expect_json(response, StatusCode::OK);
    let ids: Vec<&str> = body["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [id, second["id"].as_str().unwrap()], "{body}");
    let item = &body["items"][0];
    assert_eq!(item["_custos"], withdrawn);
    assert_eq!(item["url"], format!("/api/v1/public/decisions/{id}"));
    assert!(item["title"].as_str().unwrap().ends_with("市监罚〔2026〕1号（已撤回）"), "{item}");
    assert!(item["content_text"].as_str().unwrap().starts_with("欧阳**\n"), "{item}");
    assert!(item["content_text"].as_str().unwrap().contains("罚款 5000.00 元"), "{item}");
    let published = item["date_published"].as_str().unwrap();
    assert_eq!((published.len(), &published[10..11], &published[26..]), (27, "T", "Z"), "{published}");
    assert!(item["date_modified"].is_string());
    assert!(body["items"][1]["date_modified"].is_null());

    // Revalidation answers 304; a page after the newest change is empty.
    let again = app.get(&feed).header(IF_NONE_MATCH, etag).send().unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    let since = withdrawn["change_index"].as_i64().unwrap();
    let later = expect_json(app.get(&format!("{feed}?since={since}")).send().unwrap(), StatusCode::OK);
    assert_eq!(later["items"], json!([]));
    let one = expect_json(app.get(&format!("{feed}?limit=1")).send().unwrap(), StatusCode::OK);
    assert_eq!(one["items"].as_array().unwrap().len(), 1);
    expect_problem(app.get(&format!("{feed}?limit=0")).send().unwrap(), StatusCode::BAD_REQUEST, "invalid-query");
    let unknown = app.get("/api/v1/public/orgs/01900000-0000-7000-8000-000000000000/feed.json").send().unwrap();
    expect_problem(unknown, StatusCode::NOT_FOUND, "not-found");
});
