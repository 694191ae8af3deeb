//! Test support for supervision's attention items (督办): the items of a kind that a user sees
//! in a state, of one case or one subject (an evidence item, an officer, a device...), and
//! acknowledging one, as the publicity, supervision and deadline tests all ask for them.

use crate::{TestApp, expect_json};
use reqwest::StatusCode;
use reqwest::blocking::Response;
use serde_json::{Value, json};

/// The items of `kind` in `state` (`open`, `cured`) that `token` sees, through
/// `GET /api/v1/supervision/attention`.
pub fn items(app: &TestApp, token: &str, kind: &str, state: &str) -> Vec<Value> {
    let body = expect_json(
        app.get_as(
            token,
            &format!("/api/v1/supervision/attention?limit=1000&kind={kind}&state={state}"),
        ),
        StatusCode::OK,
    );
    body.as_array().unwrap().clone()
}

/// The items of `kind` in `state` about case `case_id` that `token` sees.
pub fn case_items(
    app: &TestApp,
    token: &str,
    kind: &str,
    state: &str,
    case_id: &str,
) -> Vec<Value> {
    items(app, token, kind, state)
        .into_iter()
        .filter(|item| item["case_id"] == case_id)
        .collect()
}

/// The items of `kind` in `state` about the `subject` (`evidence`, `officer`, `device`,
/// `record`, `upload`) `id` that `token` sees.
pub fn subject_items(
    app: &TestApp,
    token: &str,
    kind: &str,
    state: &str,
    subject: &str,
    id: &str,
) -> Vec<Value> {
    items(app, token, kind, state)
        .into_iter()
        .filter(|item| item["subject"] == json!({"kind": subject, "id": id}))
        .collect()
}

/// The items of `kind` in `state` about evidence item `id` that `token` sees.
pub fn evidence_items(app: &TestApp, token: &str, kind: &str, state: &str, id: &str) -> Vec<Value> {
    subject_items(app, token, kind, state, "evidence", id)
}

/// POSTs the acknowledgement of attention item `id` as `token`.
pub fn acknowledge(app: &TestApp, token: &str, id: &str) -> Response {
    app.post(&format!(
        "/api/v1/supervision/attention/{id}/acknowledgement"
    ))
    .bearer_auth(token)
    .send()
    .unwrap()
}
