//! `PUT /api/v1/orgs/{id}/rules`: an admin sets a unit's rule configuration (it applies to
//! the unit and the units below it that have none of their own). Logged as an admin entry.

use super::{RulesView, store_for_unit};
use crate::access::{self, Action};
use crate::auth::Caller;
use crate::db;
use crate::error::{ApiError, ApiResult, Problem};
use crate::log::entry::action;
use crate::recording::context::parse_config;
use crate::state::AppState;
use actix_web::web;
use custos_core::rules::OrganisationConfig;
use serde_json::Value;

#[utoipa::path(put, path = "/api/v1/orgs/{id}/rules", tag = "orgs",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Organisation id", pattern = "^[0-9a-f-]{1,64}$")),
    request_body(content = Object, description = "custos-core OrganisationConfig"),
    responses(
        (status = 200, description = "The configuration now in force", body = RulesView),
        (status = 403, description = "Caller is not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown or outside the caller's units", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a valid configuration", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn set_rules(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: web::Json<Value>,
) -> ApiResult<web::Json<RulesView>> {
    let scope = access::scope(&caller, Action::ConfigureRules)?;
    let id = id.into_inner();
    let body = body.into_inner();
    let Value::Object(members) = &body else {
        return Err(ApiError::invalid_input("rules must be a JSON object"));
    };
    if let Some(unknown) = members
        .keys()
        .find(|k| !OrganisationConfig::MEMBERS.contains(&k.as_str()))
    {
        return Err(ApiError::invalid_input(format!(
            "unknown rule setting {unknown:?}"
        )));
    }
    // Each member on its own first, so a refusal names the member it is about.
    for (name, value) in members {
        let single = serde_json::json!({ name: value });
        parse_config(&single.to_string())
            .map_err(|error| ApiError::invalid_input(format!("rules: {name}: {error}")))?;
    }
    let config = parse_config(&body.to_string())
        .map_err(|error| ApiError::invalid_input(format!("rules: {error}")))?;
    config
        .validate()
        .map_err(|error| ApiError::invalid_input(format!("rules: {error}")))?;
    config
        .publicity
        .validate()
        .map_err(|error| ApiError::invalid_input(format!("rules: publicity: {error}")))?;
    let text = serde_json::to_string(&config).map_err(ApiError::internal)?;
    let org_id = store_for_unit(
        &state,
        scope,
        id,
        action::ORG_RULES,
        text,
        db::org_rules::set,
    )
    .await?;
    Ok(web::Json(RulesView {
        org_id,
        config: serde_json::to_value(&config).map_err(ApiError::internal)?,
    }))
}
