//! `GET /readyz`: the database and the blob store answer.

use crate::db;
use crate::error::{ApiError, ApiResult, Problem};
use crate::state::AppState;
use actix_web::{HttpResponse, web};

#[utoipa::path(get, path = "/readyz", tag = "probes",
    responses(
        (status = 200, description = "Database and blob store reachable", body = String, content_type = "text/plain"),
        (status = 503, description = "A dependency is unreachable", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn readyz(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    db::run(&state.pool, db::ping).await?;
    let blobs = state.evidence.blobs.clone();
    web::block(move || blobs.probe())
        .await?
        .map_err(|reason| ApiError::unavailable(format_args!("blob store: {reason}")))?;
    Ok(HttpResponse::Ok()
        .content_type("text/plain")
        .body("ready\n"))
}
