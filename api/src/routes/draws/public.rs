//! `GET /api/v1/public/draws/{id}` and `GET /api/v1/public/draws?org_id=ID`: anyone, without
//! logging in, reads a 双随机 draw (一公开) and redoes it. Every draw is public once made: its
//! `draw` log entry, which holds the same ids and nothing more, is already committed to by
//! the public checkpoints. The answer adds the exact leaf bytes so that a verifier checks
//! them against the public inclusion proof without reading the (scoped) log entry route.

use super::DrawView;
use crate::access::not_in_scope;
use crate::db;
use crate::draws;
use crate::error::{ApiError, ApiResult, Problem, ProblemType};
use crate::names::{self, RowId};
use crate::routes::conditional;
use crate::routes::listing::PageQuery;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A published draw: the draw and its log leaf.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PublicDraw {
    #[serde(flatten)]
    pub draw: DrawView,
    /// Base64 of the exact leaf bytes of the draw's log entry (RFC 8785 JSON of type `draw`).
    pub leaf: String,
}

/// The query of the public listing: one unit's draws, a page at a time.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PublicDrawsQuery {
    /// The unit whose draws are listed.
    #[param(pattern = "^[0-9a-f-]{1,64}$")]
    pub org_id: String,
    /// Rows per page, 1 to 1000 (default 100).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<i64>,
    /// Only draws whose id sorts after this one (the last id of the previous page).
    #[param(pattern = "^[0-9a-f-]{1,64}$")]
    pub after: Option<String>,
}

fn publish(conn: &mut db::DbConnection, row: db::draws::DrawRow) -> ApiResult<PublicDraw> {
    let (draw, leaf) = draws::published(conn, row)?;
    Ok(PublicDraw {
        draw: DrawView::try_from(draw)?,
        leaf: STANDARD.encode(leaf),
    })
}

#[utoipa::path(get, path = "/api/v1/public/draws/{id}", tag = "draws",
    params(("id" = String, Path, description = "Draw id", pattern = "^[0-9a-f-]{1,64}$")),
    responses(
        (status = 200, description = "The draw, what it was made from and its log leaf", body = PublicDraw),
        (status = 304, description = "Unchanged since the ETag in If-None-Match (the SHA-256 of the answer)"),
        (status = 404, description = "No draw has this id", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn public_draw(
    state: web::Data<AppState>,
    request: HttpRequest,
    id: web::Path<RowId>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let draw = db::run(&state.pool, move |conn| {
        let row = db::draws::find(conn, id.as_str())?.ok_or_else(|| not_in_scope("draw"))?;
        publish(conn, row)
    })
    .await?;
    conditional::respond_json(&request, &draw)
}

#[utoipa::path(get, path = "/api/v1/public/draws", tag = "draws",
    params(PublicDrawsQuery),
    responses(
        (status = 200, description = "The unit's draws, in id (creation) order", body = Vec<PublicDraw>),
        (status = 304, description = "Unchanged since the ETag in If-None-Match (the SHA-256 of the answer)"),
        (status = 400, description = "Bad query", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn public_draws(
    state: web::Data<AppState>,
    request: HttpRequest,
    query: web::Query<PublicDrawsQuery>,
) -> ApiResult<HttpResponse> {
    let PublicDrawsQuery {
        org_id,
        limit,
        after,
    } = query.into_inner();
    let page = PageQuery { limit, after }.page()?;
    if !names::is_row_id(&org_id) {
        return Err(ApiError::new(
            ProblemType::InvalidQuery,
            "org_id must be an id",
        ));
    }
    let draws = db::run(&state.pool, move |conn| {
        db::draws::list_of(conn, &org_id, &page)?
            .into_iter()
            .map(|row| publish(conn, row))
            .collect::<ApiResult<Vec<_>>>()
    })
    .await?;
    conditional::respond_json(&request, &draws)
}
