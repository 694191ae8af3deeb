//! `GET /api/v1/devices`: devices of the caller's units (admins, supervisors), or the
//! officer's own phones.

use super::DeviceView;
use crate::access::{self, Action};
use crate::auth::Caller;
use crate::db;
use crate::error::{ApiResult, Problem};
use crate::routes::listing::UnitListQuery;
use crate::state::AppState;
use actix_web::web;

#[utoipa::path(get, path = "/api/v1/devices", tag = "devices",
    security(("bearer" = [])),
    params(UnitListQuery),
    responses(
        (status = 200, description = "Devices in the caller's scope, in id order", body = Vec<DeviceView>),
        (status = 400, description = "Bad query", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's role reads no devices", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list_devices(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<UnitListQuery>,
) -> ApiResult<web::Json<Vec<DeviceView>>> {
    let scope = access::scope(&caller, Action::ReadDevices)?;
    let (org_id, page) = query.into_inner().parts()?;
    let devices = db::run(&state.pool, move |conn| {
        Ok(db::devices::list_in(
            conn,
            &scope,
            org_id.as_deref(),
            &page,
        )?)
    })
    .await?;
    devices
        .into_iter()
        .map(DeviceView::try_from)
        .collect::<ApiResult<_>>()
        .map(web::Json)
}
