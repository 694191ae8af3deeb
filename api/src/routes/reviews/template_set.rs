//! `PUT /api/v1/orgs/{id}/evaluation-template`: an admin sets a new version of a 案卷评查 scoring
//! template on a unit (in force there and in the units below that set none). Logged as an
//! admin entry; a version already set is never changed.

use super::TemplateView;
use super::template_read::view_of;
use crate::access::{self, Action, not_in_scope};
use crate::admin::{self, Subject};
use crate::auth::Caller;
use crate::clock;
use crate::db;
use crate::error::{ApiError, ApiResult, Problem};
use crate::log::{self, entry::action};
use crate::state::AppState;
use crate::supervision::templates;
use actix_web::web;
use custos_core::supervision::evaluation::Template;

#[utoipa::path(put, path = "/api/v1/orgs/{id}/evaluation-template", tag = "supervision",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Organisation id", pattern = "^[0-9a-f-]{1,64}$")),
    request_body(content = Template, description = "custos-core evaluation Template (docs/supervision.md)"),
    responses(
        (status = 200, description = "The template now in force and the versions available", body = TemplateView),
        (status = 403, description = "Caller is not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown or outside the caller's units", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a valid template, or a version already set with other content (the field is named)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn set_template(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: web::Json<serde_json::Value>,
) -> ApiResult<web::Json<TemplateView>> {
    let scope = access::scope(&caller, Action::ConfigureRules)?;
    let id = id.into_inner();
    // A template is hashed (its version is named by the SHA-256 of its canonical JSON), so it
    // takes integers only: `5.0`, an integer to JSON Schema, is refused as 422 naming the
    // member rather than read as 5 (CONTRACT.md section 3), like any other unfit member.
    let template = Template::from_value(body.into_inner())
        .map_err(|error| ApiError::invalid_input(format!("template: {error}")))?;
    let now_us = clock::now_us();
    let view = log::commit(&state, move |conn, log| {
        let org =
            db::orgs::find_in(conn, &scope, &id)?.ok_or_else(|| not_in_scope("organisation"))?;
        if templates::check_new(conn, &org, &template)? {
            admin::change(
                conn,
                log,
                &scope,
                action::ORG_EVALUATION_TEMPLATE,
                now_us,
                |conn| {
                    templates::set(conn, &org, &template, now_us)?;
                    Ok(((), Subject::new(&org.id, &org.id)))
                },
            )?;
        }
        view_of(conn, org)
    })
    .await?;
    Ok(web::Json(view))
}
