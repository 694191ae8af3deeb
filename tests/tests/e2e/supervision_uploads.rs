//! Uploads started and abandoned through HTTP: with the county's threshold at 0 hours, a tus
//! upload shows as `upload_abandoned` to the county's supervisor and to the officer it is
//! attributed to as soon as it starts, not to a sibling county; completing it or terminating
//! it cures it, listed as cured with both times. Under the default threshold (24 hours) a
//! fresh upload does not show yet, and once terminated in time it never shows.

use custos_api::auth::Role;
use custos_api::db;
use custos_core::digest::sha256;
use custos_tests::attention;
use custos_tests::recording::set_rules;
use custos_tests::reqwest::{Method, StatusCode};
use custos_tests::serde_json::{Value, json};
use custos_tests::tus::{Uploader, content, metadata};
use custos_tests::{TestApp, both_backends};

/// The `upload_abandoned` items about upload `id` that `token` sees in state `state`.
fn items_of(app: &TestApp, token: &str, state: &str, id: &str) -> Vec<Value> {
    attention::subject_items(app, token, "upload_abandoned", state, "upload", id)
}

fn upload_id(path: &str) -> String {
    path.rsplit('/').next().unwrap().to_owned()
}

both_backends!(fn abandoned_uploads_need_attention_until_settled(app) {
    let (county, sibling) = app.db(|conn| {
        let root = db::orgs::find_unscoped(conn, &app.root_org_id).unwrap().unwrap();
        let county = db::orgs::insert(conn, Some(&root), "County", "county", 1).unwrap().id;
        let sibling = db::orgs::insert(conn, Some(&root), "Sibling county", "county", 1).unwrap().id;
        (county, sibling)
    });
    set_rules(&app, &app.admin_token(), &county, &json!({"attention": {"upload_abandoned_hours": 0}}));
    let officer = Uploader::new(&app, "officer", Role::Officer, &county);
    let supervisor = Uploader::new(&app, "supervisor", Role::Supervisor, &county);
    let outsider = Uploader::new(&app, "sibling-supervisor", Role::Supervisor, &sibling);
    let colleague = Uploader::new(&app, "colleague", Role::Officer, &county);

    let bytes = content(41, 64);
    let meta = metadata(&[("sha256", &sha256(&bytes).to_hex())]);
    let before = custos_api::clock::now_us();
    let finished_path = officer.create_ok(64, &meta);
    let finished = upload_id(&finished_path);
    let dropped_path = officer.create_ok(64, &meta);
    let dropped = upload_id(&dropped_path);

    for id in [&finished, &dropped] {
        let seen = items_of(&app, &supervisor.token, "open", id);
        assert_eq!(seen.len(), 1, "{seen:?}");
        let item = &seen[0];
        assert_eq!(item["severity"], "warning");
        assert_eq!(item["org_id"], county.as_str());
        assert_eq!(item["officer_id"], officer.user_id.as_str());
        assert!(item["case_id"].is_null(), "{item}");
        assert!(item["since_us"].as_i64().unwrap() >= before, "{item}");
        assert!(item["detail"].as_str().unwrap().contains("0 of 64 bytes"), "{item}");
        assert!(item["text_zh"].as_str().unwrap().contains("上传"), "{item}");
        // The officer it is attributed to sees it; a colleague and a sibling county do not.
        assert_eq!(items_of(&app, &officer.token, "open", id).len(), 1);
        assert!(items_of(&app, &colleague.token, "open", id).is_empty());
        assert!(items_of(&app, &outsider.token, "open", id).is_empty());
    }

    // Completing one and terminating the other cures both.
    assert_eq!(officer.patch(&finished_path, 0, &bytes).status(), StatusCode::NO_CONTENT);
    let response = officer.request(Method::DELETE, &dropped_path).send().unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    for id in [&finished, &dropped] {
        assert!(items_of(&app, &supervisor.token, "open", id).is_empty());
        let cured = items_of(&app, &supervisor.token, "cured", id);
        assert_eq!(cured.len(), 1, "{cured:?}");
        assert_eq!(cured[0]["state"], "cured");
        let (since, cured_at) = (cured[0]["since_us"].as_i64().unwrap(), cured[0]["cured_us"].as_i64().unwrap());
        assert!(cured_at >= since, "{}", cured[0]);
        assert!(items_of(&app, &outsider.token, "cured", id).is_empty());
    }

    // Under the root's default threshold (24 hours) a fresh upload does not show yet, and
    // once terminated in time it shows in neither state.
    let elsewhere = Uploader::new(&app, "root-officer", Role::Officer, &app.root_org_id);
    let root_supervisor = Uploader::new(&app, "root-supervisor", Role::Supervisor, &app.root_org_id);
    let path = elsewhere.create_ok(64, &meta);
    let id = upload_id(&path);
    assert!(items_of(&app, &root_supervisor.token, "open", &id).is_empty());
    let response = elsewhere.request(Method::DELETE, &path).send().unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(items_of(&app, &root_supervisor.token, "open", &id).is_empty());
    assert!(items_of(&app, &root_supervisor.token, "cured", &id).is_empty());
    // The county's items are in the root's reach.
    assert_eq!(items_of(&app, &root_supervisor.token, "cured", &finished).len(), 1);
});
