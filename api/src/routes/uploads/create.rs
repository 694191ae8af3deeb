//! `POST /api/v1/uploads` (or `/api/v1/uploads/`): tus creation, optionally with the first bytes
//! (creation-with-upload). The caller must be an officer or a dock; a dock names the officer
//! who wore the recorder (`wearer`), who must belong to the dock's unit or one below it.

use super::{completion_response, http_date, location};
use crate::access::{self, Action};
use crate::auth::{Caller, Role};
use crate::db::scope::Scope;
use crate::db::uploads::{self, Upload, status};
use crate::db::{self, DbConnection, users};
use crate::error::{ApiError, ApiResult, Problem, ProblemType};
use crate::evidence::receive::receive;
use crate::evidence::tus::{self, EvidenceMetadata, UPLOAD_LENGTH, UPLOAD_METADATA};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use custos_core::digest::EvidenceHasher;

#[utoipa::path(post, path = "/api/v1/uploads", tag = "uploads",
    security(("bearer" = [])),
    params(
        ("Tus-Resumable" = String, Header, description = "1.0.0, the only tus version served", pattern = "^1[.]0[.]0$"),
        ("Upload-Length" = u64, Header, description = "Size of the whole file in bytes"),
        ("Upload-Metadata" = String, Header, description = "tus metadata: sha256 (required), filename, content_type, kind, captured_at_us, device_clock_us, device, wearer (docks), case"),
    ),
    responses(
        (status = 201, description = "Created; Location names the upload, Upload-Expires its deadline, Upload-Offset the bytes taken with creation-with-upload"),
        (status = 400, description = "Missing or malformed header or metadata, or a value out of its bounds (times 0 to 4102444799999999 µs, text up to 1024 bytes, ids up to 64 characters); the detail names the header or key", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only officers and docks upload", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Tus-Resumable is not 1.0.0", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than Tus-Max-Size", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "All bytes sent at creation and their digest differs from the declared sha256", body = Problem, content_type = "application/problem+json"),
        (status = 507, description = "Upload-Length does not fit above the free-space floor, or the disk is full; Retry-After", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    request: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<HttpResponse> {
    tus::require_version(&request)?;
    let scope = access::scope(&caller, Action::UploadEvidence)?;
    if request.headers().contains_key("Upload-Defer-Length") {
        return Err(ApiError::new(
            ProblemType::InvalidHeader,
            "creation-defer-length is not supported: send Upload-Length",
        ));
    }
    let length = tus::integer_header(&request, UPLOAD_LENGTH)?
        .ok_or_else(|| ApiError::new(ProblemType::InvalidHeader, "missing Upload-Length"))?;
    let max = state.config.evidence.upload_max_bytes;
    if length > max {
        return Err(ApiError::new(
            ProblemType::PayloadTooLarge,
            format!("Upload-Length {length} exceeds Tus-Max-Size {max}"),
        ));
    }
    // Refused now rather than after the client has sent bytes that cannot be kept.
    state.disk.fits(length).map_err(|shortage| match shortage {
        crate::disk::Shortage::Unreadable { .. } => ApiError::unavailable(shortage),
        _ => ApiError::insufficient_storage(shortage),
    })?;
    let raw_metadata = request
        .headers()
        .get(UPLOAD_METADATA)
        .map(|value| value.to_str().map(str::to_owned))
        .transpose()
        .map_err(|_| ApiError::new(ProblemType::InvalidHeader, "Upload-Metadata is not ASCII"))?
        .unwrap_or_default();
    let metadata = EvidenceMetadata::parse(&raw_metadata)
        .map_err(|detail| ApiError::new(ProblemType::InvalidHeader, detail))?;
    let declared = metadata.sha256.ok_or_else(|| {
        ApiError::new(
            ProblemType::InvalidHeader,
            "Upload-Metadata must carry sha256, the digest computed on the capturing device",
        )
    })?;
    let with_body = tus::has_offset_octet_stream(&request);
    let content_length = tus::integer_header(&request, "Content-Length")?;
    if !with_body && content_length.is_some_and(|n| n > 0) {
        return Err(ApiError::new(
            ProblemType::UnsupportedMediaType,
            "bytes sent at creation need Content-Type: application/offset+octet-stream",
        ));
    }
    let checksum = tus::checksum(&request)?;

    let now_us = crate::clock::now_us();
    let expires_at_us = now_us + state.config.evidence.upload_expiry_us;
    let upload = {
        let caller = caller.clone();
        db::run(&state.pool, move |conn| {
            let (officer_id, org_id) =
                attribution(conn, &caller, &scope, metadata.wearer.as_deref())?;
            let upload = Upload {
                id: db::new_id(),
                uploader_id: caller.user_id.clone(),
                officer_id,
                org_id,
                length: length as i64,
                upload_offset: 0,
                hash_state: EvidenceHasher::new().save_state().as_bytes().to_vec(),
                declared_sha256: declared.to_hex(),
                metadata: raw_metadata,
                filename: metadata.filename,
                content_type: metadata.content_type,
                kind: metadata.kind,
                captured_at_us: metadata.captured_at_us,
                device_clock_us: metadata.device_clock_us,
                device_id: metadata.device,
                case_id: metadata.case,
                status: status::OPEN.to_owned(),
                computed_sha256: None,
                evidence_id: None,
                staging_present: true,
                created_at_us: now_us,
                updated_at_us: now_us,
                expires_at_us,
            };
            db::write_transaction(conn, |conn| {
                uploads::insert(conn, &upload)?;
                crate::supervision::uploads::started(conn, &upload)
            })?;
            Ok(upload)
        })
        .await?
    };

    let mut response = HttpResponse::Created();
    response
        .insert_header(("Location", location(&upload.id)))
        .insert_header((tus::UPLOAD_EXPIRES, http_date(upload.expires_at_us)));
    // An empty file is complete at creation; otherwise bytes come with it or with PATCH.
    if !with_body && length > 0 {
        return Ok(response.finish());
    }
    let received = receive(&state, &upload, payload, checksum, content_length).await?;
    response.insert_header((tus::UPLOAD_OFFSET, received.offset.to_string()));
    if received.complete {
        return completion_response(&state, &upload.id, response).await;
    }
    Ok(response.finish())
}

/// The officer an upload is attributed to, and that officer's unit. A caller whose reach is
/// its own (an officer) uploads its own evidence; one that uploads for the units of its
/// scope (a dock) names the active officer who wore the recorder, found in that scope.
fn attribution(
    conn: &mut DbConnection,
    caller: &Caller,
    scope: &Scope,
    wearer: Option<&str>,
) -> ApiResult<(String, String)> {
    match (scope.only_user(), wearer) {
        (Some(own), None) => Ok((own.to_owned(), caller.org_id.clone())),
        (Some(own), Some(wearer)) if wearer == own => Ok((own.to_owned(), caller.org_id.clone())),
        (Some(_), Some(_)) => Err(ApiError::new(
            ProblemType::InvalidHeader,
            "an officer uploads its own evidence: wearer must be the officer or absent",
        )),
        (None, None) => Err(ApiError::new(
            ProblemType::InvalidHeader,
            "a dock must name the officer who wore the recorder (metadata wearer)",
        )),
        (None, Some(wearer)) => users::find_in(conn, scope, wearer)?
            .filter(|user| user.active && user.role == Role::Officer.as_str())
            .map(|officer| (officer.id, officer.org_id))
            .ok_or_else(|| {
                ApiError::new(
                    ProblemType::InvalidHeader,
                    format!("wearer {wearer} is not an active officer of the dock's unit or below"),
                )
            }),
    }
}
