//! `OPTIONS /api/v1/uploads`: tus discovery (section 3.2.4), no authentication needed.

use crate::evidence::tus::{TUS_EXTENSIONS, TUS_VERSION};
use crate::state::AppState;
use actix_web::{HttpResponse, web};

#[utoipa::path(options, path = "/api/v1/uploads", tag = "uploads",
    responses((status = 204, description = "tus versions, extensions, maximum size and checksum algorithms in headers")))]
pub async fn options(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::NoContent()
        .insert_header(("Tus-Version", TUS_VERSION))
        .insert_header(("Tus-Extension", TUS_EXTENSIONS))
        .insert_header((
            "Tus-Max-Size",
            state.config.evidence.upload_max_bytes.to_string(),
        ))
        .insert_header(("Tus-Checksum-Algorithm", "sha256"))
        .finish()
}

#[utoipa::path(options, path = "/api/v1/uploads/{id}", tag = "uploads",
    params(("id" = String, Path, description = "Any upload's id: discovery does not look at it")),
    responses((status = 204, description = "The same discovery headers as OPTIONS /api/v1/uploads")))]
pub async fn options_upload(state: web::Data<AppState>) -> HttpResponse {
    options(state).await
}
