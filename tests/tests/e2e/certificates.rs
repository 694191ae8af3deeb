//! Certificates (持证上岗): issue, the public lookup, status changes with history, expiry by
//! date, and core's "may this officer act on this date in this domain?" over stored history.

use crate::tree::{
    Tree, certificate_body, create_user, issue_certificate, post_as, unique, user_with_token,
};
use custos_api::auth::Role;
use custos_api::certificates::{authorise, date_of};
use custos_core::rules::{CertificateRefusal, LocalDate};
use custos_tests::reqwest::StatusCode;
use custos_tests::serde_json::{Value, json};
use custos_tests::{TestApp, both_backends, expect_json, expect_problem};

fn public(app: &TestApp, number: &str) -> Value {
    expect_json(
        app.get(&format!("/api/v1/public/certificates/{number}"))
            .send()
            .unwrap(),
        StatusCode::OK,
    )
}

fn change(
    app: &TestApp,
    token: &str,
    id: &str,
    verb: &str,
    body: Value,
) -> custos_tests::reqwest::blocking::Response {
    post_as(
        app,
        token,
        &format!("/api/v1/certificates/{id}/{verb}"),
        &body,
    )
}

both_backends!(fn the_public_sees_what_the_certificate_shows_and_nothing_more(app) {
    let tree = Tree::build(&app);
    let holder = create_user(&app, &tree.root_admin, &unique("holder."), Role::Officer, &tree.a);
    let mut body = certificate_body(&holder, "4401-000123");
    body["domains"] = json!(["urban management", "market supervision", "urban management"]);
    let issued = expect_json(post_as(&app, &tree.root_admin, "/api/v1/certificates", &body), StatusCode::CREATED);
    assert_eq!(issued["status"], "valid");
    assert_eq!(issued["domains"], json!(["market supervision", "urban management"]));
    assert_eq!(issued["history"].as_array().unwrap().len(), 1);

    let shown = public(&app, "4401-000123");
    assert_eq!(
        shown,
        json!({
            "number": "4401-000123",
            "holder_name": "张三",
            "issuer": "Test City Justice Bureau",
            "domains": ["market supervision", "urban management"],
            "valid_from": "2025-01-01",
            "valid_until": "2099-12-31",
            "status": "valid",
        })
    );
    expect_problem(app.get("/api/v1/public/certificates/4401-999999").send().unwrap(), StatusCode::NOT_FOUND, "not-found");
    expect_problem(post_as(&app, &tree.root_admin, "/api/v1/certificates", &body), StatusCode::CONFLICT, "conflict");
});

both_backends!(fn expiry_follows_the_date(app) {
    let tree = Tree::build(&app);
    let holder = create_user(&app, &tree.root_admin, &unique("holder."), Role::Officer, &tree.a);
    let mut body = certificate_body(&holder, "OLD-1");
    body["valid_from"] = json!("2020-01-01");
    body["valid_until"] = json!("2020-12-31");
    let issued = expect_json(post_as(&app, &tree.root_admin, "/api/v1/certificates", &body), StatusCode::CREATED);
    assert_eq!(issued["status"], "expired");
    assert_eq!(public(&app, "OLD-1")["status"], "expired");
});

