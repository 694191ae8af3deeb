//! `POST /api/v1/supervision/reviews/{id}/close`: a supervisor or admin closes a campaign (a
//! `review.close` log entry); its findings are final from then on, since nothing more enters it.

use crate::access::{self, Action};
use crate::auth::Caller;
use crate::clock;
use crate::db;
use crate::error::{ApiResult, Problem};
use crate::log;
use crate::state::AppState;
use crate::supervision::reviews::{report, scoring};
use actix_web::web;

#[utoipa::path(post, path = "/api/v1/supervision/reviews/{id}/close", tag = "supervision",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Campaign id", pattern = "^[0-9a-f-]{1,64}$")),
    responses(
        (status = 200, description = "The closed campaign and its findings", body = report::CampaignView),
        (status = 401, description = "Missing or invalid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Caller is not a supervisor or admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such campaign in the caller's units", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The campaign is already closed", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn close(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> ApiResult<web::Json<report::CampaignView>> {
    let scope = access::scope(&caller, Action::ManageReviews)?;
    let id = id.into_inner();
    let now_us = clock::now_us();
    let row = log::commit(&state, move |conn, log| {
        scoring::close(conn, log, &scope, &id, now_us)
    })
    .await?;
    let view = db::run(&state.pool, move |conn| report::view(conn, row))
        .await?
        .0;
    Ok(web::Json(view))
}
