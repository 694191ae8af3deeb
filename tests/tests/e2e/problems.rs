//! Every error is RFC 9457 problem+json, including actix's own 404, 405 and extractor errors.

use custos_tests::reqwest::StatusCode;
use custos_tests::{TestApp, both_backends, expect_problem};

both_backends!(fn unknown_route_is_404_problem(app) {
    let response = app.get("/api/v1/no/such/route").send().unwrap();
    let body = expect_problem(response, StatusCode::NOT_FOUND, "not-found");
    assert!(body["detail"].as_str().unwrap().contains("/api/v1/no/such/route"));
});

both_backends!(fn wrong_method_is_405_problem_with_allow(app) {
    let response = app.get("/api/v1/auth/login").send().unwrap();
    let allow = response.headers().get("allow").map(|v| v.to_str().unwrap().to_owned());
    expect_problem(response, StatusCode::METHOD_NOT_ALLOWED, "method-not-allowed");
    assert_eq!(allow.as_deref(), Some("POST"));
});

/// (body, content type, status, slug) for the login route's JSON extractor.
fn check(app: &TestApp, body: Vec<u8>, content_type: &str, status: StatusCode, slug: &str) {
    let response = app
        .post("/api/v1/auth/login")
        .header("content-type", content_type)
        .body(body)
        .send()
        .unwrap();
    expect_problem(response, status, slug);
}

both_backends!(fn bad_json_bodies_are_4xx_problems(app) {
    let json = "application/json";
    let cases: Vec<(Vec<u8>, &str, StatusCode, &str)> = vec![
        (b"{".to_vec(), json, StatusCode::BAD_REQUEST, "invalid-json"),
        (b"[]".to_vec(), json, StatusCode::BAD_REQUEST, "invalid-json"),
        (b"{\"username\": 5, \"password\": \"x\"}".to_vec(), json, StatusCode::BAD_REQUEST, "invalid-json"),
        (b"{\"username\": \"a\"}".to_vec(), json, StatusCode::BAD_REQUEST, "invalid-json"),
        (b"{\"username\": \"a\", \"password\": \"b\", \"admin\": true}".to_vec(), json, StatusCode::BAD_REQUEST, "invalid-json"),
        (b"\xff\xfe".to_vec(), json, StatusCode::BAD_REQUEST, "invalid-json"),
        (b"{}".to_vec(), "text/plain", StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type"),
        (vec![b' '; 1 << 20], json, StatusCode::PAYLOAD_TOO_LARGE, "payload-too-large"),
    ];
    for (body, content_type, status, slug) in cases {
        check(&app, body, content_type, status, slug);
    }
});

both_backends!(
    fn server_errors_say_only_internal_error(backend: Backend) {
        // Breaking the blob directory makes readiness fail: 503, no path or cause in the body.
        let Some(app) = TestApp::builder(backend).local_blobs().start() else {
            return;
        };
        let blobs = app.data_dir.join("blobs");
        std::fs::remove_dir(&blobs).unwrap();
        let response = app.get("/readyz").send().unwrap();
        let body = expect_problem(response, StatusCode::SERVICE_UNAVAILABLE, "unavailable");
        assert!(!body.to_string().contains("blobs"), "{body}");
    }
);
