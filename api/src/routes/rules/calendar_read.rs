//! `GET /api/v1/orgs/{id}/calendar`: the working-day calendar in force for a unit, for anyone
//! who sees the unit (a phone fetches it to count deadlines offline as the server does).

use super::CalendarView;
use crate::access::{self, Action, not_in_scope};
use crate::auth::Caller;
use crate::db;
use crate::error::{ApiError, ApiResult, Problem};
use crate::recording::context::ContextReader;
use crate::state::AppState;
use actix_web::web;

#[utoipa::path(get, path = "/api/v1/orgs/{id}/calendar", tag = "orgs",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Organisation id", pattern = "^[0-9a-f-]{1,64}$")),
    responses(
        (status = 200, description = "The calendar in force", body = CalendarView),
        (status = 404, description = "Unknown or outside the caller's units", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn read_calendar(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> ApiResult<web::Json<CalendarView>> {
    let scope = access::scope(&caller, Action::ReadOrgs)?;
    let id = id.into_inner();
    let view = db::run(&state.pool, move |conn| {
        let org =
            db::orgs::find_in(conn, &scope, &id)?.ok_or_else(|| not_in_scope("organisation"))?;
        let context = ContextReader::default().unit(conn, &org.path)?;
        Ok(CalendarView {
            org_id: org.id,
            calendar: serde_json::to_value(context.calendar()).map_err(ApiError::internal)?,
        })
    })
    .await?;
    Ok(web::Json(view))
}
