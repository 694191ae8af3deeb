//! Device routes: enrolment of phones, body-worn recorders and docks with their Ed25519 keys,
//! reading them in scope, and revocation.

pub mod enrol;
pub mod list;
pub mod read;
pub mod revoke;

use crate::db::devices::DeviceRow;
use crate::devices::{DeviceKind, enrolled_device};
use crate::error::{ApiError, ApiResult};
use actix_web::web;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

#[derive(OpenApi)]
#[openapi(paths(
    enrol::enrol_device,
    list::list_devices,
    read::read_device,
    revoke::revoke_device
))]
struct DevicesApi;

pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/api/v1/devices")
            .route(web::post().to(enrol::enrol_device))
            .route(web::get().to(list::list_devices)),
    )
    .service(web::resource("/api/v1/devices/{id}").route(web::get().to(read::read_device)))
    .service(
        web::resource("/api/v1/devices/{id}/revoke").route(web::post().to(revoke::revoke_device)),
    );
}

pub fn api() -> utoipa::openapi::OpenApi {
    DevicesApi::openapi()
}

/// An enrolled device as clients see it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DeviceView {
    /// Device id: the first 32 hex characters of SHA-256 of the raw public key.
    pub id: String,
    /// Base64 of the 32 raw Ed25519 public key bytes.
    pub public_key: String,
    pub kind: DeviceKind,
    pub org_id: String,
    /// The officer whose phone it is, if any.
    pub owner_id: Option<String>,
    pub enrolled_at_us: i64,
    /// Signatures made at or after this instant are refused.
    pub revoked_at_us: Option<i64>,
}

impl TryFrom<DeviceRow> for DeviceView {
    type Error = ApiError;

    fn try_from(row: DeviceRow) -> ApiResult<DeviceView> {
        let device = enrolled_device(row).map_err(ApiError::internal)?;
        Ok(DeviceView {
            id: device.id.to_string(),
            public_key: device.public_key.to_base64(),
            kind: device.kind,
            org_id: device.org_id,
            owner_id: device.owner_id,
            enrolled_at_us: device.enrolled_at_us,
            revoked_at_us: device.revoked_at_us,
        })
    }
}
