//! Login, refresh rotation, reuse detection, logout and token checks (throttling: `throttle`).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use custos_api::auth::Role;
use custos_api::auth::tokens::AccessClaims;
use custos_tests::reqwest::StatusCode;
use custos_tests::serde_json::{Value, json};
use custos_tests::{
    ADMIN_PASSWORD, ADMIN_USERNAME, TestApp, Tokens, both_backends, expect_json, expect_problem,
    tokens_of,
};

fn refresh(app: &TestApp, refresh_token: &str) -> custos_tests::reqwest::blocking::Response {
    app.post_json(
        "/api/v1/auth/refresh",
        &json!({"refresh_token": refresh_token}),
    )
}

fn me_status(app: &TestApp, access: &str) -> StatusCode {
    app.get_as(access, "/api/v1/me").status()
}

both_backends!(fn login_then_me(app) {
    let body = expect_json(
        app.post_json("/api/v1/auth/login", &json!({"username": ADMIN_USERNAME, "password": ADMIN_PASSWORD})),
        StatusCode::OK,
    );
    assert_eq!(body["expires_in"], 900);
    let tokens = tokens_of(&body);
    let me = expect_json(app.get_as(&tokens.access, "/api/v1/me"), StatusCode::OK);
    assert_eq!(
        me,
        json!({"id": app.admin_id, "username": ADMIN_USERNAME, "role": "admin", "org_id": app.root_org_id})
    );
});

both_backends!(fn wrong_credentials_are_401(app) {
    for (username, password) in [(ADMIN_USERNAME, "wrong password"), ("nobody", ADMIN_PASSWORD), ("", "")] {
        let response = app.post_json("/api/v1/auth/login", &json!({"username": username, "password": password}));
        assert_eq!(response.headers()["www-authenticate"], "Bearer");
        let body = expect_problem(response, StatusCode::UNAUTHORIZED, "unauthorized");
        assert_eq!(body["detail"], "invalid username or password");
    }
});

both_backends!(fn refresh_rotates_and_old_token_stops_working(app) {
    let first = app.login(ADMIN_USERNAME, ADMIN_PASSWORD);
    let second = tokens_of(&expect_json(refresh(&app, &first.refresh), StatusCode::OK));
    assert_ne!(first.refresh, second.refresh);
    assert_eq!(me_status(&app, &second.access), StatusCode::OK);
    let third = tokens_of(&expect_json(refresh(&app, &second.refresh), StatusCode::OK));
    assert_eq!(me_status(&app, &third.access), StatusCode::OK);
    expect_problem(refresh(&app, "never issued"), StatusCode::UNAUTHORIZED, "unauthorized");
});

both_backends!(fn reusing_a_spent_refresh_token_revokes_the_family(app) {
    let first = app.login(ADMIN_USERNAME, ADMIN_PASSWORD);
    let other_login = app.login(ADMIN_USERNAME, ADMIN_PASSWORD);
    let second = tokens_of(&expect_json(refresh(&app, &first.refresh), StatusCode::OK));
    // An attacker replays the spent token: refused, and the whole family dies.
    let body = expect_problem(refresh(&app, &first.refresh), StatusCode::UNAUTHORIZED, "unauthorized");
    assert!(body["detail"].as_str().unwrap().contains("already used"), "{body}");
    expect_problem(refresh(&app, &second.refresh), StatusCode::UNAUTHORIZED, "unauthorized");
    assert_eq!(me_status(&app, &second.access), StatusCode::UNAUTHORIZED);
    assert_eq!(me_status(&app, &first.access), StatusCode::UNAUTHORIZED);
    // Another login of the same user is a different family and keeps working.
    assert_eq!(me_status(&app, &other_login.access), StatusCode::OK);
    expect_json(refresh(&app, &other_login.refresh), StatusCode::OK);
});

both_backends!(fn logout_revokes_refresh_and_access_tokens(app) {
    let tokens = app.login(ADMIN_USERNAME, ADMIN_PASSWORD);
    let response = app.post_json("/api/v1/auth/logout", &json!({"refresh_token": tokens.refresh}));
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    expect_problem(refresh(&app, &tokens.refresh), StatusCode::UNAUTHORIZED, "unauthorized");
    let body = expect_problem(app.get_as(&tokens.access, "/api/v1/me"), StatusCode::UNAUTHORIZED, "unauthorized");
    assert_eq!(body["detail"], "session revoked or user deactivated");
    // Logging out twice is harmless; an unknown token is refused.
    let again = app.post_json("/api/v1/auth/logout", &json!({"refresh_token": tokens.refresh}));
    assert_eq!(again.status(), StatusCode::NO_CONTENT);
    expect_problem(
        app.post_json("/api/v1/auth/logout", &json!({"refresh_token": "unknown"})),
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    );
});

both_backends!(fn deactivated_user_is_locked_out_at_once(app) {
    let officer = app.add_user("officer.li", "officer password", Role::Officer, &app.root_org_id);
    let tokens = app.login("officer.li", "officer password");
    assert_eq!(me_status(&app, &tokens.access), StatusCode::OK);
    app.db(|conn| custos_api::db::users::deactivate(conn, &officer, custos_api::clock::now_us()).unwrap());
    assert_eq!(me_status(&app, &tokens.access), StatusCode::UNAUTHORIZED);
    let body = expect_problem(refresh(&app, &tokens.refresh), StatusCode::UNAUTHORIZED, "unauthorized");
    assert_eq!(body["detail"], "user deactivated");
    expect_problem(
        app.post_json("/api/v1/auth/login", &json!({"username": "officer.li", "password": "officer password"})),
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    );
});

