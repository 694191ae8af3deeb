//! Devices: enrolment by admins and by officers for their own phones, the device id of
//! CONTRACT.md, and the key lookup that refuses signatures made after revocation.

use crate::tree::{Tree, enrol_device, post_as, user_with_token};
use custos_api::auth::Role;
use custos_api::devices::{DeviceKeyError, DeviceKind, signing_key_at};
use custos_core::device::{DeviceId, DeviceSigningKey};
use custos_tests::reqwest::StatusCode;
use custos_tests::serde_json::json;
use custos_tests::{TestApp, both_backends, expect_json, expect_problem};

fn key_at(app: &TestApp, id: &str, at_us: i64) -> Result<DeviceKind, String> {
    let id = DeviceId::parse(id).unwrap();
    app.db(move |conn| match signing_key_at(conn, &id, at_us) {
        Ok(device) => Ok(device.kind),
        Err(DeviceKeyError::Revoked { .. }) => Err("revoked".to_owned()),
        Err(DeviceKeyError::NotEnrolled(_)) => Err("not enrolled".to_owned()),
        Err(other) => panic!("{other}"),
    })
}

both_backends!(fn the_device_id_is_the_key_digest_of_contract_md(app) {
    let tree = Tree::build(&app);
    // RFC 8032 test 1 public key; its id is pinned in custos-core's vectors.
    let body = json!({"public_key": "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=", "kind": "dock", "org_id": tree.a});
    let device = expect_json(post_as(&app, &tree.root_admin, "/api/v1/devices", &body), StatusCode::CREATED);
    assert_eq!(device["id"], "21fe31dfa154a261626bf854046fd227");
    assert_eq!(device["kind"], "dock");
    assert_eq!(device["org_id"], tree.a);
    assert_eq!(device["revoked_at_us"], json!(null));
    expect_problem(post_as(&app, &tree.root_admin, "/api/v1/devices", &body), StatusCode::CONFLICT, "conflict");
    let read = expect_json(app.get_as(&tree.root_admin, "/api/v1/devices/21fe31dfa154a261626bf854046fd227"), StatusCode::OK);
    assert_eq!(read, device);
    // Weak and malformed keys are refused.
    for key in ["AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo", "not a key"] {
        let body = json!({"public_key": key, "kind": "phone", "org_id": tree.a});
        expect_problem(post_as(&app, &tree.root_admin, "/api/v1/devices", &body), StatusCode::UNPROCESSABLE_ENTITY, "invalid-input");
    }
});

both_backends!(fn officers_enrol_and_revoke_only_their_own_phone(app) {
    let tree = Tree::build(&app);
    let (officer, token) = user_with_token(&app, &tree, Role::Officer, &tree.a);
    let (other, _) = user_with_token(&app, &tree, Role::Officer, &tree.a);
    let key = DeviceSigningKey::generate().unwrap();
    let public_key = key.public_key().to_base64();
    for (kind, org, owner) in [
        ("recorder", &tree.a, None),
        ("phone", &tree.a1, None),
        ("phone", &tree.a, Some(&other)),
    ] {
        let body = json!({"public_key": public_key, "kind": kind, "org_id": org, "owner_id": owner});
        expect_problem(post_as(&app, &token, "/api/v1/devices", &body), StatusCode::FORBIDDEN, "forbidden");
    }
    let body = json!({"public_key": public_key, "kind": "phone", "org_id": tree.a});
    let phone = expect_json(post_as(&app, &token, "/api/v1/devices", &body), StatusCode::CREATED);
    assert_eq!(phone["owner_id"], officer);
    assert_eq!(phone["id"], key.device_id().as_str());

    let listed = expect_json(app.get_as(&token, "/api/v1/devices"), StatusCode::OK);
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    let (recorder, _) = enrol_device(&app, &tree.root_admin, "recorder", &tree.a, None);
    expect_problem(post_as(&app, &token, &format!("/api/v1/devices/{recorder}/revoke"), &json!({})), StatusCode::NOT_FOUND, "not-found");
    let revoked = expect_json(post_as(&app, &token, &format!("/api/v1/devices/{}/revoke", key.device_id()), &json!({})), StatusCode::OK);
    assert!(revoked["revoked_at_us"].is_i64(), "{revoked}");
});

both_backends!(fn signatures_after_revocation_are_refused(app) {
    let tree = Tree::build(&app);
    let (owner, _) = user_with_token(&app, &tree, Role::Officer, &tree.a1);
    let (phone, _) = enrol_device(&app, &tree.root_admin, "phone", &tree.a1, Some(&owner));
    let lost_at_us = 1_750_000_000_000_000;
    assert_eq!(key_at(&app, &phone, lost_at_us + 1), Ok(DeviceKind::Phone));
    let revoked = expect_json(
        post_as(&app, &tree.root_admin, &format!("/api/v1/devices/{phone}/revoke"), &json!({"revoked_at_us": lost_at_us})),
        StatusCode::OK,
    );
    assert_eq!(revoked["revoked_at_us"], lost_at_us);
    assert_eq!(key_at(&app, &phone, lost_at_us - 1), Ok(DeviceKind::Phone));
    assert_eq!(key_at(&app, &phone, lost_at_us), Err("revoked".to_owned()));
    assert_eq!(key_at(&app, &phone, i64::MAX), Err("revoked".to_owned()));
    assert_eq!(key_at(&app, "00000000000000000000000000000000", 0), Err("not enrolled".to_owned()));
    let again = post_as(&app, &tree.root_admin, &format!("/api/v1/devices/{phone}/revoke"), &json!({}));
    expect_problem(again, StatusCode::CONFLICT, "conflict");
    let future = custos_api::clock::now_us() + 3_600_000_000;
    let (other, _) = enrol_device(&app, &tree.root_admin, "recorder", &tree.a1, None);
    let refused = post_as(&app, &tree.root_admin, &format!("/api/v1/devices/{other}/revoke"), &json!({"revoked_at_us": future}));
    expect_problem(refused, StatusCode::UNPROCESSABLE_ENTITY, "invalid-input");
});
