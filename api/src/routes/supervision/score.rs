//! `GET /api/v1/cases/{id}/score`: the automatic 案卷评查 score of a case file under the template
//! in force for its unit, for the auditors of its unit and the units above.

use crate::access::{self, Action};
use crate::auth::Caller;
use crate::db;
use crate::error::{ApiError, ApiResult, Problem};
use crate::state::AppState;
use crate::supervision::score::{self, CaseScore};
use actix_web::web;

#[utoipa::path(get, path = "/api/v1/cases/{id}/score", tag = "supervision",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Case id", pattern = "^[A-Za-z0-9._-]{1,64}$")),
    responses(
        (status = 200, description = "The automatic score of the case file under the template in force for its unit, with the template (docs/supervision.md)", body = CaseScore),
        (status = 401, description = "Missing or invalid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's role does not read scores", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case in the caller's scope", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn score(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> ApiResult<web::Json<CaseScore>> {
    let scope = access::scope(&caller, Action::ReadScores)?;
    let id = id.into_inner();
    let score = db::run(&state.pool, move |conn| {
        let row = db::cases::find_in(conn, &scope, &id)?
            .ok_or_else(|| ApiError::not_found(format!("no case {id}")))?;
        score::of_case(conn, row)
    })
    .await?;
    Ok(web::Json(score))
}
