//! A unit's rule data: what its phones and the server check records against. The rule
//! configuration (mandatory recording acts, discretion benchmarks, major case categories,
//! hearing thresholds) as custos-core's `OrganisationConfig`, and the working-day calendar
//! deadlines are counted on as custos-core's `WorkingCalendar`.

pub mod calendar_read;
pub mod calendar_set;
pub mod read;
pub mod set;

use actix_web::web;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

#[derive(OpenApi)]
#[openapi(paths(
    read::read_rules,
    set::set_rules,
    calendar_read::read_calendar,
    calendar_set::set_calendar
))]
struct RulesApi;

pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/api/v1/orgs/{id}/rules")
            .route(web::get().to(read::read_rules))
            .route(web::put().to(set::set_rules)),
    )
    .service(
        web::resource("/api/v1/orgs/{id}/calendar")
            .route(web::get().to(calendar_read::read_calendar))
            .route(web::put().to(calendar_set::set_calendar)),
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

/// The working-day calendar in force for a unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CalendarView {
    pub org_id: String,
    /// custos-core `WorkingCalendar`, in the form of core/data/holidays-cn.json: `name`,
    /// `sources`, `utc_offset_minutes`, `years`, `holidays` (`name`, `from`, `to`) and
    /// `workdays` (`name`, `date`). A unit without its own uses its nearest ancestor's; none
    /// at all means the calendar built into custos-core.
    #[schema(value_type = Object)]
    pub calendar: serde_json::Value,
}
