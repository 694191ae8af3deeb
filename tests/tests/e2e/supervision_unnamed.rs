//! Evidence named by no record through HTTP: with the county's threshold at 0 days, an
//! uploaded file no record names shows as `evidence_unnamed` to the county above and to the
//! officer it is attributed to, not to a sibling county; the record that names its digest
//! cures it at that record's arrival, and a disposal cures another; a file a record named
//! before it arrived needs no attention at all.

use custos_api::auth::Role;
use custos_core::digest::sha256;
use custos_core::lifecycle::*;
use custos_core::record::Record;
use custos_tests::attention;
use custos_tests::recording::*;
use custos_tests::reqwest::StatusCode;
use custos_tests::serde_json::{Value, json};
use custos_tests::tus::{Uploader, content, header, metadata};
use custos_tests::{TestApp, both_backends, expect_json};

/// The `evidence_unnamed` items about evidence item `id` that `token` sees in `state`.
fn items_of(app: &TestApp, token: &str, state: &str, id: &str) -> Vec<Value> {
    attention::subject_items(app, token, "evidence_unnamed", state, "evidence", id)
}

/// Uploads `bytes` as `officer` and returns the evidence item's id.
fn upload(officer: &Uploader, bytes: &[u8]) -> String {
    let meta = metadata(&[("sha256", &sha256(bytes).to_hex())]);
    let response = officer.upload(bytes, &meta, bytes.len());
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    header(&response, "custos-evidence-id")
}

/// An investigation record on day 1 naming the file `bytes`.
fn naming(office: &Office, bytes: &[u8]) -> CaseRecord {
    let mut reference = evidence("photo", 0);
    reference.sha256 = sha256(bytes);
    reference.size = bytes.len() as u64;
    CaseRecord::new(
        day(1),
        &office.a.id,
        InvestigationRecord {
            officers: vec![office.b.id.clone()],
            credentials_shown: true,
            act: None,
            compulsion: None,
            transcript_signed_by: None,
            location: None,
            evidence: vec![reference],
        },
    )
}

fn accept(app: &TestApp, token: &str, record: &Record) {
    let response = submit(app, token, &[record]);
    assert_eq!(outcomes(&response), ["accepted"], "{response}");
}

both_backends!(fn evidence_no_record_names_needs_attention_until_named(app) {
    let office = office(&app);
    let sup = &office.supervisor.token;
    let sibling = create_org(&app, &office.admin, "Other County", &app.root_org_id, "county");
    let outsider = user(&app, "supervisor.other", Role::Supervisor, &sibling);
    set_rules(&app, &office.admin, &office.county, &json!({"attention": {"evidence_unnamed_days": 0}}));
    let officer = Uploader { app: &app, token: office.a.token.clone(), user_id: office.a.id.clone() };

    // A file no record names shows at once under a 0-day threshold.
    let photo = content(51, 64);
    let id = upload(&officer, &photo);
    let seen = items_of(&app, sup, "open", &id);
    assert_eq!(seen.len(), 1, "{seen:?}");
    let item = &seen[0];
    assert_eq!(item["severity"], "warning");
    assert_eq!(item["org_id"], office.township.as_str());
    assert_eq!(item["officer_id"], office.a.id.as_str());
    assert!(item["detail"].as_str().unwrap().contains(&sha256(&photo).to_hex()), "{item}");
    assert!(item["text_zh"].as_str().unwrap().contains("引用"), "{item}");
    assert_eq!(items_of(&app, &office.a.token, "open", &id).len(), 1);
    assert!(items_of(&app, &outsider.token, "open", &id).is_empty());

    // The record naming it cures it at the record's arrival.
    let mut phone = office.phone_a(&app, "u-1").on_case("u-1");
    accept(&app, &office.a.token, &phone.sign(&office.step(0)));
    let before = custos_api::clock::now_us();
    accept(&app, &office.a.token, &phone.sign(&naming(&office, &photo)));
    let after = custos_api::clock::now_us();
    assert!(items_of(&app, sup, "open", &id).is_empty());
    let cured = items_of(&app, sup, "cured", &id);
    assert_eq!(cured.len(), 1, "{cured:?}");
    assert_eq!(cured[0]["state"], "cured");
    let cured_us = cured[0]["cured_us"].as_i64().unwrap();
    assert!(before <= cured_us && cured_us <= after, "{}", cured[0]);
    assert!(cured_us >= cured[0]["since_us"].as_i64().unwrap());
    assert!(items_of(&app, &outsider.token, "cured", &id).is_empty());

    // A file a record named before it arrived needs no attention.
    let video = content(52, 64);
    accept(&app, &office.a.token, &phone.sign(&naming(&office, &video)));
    let named_first = upload(&officer, &video);
    assert!(items_of(&app, sup, "open", &named_first).is_empty());
    assert!(items_of(&app, sup, "cured", &named_first).is_empty());

    // Disposing of an unnamed file cures its item too.
    let stray = upload(&officer, &content(53, 64));
    assert_eq!(items_of(&app, sup, "open", &stray).len(), 1);
    let response = app
        .post(&format!("/api/v1/evidence/{stray}/dispose"))
        .bearer_auth(sup)
        .json(&json!({"reason": "recorded by mistake"}))
        .send()
        .unwrap();
    expect_json(response, StatusCode::OK);
    assert!(items_of(&app, sup, "open", &stray).is_empty());
    assert_eq!(items_of(&app, sup, "cured", &stray).len(), 1);
});
