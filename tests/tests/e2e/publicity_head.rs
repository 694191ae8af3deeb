//! Conditional reads of every public route through HTTP, as an outside portal mirroring them
//! uses them: each answers HEAD like GET without a body (same status, ETag and Content-Length,
//! 304 included, a 404 too), carries an ETag, and answers `If-None-Match` with 304 by weak
//! comparison, in a list, or for `*`.

use crate::publicity::{decided_steps, person, publish, reviewer, submit_all};
use custos_tests::recording::*;
use custos_tests::reqwest::blocking::Response;
use custos_tests::reqwest::header::{CONTENT_LENGTH, ETAG, HeaderValue, IF_NONE_MATCH};
use custos_tests::reqwest::{Method, StatusCode};
use custos_tests::{TestApp, both_backends};

fn head(app: &TestApp, path: &str, tag: Option<&HeaderValue>) -> Response {
    let mut request = app.request(Method::HEAD, path);
    if let Some(tag) = tag {
        request = request.header(IF_NONE_MATCH, tag);
    }
    request.send().unwrap()
}

fn get(app: &TestApp, path: &str, tag: Option<&str>) -> Response {
    let mut request = app.get(path);
    if let Some(tag) = tag {
        request = request.header(IF_NONE_MATCH, tag);
    }
    request.send().unwrap()
}

/// The status, ETag and Content-Length of an answer, and its body.
fn parts(
    response: Response,
) -> (
    StatusCode,
    Option<HeaderValue>,
    Option<HeaderValue>,
    Vec<u8>,
) {
    let status = response.status();
    let etag = response.headers().get(ETAG).cloned();
    let length = response.headers().get(CONTENT_LENGTH).cloned();
    (status, etag, length, response.bytes().unwrap().to_vec())
}

/// `path` answers HEAD as it answers GET, with and without a matching tag; returns its tag.
fn head_like_get(app: &TestApp, path: &str) -> HeaderValue {
    let (status, etag, length, body) = parts(get(app, path, None));
    assert_eq!(status, StatusCode::OK, "{path}");
    let etag = etag.unwrap_or_else(|| panic!("{path} has no ETag"));
    assert_eq!(
        length
            .as_ref()
            .map(|l| l.to_str().unwrap().parse::<usize>().unwrap()),
        Some(body.len()),
        "{path}"
    );
    assert!(!body.is_empty(), "{path}");
    let (h_status, h_etag, h_length, h_body) = parts(head(app, path, None));
    assert_eq!(
        (h_status, h_etag.as_ref(), h_length.as_ref()),
        (status, Some(&etag), length.as_ref()),
        "HEAD {path}"
    );
    assert!(h_body.is_empty(), "HEAD {path} sent a body");

    // Conditional: GET and HEAD both answer 304 with the tag, and nothing else.
    let tag = etag.to_str().unwrap();
    let (g304, g_etag, g_length, g_body) = parts(get(app, path, Some(tag)));
    let (h304, h_etag, h_length, h_body) = parts(head(app, path, Some(&etag)));
    assert_eq!(
        (g304, h304),
        (StatusCode::NOT_MODIFIED, StatusCode::NOT_MODIFIED),
        "{path}"
    );
    assert_eq!(
        (g_etag.as_ref(), h_etag.as_ref()),
        (Some(&etag), Some(&etag)),
        "{path}"
    );
    assert_eq!(g_length, h_length, "{path}");
    assert!(g_body.is_empty() && h_body.is_empty(), "{path}");

    // Weak comparison, lists over several values, and `*` match; another tag does not.
    for condition in [
        format!("W/{tag}"),
        format!("\"other\", {tag}"),
        "*".to_owned(),
    ] {
        assert_eq!(
            get(app, path, Some(&condition)).status(),
            StatusCode::NOT_MODIFIED,
            "{path} {condition}"
        );
    }
    for condition in ["\"other\"", "W/\"other\"", "not a tag"] {
        assert_eq!(
            get(app, path, Some(condition)).status(),
            StatusCode::OK,
            "{path} {condition}"
        );
    }
    etag
}

both_backends!(fn every_public_get_route_answers_head_and_revalidates(app) {
    let office = office(&app);
    let reviewer = reviewer(&app, &office);
    let party = person("欧阳娜娜", "11010519491231002X", "13812345678", "某地");
    let mut phone = office.phone_a(&app, "case-head-1");
    submit_all(&app, &office, &mut phone, &decided_steps(&office, &party, "销售过期食品", 0));
    let published = publish(&app, &reviewer.token, "case-head-1");
    let unit = &office.township;

    let list = format!("/api/v1/public/decisions?org_id={unit}");
    let paths = [
        list.clone(),
        format!("/api/v1/public/decisions/{}", published["id"].as_str().unwrap()),
        format!("/api/v1/public/orgs/{unit}/officers"),
        format!("/api/v1/public/orgs/{unit}/benchmarks"),
        format!("/api/v1/public/orgs/{unit}/monitoring-devices"),
        format!("/api/v1/public/orgs/{unit}/feed.json"),
        format!("/api/v1/public/orgs/{unit}/statistics?year=2026"),
        format!("/api/v1/public/draws?org_id={unit}"),
        "/api/v1/public/certificates/CERT-officer-a".to_owned(),
    ];
    let mut tags = Vec::new();
    for path in &paths {
        tags.push(head_like_get(&app, path));
    }

    // A change moves the list's tag: HEAD with the old one now answers 200, as GET does.
    let mut other = phone.on_case("case-head-2");
    submit_all(&app, &office, &mut other, &decided_steps(&office, &party, "销售过期食品", 0));
    publish(&app, &reviewer.token, "case-head-2");
    let (status, etag, _, body) = parts(head(&app, &list, Some(&tags[0])));
    assert_eq!(status, StatusCode::OK);
    assert_ne!(etag.as_ref(), Some(&tags[0]));
    assert!(body.is_empty());
    assert_eq!(head_like_get(&app, &list), etag.unwrap());

    // Not found is the same 404 either way, without a body for HEAD.
    let unknown = "/api/v1/public/orgs/01900000-0000-7000-8000-000000000000/feed.json";
    let (status, _, length, body) = parts(get(&app, unknown, None));
    let (h_status, _, h_length, h_body) = parts(head(&app, unknown, None));
    assert_eq!((status, h_status), (StatusCode::NOT_FOUND, StatusCode::NOT_FOUND));
    assert_eq!(length, h_length);
    assert!(!body.is_empty() && h_body.is_empty());
    // Routes that are not public are unchanged: HEAD is not a way in.
    let private = app.request(Method::HEAD, "/api/v1/publications/pending").send().unwrap();
    assert_ne!(private.status(), StatusCode::OK);
});
