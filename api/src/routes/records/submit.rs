//! `POST /api/v1/records`: a batch of signed records from one or more chains.

use super::elements::{elements, read_body};
use crate::access::{self, Action};
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult, Problem, ProblemType};
use crate::recording::ingest::{self, MAX_RECORDS_PER_SUBMISSION};
use crate::recording::outcome::SubmitResponse;
use crate::state::AppState;
use crate::{clock, db, log};
use actix_web::{HttpMessage, HttpRequest, web};

/// Largest request body: a full batch of records of 4 KiB on average (a record is a step of a
/// case and references its evidence by digest; a few hundred bytes is usual). Parsed records
/// take about three times their text, which this keeps within a few tens of megabytes.
pub const MAX_SUBMISSION_BYTES: usize = 4 * 1024 * 1024;

#[utoipa::path(post, path = "/api/v1/records", tag = "records",
    security(("bearer" = [])),
    request_body(
        content = Vec<Object>, content_type = "application/json",
        description = "A JSON array of signed records (CONTRACT.md, Records), from one or more \
                       chains, in any order. Each is parsed strictly on its own.",
    ),
    responses(
        (status = 200, description = "One outcome per record", body = SubmitResponse),
        (status = 400, description = "The body is not a JSON array", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing or invalid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's role does not record", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Too many records, JSON values or bytes", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An empty array", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn submit(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    payload: web::Payload,
) -> ApiResult<web::Json<SubmitResponse>> {
    // Which cases each record may go into is decided per record, by `recording::assignment`.
    access::scope(&caller, Action::SubmitRecords)?;
    if request.content_type() != "application/json" {
        return Err(ApiError::new(
            ProblemType::UnsupportedMediaType,
            "expected Content-Type: application/json",
        ));
    }
    let (_permit, body) = read_body(&request, payload, MAX_SUBMISSION_BYTES).await?;
    let (checked, caller) = db::run(&state.pool, move |conn| {
        let raws: Vec<&[u8]> = elements(&body, MAX_RECORDS_PER_SUBMISSION)?
            .into_iter()
            .map(|raw| raw.get().as_bytes())
            .collect();
        if raws.is_empty() {
            return Err(ApiError::invalid_input("no records submitted"));
        }
        let checked = ingest::authenticate(conn, &raws, &caller.user_id)?;
        Ok((checked, caller))
    })
    .await?;
    // The parsed records own what they need: the body's bytes went before the writes.
    let response = log::commit(&state, move |conn, log| {
        ingest::ingest(conn, log, checked, &caller.user_id, clock::now_us())
    })
    .await?;
    Ok(web::Json(response))
}
