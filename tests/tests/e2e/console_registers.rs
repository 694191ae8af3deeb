//! The console's registers through the real server: users and roles, certificates, devices,
//! and a unit's rules and calendar, each form acting through the API's handler, bad input
//! shown beside its field with nothing changed, and another unit's register pages the same
//! not-found page as something absent.

use custos_api::auth::Role;
use custos_tests::console::{Browser, console_user};
use custos_tests::recording::{self, PASSWORD, Phone};
use custos_tests::reqwest::StatusCode;
use custos_tests::serde_json::Value;
use custos_tests::{ADMIN_PASSWORD, ADMIN_USERNAME, TestApp, both_backends};

fn admin_browser(app: &TestApp) -> Browser<'_> {
    let mut browser = Browser::new(app);
    browser.sign_in(ADMIN_USERNAME, ADMIN_PASSWORD);
    browser
}

/// The id of the user named `username`, read over the API.
fn user_id(app: &TestApp, username: &str) -> Option<String> {
    let users: Value = app
        .get_as(&app.admin_token(), "/api/v1/users?limit=1000")
        .json()
        .unwrap();
    users
        .as_array()
        .unwrap()
        .iter()
        .find(|user| user["username"] == username)
        .map(|user| user["id"].as_str().unwrap().to_owned())
}

fn post(browser: &mut Browser, path: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
    let response = browser.post(path, fields);
    (response.status(), response.text().unwrap())
}

both_backends!(fn users_are_added_and_changed_and_an_unknown_role_changes_nothing(app) {
    let office = recording::office(&app);
    let mut browser = admin_browser(&app);
    let csrf = browser.csrf("/console/users");
    let form = |role: &'static str| {
        [("csrf", csrf.clone()), ("username", "officer.new".to_owned()), ("password", "a long enough password".to_owned()),
         ("role", role.to_owned()), ("org_id", office.township.clone())]
    };
    let fields = |form: &[(&'static str, String); 5]| form.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>();
    let send = |browser: &mut Browser, form: Vec<(&'static str, String)>| {
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        post(browser, "/console/users", &form)
    };

    // An unknown role: beside its field, and nobody added.
    let (status, page) = send(&mut browser, fields(&form("chief")));
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("id=\"role-error\"") && page.contains("aria-invalid=\"true\""), "{page}");
    assert_eq!(user_id(&app, "officer.new"), None);
    // A password the API refuses: beside the password.
    let mut short = fields(&form("officer"));
    short[2].1 = "x".to_owned();
    let (status, page) = send(&mut browser, short);
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("id=\"password-error\""), "{page}");
    assert_eq!(user_id(&app, "officer.new"), None);

    let (status, _) = send(&mut browser, fields(&form("officer")));
    assert_eq!(status, StatusCode::SEE_OTHER);
    let id = user_id(&app, "officer.new").expect("added");
    assert!(browser.page("/console/users").contains("officer.new"));

    // A role change to no role: beside that user's choice, and the role stays.
    let role = format!("/console/users/{id}/role");
    let (status, page) = post(&mut browser, &role, &[("csrf", &csrf), ("role", "chief")]);
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains(&format!("id=\"role-{id}-error\"")), "{page}");
    let (status, _) = post(&mut browser, &role, &[("csrf", &csrf), ("role", "reviewer")]);
    assert_eq!(status, StatusCode::SEE_OTHER);
    let user: Value = app.get_as(&app.admin_token(), &format!("/api/v1/users/{id}")).json().unwrap();
    assert_eq!(user["role"], "reviewer");

    // Without the form's token nothing happens; with it the user is deactivated.
    let deactivate = format!("/console/users/{id}/deactivate");
    assert_eq!(browser.post(&deactivate, &[]).status(), StatusCode::FORBIDDEN);
    let (status, _) = post(&mut browser, &deactivate, &[("csrf", &csrf)]);
    assert_eq!(status, StatusCode::SEE_OTHER);
    let user: Value = app.get_as(&app.admin_token(), &format!("/api/v1/users/{id}")).json().unwrap();
    assert_eq!(user["active"], false);

    // A supervisor reads the users of its county but is offered no form, and posting one is
    // the refusal page.
    let mut supervisor = Browser::new(&app);
    supervisor.sign_in(&office.supervisor.username, PASSWORD);
    let page = supervisor.page("/console/users");
    assert!(page.contains("officer.a") && !page.contains("action=\"/console/users\""), "{page}");
    let csrf = supervisor.csrf("/console/users");
    let refused = supervisor.post("/console/users", &[("csrf", &csrf), ("username", "x.y"), ("password", "a long enough password"), ("role", "admin"), ("org_id", &office.county)]);
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(user_id(&app, "x.y"), None);
});

