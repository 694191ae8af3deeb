//! The transparency log's routes: checkpoint, verifier key and proofs (public), entries
//! (public by nature, or scoped like what they record).

pub mod checkpoint;
pub mod consistency;
pub mod entry;
pub mod inclusion;
pub mod verifier_key;

use actix_web::web;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(paths(
    checkpoint::checkpoint,
    verifier_key::verifier_key,
    inclusion::inclusion,
    consistency::consistency,
    entry::entry,
))]
struct LogApi;

pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/api/v1/log/checkpoint").route(web::get().to(checkpoint::checkpoint)),
    )
    .service(
        web::resource("/api/v1/log/verifier-key").route(web::get().to(verifier_key::verifier_key)),
    )
    .service(
        web::resource("/api/v1/log/proof/inclusion").route(web::get().to(inclusion::inclusion)),
    )
    .service(
        web::resource("/api/v1/log/proof/consistency")
            .route(web::get().to(consistency::consistency)),
    )
    .service(web::resource("/api/v1/log/entries/{index}").route(web::get().to(entry::entry)));
}

pub fn api() -> utoipa::openapi::OpenApi {
    LogApi::openapi()
}

/// Proof hashes as the contract carries them: base64, leaf to root.
pub(crate) fn base64_hashes(hashes: &[custos_core::digest::Sha256Digest]) -> Vec<String> {
    hashes.iter().map(|hash| hash.to_base64()).collect()
}
