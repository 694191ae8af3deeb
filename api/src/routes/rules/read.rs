//! `GET /api/v1/orgs/{id}/rules`: the rule configuration in force for a unit, for anyone who
//! sees the unit (a phone fetches it to check records offline exactly as the server does).

use super::RulesView;
use crate::access::{self, Action, not_in_scope};
use crate::auth::Caller;
use crate::db;
use crate::error::{ApiError, ApiResult, Problem};
use crate::recording::context::ContextReader;
use crate::state::AppState;
use actix_web::web;

#[utoipa::path(get, path = "/api/v1/orgs/{id}/rules", tag = "orgs",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Organisation id", pattern = "^[0-9a-f-]{1,64}$")),
    responses(
        (status = 200, description = "The configuration in force", body = RulesView),
        (status = 404, description = "Unknown or outside the caller's units", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn read_rules(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> ApiResult<web::Json<RulesView>> {
    let scope = access::scope(&caller, Action::ReadOrgs)?;
    let id = id.into_inner();
    let view = db::run(&state.pool, move |conn| {
        let org =
            db::orgs::find_in(conn, &scope, &id)?.ok_or_else(|| not_in_scope("organisation"))?;
        let config = ContextReader::default().unit(conn, &org.path)?.config;
        Ok(RulesView {
            org_id: org.id,
            config: serde_json::to_value(config).map_err(ApiError::internal)?,
        })
    })
    .await?;
    Ok(web::Json(view))
}
