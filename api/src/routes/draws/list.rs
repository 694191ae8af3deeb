//! `GET /api/v1/draws`: the draws of the caller's units (an officer: the draws that send it,
//! its assignments), optionally of one unit, in id (creation) order.

use super::DrawView;
use crate::access::{self, Action};
use crate::auth::Caller;
use crate::db;
use crate::draws;
use crate::error::{ApiResult, Problem};
use crate::routes::listing::UnitListQuery;
use crate::state::AppState;
use actix_web::web;

#[utoipa::path(get, path = "/api/v1/draws", tag = "draws",
    security(("bearer" = [])),
    params(UnitListQuery),
    responses(
        (status = 200, description = "Draws in the caller's scope (an officer: those that send it), in id order", body = Vec<DrawView>),
        (status = 400, description = "Bad query", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's role reads no draws", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<UnitListQuery>,
) -> ApiResult<web::Json<Vec<DrawView>>> {
    let scope = access::scope(&caller, Action::ReadDraws)?;
    let (org_id, page) = query.into_inner().parts()?;
    let stored = db::run(&state.pool, move |conn| {
        draws::list_for(conn, &scope, org_id.as_deref(), &page)?
            .into_iter()
            .map(|row| draws::stored(conn, row))
            .collect::<ApiResult<Vec<_>>>()
    })
    .await?;
    stored
        .into_iter()
        .map(DrawView::try_from)
        .collect::<ApiResult<_>>()
        .map(web::Json)
}