both_backends!(fn suspension_reinstatement_and_revocation_keep_a_history(app) {
    let tree = Tree::build(&app);
    let (holder, holder_token) = user_with_token(&app, &tree, Role::Officer, &tree.a);
    let id = issue_certificate(&app, &tree.root_admin, &holder, "H-1");
    let admin = &tree.root_admin;

    let suspended = expect_json(change(&app, admin, &id, "suspend", json!({"reason": "违规，暂扣", "since": "2025-03-01"})), StatusCode::OK);
    assert_eq!(suspended["status"], "suspended");
    assert_eq!(suspended["status_since"], "2025-03-01");
    assert_eq!(public(&app, "H-1")["status"], "suspended");
    // Changes never take effect before the current status did, nor in the future.
    let earlier = change(&app, admin, &id, "reinstate", json!({"reason": "review", "since": "2025-02-01"}));
    expect_problem(earlier, StatusCode::UNPROCESSABLE_ENTITY, "invalid-input");
    let future = change(&app, admin, &id, "reinstate", json!({"reason": "review", "since": "2999-01-01"}));
    expect_problem(future, StatusCode::UNPROCESSABLE_ENTITY, "invalid-input");
    expect_problem(change(&app, admin, &id, "suspend", json!({"reason": "again"})), StatusCode::CONFLICT, "conflict");

    let reinstated = expect_json(change(&app, admin, &id, "reinstate", json!({"reason": "review passed", "since": "2025-03-10"})), StatusCode::OK);
    assert_eq!(reinstated["status"], "valid");

    // Core judges each day by the status then in force: the lifted suspension still counts.
    let check = |day: &str, domain: &str| {
        let date: LocalDate = day.parse().unwrap();
        let (holder, domain) = (holder.clone(), domain.to_owned());
        app.db(move |conn| authorise(conn, &holder, date, &domain).unwrap())
    };
    assert!(check("2025-02-28", "urban management").is_ok());
    assert!(matches!(check("2025-03-05", "urban management"), Err(CertificateRefusal::Withdrawn { .. })));
    assert!(check("2025-03-10", "urban management").is_ok());
    assert!(matches!(check("2025-03-10", "traffic"), Err(CertificateRefusal::WrongDomain { .. })));
    assert!(matches!(check("2024-12-31", "urban management"), Err(CertificateRefusal::NotYetValid { .. })));

    let today = date_of(custos_api::clock::now_us()).to_string();
    let revoked = expect_json(change(&app, admin, &id, "revoke", json!({"reason": "dismissed"})), StatusCode::OK);
    assert_eq!(revoked["status"], "revoked");
    assert_eq!(revoked["status_since"], today);
    let statuses: Vec<&str> = revoked["history"].as_array().unwrap().iter().map(|c| c["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["valid", "suspended", "valid", "revoked"]);
    assert_eq!(revoked["history"][1]["reason"], "违规，暂扣");
    assert_eq!(revoked["history"][3]["changed_by"], app.admin_id);
    // Revocation is final.
    for verb in ["reinstate", "suspend", "revoke"] {
        expect_problem(change(&app, admin, &id, verb, json!({"reason": "undo"})), StatusCode::CONFLICT, "conflict");
    }
    assert!(matches!(check(&today, "urban management"), Err(CertificateRefusal::Withdrawn { .. })));

    // The holder reads its own certificate; another officer does not.
    let own = expect_json(app.get_as(&holder_token, "/api/v1/certificates"), StatusCode::OK);
    assert_eq!(own.as_array().unwrap().len(), 1);
    assert_eq!(own[0]["id"], id);
    let (_, other_token) = user_with_token(&app, &tree, Role::Officer, &tree.a);
    expect_problem(app.get_as(&other_token, &format!("/api/v1/certificates/{id}")), StatusCode::NOT_FOUND, "not-found");
});

both_backends!(fn certificates_are_for_active_people_in_scope(app) {
    let tree = Tree::build(&app);
    let dock = create_user(&app, &tree.root_admin, &unique("dock."), Role::Dock, &tree.a);
    let refused = post_as(&app, &tree.root_admin, "/api/v1/certificates", &certificate_body(&dock, "D-1"));
    expect_problem(refused, StatusCode::UNPROCESSABLE_ENTITY, "invalid-input");
    let (_, admin_a) = user_with_token(&app, &tree, Role::Admin, &tree.a);
    let outsider = create_user(&app, &tree.root_admin, &unique("outsider."), Role::Officer, &tree.b);
    let refused = post_as(&app, &admin_a, "/api/v1/certificates", &certificate_body(&outsider, "O-1"));
    expect_problem(refused, StatusCode::NOT_FOUND, "not-found");
    let mut no_domain = certificate_body(&outsider, "O-2");
    no_domain["domains"] = json!([]);
    expect_problem(post_as(&app, &tree.root_admin, "/api/v1/certificates", &no_domain), StatusCode::UNPROCESSABLE_ENTITY, "invalid-input");
});
