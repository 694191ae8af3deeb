//! `HEAD /api/v1/uploads/{id}`: the durable offset (tus section 3.2.1).

use super::{http_date, upload_in_reach};
use crate::access::Action;
use crate::auth::Caller;
use crate::db::uploads::status;
use crate::error::ApiResult;
use crate::evidence::durable::durable_offset;
use crate::evidence::tus::{self, UPLOAD_LENGTH, UPLOAD_METADATA, UPLOAD_OFFSET};
use crate::state::AppState;
use actix_web::http::header::CACHE_CONTROL;
use actix_web::{HttpRequest, HttpResponse, web};

#[utoipa::path(head, path = "/api/v1/uploads/{id}", tag = "uploads",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "Upload id", pattern = "^[0-9a-f-]{1,64}$"),
        ("Tus-Resumable" = String, Header, description = "1.0.0, the only tus version served", pattern = "^1[.]0[.]0$"),
    ),
    responses(
        (status = 200, description = "Upload-Offset (always durable), Upload-Length, Upload-Metadata, Upload-Expires; Custos-Evidence-Id once finished"),
        (status = 404, description = "No such upload of the caller"),
        (status = 410, description = "Terminated or expired"),
    ))]
pub async fn head(
    request: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    tus::require_version(&request)?;
    let upload = upload_in_reach(&state, &caller, Action::ReadUpload, path.into_inner()).await?;
    let offset = durable_offset(&state, &upload).await?;
    let mut response = HttpResponse::Ok();
    response
        .insert_header((CACHE_CONTROL, "no-store"))
        .insert_header((UPLOAD_OFFSET, offset.to_string()))
        .insert_header((UPLOAD_LENGTH, upload.length.to_string()));
    if !upload.metadata.is_empty() {
        response.insert_header((UPLOAD_METADATA, upload.metadata.clone()));
    }
    if upload.status == status::OPEN {
        response.insert_header((tus::UPLOAD_EXPIRES, http_date(upload.expires_at_us)));
    }
    if let Some(evidence_id) = &upload.evidence_id {
        response.insert_header((tus::EVIDENCE_ID, evidence_id.clone()));
    }
    Ok(response.finish())
}
