//! `GET /api/v1/orgs/{id}/evaluation-template`: the 案卷评查 scoring template in force for a unit
//! and every version its campaigns may name, for the auditors of the unit line.

use super::TemplateView;
use crate::access::{self, Action, not_in_scope};
use crate::auth::Caller;
use crate::db::{self, DbConnection, orgs::Organisation};
use crate::error::{ApiError, ApiResult, Problem};
use crate::state::AppState;
use crate::supervision::templates;
use actix_web::web;

#[utoipa::path(get, path = "/api/v1/orgs/{id}/evaluation-template", tag = "supervision",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Organisation id", pattern = "^[0-9a-f-]{1,64}$")),
    responses(
        (status = 200, description = "The template in force and the versions available (docs/supervision.md)", body = TemplateView),
        (status = 403, description = "The caller's role does not read scores", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown or outside the caller's units", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn read_template(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> ApiResult<web::Json<TemplateView>> {
    let scope = access::scope(&caller, Action::ReadScores)?;
    let id = id.into_inner();
    let view = db::run(&state.pool, move |conn| {
        let org =
            db::orgs::find_in(conn, &scope, &id)?.ok_or_else(|| not_in_scope("organisation"))?;
        view_of(conn, org)
    })
    .await?;
    Ok(web::Json(view))
}

/// What the unit `org` has in force and available.
pub fn view_of(conn: &mut DbConnection, org: Organisation) -> Result<TemplateView, ApiError> {
    let chosen = templates::in_force(conn, &org.path)?;
    Ok(TemplateView {
        versions: templates::available(conn, &org.path)?,
        org_id: org.id,
        in_force: chosen.version,
        template: chosen.template,
    })
}
