//! Officers acting on a certificate about to lapse, through HTTP: with the county's
//! `certificate_expiry_days` at 400, an officer whose certificate ends 2027-12-31 and who acts
//! in a record shows as `certificate_expiring` to the county above and to itself, not to a
//! sibling county; a newer certificate cures its item, the deactivation of the second officer
//! cures theirs, and each is listed as cured. The item is an alarm from the end of the last
//! day; a certificate far from its end opens an item that does not show yet.

use custos_api::auth::Role;
use custos_core::lifecycle::RecordKind;
use custos_tests::attention;
use custos_tests::recording::*;
use custos_tests::reqwest::StatusCode;
use custos_tests::serde_json::{Value, json};
use custos_tests::{TestApp, both_backends, expect_json};

/// The `certificate_expiring` items about officer `id` that `token` sees in `state`.
fn items_of(app: &TestApp, token: &str, state: &str, id: &str) -> Vec<Value> {
    attention::subject_items(app, token, "certificate_expiring", state, "officer", id)
}

both_backends!(fn officers_acting_on_expiring_certificates_need_attention(app) {
    let office = office(&app);
    let sup = &office.supervisor.token;
    let sibling = create_org(&app, &office.admin, "Other County", &app.root_org_id, "county");
    let outsider = user(&app, "supervisor.other", Role::Supervisor, &sibling);
    set_rules(&app, &office.admin, &office.county, &json!({"attention": {"certificate_expiry_days": 400}}));

    // A files a case and investigates with B: both act, both certificates end 2027-12-31, within 400 days.
    let base = office.phone_a(&app, "c-1");
    let mut phone = base.on_case("c-1");
    let (filed, investigated) = (phone.sign(&office.step(0)), phone.sign(&office.step(1)));
    let response = submit(&app, &office.a.token, &[&filed, &investigated]);
    assert_eq!(outcomes(&response), ["accepted", "accepted"], "{response}");
    // 2028-01-01T00:00 China Standard Time.
    let ends_us = 1_830_268_800_000_000_i64;
    for officer in [&office.a, &office.b] {
        let seen = items_of(&app, sup, "open", &officer.id);
        assert_eq!(seen.len(), 1, "{seen:?}");
        let item = &seen[0];
        assert_eq!(item["severity"], "warning");
        assert_eq!(item["org_id"], office.township.as_str());
        assert_eq!(item["officer_id"], officer.id.as_str());
        assert_eq!(item["due_us"].as_i64(), Some(ends_us), "{item}");
        assert_eq!(item["since_us"].as_i64(), Some(ends_us - 400 * 86_400_000_000), "{item}");
        assert!(item["detail"].as_str().unwrap().contains("2027-12-31"), "{item}");
        assert!(item["text_zh"].as_str().unwrap().contains("执法证"), "{item}");
        assert!(items_of(&app, &outsider.token, "open", &officer.id).is_empty());
    }
    assert_eq!(items_of(&app, &office.a.token, "open", &office.a.id).len(), 1);
    // Another record of the same officers opens nothing more.
    let response = submit(&app, &office.a.token, &[&phone.sign(&office.step(2))]);
    assert_eq!(outcomes(&response), ["accepted"], "{response}");
    assert_eq!(items_of(&app, sup, "open", &office.a.id).len(), 1);

    // A newer certificate cures A's item.
    let response = app
        .post("/api/v1/certificates")
        .bearer_auth(&office.admin)
        .json(&json!({
            "number": "CERT-renewed-a",
            "holder_id": office.a.id,
            "holder_name": "张三",
            "issuer": "市人民政府",
            "domains": [DOMAIN],
            "valid_from": "2026-01-01",
            "valid_until": "2030-12-31",
        }))
        .send()
        .unwrap();
    expect_json(response, StatusCode::CREATED);
    assert!(items_of(&app, sup, "open", &office.a.id).is_empty());
    let cured = items_of(&app, sup, "cured", &office.a.id);
    assert_eq!(cured.len(), 1, "{cured:?}");
    assert!(cured[0]["cured_us"].as_i64().unwrap() >= cured[0]["since_us"].as_i64().unwrap());
    assert!(items_of(&app, &outsider.token, "cured", &office.a.id).is_empty());
    assert_eq!(items_of(&app, sup, "open", &office.b.id).len(), 1);

    // B's deactivation cures B's.
    let response = app
        .post(&format!("/api/v1/users/{}/deactivate", office.b.id))
        .bearer_auth(&office.admin)
        .send()
        .unwrap();
    expect_json(response, StatusCode::OK);
    assert!(items_of(&app, sup, "open", &office.b.id).is_empty());
    assert_eq!(items_of(&app, sup, "cured", &office.b.id).len(), 1);

    // A acts again on the certificate that ends 2030-12-31: far beyond 400 days, its new
    // item does not show yet, while C, acting with A on a certificate that ends 2027-12-31,
    // shows.
    let c = officer(&app, &office.admin, "officer.c", &office.township);
    let mut phone = base.on_case("c-2");
    let filed = phone.sign(&step(RecordKind::CaseFiled, 0, &office.a.id, &c.id));
    let investigated = phone.sign(&step(RecordKind::InvestigationRecord, 1, &office.a.id, &c.id));
    let response = submit(&app, &office.a.token, &[&filed, &investigated]);
    assert_eq!(outcomes(&response), ["accepted", "accepted"], "{response}");
    assert!(items_of(&app, sup, "open", &office.a.id).is_empty());
    assert_eq!(items_of(&app, sup, "open", &c.id).len(), 1);
});
