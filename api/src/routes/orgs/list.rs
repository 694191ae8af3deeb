//! `GET /api/v1/orgs`: the caller's unit and every unit below it.

use super::OrgView;
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
pub struct ListOrgsQuery {
    /// Only the direct children of this unit.
    #[param(pattern = "^[0-9a-f-]{1,64}$")]
    pub parent_id: Option<String>,
    /// Rows per page, 1 to 1000 (default 100).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<i64>,
    /// Only units whose id sorts after this one (the last id of the previous page).
    #[param(pattern = "^[0-9a-f-]{1,64}$")]
    pub after: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/orgs", tag = "orgs",
    security(("bearer" = [])),
    params(ListOrgsQuery),
    responses(
        (status = 200, description = "Units in the caller's scope, in creation order", body = Vec<OrgView>),
        (status = 400, description = "Bad query", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list_orgs(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ListOrgsQuery>,
) -> ApiResult<web::Json<Vec<OrgView>>> {
    let scope = access::scope(&caller, Action::ReadOrgs)?;
    let ListOrgsQuery {
        parent_id,
        limit,
        after,
    } = query.into_inner();
    let page = PageQuery { limit, after }.page()?;
    let parent_id = filter_id("parent_id", parent_id)?;
    let orgs = db::run(&state.pool, move |conn| {
        Ok(db::orgs::list_in(
            conn,
            &scope,
            parent_id.as_deref(),
            &page,
        )?)
    })
    .await?;
    Ok(web::Json(orgs.into_iter().map(OrgView::from).collect()))
}
