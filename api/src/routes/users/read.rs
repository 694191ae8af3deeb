//! `GET /api/v1/users/{id}`: one user in the caller's scope.

use super::UserView;
use crate::access::{self, Action, not_in_scope};
use crate::auth::Caller;
use crate::db;
use crate::error::{ApiResult, Problem};
use crate::names::RowId;
use crate::state::AppState;
use actix_web::web;

#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "users",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "User id", pattern = "^[0-9a-f-]{1,64}$")),
    responses(
        (status = 200, description = "The user", body = UserView),
        (status = 404, description = "Unknown or outside the caller's scope", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn read_user(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<RowId>,
) -> ApiResult<web::Json<UserView>> {
    let scope = access::scope(&caller, Action::ReadUsers)?;
    let id = id.into_inner().into_string();
    let user = db::run(&state.pool, move |conn| {
        db::users::find_in(conn, &scope, &id)?.ok_or_else(|| not_in_scope("user"))
    })
    .await?;
    Ok(web::Json(UserView::try_from(user)?))
}
