//! The server the console's browser test drives: the real custos server on SQLite (started
//! in this process exactly as `custos serve` starts it, on a loopback port) with the console
//! world of `custos_tests::console::seed`, a case of 200 records whose page it times, and
//! the video given as the first argument uploaded to the seeded case.
//!
//! Prints one JSON line (where the server is and what is in it), then serves until its
//! standard input closes.
//!
//! ```text
//! cargo run -p custos-tests --example console_seed -- tests/console/clip.webm
//! ```

use custos_core::lifecycle::RecordKind;
use custos_tests::console::{Browser, closed_cases, seed};
use custos_tests::recording::{self, PASSWORD, Phone, outcomes, submit};
use custos_tests::serde_json::json;
use custos_tests::{ADMIN_PASSWORD, ADMIN_USERNAME, Backend, TestApp};
use std::io::{Read, Write};
use std::time::Instant;

/// Records in the timed case.
const RECORDS: usize = 200;
/// Requests of the timed page.
const REQUESTS: usize = 200;

fn main() {
    let video = std::env::args()
        .nth(1)
        .map(|path| std::fs::read(&path).unwrap_or_else(|error| panic!("{path}: {error}")));
    let app = TestApp::builder(Backend::Sqlite)
        .start()
        .expect("SQLite always starts");
    let world = seed(&app, video.as_deref());
    // Two closed case files for a 案卷评查 campaign.
    closed_cases(&app, &world, &["review-1", "review-2"]);

    // A case of 200 records: a filing and 199 investigation records, in batches.
    let big = "console-200".to_owned();
    let mut phone = Phone::new(1, &big);
    let office = &world.office;
    let mut records = vec![phone.sign(&office.step(0))];
    for _ in 1..RECORDS {
        records.push(phone.sign(&recording::step(
            RecordKind::InvestigationRecord,
            1,
            &office.a.id,
            &office.b.id,
        )));
    }
    for batch in records.chunks(100) {
        let answer = submit(&app, &office.a.token, &batch.iter().collect::<Vec<_>>());
        assert!(
            outcomes(&answer).iter().all(|o| o == "accepted"),
            "{answer}"
        );
    }
    let (p50, p99, bytes) = time_page(&app, &world.supervisor, &format!("/console/cases/{big}"));
    let (api_p50, api_p99) = time_api(&app, &world.supervisor, &format!("/api/v1/cases/{big}"));

    let line = json!({
        "base_url": app.base_url,
        "admin": {"username": ADMIN_USERNAME, "password": ADMIN_PASSWORD},
        "supervisor": {"username": world.supervisor, "password": PASSWORD},
        "case": world.case,
        "sibling_case": world.sibling_case,
        "photo": world.photo,
        "video": world.video,
        "big_case": big,
        "big_case_page": {"records": RECORDS, "requests": REQUESTS, "p50_ms": p50, "p99_ms": p99, "bytes": bytes,
            "api_p50_ms": api_p50, "api_p99_ms": api_p99},
    });
    println!("{line}");
    std::io::stdout().flush().expect("stdout");
    let mut rest = Vec::new();
    let _ = std::io::stdin().read_to_end(&mut rest);
}

/// The same for the API's JSON of the case, for comparison.
fn time_api(app: &TestApp, username: &str, path: &str) -> (f64, f64) {
    let token = app.login(username, PASSWORD).access;
    quantiles(
        (0..REQUESTS)
            .map(|_| {
                let start = Instant::now();
                let response = app.get_as(&token, path);
                assert_eq!(response.status(), 200);
                response.bytes().expect("body");
                start.elapsed().as_secs_f64() * 1000.0
            })
            .collect(),
    )
}

fn quantiles(mut times: Vec<f64>) -> (f64, f64) {
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() as f64 * q).ceil() as usize).saturating_sub(1)];
    (at(0.5), at(0.99))
}

/// p50 and p99 in milliseconds of `REQUESTS` sequential loads of `path` over loopback (the
/// server's time plus a loopback round trip), and the page's size.
fn time_page(app: &TestApp, username: &str, path: &str) -> (f64, f64, usize) {
    let mut browser = Browser::new(app);
    browser.sign_in(username, PASSWORD);
    let bytes = browser.page(path).len();
    let times: Vec<f64> = (0..REQUESTS)
        .map(|_| {
            let start = Instant::now();
            let response = browser.get(path);
            assert_eq!(response.status(), 200);
            response.bytes().expect("body");
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    let (p50, p99) = quantiles(times);
    (p50, p99, bytes)
}
