//! `GET /api/v1/cases/{id}/bundle`: the case as a bundle that `custos verify` checks offline:
//! its records and fork evidence with their log entries and inclusion proofs against one
//! signed checkpoint, the verifier key, the devices' keys and the evidence digests.

use crate::access::{self, Action};
use crate::auth::Caller;
use crate::bundle::{CaseBundle, export};
use crate::error::{ApiError, ApiResult, Problem};
use crate::state::AppState;
use crate::{clock, db};
use actix_web::web;

#[utoipa::path(get, path = "/api/v1/cases/{id}/bundle", tag = "cases",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Case id", pattern = "^[A-Za-z0-9._-]{1,64}$")),
    responses(
        (status = 200, description = "The case bundle", body = CaseBundle),
        (status = 401, description = "Missing or invalid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's role does not read cases", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case in the caller's scope", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn bundle(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> ApiResult<web::Json<CaseBundle>> {
    let scope = access::scope(&caller, Action::ReadCases)?;
    let id = id.into_inner();
    let app = state.clone();
    let bundle = db::run(&state.pool, move |conn| {
        let row = db::cases::find_in(conn, &scope, &id)?
            .ok_or_else(|| ApiError::not_found(format!("no case {id}")))?;
        export::export(conn, &app.log_signer, row, clock::now_us())
    })
    .await?;
    Ok(web::Json(bundle))
}
