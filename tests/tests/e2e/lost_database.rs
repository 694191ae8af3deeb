//! A lost database (PostgreSQL restarting, or down): no request answers 500, requests answer
//! 503 with Retry-After at once while it is unreachable, `/readyz` fails quickly, and all
//! comes back by itself. The server reaches PostgreSQL through a proxy that cuts and refuses
//! its connections, so the shared test cluster keeps running.

use custos_api::config::DatabaseUrl;
use custos_tests::proxy::Proxy;
use custos_tests::reqwest::StatusCode;
use custos_tests::reqwest::blocking::Response;
use custos_tests::{Backend, POSTGRES_URL_ENV, SQLITE_ONLY_ENV, TestApp, expect_problem};
use std::net::SocketAddr;
use std::time::{Duration, Instant};

/// Far below the pool's 5 s checkout timeout, which is what a request waited before.
const AT_ONCE: Duration = Duration::from_secs(2);

/// `host:port` of the test cluster's URL (`postgres://user@host:port/db…`).
fn cluster_address(url: &str) -> SocketAddr {
    let rest = url.split_once('@').map_or(url, |(_, rest)| rest);
    let authority = rest.split('/').next().unwrap();
    authority
        .parse()
        .unwrap_or_else(|_| panic!("{POSTGRES_URL_ENV}: cannot parse {authority}"))
}

/// A PostgreSQL test app whose database connections go through `Proxy`.
fn proxied_app() -> Option<(TestApp, Proxy)> {
    let Ok(url) = std::env::var(POSTGRES_URL_ENV) else {
        assert_eq!(
            std::env::var(SQLITE_ONLY_ENV).as_deref(),
            Ok("1"),
            "{POSTGRES_URL_ENV} is not set: run under tests/run-postgres.sh"
        );
        return None;
    };
    let upstream = cluster_address(&url);
    let proxy = Proxy::start(upstream);
    let (from, to) = (upstream.to_string(), proxy.address().to_string());
    let app = TestApp::builder(Backend::Postgres)
        .config(move |config| {
            if let DatabaseUrl::Postgres(url) = &mut config.database {
                *url = url.replacen(&from, &to, 1);
            }
        })
        .start()?;
    Some((app, proxy))
}

fn retry_after(response: &Response) -> Option<u64> {
    response
        .headers()
        .get("retry-after")?
        .to_str()
        .ok()?
        .parse()
        .ok()
}

#[test]
fn a_restarted_database_costs_no_request_a_500() {
    let Some((app, proxy)) = proxied_app() else {
        return;
    };
    let token = app.admin_token();
    let me = || app.get_as(&token, "/api/v1/me");
    assert_eq!(me().status(), StatusCode::OK);

    // PostgreSQL restarts: every connection in the pool is dead, and the next requests
    // (more than the pool holds) each get a live one.
    proxy.cut();
    for attempt in 0..3 * app.state().pool.max_size() {
        let response = me();
        assert_eq!(
            response.status(),
            StatusCode::OK,
            "request {attempt} after the restart: {:?}",
            response.text()
        );
    }

    // PostgreSQL is down: 503 with Retry-After, without waiting for the pool's timeout.
    proxy.refuse(true);
    proxy.cut();
    for path in ["/api/v1/me", "/api/v1/me", "/readyz"] {
        let started = Instant::now();
        let response = app.get_as(&token, path);
        let elapsed = started.elapsed();
        assert!(retry_after(&response).is_some(), "{path}: no Retry-After");
        expect_problem(response, StatusCode::SERVICE_UNAVAILABLE, "unavailable");
        assert!(elapsed < AT_ONCE, "{path} took {elapsed:?} to answer 503");
    }
    let login = app.post_json(
        "/api/v1/auth/login",
        &serde_json::json!({"username": custos_tests::ADMIN_USERNAME, "password": custos_tests::ADMIN_PASSWORD}),
    );
    expect_problem(login, StatusCode::SERVICE_UNAVAILABLE, "unavailable");

    // PostgreSQL is back: ready again without a restart of custos (the pool reconnects with
    // back-off of at most 2.5 s; 20 s bounds the wait).
    proxy.refuse(false);
    let ready = (0..200).any(|_| {
        if app.get("/readyz").send().unwrap().status() == StatusCode::OK {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
        false
    });
    assert!(ready, "/readyz never recovered");
    assert_eq!(me().status(), StatusCode::OK);
}
