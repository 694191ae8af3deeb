//! Login throttling (`auth::throttle`): by account and client address together, with a limit
//! per address across accounts, charged before the password is checked. Clients come from
//! different loopback addresses (127.0.0.2, 127.0.0.3, …) by binding their sockets there.

use custos_api::auth::Role;
use custos_api::auth::throttle::{
    ADDRESS_BURST, ADDRESS_DRAIN_US, Count, FAILURE_MEMORY_US, FREE_FAILURES, forget_stale,
};
use custos_api::db::throttle::{Key, lock, store};
use custos_tests::reqwest::StatusCode;
use custos_tests::reqwest::blocking::{Client, Response};
use custos_tests::serde_json::json;
use custos_tests::{ADMIN_PASSWORD, ADMIN_USERNAME, TestApp, both_backends, expect_problem};
use std::net::IpAddr;

/// A client whose connections come from `address`.
fn client_at(address: &str) -> Client {
    Client::builder()
        .local_address(address.parse::<IpAddr>().unwrap())
        .build()
        .unwrap()
}

fn login(app: &TestApp, client: &Client, username: &str, password: &str) -> Response {
    client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"username": username, "password": password}))
        .send()
        .expect("request sent")
}

/// Asserts a 429 login-throttled problem and returns its Retry-After in seconds.
fn throttled(response: Response) -> u64 {
    let retry_after = response
        .headers()
        .get("retry-after")
        .expect("Retry-After")
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    expect_problem(response, StatusCode::TOO_MANY_REQUESTS, "login-throttled");
    retry_after
}

/// Moves the last charge of `key` back by `seconds`, as if that much time had passed.
fn age(app: &TestApp, key: Key<'static>, seconds: i64) {
    app.db(|conn| {
        let count = lock(conn, key).unwrap().expect("a count");
        let at_us = count.at_us - seconds * 1_000_000;
        store(conn, key, Count { at_us, ..count }).unwrap();
    });
}

both_backends!(fn simultaneous_wrong_passwords_are_evaluated_at_most_the_allowance(app) {
    let client = client_at("127.0.0.2");
    let start = std::sync::Barrier::new(200);
    let statuses: Vec<StatusCode> = std::thread::scope(|threads| {
        let attempts: Vec<_> = (0..200)
            .map(|_| threads.spawn(|| {
                start.wait();
                login(&app, &client, ADMIN_USERNAME, "wrong password").status()
            }))
            .collect();
        attempts.into_iter().map(|attempt| attempt.join().unwrap()).collect()
    });
    let evaluated = statuses.iter().filter(|&&status| status == StatusCode::UNAUTHORIZED).count();
    let refused = statuses.iter().filter(|&&status| status == StatusCode::TOO_MANY_REQUESTS).count();
    println!("200 simultaneous wrong passwords: {evaluated} evaluated, {refused} refused");
    assert_eq!(evaluated + refused, 200, "{statuses:?}");
    assert!(
        (1..=FREE_FAILURES as usize + 1).contains(&evaluated),
        "{evaluated} passwords evaluated"
    );
});

both_backends!(fn a_stranger_slows_down_only_itself(app) {
    let stranger = client_at("127.0.0.2");
    for _ in 0..=FREE_FAILURES {
        expect_problem(login(&app, &stranger, ADMIN_USERNAME, "wrong password"), StatusCode::UNAUTHORIZED, "unauthorized");
    }
    // The stranger waits, even with the right password ...
    let first_wait = throttled(login(&app, &stranger, ADMIN_USERNAME, ADMIN_PASSWORD));
    assert!((25..=30).contains(&first_wait), "{first_wait}");
    // ... while the owner logs in from anywhere else, and other accounts from the
    // stranger's address are not slowed down.
    for owner_at in ["127.0.0.3", "127.0.0.1"] {
        let response = login(&app, &client_at(owner_at), ADMIN_USERNAME, ADMIN_PASSWORD);
        assert_eq!(response.status(), StatusCode::OK, "from {owner_at}");
    }
    app.add_user("officer.wang", "officer password", Role::Officer, &app.root_org_id);
    assert_eq!(login(&app, &stranger, "officer.wang", "officer password").status(), StatusCode::OK);

    // Once the wait is over, one more failure doubles it.
    let pair = Key::Pair { account: ADMIN_USERNAME, address: "127.0.0.2" };
    age(&app, pair, 31);
    expect_problem(login(&app, &stranger, ADMIN_USERNAME, "wrong password"), StatusCode::UNAUTHORIZED, "unauthorized");
    let second_wait = throttled(login(&app, &stranger, ADMIN_USERNAME, "wrong password"));
    assert!((55..=60).contains(&second_wait), "{second_wait}");
    age(&app, pair, 61);
    expect_problem(login(&app, &stranger, ADMIN_USERNAME, "wrong password"), StatusCode::UNAUTHORIZED, "unauthorized");
    let third_wait = throttled(login(&app, &stranger, ADMIN_USERNAME, ADMIN_PASSWORD));
    assert!((115..=120).contains(&third_wait), "{third_wait}");

    // Unknown names are counted the same way, so the answers do not tell which exist.
    for _ in 0..=FREE_FAILURES {
        expect_problem(login(&app, &stranger, "ghost", "whatever1"), StatusCode::UNAUTHORIZED, "unauthorized");
    }
    throttled(login(&app, &stranger, "ghost", "whatever1"));
});

