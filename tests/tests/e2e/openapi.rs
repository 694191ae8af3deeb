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
