//! The OpenAPI document lists every route, and every route it lists exists.

use custos_tests::reqwest::{Method, StatusCode};
use custos_tests::serde_json::Value;
use custos_tests::{both_backends, expect_json};

both_backends!(fn document_is_openapi_3_1_and_every_path_is_routed(app) {
    let document = expect_json(app.get("/api/v1/openapi.json").send().unwrap(), StatusCode::OK);
    assert!(document["openapi"].as_str().unwrap().starts_with("3.1"), "{}", document["openapi"]);
    let paths = document["paths"].as_object().unwrap();
    for expected in [
        "/healthz", "/readyz", "/metrics", "/api/v1/openapi.json",
        "/api/v1/auth/login", "/api/v1/auth/refresh", "/api/v1/auth/logout", "/api/v1/me",
        "/api/v1/draws", "/api/v1/draws/{id}",
    ] {
        assert!(paths.contains_key(expected), "{expected} missing from the document");
    }
    for (path, item) in paths {
        for (method, operation) in item.as_object().unwrap() {
            let Ok(method) = method.to_uppercase().parse::<Method>() else { continue };
            assert!(operation["responses"]["default"].is_object(), "{method} {path}: no problem response");
            // Fill path parameters with a harmless value; the route must exist for the method.
            let concrete = fill_parameters(path);
            let response = app.request(method.clone(), &concrete).send().unwrap();
            let status = response.status();
            let body: Value = response.json().unwrap_or(Value::Null);
            let unrouted = status == StatusCode::METHOD_NOT_ALLOWED
                || (status == StatusCode::NOT_FOUND
                    && body["detail"].as_str().is_some_and(|d| d.starts_with("no route")));
            assert!(!unrouted, "{method} {path} is documented but not routed: {body}");
        }
    }
});

fn fill_parameters(path: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in path.chars() {
        match c {
            '{' => inside = true,
            '}' => {
                inside = false;
                out.push('0');
            }
            _ if inside => {}
            _ => out.push(c),
        }
    }
    out
}

/// Every `$ref` in `value`, with the JSON Pointer of where it is.
fn references(value: &Value, at: &str, found: &mut Vec<(String, String)>) {
    match value {
        Value::Object(members) => {
            for (name, member) in members {
                if name == "$ref" {
                    found.push((
                        at.to_owned(),
                        member.as_str().unwrap_or_default().to_owned(),
                    ));
                }
                references(member, &format!("{at}/{name}"), found);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                references(item, &format!("{at}/{index}"), found);
            }
        }
        _ => {}
    }
}

both_backends!(fn document_states_what_the_server_checks(app) {
    let document = expect_json(app.get("/api/v1/openapi.json").send().unwrap(), StatusCode::OK);
    let mut found = Vec::new();
    references(&document, "", &mut found);
    for (at, reference) in &found {
        let pointer = reference.strip_prefix('#').unwrap_or("(not local)");
        assert!(document.pointer(pointer).is_some(), "{at}: {reference} does not resolve");
    }
    let paths = document["paths"].as_object().unwrap();
    assert!(
        paths["/api/v1/uploads/{id}"]["options"].is_object(),
        "OPTIONS /api/v1/uploads/{{id}} is not documented"
    );
    let mut checked = 0;
    for (path, item) in paths {
        for (method, operation) in item.as_object().unwrap() {
            let parameters = operation["parameters"].as_array().cloned().unwrap_or_default();
            let named = |name: &str, place: &str| {
                parameters.iter().find(|p| p["name"] == name && p["in"] == place).cloned()
            };
            // OPTIONS is tus discovery, the same for any id.
            if let Some(id) = named("id", "path").filter(|_| method != "options") {
                assert!(id["schema"]["pattern"].is_string(), "{method} {path}: id without a pattern");
                checked += 1;
            }
            if let Some(limit) = named("limit", "query") {
                assert_eq!(limit["schema"]["minimum"], 1, "{method} {path}: limit");
                assert_eq!(limit["schema"]["maximum"], 1000, "{method} {path}: limit");
                checked += 1;
            }
            if path.starts_with("/api/v1/uploads") && method != "options" {
                let tus = named("Tus-Resumable", "header")
                    .unwrap_or_else(|| panic!("{method} {path}: Tus-Resumable not documented"));
                assert_eq!(tus["required"], true, "{method} {path}");
                assert_eq!(tus["schema"]["pattern"], "^1[.]0[.]0$", "{method} {path}");
                checked += 1;
            }
        }
    }
    assert!(checked >= 35, "only {checked} parameters checked");
});
