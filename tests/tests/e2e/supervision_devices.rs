//! Records arriving from a revoked device, through HTTP: a phone revoked on day 2 whose records
//! signed after it keep arriving (refused) shows as `revoked_device_records` to the county
//! above, to the admins of its units and to its owner, not to a sibling county, once however
//! many arrive; reviewers and supervisors may not acknowledge it (409), officers and a
//! sibling county's admin are refused (403); an admin of the phone's township acknowledges it,
//! which cures it and keeps who did; a later refused record opens it again.

use custos_api::auth::Role;
use custos_core::record::Record;
use custos_tests::attention::{self, acknowledge};
use custos_tests::recording::*;
use custos_tests::reqwest::StatusCode;
use custos_tests::serde_json::Value;
use custos_tests::{TestApp, both_backends, expect_json, expect_problem};

/// The `revoked_device_records` items about device `id` that `token` sees in `state`.
fn items_of(app: &TestApp, token: &str, state: &str, id: &str) -> Vec<Value> {
    attention::subject_items(app, token, "revoked_device_records", state, "device", id)
}

fn refused(app: &TestApp, token: &str, record: &Record) {
    let response = submit(app, token, &[record]);
    assert_eq!(outcomes(&response), ["refused"], "{response}");
    assert_eq!(
        response["results"][0]["check"], "device.revoked",
        "{response}"
    );
}

both_backends!(fn records_from_a_revoked_device_need_attention_until_acknowledged(app) {
    let office = office(&app);
    let sup = &office.supervisor.token;
    let sibling = create_org(&app, &office.admin, "Other County", &app.root_org_id, "county");
    let outsider = user(&app, "supervisor.other", Role::Supervisor, &sibling);
    let outside_admin = user(&app, "admin.other", Role::Admin, &sibling);
    let township_admin = user(&app, "admin.township", Role::Admin, &office.township);
    let mut phone = office.phone_a(&app, "d-1");
    let device = phone.device_id();
    let filed = phone.sign(&office.step(0));
    let investigated = phone.sign(&office.step(1));
    let noticed = phone.sign(&office.step(2));
    let response = submit(&app, &office.a.token, &[&filed, &investigated]);
    assert_eq!(outcomes(&response), ["accepted", "accepted"], "{response}");
    // Records signed before the revocation need no attention.
    assert!(items_of(&app, sup, "open", &device).is_empty());

    // Lost on day 2; a record it signed after that arrives, twice: one item.
    revoke(&app, &office.admin, &device, day(2));
    assert!(items_of(&app, sup, "open", &device).is_empty());
    refused(&app, &office.a.token, &noticed);
    refused(&app, &office.a.token, &noticed);
    let seen = items_of(&app, sup, "open", &device);
    assert_eq!(seen.len(), 1, "{seen:?}");
    let item = &seen[0];
    assert_eq!(item["severity"], "alarm");
    assert_eq!(item["org_id"], office.township.as_str());
    assert_eq!(item["officer_id"], office.a.id.as_str());
    assert!(item["case_id"].is_null(), "{item}");
    assert!(item["text_zh"].as_str().unwrap().contains("注销"), "{item}");
    let id = item["id"].as_str().unwrap().to_owned();
    assert_eq!(items_of(&app, &office.a.token, "open", &device).len(), 1);
    assert_eq!(items_of(&app, &township_admin.token, "open", &device).len(), 1);
    assert!(items_of(&app, &outsider.token, "open", &device).is_empty());

    // Who may not acknowledge it: a supervisor (409: not theirs to acknowledge), the owner
    // (403), a sibling county's admin (403, as for any id). Nothing changes.
    expect_problem(acknowledge(&app, sup, &id), StatusCode::CONFLICT, "conflict");
    expect_problem(acknowledge(&app, &office.a.token, &id), StatusCode::FORBIDDEN, "forbidden");
    expect_problem(acknowledge(&app, &outside_admin.token, &id), StatusCode::FORBIDDEN, "forbidden");
    expect_problem(
        acknowledge(&app, &township_admin.token, "01900000-0000-7000-8000-000000000000"),
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    assert_eq!(items_of(&app, sup, "open", &device).len(), 1);

    // The township's admin acknowledges it: cured, with who did it; a second time is 409.
    let acknowledged = expect_json(acknowledge(&app, &township_admin.token, &id), StatusCode::OK);
    assert_eq!(acknowledged["state"], "cured");
    assert_eq!(acknowledged["acknowledged_by"], township_admin.id.as_str());
    assert!(items_of(&app, sup, "open", &device).is_empty());
    let cured = items_of(&app, sup, "cured", &device);
    assert_eq!(cured.len(), 1, "{cured:?}");
    assert_eq!(cured[0]["acknowledged_by"], township_admin.id.as_str());
    assert!(cured[0]["cured_us"].as_i64().unwrap() >= cured[0]["since_us"].as_i64().unwrap());
    assert!(items_of(&app, &outsider.token, "cured", &device).is_empty());
    expect_problem(acknowledge(&app, &township_admin.token, &id), StatusCode::CONFLICT, "conflict");

    // Another record signed after the revocation opens it again.
    let later = phone.sign(&office.step(3));
    refused(&app, &office.a.token, &later);
    let seen = items_of(&app, sup, "open", &device);
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_ne!(seen[0]["id"], id.as_str());
});
