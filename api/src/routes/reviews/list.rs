//! `GET /api/v1/supervision/reviews`: the 案卷评查 campaigns of the caller's units, optionally of
//! one unit, in id (opening) order.

use crate::access::{self, Action};
use crate::auth::Caller;
use crate::db;
use crate::error::{ApiResult, Problem};
use crate::routes::listing::UnitListQuery;
use crate::state::AppState;
use crate::supervision::reviews::report::{self, CampaignSummary};
use actix_web::web;

#[utoipa::path(get, path = "/api/v1/supervision/reviews", tag = "supervision",
    security(("bearer" = [])),
    params(UnitListQuery),
    responses(
        (status = 200, description = "Campaigns of the caller's units, in id order", body = Vec<CampaignSummary>),
        (status = 400, description = "Bad query", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's role reads no campaigns", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<UnitListQuery>,
) -> ApiResult<web::Json<Vec<CampaignSummary>>> {
    let scope = access::scope(&caller, Action::ReadReviews)?;
    let (org_id, page) = query.into_inner().parts()?;
    let list = db::run(&state.pool, move |conn| {
        db::reviews::list_in(conn, &scope, org_id.as_deref(), &page)?
            .into_iter()
            .map(|row| report::summary(conn, row))
            .collect::<ApiResult<Vec<_>>>()
    })
    .await?;
    Ok(web::Json(list))
}
