//! tus 1.0.0 resumable uploads at `/api/v1/uploads` (creation, creation-with-upload,
//! termination, expiration, checksum), for officers and docks.

pub mod create;
pub mod delete;
pub mod head;
pub mod options;
pub mod patch;

use crate::access::{self, Action};
use crate::auth::Caller;
use crate::db::uploads::{self, Upload, status};
use crate::db::{self};
use crate::error::{ApiError, ApiResult, ProblemType};
use crate::evidence::tus::{self, TUS_RESUMABLE, TUS_VERSION};
use crate::evidence::{finish, worker};
use crate::state::AppState;
use actix_web::http::header::HttpDate;
use actix_web::middleware::DefaultHeaders;
use actix_web::{HttpResponse, web};
use std::time::{Duration, UNIX_EPOCH};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(paths(
    options::options,
    options::options_upload,
    create::create,
    head::head,
    patch::patch,
    delete::delete
))]
struct UploadsApi;

pub fn config(cfg: &mut web::ServiceConfig) {
    // tus section 3.2: every response names the protocol version, errors included.
    let tus_headers = || DefaultHeaders::new().add((TUS_RESUMABLE, TUS_VERSION));
    // tus clients configured like tusd's `/files/` create at the collection with a trailing
    // slash; both spellings are the same resource.
    cfg.service(
        web::resource(["/api/v1/uploads", "/api/v1/uploads/"])
            .wrap(tus_headers())
            .route(web::method(actix_web::http::Method::OPTIONS).to(options::options))
            .route(web::post().to(create::create)),
    )
    .service(
        web::resource("/api/v1/uploads/{id}")
            .wrap(tus_headers())
            .route(web::method(actix_web::http::Method::OPTIONS).to(options::options_upload))
            .route(web::head().to(head::head))
            .route(web::patch().to(patch::patch))
            .route(web::delete().to(delete::delete)),
    );
}

pub fn api() -> utoipa::openapi::OpenApi {
    UploadsApi::openapi()
}

/// The location of an upload, relative to the server (tus allows relative URLs).
pub fn location(id: &str) -> String {
    format!("/api/v1/uploads/{id}")
}

/// `Upload-Expires` (expiration extension): an RFC 9110 HTTP-date.
pub fn http_date(at_us: i64) -> String {
    HttpDate::from(UNIX_EPOCH + Duration::from_micros(at_us.max(0) as u64)).to_string()
}

/// The upload `id` if the caller may do `action` on it (uploads are not shared: its
/// uploader's), in a state that still accepts requests; 404 for any other, 410 once
/// terminated or expired.
pub async fn upload_in_reach(
    state: &AppState,
    caller: &Caller,
    action: Action,
    id: String,
) -> ApiResult<Upload> {
    let scope = access::scope(caller, action)?;
    let lookup = id.clone();
    let upload = db::run(&state.pool, move |conn| {
        Ok(uploads::find_in(conn, &scope, &lookup)?)
    })
    .await?
    .ok_or_else(|| access::not_in_scope("upload"))?;
    let gone = |what: &str| ApiError::new(ProblemType::Gone, format!("upload {id} was {what}"));
    match upload.status.as_str() {
        status::TERMINATED => Err(gone("terminated")),
        status::EXPIRED => Err(gone("expired")),
        status::OPEN if upload.expires_at_us <= crate::clock::now_us() => {
            worker::expire(state, &upload.id, None).await?;
            Err(gone("expired"))
        }
        _ => Ok(upload),
    }
}

/// The response to the request that completed an upload: 204 with the item's id when the
/// digest matched the declared one; 422 naming the item it is quarantined as otherwise,
/// `digest-mismatch` naming both digests, or `metadata-refused` naming the key whose stored
/// value no log entry can hold.
pub async fn completion_response(
    state: &AppState,
    upload_id: &str,
    mut success: actix_web::HttpResponseBuilder,
) -> ApiResult<HttpResponse> {
    let finish::Finished { item, refused } = finish::finish(state, upload_id).await?;
    if item.status != crate::db::evidence::status::QUARANTINED {
        return Ok(success.insert_header((tus::EVIDENCE_ID, item.id)).finish());
    }
    let error = match refused {
        Some(key) => ApiError::new(
            ProblemType::MetadataRefused,
            format!(
                "{}; this upload was stored with it before it was checked at creation, so its \
                 bytes are kept as quarantined item {}",
                tus::time_error(key),
                item.id
            ),
        ),
        None => ApiError::new(
            ProblemType::DigestMismatch,
            format!(
                "received bytes have sha256 {}, the device declared {}; kept as quarantined item {}",
                item.sha256, item.declared_sha256, item.id
            ),
        ),
    };
    let mut response = actix_web::ResponseError::error_response(&error);
    response.headers_mut().insert(
        actix_web::http::header::HeaderName::from_static("custos-evidence-id"),
        actix_web::http::header::HeaderValue::from_str(&item.id).map_err(ApiError::internal)?,
    );
    response.headers_mut().insert(
        actix_web::http::header::HeaderName::from_static("upload-offset"),
        item.size.into(),
    );
    Ok(response)
}
