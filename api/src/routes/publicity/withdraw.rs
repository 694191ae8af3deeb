//! `POST /api/v1/publications/{id}/withdrawal`: a reviewer or admin of the unit line withdraws
//! a published notice whose decision was changed, revoked or declared void (a
//! `decision.changed` record): a `withdrawal` log entry; the publication stays, withdrawn.

use crate::access::{self, Action};
use crate::auth::Caller;
use crate::clock;
use crate::db;
use crate::error::{ApiError, ApiResult, Problem};
use crate::log;
use crate::names::RowId;
use crate::publicity::{self, view};
use crate::state::AppState;
use actix_web::{HttpResponse, web};

#[utoipa::path(post, path = "/api/v1/publications/{id}/withdrawal", tag = "publicity",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Publication id", pattern = "^[0-9a-f-]{1,64}$")),
    responses(
        (status = 201, description = "Withdrawn: the notice with both log leaves", body = view::PublicDecision),
        (status = 401, description = "Missing or invalid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Caller is not a reviewer or admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Publication unknown or outside the caller's units", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Withdrawn already, or the decision still stands", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn withdraw(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<RowId>,
) -> ApiResult<HttpResponse> {
    let scope = access::scope(&caller, Action::WithdrawDecisions)?;
    let id = id.into_inner().into_string();
    let now_us = clock::now_us();
    let withdrawn = log::commit(&state, move |conn, log| {
        publicity::withdraw(conn, log, &scope, &id, now_us)?;
        let row = db::publications::find(conn, &id)?
            .ok_or_else(|| ApiError::internal("withdrawn publication vanished"))?;
        view::public_views(conn, vec![row])
    })
    .await?;
    Ok(HttpResponse::Created().json(&withdrawn[0]))
}
