//! `GET /api/v1/cases/{id}`: a case with its stage, party, officers, records, evidence,
//! deadlines, findings and fork evidence, for callers in its scope.

use crate::access::{self, Action};
use crate::auth::Caller;
use crate::db;
use crate::error::{ApiError, ApiResult, Problem};
use crate::recording::view::{self, CaseView};
use crate::state::AppState;
use actix_web::web;

#[utoipa::path(get, path = "/api/v1/cases/{id}", tag = "cases",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Case id", pattern = "^[A-Za-z0-9._-]{1,64}$")),
    responses(
        (status = 200, description = "The case", body = CaseView),
        (status = 401, description = "Missing or invalid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's role does not read cases", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case in the caller's scope", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn show(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> ApiResult<web::Json<CaseView>> {
    let scope = access::scope(&caller, Action::ReadCases)?;
    let id = id.into_inner();
    let case = db::run(&state.pool, move |conn| {
        // A case out of scope is answered as absent, so its existence does not leak.
        let row = db::cases::find_in(conn, &scope, &id)?
            .ok_or_else(|| ApiError::not_found(format!("no case {id}")))?;
        view::case_view(conn, row)
    })
    .await?;
    Ok(web::Json(case))
}
