//! `GET /api/v1/log/proof/consistency?from=M&to=N`: RFC 6962 consistency proof.

use super::base64_hashes;
use crate::error::{ApiResult, Problem};
use crate::state::AppState;
use crate::{db, log};
use actix_web::web;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ConsistencyQuery {
    /// Older tree size, at least 1.
    pub from: u64,
    /// Newer tree size, at most the log size.
    pub to: u64,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ConsistencyProofBody {
    pub from: u64,
    pub to: u64,
    /// Base64 hashes in RFC 6962 order.
    pub hashes: Vec<String>,
}

#[utoipa::path(get, path = "/api/v1/log/proof/consistency", tag = "log",
    params(ConsistencyQuery),
    responses(
        (status = 200, description = "Consistency proof", body = ConsistencyProofBody),
        (status = 422, description = "Sizes out of order or beyond the log", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn consistency(
    state: web::Data<AppState>,
    query: web::Query<ConsistencyQuery>,
) -> ApiResult<web::Json<ConsistencyProofBody>> {
    let ConsistencyQuery { from, to } = query.into_inner();
    let proof = db::run(&state.pool, move |conn| {
        log::consistency_proof(conn, from, to)
    })
    .await?;
    Ok(web::Json(ConsistencyProofBody {
        from: proof.old_size,
        to: proof.new_size,
        hashes: base64_hashes(&proof.hashes),
    }))
}