/// A token signed with the server's own key but with `claims` changed by `change`.
fn forged(app: &TestApp, tokens: &Tokens, change: impl FnOnce(&mut Value)) -> String {
    let claims = decode_claims(&tokens.access);
    let mut claims = serde_json::to_value(claims).unwrap();
    change(&mut claims);
    let key = std::fs::read_to_string(app.data_dir.join(custos_api::keys::TOKEN_KEY_FILE)).unwrap();
    let key = hex::decode(key.trim()).unwrap();
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(&key),
    )
    .unwrap()
}

fn decode_claims(token: &str) -> AccessClaims {
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

fn check_refused(app: &TestApp, token: &str, detail: &str) {
    let body = expect_problem(
        app.get_as(token, "/api/v1/me"),
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    );
    assert_eq!(body["detail"], detail, "token {token}");
}

both_backends!(fn bad_access_tokens_are_401(app) {
    let tokens = app.login(ADMIN_USERNAME, ADMIN_PASSWORD);
    // The forging itself is right: an unchanged forged token is accepted.
    assert_eq!(me_status(&app, &forged(&app, &tokens, |_| {})), StatusCode::OK);

    let (header, payload, signature) = {
        let parts: Vec<&str> = tokens.access.split('.').collect();
        (parts[0].to_owned(), parts[1].to_owned(), parts[2].to_owned())
    };
    let none_header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let hs512_header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS512","typ":"JWT"}"#);
    let mut flipped = signature.clone().into_bytes();
    flipped[0] = if flipped[0] == b'A' { b'B' } else { b'A' };
    let flipped = String::from_utf8(flipped).unwrap();
    let now = custos_api::clock::now_secs();

    check_refused(&app, &format!("{none_header}.{payload}."), "access token algorithm not accepted");
    check_refused(&app, &format!("{none_header}.{payload}.{signature}"), "access token algorithm not accepted");
    check_refused(&app, &format!("{hs512_header}.{payload}.{signature}"), "access token algorithm not accepted");
    check_refused(&app, &format!("{header}.{payload}.{flipped}"), "access token signature invalid");
    check_refused(&app, &forged(&app, &tokens, |c| c["aud"] = json!("someone-else")), "access token audience not accepted");
    check_refused(&app, &forged(&app, &tokens, |c| c["iss"] = json!("elsewhere")), "access token issuer not accepted");
    check_refused(&app, &forged(&app, &tokens, |c| c["exp"] = json!(now - 120)), "access token expired");
    check_refused(
        &app,
        &forged(&app, &tokens, |c| { c.as_object_mut().unwrap().remove("exp"); }),
        "access token malformed",
    );
    check_refused(&app, &forged(&app, &tokens, |c| c["sid"] = json!("no-such-session")), "session revoked or user deactivated");
    check_refused(&app, "not.a.jwt", "access token malformed");

    for header_value in ["", "Bearer", "Basic YWRtaW46YWRtaW4=", "Bearer "] {
        let response = app.get("/api/v1/me").header("authorization", header_value).send().unwrap();
        expect_problem(response, StatusCode::UNAUTHORIZED, "unauthorized");
    }
    expect_problem(app.get("/api/v1/me").send().unwrap(), StatusCode::UNAUTHORIZED, "unauthorized");
});

both_backends!(fn token_times_are_checked(app) {
    let tokens = app.login(ADMIN_USERNAME, ADMIN_PASSWORD);
    let now = custos_api::clock::now_secs();
    let ttl = app.state().config.access_token_ttl_secs;
    let times = |iat: u64, exp: u64| move |c: &mut Value| {
        c["iat"] = json!(iat);
        c["exp"] = json!(exp);
    };
    // What the server itself issues, and an `nbf` already passed, are accepted.
    assert_eq!(me_status(&app, &forged(&app, &tokens, times(now, now + ttl))), StatusCode::OK);
    assert_eq!(me_status(&app, &forged(&app, &tokens, |c| c["nbf"] = json!(now - 60))), StatusCode::OK);

    check_refused(&app, &forged(&app, &tokens, |c| c["nbf"] = json!(now + 600)), "access token not yet valid");
    check_refused(&app, &forged(&app, &tokens, times(now + 600, now + 600 + ttl)), "access token issued in the future");
    // Year 9999.
    check_refused(&app, &forged(&app, &tokens, times(now, 253_402_300_799)), "access token lifetime longer than allowed");
    check_refused(&app, &forged(&app, &tokens, times(now, now + ttl + 1)), "access token lifetime longer than allowed");
    // Backdating `iat` does not stretch a lifetime either.
    check_refused(&app, &forged(&app, &tokens, times(now - 86_400, now + 60)), "access token lifetime longer than allowed");
    check_refused(
        &app,
        &forged(&app, &tokens, |c| { c.as_object_mut().unwrap().remove("iat"); }),
        "access token malformed",
    );
});
