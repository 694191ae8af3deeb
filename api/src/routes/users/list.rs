//! `GET /api/v1/users`: users in the caller's units (admins and supervisors), or the caller
//! alone (other roles).

use super::UserView;
use crate::access::{self, Action};
use crate::auth::Caller;
use crate::db;
use crate::error::{ApiResult, Problem};
use crate::routes::listing::UnitListQuery;
use crate::state::AppState;
use actix_web::web;

#[utoipa::path(get, path = "/api/v1/users", tag = "users",
    security(("bearer" = [])),
    params(UnitListQuery),
    responses(
        (status = 200, description = "Users in the caller's scope, in creation order", body = Vec<UserView>),
        (status = 400, description = "Bad query", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list_users(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<UnitListQuery>,
) -> ApiResult<web::Json<Vec<UserView>>> {
    let scope = access::scope(&caller, Action::ReadUsers)?;
    let (org_id, page) = query.into_inner().parts()?;
    let users = db::run(&state.pool, move |conn| {
        Ok(db::users::list_in(conn, &scope, org_id.as_deref(), &page)?)
    })
    .await?;
    users
        .into_iter()
        .map(UserView::try_from)
        .collect::<ApiResult<_>>()
        .map(web::Json)
}
