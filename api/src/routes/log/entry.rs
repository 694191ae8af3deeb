//! `GET /api/v1/log/entries/{index}`: an entry's exact leaf bytes.
//!
//! Any authenticated caller for now; organisation scoping of entries is added with the
//! scoping layer.

use crate::auth::Caller;
use crate::db;
use crate::error::{ApiError, ApiResult, Problem};
use crate::state::AppState;
use actix_web::{HttpResponse, web};

#[utoipa::path(get, path = "/api/v1/log/entries/{index}", tag = "log",
    security(("bearer" = [])),
    params(("index" = u64, Path, description = "Leaf index, from 0")),
    responses(
        (status = 200, description = "The leaf bytes (RFC 8785 JSON) that the leaf hash covers", content_type = "application/json"),
        (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No entry at that index", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn entry(
    state: web::Data<AppState>,
    _caller: Caller,
    index: web::Path<u64>,
) -> ApiResult<HttpResponse> {
    let index = index.into_inner();
    let (_, leaf) = db::run(&state.pool, move |conn| {
        db::log::entry(conn, index)?
            .ok_or_else(|| ApiError::not_found(format!("no log entry {index}")))
    })
    .await?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .body(leaf))
}
