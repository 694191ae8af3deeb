//! `GET /api/v1/log/verifier-key`: the signed-note verifier key of checkpoints.

use crate::state::AppState;
use actix_web::{HttpResponse, web};

#[utoipa::path(get, path = "/api/v1/log/verifier-key", tag = "log",
    responses((status = 200, description = "NAME+KEYHASH+BASE64(0x01 ‖ Ed25519 public key)", body = String, content_type = "text/plain")))]
pub async fn verifier_key(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body(state.log_signer.verifier_key())
}
