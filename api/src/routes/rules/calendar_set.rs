//! `PUT /api/v1/orgs/{id}/calendar`: an admin replaces a unit's working-day calendar (each
//! year, when the State Council publishes the holidays and make-up working days); it applies
//! to the unit and the units below it that have none of their own. Logged as an admin entry.

use super::{CalendarView, store_for_unit};
use crate::access::{self, Action};
use crate::auth::Caller;
use crate::db;
use crate::error::{ApiError, ApiResult, Problem};
use crate::log::entry::action;
use crate::state::AppState;
use actix_web::web;
use custos_core::rules::WorkingCalendar;
use serde_json::Value;

#[utoipa::path(put, path = "/api/v1/orgs/{id}/calendar", tag = "orgs",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Organisation id", pattern = "^[0-9a-f-]{1,64}$")),
    request_body(content = Object, description = "custos-core WorkingCalendar, as core/data/holidays-cn.json"),
    responses(
        (status = 200, description = "The calendar now in force", body = CalendarView),
        (status = 403, description = "Caller is not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown or outside the caller's units", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a valid calendar", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn set_calendar(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: web::Json<Value>,
) -> ApiResult<web::Json<CalendarView>> {
    let scope = access::scope(&caller, Action::ConfigureRules)?;
    let id = id.into_inner();
    let calendar = WorkingCalendar::from_json(&body.into_inner().to_string())
        .map_err(|error| ApiError::invalid_input(format!("calendar: {error}")))?;
    let text = serde_json::to_string(&calendar).map_err(ApiError::internal)?;
    let org_id = store_for_unit(
        &state,
        scope,
        id,
        action::ORG_CALENDAR,
        text,
        db::org_rules::set_calendar,
    )
    .await?;
    Ok(web::Json(CalendarView {
        org_id,
        calendar: serde_json::to_value(&calendar).map_err(ApiError::internal)?,
    }))
}
