//! Requests the HTTP layer refuses before any custos code sees them (a head that is not
//! HTTP/1.1, one larger than the server accepts, one that never ends) are answered with
//! problem+json like every other error, through raw TCP against the real server.

use custos_tests::raw::{connect, until_closed};
use custos_tests::{TestApp, both_backends};
use std::io::Write;

/// Sends `request`, reads until the server closes, and checks the answer is a problem of
/// `status` and `slug` with a body of exactly the length announced.
fn check_refusal(app: &TestApp, request: &[u8], status: &str, slug: &str) {
    let mut stream = connect(app);
    // The server may close before reading everything of a head it refuses.
    let _ = stream.write_all(request);
    let answer = until_closed(&mut stream);
    assert!(
        answer.starts_with(&format!("HTTP/1.1 {status} ")),
        "{answer}"
    );
    let (head, body) = answer.split_once("\r\n\r\n").expect("a head");
    let head = head.to_ascii_lowercase();
    assert!(
        head.contains("\r\ncontent-type: application/problem+json\r\n"),
        "{head}"
    );
    assert!(head.contains("\r\nconnection: close\r\n"), "{head}");
    assert!(
        head.contains(&format!("\r\ncontent-length: {}\r\n", body.len())),
        "{head}"
    );
    let problem: serde_json::Value = serde_json::from_str(body).expect("a JSON body");
    assert_eq!(
        problem["type"],
        format!("https://custos.dev/problems/{slug}"),
        "{problem}"
    );
    assert_eq!(problem["status"].to_string(), status, "{problem}");
    assert!(
        problem["detail"].as_str().is_some_and(|d| !d.is_empty()),
        "{problem}"
    );
}

both_backends!(fn the_http_layers_refusals_are_problems(app) {
    check_refusal(&app, b"NOT HTTP AT ALL\r\n\r\n", "400", "malformed-request");
    check_refusal(&app, b"GET /healthz HTTP/1.1\r\nHost x\r\n\r\n", "400", "malformed-request");
    check_refusal(
        &app,
        b"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
        "400",
        "malformed-request",
    );
    let mut huge = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: ".to_vec();
    huge.extend(std::iter::repeat_n(b'a', 256 * 1024));
    huge.extend_from_slice(b"\r\n\r\n");
    check_refusal(&app, &huge, "431", "headers-too-large");
    // The connection refused is the only one affected: the next request is served.
    let fine = app.get("/healthz").send().unwrap();
    assert_eq!(fine.status(), 200);
});