both_backends!(fn certificates_are_issued_suspended_and_revoked_with_bad_input_beside_its_field(app) {
    let office = recording::office(&app);
    let mut browser = admin_browser(&app);
    let csrf = browser.csrf("/console/certificates");
    let issue = |browser: &mut Browser, valid_from: &str| {
        post(browser, "/console/certificates", &[
            ("csrf", &csrf), ("number", "CERT-CONSOLE-1"), ("holder_id", &office.b.id),
            ("holder_name", "王五"), ("issuer", "某市人民政府"), ("domains", "market-supervision、traffic"),
            ("valid_from", valid_from), ("valid_until", "2030-12-31"),
        ])
    };
    let (status, page) = issue(&mut browser, "2024-13-01");
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("id=\"valid_from-error\""), "{page}");
    assert!(!browser.page("/console/certificates").contains("CERT-CONSOLE-1"));

    let (status, _) = issue(&mut browser, "2024-01-01");
    assert_eq!(status, StatusCode::SEE_OTHER);
    let page = browser.page("/console/certificates");
    assert!(page.contains("CERT-CONSOLE-1") && page.contains("王五"), "{page}");
    // The same number again: a conflict, shown above the form.
    let (status, page) = issue(&mut browser, "2024-01-01");
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("id=\"issue-error\""), "{page}");

    let certificates: Value = app.get_as(&app.admin_token(), "/api/v1/certificates").json().unwrap();
    let id = certificates.as_array().unwrap().iter()
        .find(|c| c["number"] == "CERT-CONSOLE-1").unwrap()["id"].as_str().unwrap().to_owned();
    let change = format!("/console/certificates/{id}");
    let status_of = || {
        let certificate: Value = app.get_as(&app.admin_token(), &format!("/api/v1/certificates/{id}")).json().unwrap();
        certificate["status"].as_str().unwrap().to_owned()
    };
    // A suspension without a reason: beside the reason, and still valid.
    let (status, page) = post(&mut browser, &change, &[("csrf", &csrf), ("action", "suspend"), ("reason", "")]);
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains(&format!("id=\"reason-{id}-error\"")), "{page}");
    assert_eq!(status_of(), "valid");
    let (status, _) = post(&mut browser, &change, &[("csrf", &csrf), ("action", "suspend"), ("reason", "调查期间")]);
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(status_of(), "suspended");
    let (status, _) = post(&mut browser, &change, &[("csrf", &csrf), ("action", "revoke"), ("reason", "调离执法岗位")]);
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(status_of(), "revoked");
    // Revocation is final: a reinstatement is refused beside the row, and changes nothing.
    let (status, page) = post(&mut browser, &change, &[("csrf", &csrf), ("action", "reinstate"), ("reason", "误操作")]);
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains(&format!("id=\"action-{id}-error\"")), "{page}");
    assert_eq!(status_of(), "revoked");
});

