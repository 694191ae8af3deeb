//! `GET /api/v1/orgs/{id}`: one unit in the caller's scope.

use super::OrgView;
use crate::access::not_in_scope;
use crate::access::{self, Action};
use crate::auth::Caller;
use crate::db;
use crate::error::{ApiResult, Problem};
use crate::names::RowId;
use crate::state::AppState;
use actix_web::web;

#[utoipa::path(get, path = "/api/v1/orgs/{id}", tag = "orgs",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Organisation id", pattern = "^[0-9a-f-]{1,64}$")),
    responses(
        (status = 200, description = "The unit", body = OrgView),
        (status = 404, description = "Unknown or outside the caller's units", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn read_org(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<RowId>,
) -> ApiResult<web::Json<OrgView>> {
    let scope = access::scope(&caller, Action::ReadOrgs)?;
    let id = id.into_inner().into_string();
    let org = db::run(&state.pool, move |conn| {
        db::orgs::find_in(conn, &scope, &id)?.ok_or_else(|| not_in_scope("organisation"))
    })
    .await?;
    Ok(web::Json(OrgView::from(org)))
}
