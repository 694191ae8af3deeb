//! Every admin change appends one `admin` entry to the transparency log, in the same
//! transaction: ids and enumerations only, never names, keys or reasons. A refused change
//! appends nothing.

use crate::tree::{PASSWORD, Tree, certificate_body, post_as, send, unique};
use custos_core::device::DeviceSigningKey;
use custos_tests::reqwest::{Method, StatusCode};
use custos_tests::serde_json::{Value, json};
use custos_tests::{TestApp, both_backends, expect_json};

fn log_size(app: &TestApp) -> u64 {
    app.db(|conn| custos_api::db::log::head_size(conn).unwrap())
}

/// The entries appended since `from`, as JSON.
fn entries_since(app: &TestApp, from: u64) -> Vec<Value> {
    let to = log_size(app);
    (from..to)
        .map(|index| {
            let (entry_type, leaf) =
                app.db(|conn| custos_api::db::log::entry(conn, index).unwrap().unwrap());
            assert_eq!(entry_type, "admin");
            // The stored leaf is canonical JSON (RFC 8785).
            let value: Value = serde_json::from_slice(&leaf).unwrap();
            assert_eq!(custos_core::jcs::canonicalize(&value).unwrap(), leaf);
            value
        })
        .collect()
}

/// Runs `request`, which must succeed, and checks the one entry it appended: its `action`,
/// its `org` (the subject itself when `None`), and that no `private` text appears in it.
fn check(
    app: &TestApp,
    request: impl FnOnce() -> Value,
    action: &str,
    org: Option<&str>,
    private: &[&str],
) -> Value {
    let before = log_size(app);
    let body = request();
    let entries = entries_since(app, before);
    assert_eq!(entries.len(), 1, "{entries:?}");
    let entry = &entries[0];
    assert_eq!(entry["type"], "admin");
    assert_eq!(entry["action"], action);
    assert_eq!(entry["actor"], app.admin_id);
    assert_eq!(entry["subject"], body["id"]);
    assert_eq!(
        entry["org"],
        org.map_or(entry["subject"].clone(), Value::from)
    );
    assert!(entry["at_us"].is_i64(), "{entry}");
    let text = entry.to_string();
    for secret in private {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    entry.clone()
}

both_backends!(fn every_admin_change_is_one_entry_with_ids_only(app) {
    let tree = Tree::build(&app);
    let admin = tree.root_admin.clone();
    let created = |response: custos_tests::reqwest::blocking::Response| expect_json(response, StatusCode::CREATED);
    let ok = |response: custos_tests::reqwest::blocking::Response| expect_json(response, StatusCode::OK);

    let org = check(&app, || created(post_as(&app, &admin, "/api/v1/orgs", &json!({"name": "Legal Affairs Office", "parent_id": tree.a}))), "org.create", None, &["Legal"]);
    let unit = org["subject"].as_str().unwrap().to_owned();
    assert_eq!(org["org"], unit);

    let username = unique("wang.wu.");
    let user = check(
        &app,
        || created(post_as(&app, &admin, "/api/v1/users", &json!({"username": username, "password": PASSWORD, "role": "officer", "org_id": unit}))),
        "user.create", Some(&unit),
        &[&username, PASSWORD],
    );
    assert_eq!(user["role"], "officer");
    let user_id = user["subject"].as_str().unwrap().to_owned();

    let role = check(
        &app,
        || ok(send(&app, &admin, Method::PUT, &format!("/api/v1/users/{user_id}/role"), Some(&json!({"role": "supervisor"})))),
        "user.role", Some(&unit),
        &[&username],
    );
    assert_eq!(role["role"], "supervisor");

    let certificate = check(
        &app,
        || created(post_as(&app, &admin, "/api/v1/certificates", &certificate_body(&user_id, "LOG-1"))),
        "certificate.issue", Some(&unit),
        &["张三", "LOG-1", "Justice", "urban"],
    );
    let certificate_id = certificate["subject"].as_str().unwrap().to_owned();
    for verb in ["suspend", "reinstate", "revoke"] {
        check(
            &app,
            || ok(post_as(&app, &admin, &format!("/api/v1/certificates/{certificate_id}/{verb}"), &json!({"reason": "secret reason"}))),
            &format!("certificate.{verb}"), Some(&unit),
            &["secret"],
        );
    }

    let key = DeviceSigningKey::generate().unwrap();
    let public_key = key.public_key().to_base64();
    check(
        &app,
        || created(post_as(&app, &admin, "/api/v1/devices", &json!({"public_key": public_key, "kind": "phone", "org_id": unit, "owner_id": user_id}))),
        "device.enrol", Some(&unit),
        &[&public_key],
    );
    check(
        &app,
        || ok(post_as(&app, &admin, &format!("/api/v1/devices/{}/revoke", key.device_id()), &json!({}))),
        "device.revoke", Some(&unit),
        &[],
    );
    check(
        &app,
        || ok(send(&app, &admin, Method::POST, &format!("/api/v1/users/{user_id}/deactivate"), None)),
        "user.deactivate", Some(&unit),
        &[&username],
    );

    // Refused changes append nothing.
    let before = log_size(&app);
    let refused = [
        post_as(&app, &admin, "/api/v1/orgs", &json!({"name": "Legal Affairs Office", "parent_id": tree.a})),
        post_as(&app, &admin, "/api/v1/certificates", &certificate_body(&user_id, "LOG-1")),
        post_as(&app, &admin, &format!("/api/v1/certificates/{certificate_id}/reinstate"), &json!({"reason": "undo"})),
        send(&app, &admin, Method::POST, &format!("/api/v1/users/{user_id}/deactivate"), None),
        post_as(&app, &admin, "/api/v1/devices", &json!({"public_key": public_key, "kind": "phone", "org_id": unit})),
    ];
    for response in refused {
        assert!(response.status().is_client_error(), "{}", response.status());
    }
    assert_eq!(log_size(&app), before);
});
