//! `GET /readyz`: the database and the blob store answer, and every file system custos
//! writes to has more free space than the floor.

use crate::db;
use crate::error::{ApiError, ApiResult, Problem, ProblemType};
use crate::state::AppState;
use actix_web::{HttpResponse, web};
use std::time::Duration;

/// How long the probe waits for a database connection: a balancer's probe gives up after
/// about a second, and a database that is merely busy still answers within this.
const DATABASE_BUDGET: Duration = Duration::from_millis(800);

#[utoipa::path(get, path = "/readyz", tag = "probes",
    responses(
        (status = 200, description = "Database and blob store reachable, free space above the floor", body = String, content_type = "text/plain"),
        (status = 503, description = "A dependency is unreachable or a file system is below the free-space floor", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn readyz(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let pool = state.pool.clone();
    web::block(move || {
        let mut conn = pool
            .get_within(DATABASE_BUDGET)
            .map_err(ApiError::unavailable)?;
        db::ping(&mut conn).map_err(ApiError::from)
    })
    .await??;
    let blobs = state.evidence.blobs.clone();
    web::block(move || blobs.probe())
        .await?
        .map_err(|reason| ApiError::unavailable(format_args!("blob store: {reason}")))?;
    let checked = state.clone();
    web::block(move || checked.disk.check())
        .await?
        .map_err(|shortage| {
            tracing::error!(%shortage, "not ready");
            // The body names no path: /readyz answers anyone.
            ApiError::new(
                ProblemType::Unavailable,
                "a file system custos writes to is below the free-space floor",
            )
            .with_retry_after(10)
        })?;
    Ok(HttpResponse::Ok()
        .content_type("text/plain")
        .body("ready\n"))
}
