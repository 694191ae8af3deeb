//! `POST /api/v1/devices/{id}/revoke`: an admin revokes a device of its units, an officer its
//! own phone. Records the device signs at or after the revocation instant are refused.

use super::DeviceView;
use crate::access::{self, Action, not_in_scope};
use crate::admin::{self, Subject};
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult, Problem, ProblemType};
use crate::log;
use crate::log::entry::action;
use crate::names::RowId;
use crate::state::AppState;
use crate::{clock, db};
use actix_web::web;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevokeDeviceRequest {
    /// From when the device's signatures are refused, microseconds since the Unix epoch:
    /// now when absent, or earlier (when the phone was lost), never in the future.
    #[serde(default, deserialize_with = "crate::names::integral::optional_i64")]
    pub revoked_at_us: Option<i64>,
}

#[utoipa::path(post, path = "/api/v1/devices/{id}/revoke", tag = "devices",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Device id", pattern = "^[0-9a-f-]{1,64}$")),
    request_body = RevokeDeviceRequest,
    responses(
        (status = 200, description = "The revoked device", body = DeviceView),
        (status = 403, description = "Role may not revoke devices", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown or outside the caller's scope", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already revoked", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Revocation time in the future or negative", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn revoke_device(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<RowId>,
    body: web::Json<serde_json::Map<String, serde_json::Value>>,
) -> ApiResult<web::Json<DeviceView>> {
    // The body must be a JSON object: serde's derive alone would also take `[]` for a request
    // whose every member is optional.
    let body: RevokeDeviceRequest =
        serde_json::from_value(serde_json::Value::Object(body.into_inner()))
            .map_err(|error| ApiError::new(ProblemType::InvalidJson, error.to_string()))?;
    let scope = access::scope(&caller, Action::RevokeDevice)?;
    let id = id.into_inner().into_string();
    let now_us = clock::now_us();
    let revoked_at_us = body.revoked_at_us.unwrap_or(now_us);
    if !(0..=now_us).contains(&revoked_at_us) {
        return Err(ApiError::invalid_input(
            "revoked_at_us must be between the epoch and now",
        ));
    }
    let device = log::commit(&state, move |conn, log| {
        admin::change(conn, log, &scope, action::DEVICE_REVOKE, now_us, |conn| {
            let mut device =
                db::devices::find_in(conn, &scope, &id)?.ok_or_else(|| not_in_scope("device"))?;
            if !db::devices::revoke(conn, &device.id, revoked_at_us, scope.actor())? {
                return Err(ApiError::conflict("the device is already revoked"));
            }
            device.revoked_at_us = Some(revoked_at_us);
            device.revoked_by = Some(scope.actor().to_owned());
            let subject = Subject::new(&device.id, &device.org_id);
            Ok((device, subject))
        })
    })
    .await?;
    Ok(web::Json(DeviceView::try_from(device)?))
}
