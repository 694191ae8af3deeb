//! `GET /api/v1/users`: users in the caller's units (admins and supervisors), or the caller
//! alone (other roles).

use super::UserView;
use crate::access::{self, Action};
use crate::auth::Caller;
use crate::db;
use crate::error::{ApiResult, Problem};
use crate::routes::listing::{PageQuery, filter_id};
use crate::state::AppState;
use actix_web::web;
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ListUsersQuery {
    /// Only users of this unit.
    pub org_id: Option<String>,
    /// Rows per page, 1 to 1000 (default 100).
    pub limit: Option<i64>,
    /// Only users whose id sorts after this one (the last id of the previous page).
    pub after: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/users", tag = "users",
    security(("bearer" = [])),
    params(ListUsersQuery),
    responses(
        (status = 200, description = "Users in the caller's scope, in creation order", body = Vec<UserView>),
        (status = 400, description = "Bad query", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list_users(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ListUsersQuery>,
) -> ApiResult<web::Json<Vec<UserView>>> {
    let scope = access::scope(&caller, Action::ReadUsers)?;
    let ListUsersQuery {
        org_id,
        limit,
        after,
    } = query.into_inner();
    let page = PageQuery { limit, after }.page()?;
    let org_id = filter_id("org_id", org_id)?;
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
