//! `POST /api/v1/publications`: a reviewer or admin of the case's unit line approves a decided
//! case's notice; it is published at once as a `publication` log entry.

use crate::access::{self, Action};
use crate::auth::Caller;
use crate::clock;
use crate::error::{ApiResult, Problem};
use crate::log;
use crate::publicity::{self, view};
use crate::state::AppState;
use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishRequest {
    /// The decided case whose notice is approved.
    #[schema(pattern = "^[A-Za-z0-9._-]{1,64}$")]
    pub case_id: String,
}

#[utoipa::path(post, path = "/api/v1/publications", tag = "publicity",
    security(("bearer" = [])),
    request_body = PublishRequest,
    responses(
        (status = 201, description = "Published: the notice with its log leaf", body = view::PublicDecision),
        (status = 401, description = "Missing or invalid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Caller is not a reviewer or admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Case unknown or outside the caller's units", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No penalty decision, the party not named, the decision changed, or published already", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn publish(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<PublishRequest>,
) -> ApiResult<HttpResponse> {
    let scope = access::scope(&caller, Action::PublishDecisions)?;
    let case_id = body.into_inner().case_id;
    // A case id is what a chain id's first part may be; anything else names no case.
    let well_formed = (1..=64).contains(&case_id.len())
        && case_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    if !well_formed {
        return Err(access::not_in_scope("case"));
    }
    let now_us = clock::now_us();
    let published = log::commit(&state, move |conn, log| {
        let row = publicity::publish(conn, log, &scope, &case_id, now_us)?;
        view::public_views(conn, vec![row])
    })
    .await?;
    Ok(HttpResponse::Created().json(&published[0]))
}
