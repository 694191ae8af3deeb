//! `GET /api/v1/log/proof/inclusion?index=I&size=N`: RFC 6962 audit path.

use super::base64_hashes;
use crate::error::{ApiResult, Problem};
use crate::state::AppState;
use crate::{db, log};
use actix_web::web;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct InclusionQuery {
    /// Leaf index, from 0.
    pub index: u64,
    /// Tree size the proof is for (at most the log size).
    pub size: u64,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct InclusionProofBody {
    pub index: u64,
    pub size: u64,
    /// Base64 sibling hashes, leaf to root.
    pub hashes: Vec<String>,
}

#[utoipa::path(get, path = "/api/v1/log/proof/inclusion", tag = "log",
    params(InclusionQuery),
    responses(
        (status = 200, description = "Audit path", body = InclusionProofBody),
        (status = 422, description = "Index or size outside the log", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn inclusion(
    state: web::Data<AppState>,
    query: web::Query<InclusionQuery>,
) -> ApiResult<web::Json<InclusionProofBody>> {
    let InclusionQuery { index, size } = query.into_inner();
    let proof = db::run(&state.pool, move |conn| {
        log::inclusion_proof(conn, index, size)
    })
    .await?;
    Ok(web::Json(InclusionProofBody {
        index: proof.index,
        size: proof.size,
        hashes: base64_hashes(&proof.hashes),
    }))
}
