//! `POST /api/v1/devices`: an admin enrols a phone, recorder or dock of one of its units; an
//! officer enrols its own phone in its own unit.

use super::DeviceView;
use crate::access::{self, Action, not_in_scope};
use crate::admin::{self, Subject};
use crate::auth::Caller;
use crate::clock;
use crate::db;
use crate::db::devices::DeviceRow;
use crate::devices::DeviceKind;
use crate::error::{ApiError, ApiResult, Problem};
use crate::log;
use crate::log::entry::action;
use crate::names::RowId;
use crate::state::AppState;
use actix_web::{HttpResponse, web};
use custos_core::device::DevicePublicKey;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnrolDeviceRequest {
    /// Base64 of the 32 raw Ed25519 public key bytes (canonical, padded).
    pub public_key: String,
    pub kind: DeviceKind,
    /// The unit the device belongs to.
    #[schema(value_type = String, pattern = "^[0-9a-f-]{1,64}$")]
    pub org_id: RowId,
    /// The officer whose phone it is (admins only; an officer enrolling owns the phone).
    #[schema(value_type = Option<String>, pattern = "^[0-9a-f-]{1,64}$")]
    pub owner_id: Option<RowId>,
}

#[utoipa::path(post, path = "/api/v1/devices", tag = "devices",
    security(("bearer" = [])),
    request_body = EnrolDeviceRequest,
    responses(
        (status = 201, description = "Device enrolled", body = DeviceView),
        (status = 403, description = "Role may not enrol this device", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unit or owner unknown or outside the caller's units", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Key already enrolled", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid public key or owner", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn enrol_device(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<EnrolDeviceRequest>,
) -> ApiResult<HttpResponse> {
    let scope = access::scope(&caller, Action::EnrolDevice)?;
    let request = body.into_inner();
    let public_key = DevicePublicKey::from_base64(&request.public_key)
        .map_err(|error| ApiError::invalid_input(format!("public_key: {error}")))?;
    // An officer enrols only its own phone, in its own unit.
    let owner_id = match scope.only_user() {
        None => request.owner_id.map(RowId::into_string),
        Some(officer) => {
            let own_phone = request.kind == DeviceKind::Phone
                && request.org_id.as_str() == scope.org_id()
                && request
                    .owner_id
                    .as_deref()
                    .is_none_or(|owner| owner == officer);
            if !own_phone {
                return Err(ApiError::forbidden(
                    "an officer enrols only its own phone, in its own unit",
                ));
            }
            Some(officer.to_owned())
        }
    };
    let now_us = clock::now_us();
    let device = log::commit(&state, move |conn, log| {
        admin::change(conn, log, &scope, action::DEVICE_ENROL, now_us, |conn| {
            let org = db::orgs::find_in(conn, &scope, &request.org_id)?
                .ok_or_else(|| not_in_scope("organisation"))?;
            if let Some(owner_id) = &owner_id {
                let owner = db::users::find_in(conn, &scope, owner_id)?
                    .ok_or_else(|| not_in_scope("owner"))?;
                if owner.org_id != org.id || !owner.active {
                    return Err(ApiError::invalid_input(
                        "the owner must be an active user of the device's unit",
                    ));
                }
            }
            let row = DeviceRow {
                id: public_key.device_id().to_string(),
                public_key: public_key.to_base64(),
                kind: request.kind.as_str().to_owned(),
                org_id: org.id,
                owner_id,
                enrolled_by: scope.actor().to_owned(),
                enrolled_at_us: now_us,
                revoked_at_us: None,
                revoked_by: None,
            };
            db::insert_unique(conn, |conn| db::devices::insert(conn, &row))?
                .ok_or_else(|| ApiError::conflict("this key is already enrolled"))?;
            let subject = Subject::new(&row.id, &row.org_id);
            Ok((row, subject))
        })
    })
    .await?;
    Ok(HttpResponse::Created().json(DeviceView::try_from(device)?))
}