both_backends!(fn one_address_is_limited_across_accounts(app) {
    let sprayer = client_at("127.0.0.4");
    for n in 0..ADDRESS_BURST {
        expect_problem(
            login(&app, &sprayer, &format!("guess.{n}"), "Summer2026!"),
            StatusCode::UNAUTHORIZED,
            "unauthorized",
        );
    }
    // A fresh name from the same address waits, up to one drain period.
    let wait = throttled(login(&app, &sprayer, "guess.fresh", "Summer2026!"));
    assert!((1..=60).contains(&wait), "{wait}");
    assert_eq!(
        login(&app, &client_at("127.0.0.5"), ADMIN_USERNAME, ADMIN_PASSWORD).status(),
        StatusCode::OK,
        "other addresses are not limited"
    );
    // One failure drains a minute after the bucket began to fill; then one more attempt
    // goes through.
    let filled_a_minute_ago = Count {
        failures: ADDRESS_BURST,
        at_us: custos_api::clock::now_us() - ADDRESS_DRAIN_US,
    };
    app.db(|conn| store(conn, Key::Address("127.0.0.4"), filled_a_minute_ago).unwrap());
    expect_problem(login(&app, &sprayer, "guess.fresh", "Summer2026!"), StatusCode::UNAUTHORIZED, "unauthorized");
    throttled(login(&app, &sprayer, "guess.other", "Summer2026!"));
});

both_backends!(fn a_success_clears_the_failure_count(app) {
    for _ in 0..FREE_FAILURES {
        let response = app.post_json("/api/v1/auth/login", &json!({"username": ADMIN_USERNAME, "password": "nope nope"}));
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    app.login(ADMIN_USERNAME, ADMIN_PASSWORD);
    for _ in 0..FREE_FAILURES {
        let response = app.post_json("/api/v1/auth/login", &json!({"username": ADMIN_USERNAME, "password": "nope nope"}));
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    app.login(ADMIN_USERNAME, ADMIN_PASSWORD);
});

both_backends!(fn stale_failure_counts_are_forgotten(app) {
    let fail = |username: &str, times: i32| {
        for _ in 0..times {
            let body = json!({"username": username, "password": "wrong password"});
            assert_eq!(app.post_json("/api/v1/auth/login", &body).status(), StatusCode::UNAUTHORIZED);
        }
    };
    fail("ghost.one", 1);
    fail("ghost.two", FREE_FAILURES + 1);
    let now = custos_api::clock::now_us();
    let forget_at = |at_us: i64| app.db(|conn| forget_stale(conn, at_us).unwrap());
    assert_eq!(forget_at(now), 0, "recent failures are kept");
    assert_eq!(forget_at(now + FAILURE_MEMORY_US - 60_000_000), 0, "a day has not passed");
    // Both names at 127.0.0.1, and 127.0.0.1 across names.
    assert_eq!(forget_at(now + FAILURE_MEMORY_US + 1_000_000), 3);
    assert_eq!(forget_at(now + FAILURE_MEMORY_US + 1_000_000), 0);
    // The wait is gone with its count: the name logs in again.
    app.add_user("ghost.two", "officer password", Role::Officer, &app.root_org_id);
    app.login("ghost.two", "officer password");
});

both_backends!(
    fn forwarded_for_is_believed_only_from_a_trusted_proxy(backend: Backend) {
        let fail_as = |app: &TestApp, client: &Client, forwarded_for: &str| {
            client
                .post(app.url("/api/v1/auth/login"))
                .header("x-forwarded-for", forwarded_for)
                .json(&json!({"username": ADMIN_USERNAME, "password": "wrong password"}))
                .send()
                .unwrap()
        };
        // By default nobody's X-Forwarded-For counts: a stranger naming a new address on every
        // attempt is still counted under its own.
        let Some(app) = TestApp::builder(backend).start() else {
            return;
        };
        let stranger = client_at("127.0.0.2");
        for n in 0..=FREE_FAILURES {
            let response = fail_as(&app, &stranger, &format!("198.51.100.{n}"));
            expect_problem(response, StatusCode::UNAUTHORIZED, "unauthorized");
        }
        throttled(fail_as(&app, &stranger, "198.51.100.99"));
        drop(app);

        // Behind a listed proxy, each client it forwards is counted under its own address.
        let Some(app) = TestApp::builder(backend)
            .config(|config| config.trusted_proxies = vec!["127.0.0.2".parse().unwrap()])
            .start()
        else {
            return;
        };
        let proxy = client_at("127.0.0.2");
        for _ in 0..=FREE_FAILURES {
            let response = fail_as(&app, &proxy, "198.51.100.7");
            expect_problem(response, StatusCode::UNAUTHORIZED, "unauthorized");
        }
        throttled(fail_as(&app, &proxy, "198.51.100.7"));
        let owner = proxy
            .post(app.url("/api/v1/auth/login"))
            .header("x-forwarded-for", "198.51.100.8")
            .json(&json!({"username": ADMIN_USERNAME, "password": ADMIN_PASSWORD}))
            .send()
            .unwrap();
        assert_eq!(owner.status(), StatusCode::OK);
    }
);

both_backends!(fn successes_do_not_fill_an_address_bucket(app) {
    // An office behind one address: every login is charged before its password is checked,
    // and a success gives the charge back, so many colleagues logging in are never slowed.
    let office = client_at("127.0.0.6");
    for _ in 0..=ADDRESS_BURST {
        assert_eq!(login(&app, &office, ADMIN_USERNAME, ADMIN_PASSWORD).status(), StatusCode::OK);
    }
    let bucket = app.db(|conn| lock(conn, Key::Address("127.0.0.6")).unwrap().unwrap_or_default());
    assert_eq!(bucket.failures, 0);
});
