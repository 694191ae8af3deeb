//! `GET /api/v1/devices/{id}`: one device in the caller's scope.

use super::DeviceView;
use crate::access::{self, Action, not_in_scope};
use crate::auth::Caller;
use crate::db;
use crate::error::{ApiResult, Problem};
use crate::names::RowId;
use crate::state::AppState;
use actix_web::web;

#[utoipa::path(get, path = "/api/v1/devices/{id}", tag = "devices",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Device id", pattern = "^[0-9a-f-]{1,64}$")),
    responses(
        (status = 200, description = "The device", body = DeviceView),
        (status = 403, description = "The caller's role reads no devices", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown or outside the caller's scope", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn read_device(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<RowId>,
) -> ApiResult<web::Json<DeviceView>> {
    let scope = access::scope(&caller, Action::ReadDevices)?;
    let id = id.into_inner().into_string();
    let device = db::run(&state.pool, move |conn| {
        db::devices::find_in(conn, &scope, &id)?.ok_or_else(|| not_in_scope("device"))
    })
    .await?;
    Ok(web::Json(DeviceView::try_from(device)?))
}
