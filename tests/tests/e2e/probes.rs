//! Liveness, readiness, metrics and request ids.

use custos_tests::reqwest::StatusCode;
use custos_tests::{ADMIN_PASSWORD, ADMIN_USERNAME, TestApp, both_backends};

both_backends!(fn healthz_and_readyz_answer(app) {
    for path in ["/healthz", "/readyz"] {
        let response = app.get(path).send().unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
    }
});

both_backends!(fn every_response_has_a_request_id(app) {
    let first = app.get("/healthz").send().unwrap();
    let second = app.get("/nowhere").send().unwrap();
    let id = |response: &custos_tests::reqwest::blocking::Response| {
        response.headers()["x-request-id"].to_str().unwrap().to_owned()
    };
    assert_eq!(id(&first).len(), 32);
    assert_ne!(id(&first), id(&second));
});

both_backends!(
    fn metrics_count_requests_by_route_pattern(backend: Backend) {
        // The node's name labels every metric; its pool has the configured size.
        let Some(app) = TestApp::builder(backend)
            .config(|config| {
                config.node.name = "node-7".to_owned();
                config.node.database_pool_size = Some(3);
            })
            .start()
        else {
            return;
        };
        app.login(ADMIN_USERNAME, ADMIN_PASSWORD);
        for _ in 0..3 {
            app.get("/healthz").send().unwrap();
        }
        app.get("/api/v1/does-not-exist/zz-raw-path")
            .send()
            .unwrap();
        let text = app.get("/metrics").send().unwrap().text().unwrap();
        let line = |prefix: &str| {
            text.lines()
                .find(|line| line.starts_with(prefix))
                .unwrap_or_else(|| panic!("no {prefix} in\n{text}"))
                .to_owned()
        };
        assert!(line(r#"custos_http_requests_total{method="GET",route="/healthz",status="200",node="node-7"}"#).ends_with(" 3"));
        assert!(line(r#"custos_http_requests_total{method="POST",route="/api/v1/auth/login",status="200",node="node-7"}"#).ends_with(" 1"));
        assert!(line(r#"custos_http_requests_total{method="GET",route="unmatched",status="404",node="node-7"}"#).ends_with(" 1"));
        line(
            r#"custos_http_request_duration_seconds_bucket{method="GET",route="/healthz",node="node-7",le="0.005"}"#,
        );
        line(r#"custos_db_pool_connections{node="node-7"} "#);
        assert!(line(r#"custos_db_pool_max_connections{node="node-7"} "#).ends_with(" 3"));
        assert!(
            !text.contains("zz-raw-path"),
            "raw paths must not become labels"
        );
    }
);