both_backends!(fn devices_are_enrolled_by_public_key_and_revoked(app) {
    let office = recording::office(&app);
    let mut browser = admin_browser(&app);
    let csrf = browser.csrf("/console/devices");
    let phone = Phone::new(42, "console-devices");
    let key = phone.key.public_key().to_base64();
    let enrol = |browser: &mut Browser, key: &str| {
        post(browser, "/console/devices", &[
            ("csrf", &csrf), ("public_key", key), ("kind", "phone"),
            ("org_id", &office.township), ("owner_id", &office.a.id),
        ])
    };
    // A malformed public key: beside the field, and no device.
    let (status, page) = enrol(&mut browser, "not a key");
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("id=\"public_key-error\""), "{page}");
    assert!(!browser.page("/console/devices").contains(&phone.device_id()));

    let (status, _) = enrol(&mut browser, &key);
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(browser.page("/console/devices").contains(&phone.device_id()));
    let revoke = format!("/console/devices/{}/revoke", phone.device_id());
    let (status, _) = post(&mut browser, &revoke, &[("csrf", &csrf)]);
    assert_eq!(status, StatusCode::SEE_OTHER);
    let device: Value = app.get_as(&app.admin_token(), &format!("/api/v1/devices/{}", phone.device_id())).json().unwrap();
    assert!(device["revoked_at_us"].is_i64(), "{device}");
    // Revoked twice: refused beside the row.
    let (status, page) = post(&mut browser, &revoke, &[("csrf", &csrf)]);
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains(&format!("id=\"revoke-{}-error\"", phone.device_id())), "{page}");
});

both_backends!(fn a_units_rules_and_calendar_are_edited_and_another_units_are_not_found(app) {
    let office = recording::office(&app);
    console_user(&app, "admin.county", Role::Admin, &office.county);
    let mut browser = Browser::new(&app);
    browser.sign_in("admin.county", PASSWORD);
    let rules = format!("/console/units/{}/rules", office.township);
    let page = browser.page(&rules);
    assert!(page.contains("hearing_thresholds") && page.contains("holidays"), "{page}");
    let csrf = browser.csrf(&rules);
    let set = |browser: &mut Browser, which: &str, document: &str| {
        post(browser, &format!("/console/units/{}/{which}", office.township), &[("csrf", &csrf), ("document", document)])
    };
    let stored = || {
        let view: Value = app.get_as(&app.admin_token(), &format!("/api/v1/orgs/{}/rules", office.township)).json().unwrap();
        view["config"]["three_documents"].clone()
    };
    let before = stored();
    // Not JSON, and JSON the API refuses: each beside its text, sent text kept, nothing stored.
    let (status, page) = set(&mut browser, "rules", "{\"three_documents\": tru");
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("id=\"rules-error\"") && page.contains("tru</textarea>"), "{page}");
    let (status, page) = set(&mut browser, "rules", "{\"heads\": 5}");
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("id=\"rules-error\"") && page.contains("heads"), "{page}");
    let (status, page) = set(&mut browser, "calendar", "{\"name\": 1}");
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("id=\"calendar-error\""), "{page}");
    assert_eq!(stored(), before);

    let (status, _) = set(&mut browser, "rules", "{\"three_documents\": true}");
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(stored(), true);

    // Another county's unit: the same page as a unit that does not exist, for reading and
    // for changing.
    let other = recording::create_org(&app, &office.admin, "Other County", &app.root_org_id, "county");
    let hidden = browser.get(&format!("/console/units/{other}/rules"));
    assert_eq!(hidden.status(), StatusCode::NOT_FOUND);
    let hidden = hidden.text().unwrap();
    let absent = browser.get("/console/units/01a24e08-0000-7000-8000-000000000000/rules");
    assert_eq!(absent.status(), StatusCode::NOT_FOUND);
    assert_eq!(absent.text().unwrap(), hidden);
    let changed = browser.post(&format!("/console/units/{other}/rules"), &[("csrf", &csrf), ("document", "{\"three_documents\": true}")]);
    assert_eq!(changed.status(), StatusCode::NOT_FOUND);
    assert_eq!(changed.text().unwrap(), hidden);
    // The county admin's user register lists only its county's people.
    let users = browser.page("/console/users");
    assert!(users.contains("officer.a") && !users.contains(">admin<"), "{users}");
});
