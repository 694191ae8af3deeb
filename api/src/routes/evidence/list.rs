//! `GET /api/v1/evidence?sha256=HEX`: the items with that digest in the caller's scope; each
//! returned item is logged as `viewed`.

use super::{Client, EvidenceView, access_event, view_of};
use crate::access::{self, Action};
use crate::auth::Caller;
use crate::db;
use crate::db::evidence as items;
use crate::error::{ApiError, ApiResult, Problem};
use crate::evidence::custody::event;
use crate::log;
use crate::state::AppState;
use actix_web::{HttpRequest, web};
use custos_core::digest::Sha256Digest;
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct DigestQuery {
    /// Lowercase hex SHA-256.
    #[param(pattern = "^[0-9a-f]{64}$")]
    pub sha256: String,
}

#[utoipa::path(get, path = "/api/v1/evidence", tag = "evidence",
    security(("bearer" = [])),
    params(DigestQuery),
    responses(
        (status = 200, description = "Items with this digest, oldest first", body = Vec<EvidenceView>),
        (status = 422, description = "Not a lowercase hex SHA-256", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(
    request: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<DigestQuery>,
) -> ApiResult<web::Json<Vec<EvidenceView>>> {
    let digest = Sha256Digest::from_hex(&query.sha256)
        .map_err(|_| ApiError::invalid_input("sha256 must be 64 lowercase hex characters"))?;
    let client = Client::of(&request);
    let scope = access::scope(&caller, Action::ReadEvidence)?;
    // Read on the request's own connection; only the accesses go through the group commit,
    // and the views leave once the accesses are durable.
    let (views, accesses) = db::run(&state.pool, move |conn| {
        let found = items::find_by_sha256(conn, &digest.to_hex(), &scope)?;
        let mut views = Vec::with_capacity(found.len());
        let mut accesses = Vec::with_capacity(found.len());
        for item in found {
            accesses.push(access_event(event::VIEWED, &caller, &item, &client));
            views.push(view_of(conn, &item.id)?);
        }
        Ok((views, accesses))
    })
    .await?;
    if !accesses.is_empty() {
        log::append_only(&state, move |log| {
            accesses
                .into_iter()
                .try_for_each(|access| access.log_later(log).map(drop))
                .map_err(ApiError::from)
        })
        .await?;
    }
    Ok(web::Json(views))
}
