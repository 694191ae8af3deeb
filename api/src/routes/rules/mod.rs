//! A unit's rule configuration: what its phones and the server check records against
//! (mandatory recording acts, discretion benchmarks, major case categories, hearing
//! thresholds), as custos-core's `OrganisationConfig`.

pub mod read;
pub mod set;

use actix_web::web;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

#[derive(OpenApi)]
#[openapi(paths(read::read_rules, set::set_rules))]
struct RulesApi;

pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/api/v1/orgs/{id}/rules")
            .route(web::get().to(read::read_rules))
            .route(web::put().to(set::set_rules)),
    );
}

pub fn api() -> utoipa::openapi::OpenApi {
    RulesApi::openapi()
}

/// The configuration in force for a unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RulesView {
    pub org_id: String,
    /// custos-core `OrganisationConfig`: `mandatory_recording_acts`, `discretion_benchmarks`,
    /// `major_case_categories`, `hearing_thresholds`, `extra_hearing_sanctions`. A unit
    /// without its own uses its nearest ancestor's; none at all means the defaults.
    #[schema(value_type = Object)]
    pub config: serde_json::Value,
}
