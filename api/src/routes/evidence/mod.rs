//! Evidence items: lookup by digest, one item, its bytes (single ranges, RFC 9530
//! `Repr-Digest`), its thumbnail, its custody events with inclusion proofs, and the custody
//! actions of supervisors and admins (seal, transfer, hold, release, dispose).
//!
//! Reading an item or its bytes is itself a custody event (`viewed`, `downloaded`), logged
//! before the answer leaves.

pub mod actions;
pub mod content;
pub mod custody;
pub mod list;
pub mod show;
pub mod thumbnail;

use crate::auth::Caller;
use crate::db::DbConnection;
use crate::db::evidence as items;
use crate::db::evidence::{Evidence, Media};
use crate::error::{ApiError, ApiResult};
use crate::evidence::custody::CustodyEvent;
use actix_web::{HttpRequest, web};
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

#[derive(OpenApi)]
#[openapi(paths(
    list::list,
    show::show,
    content::content,
    thumbnail::thumbnail,
    custody::custody,
    actions::seal,
    actions::transfer,
    actions::hold,
    actions::release,
    actions::dispose,
))]
struct EvidenceApi;

pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/api/v1/evidence").route(web::get().to(list::list)))
        .service(web::resource("/api/v1/evidence/{id}").route(web::get().to(show::show)))
        .service(
            web::resource("/api/v1/evidence/{id}/content").route(web::get().to(content::content)),
        )
        .service(
            web::resource("/api/v1/evidence/{id}/thumbnail")
                .route(web::get().to(thumbnail::thumbnail)),
        )
        .service(
            web::resource("/api/v1/evidence/{id}/custody").route(web::get().to(custody::custody)),
        )
        .service(web::resource("/api/v1/evidence/{id}/seal").route(web::post().to(actions::seal)))
        .service(
            web::resource("/api/v1/evidence/{id}/transfer")
                .route(web::post().to(actions::transfer)),
        )
        .service(web::resource("/api/v1/evidence/{id}/hold").route(web::post().to(actions::hold)))
        .service(
            web::resource("/api/v1/evidence/{id}/release").route(web::post().to(actions::release)),
        )
        .service(
            web::resource("/api/v1/evidence/{id}/dispose").route(web::post().to(actions::dispose)),
        );
}

pub fn api() -> utoipa::openapi::OpenApi {
    EvidenceApi::openapi()
}

/// What the server learned from the file.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MediaView {
    /// `pending`, `done`, `failed` or `none` (nothing to learn).
    pub status: String,
    pub width: Option<i32>,
    pub height: Option<i32>,
    pub duration_us: Option<i64>,
    pub exif_captured_at_us: Option<i64>,
    /// EXIF capture time minus the declared capture time.
    pub exif_skew_us: Option<i64>,
    pub lat_e7: Option<i32>,
    pub lon_e7: Option<i32>,
    pub thumbnail: bool,
}

/// One evidence item.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EvidenceView {
    pub id: String,
    /// Digest of the bytes received.
    pub sha256: String,
    /// Digest the capturing device declared; differs from `sha256` only when quarantined.
    pub declared_sha256: String,
    pub size: i64,
    pub kind: Option<String>,
    pub content_type: Option<String>,
    pub filename: Option<String>,
    /// `verified`, `quarantined` or `disposed`.
    pub status: String,
    pub sealed: bool,
    pub held: bool,
    pub org_id: String,
    pub uploader_id: String,
    pub officer_id: String,
    pub device_id: Option<String>,
    pub case_id: Option<String>,
    pub captured_at_us: Option<i64>,
    /// The device's clock when it created the upload.
    pub device_clock_us: Option<i64>,
    /// The server's clock when the last byte arrived.
    pub received_at_us: i64,
    /// Device clock minus server clock at upload creation.
    pub clock_skew_us: Option<i64>,
    /// Skew, a capture time in the future, or an EXIF time off the declared one, beyond the
    /// configured bound.
    pub clock_skew_flagged: bool,
    pub media: Option<MediaView>,
}

impl EvidenceView {
    pub fn new(item: Evidence, media: Option<Media>) -> EvidenceView {
        EvidenceView {
            id: item.id,
            sha256: item.sha256,
            declared_sha256: item.declared_sha256,
            size: item.size,
            kind: item.kind,
            content_type: item.content_type,
            filename: item.filename,
            status: item.status,
            sealed: item.sealed,
            held: item.held,
            org_id: item.org_id,
            uploader_id: item.uploader_id,
            officer_id: item.officer_id,
            device_id: item.device_id,
            case_id: item.case_id,
            captured_at_us: item.captured_at_us,
            device_clock_us: item.device_clock_us,
            received_at_us: item.received_at_us,
            clock_skew_us: item.clock_skew_us,
            clock_skew_flagged: item.clock_skew_flagged,
            media: media.map(|media| MediaView {
                status: media.status,
                width: media.width,
                height: media.height,
                duration_us: media.duration_us,
                exif_captured_at_us: media.exif_captured_at_us,
                exif_skew_us: media.exif_skew_us,
                lat_e7: media.lat_e7,
                lon_e7: media.lon_e7,
                thumbnail: media.thumbnail_key.is_some(),
            }),
        }
    }
}

/// The item as it now is, with its analysis.
pub fn view_of(conn: &mut DbConnection, id: &str) -> ApiResult<EvidenceView> {
    let (item, media) =
        items::with_media(conn, id)?.ok_or_else(|| ApiError::internal("item vanished"))?;
    Ok(EvidenceView::new(item, media))
}

/// Where a request came from: kept in the custody row, committed to by digest in the log.
#[derive(Debug, Clone)]
pub struct Client {
    pub address: String,
    pub user_agent: String,
}

impl Client {
    pub fn of(request: &HttpRequest) -> Client {
        Client {
            address: crate::client::address(request)
                .map_or_else(|| "unknown".to_owned(), |address| address.to_string()),
            user_agent: request
                .headers()
                .get(actix_web::http::header::USER_AGENT)
                .and_then(|value| value.to_str().ok())
                .unwrap_or_default()
                .to_owned(),
        }
    }
}

/// A custody event by `caller` on `item`, from `client`.
pub fn access_event(
    name: &'static str,
    caller: &Caller,
    item: &Evidence,
    client: &Client,
) -> CustodyEvent {
    CustodyEvent::new(name, crate::clock::now_us())
        .evidence(&item.id)
        .actor(&caller.user_id)
        .fact("sha256", item.sha256.as_str())
        .fact("role", caller.role.as_str())
        .detail("client", client.address.as_str())
        .detail("user_agent", client.user_agent.as_str())
}
