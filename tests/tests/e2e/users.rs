//! Users: created by admins in their units, read in scope, roles that apply at the next
//! request, deactivation that ends every session at once.

use crate::tree::{PASSWORD, Tree, create_user, post_as, send, unique, user_with_token};
use custos_api::auth::Role;
use custos_tests::reqwest::{Method, StatusCode};
use custos_tests::serde_json::json;
use custos_tests::{both_backends, expect_json, expect_problem, tokens_of};

both_backends!(fn admins_create_users_in_their_units(app) {
    let tree = Tree::build(&app);
    let (_, admin_a) = user_with_token(&app, &tree, Role::Admin, &tree.a);
    let body = json!({"username": "zhang.san", "password": PASSWORD, "role": "officer", "org_id": tree.a1});
    let user = expect_json(post_as(&app, &admin_a, "/api/v1/users", &body), StatusCode::CREATED);
    assert_eq!(user["username"], "zhang.san");
    assert_eq!(user["role"], "officer");
    assert_eq!(user["org_id"], tree.a1);
    assert_eq!(user["active"], true);
    assert!(user.get("password_hash").is_none() && !user.to_string().contains("argon2"), "{user}");
    let token = app.login("zhang.san", PASSWORD).access;
    let me = expect_json(app.get_as(&token, "/api/v1/me"), StatusCode::OK);
    assert_eq!(me["id"], user["id"]);

    expect_problem(post_as(&app, &admin_a, "/api/v1/users", &body), StatusCode::CONFLICT, "conflict");
    let short = json!({"username": "li.si", "password": "short", "role": "officer", "org_id": tree.a});
    expect_problem(post_as(&app, &admin_a, "/api/v1/users", &short), StatusCode::UNPROCESSABLE_ENTITY, "invalid-input");
    let elsewhere = json!({"username": "li.si", "password": PASSWORD, "role": "officer", "org_id": tree.b});
    expect_problem(post_as(&app, &admin_a, "/api/v1/users", &elsewhere), StatusCode::NOT_FOUND, "not-found");
});

both_backends!(fn officers_see_only_themselves_supervisors_their_units(app) {
    let tree = Tree::build(&app);
    let (officer, officer_token) = user_with_token(&app, &tree, Role::Officer, &tree.a);
    let (supervisor, supervisor_token) = user_with_token(&app, &tree, Role::Supervisor, &tree.a);
    let below = create_user(&app, &tree.root_admin, &unique("below."), Role::Officer, &tree.a1);

    let own = expect_json(app.get_as(&officer_token, "/api/v1/users"), StatusCode::OK);
    assert_eq!(own.as_array().unwrap().len(), 1, "{own}");
    assert_eq!(own[0]["id"], officer);
    expect_json(app.get_as(&officer_token, &format!("/api/v1/users/{officer}")), StatusCode::OK);
    expect_problem(app.get_as(&officer_token, &format!("/api/v1/users/{supervisor}")), StatusCode::NOT_FOUND, "not-found");

    let seen = expect_json(app.get_as(&supervisor_token, &format!("/api/v1/users?org_id={}", tree.a1)), StatusCode::OK);
    assert_eq!(seen.as_array().unwrap().len(), 1, "{seen}");
    assert_eq!(seen[0]["id"], below);
    expect_problem(app.get_as(&supervisor_token, &format!("/api/v1/users/{}", app.admin_id)), StatusCode::NOT_FOUND, "not-found");
});

both_backends!(fn a_role_change_applies_to_the_next_request(app) {
    let tree = Tree::build(&app);
    let (officer, officer_token) = user_with_token(&app, &tree, Role::Officer, &tree.a);
    let body = json!({"name": "New Unit", "parent_id": tree.a});
    expect_problem(post_as(&app, &officer_token, "/api/v1/orgs", &body), StatusCode::FORBIDDEN, "forbidden");
    let path = format!("/api/v1/users/{officer}/role");
    let changed = expect_json(send(&app, &tree.root_admin, Method::PUT, &path, Some(&json!({"role": "admin"}))), StatusCode::OK);
    assert_eq!(changed["role"], "admin");
    // The same access token now carries the new role.
    expect_json(post_as(&app, &officer_token, "/api/v1/orgs", &body), StatusCode::CREATED);
    // An admin does not change its own role.
    let own = format!("/api/v1/users/{}/role", app.admin_id);
    expect_problem(send(&app, &tree.root_admin, Method::PUT, &own, Some(&json!({"role": "officer"}))), StatusCode::FORBIDDEN, "forbidden");
});

both_backends!(fn deactivation_ends_every_session_at_once(app) {
    let tree = Tree::build(&app);
    let username = unique("leaver.");
    let leaver = create_user(&app, &tree.root_admin, &username, Role::Officer, &tree.a);
    let first = app.login(&username, PASSWORD);
    let second = app.login(&username, PASSWORD);
    let path = format!("/api/v1/users/{leaver}/deactivate");
    let user = expect_json(send(&app, &tree.root_admin, Method::POST, &path, None), StatusCode::OK);
    assert_eq!(user["active"], false);
    assert!(user["deactivated_at_us"].is_i64(), "{user}");

    for tokens in [&first, &second] {
        expect_problem(app.get_as(&tokens.access, "/api/v1/me"), StatusCode::UNAUTHORIZED, "unauthorized");
        let refreshed = app.post_json("/api/v1/auth/refresh", &json!({"refresh_token": tokens.refresh}));
        expect_problem(refreshed, StatusCode::UNAUTHORIZED, "unauthorized");
    }
    let login = app.post_json("/api/v1/auth/login", &json!({"username": username, "password": PASSWORD}));
    expect_problem(login, StatusCode::UNAUTHORIZED, "unauthorized");
    // Still there to read, never deleted; a second deactivation is a conflict.
    let read = expect_json(app.get_as(&tree.root_admin, &format!("/api/v1/users/{leaver}")), StatusCode::OK);
    assert_eq!(read["active"], false);
    expect_problem(send(&app, &tree.root_admin, Method::POST, &path, None), StatusCode::CONFLICT, "conflict");
    let role = format!("/api/v1/users/{leaver}/role");
    expect_problem(send(&app, &tree.root_admin, Method::PUT, &role, Some(&json!({"role": "admin"}))), StatusCode::CONFLICT, "conflict");
    // An admin does not deactivate itself.
    let own = format!("/api/v1/users/{}/deactivate", app.admin_id);
    expect_problem(send(&app, &tree.root_admin, Method::POST, &own, None), StatusCode::FORBIDDEN, "forbidden");
    // Others keep working.
    let other = tokens_of(&expect_json(
        app.post_json("/api/v1/auth/login", &json!({"username": custos_tests::ADMIN_USERNAME, "password": custos_tests::ADMIN_PASSWORD})),
        StatusCode::OK,
    ));
    expect_json(app.get_as(&other.access, "/api/v1/me"), StatusCode::OK);
});
