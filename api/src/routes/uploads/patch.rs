//! `PATCH /api/v1/uploads/{id}`: appends bytes at the durable offset (tus section 3.2.2),
//! with an optional `Upload-Checksum` over the body (checksum extension).

use super::{completion_response, http_date, upload_in_reach};
use crate::access::Action;
use crate::auth::Caller;
use crate::db::uploads::status;
use crate::error::{ApiError, ApiResult, Problem, ProblemType};
use crate::evidence::receive::receive;
use crate::evidence::tus::{self, UPLOAD_OFFSET};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, web};

#[utoipa::path(patch, path = "/api/v1/uploads/{id}", tag = "uploads",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "Upload id", pattern = "^[0-9a-f-]{1,64}$"),
        ("Tus-Resumable" = String, Header, description = "1.0.0, the only tus version served", pattern = "^1[.]0[.]0$"),
        ("Upload-Offset" = u64, Header, description = "Must equal the offset HEAD reports"),
        ("Upload-Checksum" = Option<String>, Header, description = "sha256 <base64> of this request's body", nullable = false, pattern = "^sha256 [A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$"),
    ),
    request_body(content = Vec<u8>, content_type = "application/offset+octet-stream"),
    responses(
        (status = 204, description = "Appended; Upload-Offset is the new durable offset; Custos-Evidence-Id when this completed a verified upload"),
        (status = 409, description = "Upload-Offset differs from the upload's offset", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "Terminated or expired", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body goes past Upload-Length", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Content-Type is not application/offset+octet-stream", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The upload is complete and kept as a quarantined item (Custos-Evidence-Id): digest-mismatch when its digest differs from the declared sha256, metadata-refused when it was stored with a time no log entry can hold", body = Problem, content_type = "application/problem+json"),
        (status = 423, description = "Another request is writing this upload", body = Problem, content_type = "application/problem+json"),
        (status = 460, description = "The body does not match Upload-Checksum; nothing appended", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn patch(
    request: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    tus::require_version(&request)?;
    if !tus::has_offset_octet_stream(&request) {
        return Err(ApiError::new(
            ProblemType::UnsupportedMediaType,
            "PATCH bodies must be Content-Type: application/offset+octet-stream",
        ));
    }
    let client_offset = tus::integer_header(&request, UPLOAD_OFFSET)?
        .ok_or_else(|| ApiError::new(ProblemType::InvalidHeader, "missing Upload-Offset"))?;
    let checksum = tus::checksum(&request)?;
    let content_length = tus::integer_header(&request, "Content-Length")?;
    let upload = upload_in_reach(&state, &caller, Action::WriteUpload, path.into_inner()).await?;
    if client_offset != upload.upload_offset as u64 {
        return Err(ApiError::conflict(format!(
            "Upload-Offset {client_offset} differs from the upload's offset {}",
            upload.upload_offset
        )));
    }
    let mut response = HttpResponse::NoContent();
    if upload.status != status::OPEN {
        // Every byte is in: this request only learns (or completes) the outcome.
        response.insert_header((UPLOAD_OFFSET, upload.upload_offset.to_string()));
        return completion_response(&state, &upload.id, response).await;
    }
    let received = receive(&state, &upload, payload, checksum, content_length).await?;
    response.insert_header((UPLOAD_OFFSET, received.offset.to_string()));
    if received.complete {
        return completion_response(&state, &upload.id, response).await;
    }
    response.insert_header((tus::UPLOAD_EXPIRES, http_date(upload.expires_at_us)));
    Ok(response.finish())
}
