//! `GET /api/v1/draws/{id}`: one draw of a unit in the caller's scope, or, for an officer,
//! one that sends it.

use super::DrawView;
use crate::access::{self, Action, not_in_scope};
use crate::auth::Caller;
use crate::db;
use crate::draws;
use crate::error::{ApiResult, Problem};
use crate::names::RowId;
use crate::state::AppState;
use actix_web::web;

#[utoipa::path(get, path = "/api/v1/draws/{id}", tag = "draws",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Draw id", pattern = "^[0-9a-f-]{1,64}$")),
    responses(
        (status = 200, description = "The draw", body = DrawView),
        (status = 401, description = "Missing or invalid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's role reads no draws", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such draw in the caller's scope (for an officer: none that sends it)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn show(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<RowId>,
) -> ApiResult<web::Json<DrawView>> {
    let scope = access::scope(&caller, Action::ReadDraws)?;
    let id = id.into_inner();
    let draw = db::run(&state.pool, move |conn| {
        let row =
            draws::find_for(conn, &scope, id.as_str())?.ok_or_else(|| not_in_scope("draw"))?;
        draws::stored(conn, row)
    })
    .await?;
    Ok(web::Json(DrawView::try_from(draw)?))
}
