//! `GET /api/v1/evidence/{id}/custody`: the item's custody events, each with its exact leaf
//! bytes, its log index and an inclusion proof against the signed checkpoint returned with
//! them, so that anyone holding the log's verifier key can check every event offline.

use crate::access::Action;
use crate::auth::Caller;
use crate::db::{self, custody as rows};
use crate::error::{ApiError, ApiResult, Problem};
use crate::evidence::scope::reachable_item;
use crate::log;
use crate::routes::log::base64_hashes;
use crate::routes::log::inclusion::InclusionProofBody;
use crate::state::AppState;
use actix_web::web;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CustodyEventView {
    /// Log index of the event's entry.
    pub index: u64,
    /// The entry, parsed (`type` is `custody`).
    #[schema(value_type = Object)]
    pub entry: serde_json::Value,
    /// The exact leaf bytes, base64: what the leaf hash covers.
    pub leaf: String,
    /// Audit path of the leaf in the tree of the checkpoint's size.
    pub inclusion: InclusionProofBody,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CustodyView {
    pub evidence_id: String,
    /// The checkpoint every proof verifies against: a C2SP signed note.
    pub checkpoint: String,
    pub size: u64,
    pub events: Vec<CustodyEventView>,
}

#[utoipa::path(get, path = "/api/v1/evidence/{id}/custody", tag = "evidence",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Evidence item id", pattern = "^[0-9a-f-]{1,64}$")),
    responses(
        (status = 200, description = "Custody events with inclusion proofs against the checkpoint", body = CustodyView),
        (status = 404, description = "No such item in the caller's scope", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn custody(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> ApiResult<web::Json<CustodyView>> {
    let id = path.into_inner();
    let app = state.clone();
    let view = db::run(&state.pool, move |conn| {
        let item = reachable_item(conn, &caller, Action::ReadEvidence, &id)?;
        let events = rows::for_evidence(conn, &item.id)?;
        // One checkpoint for all proofs; it covers every event read above.
        let checkpoint = log::checkpoint(conn, &app.log_signer)?;
        let mut views = Vec::with_capacity(events.len());
        for event in events {
            let index = event.log_index as u64;
            let (_, leaf) = db::log::entry(conn, index)?
                .ok_or_else(|| ApiError::internal(format_args!("log entry {index} missing")))?;
            let proof = log::inclusion_proof(conn, index, checkpoint.size)?;
            views.push(CustodyEventView {
                index,
                entry: serde_json::from_slice(&leaf).map_err(ApiError::internal)?,
                leaf: BASE64.encode(&leaf),
                inclusion: InclusionProofBody {
                    index: proof.index,
                    size: proof.size,
                    hashes: base64_hashes(&proof.hashes),
                },
            });
        }
        Ok(CustodyView {
            evidence_id: item.id,
            checkpoint: checkpoint.note,
            size: checkpoint.size,
            events: views,
        })
    })
    .await?;
    Ok(web::Json(view))
}
