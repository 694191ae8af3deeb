//! A unit's rule data: what its phones and the server check records against. The rule
//! configuration (mandatory recording acts, discretion benchmarks, major case categories,
//! hearing thresholds) as custos-core's `OrganisationConfig`, and the working-day calendar
//! deadlines are counted on as custos-core's `WorkingCalendar`.

pub mod calendar_read;
pub mod calendar_set;
pub mod read;
pub mod set;

use crate::access::not_in_scope;
use crate::admin::{self, Subject};
use crate::clock;
use crate::db::DbResult;
use crate::db::{self, DbConnection, scope::Scope};
use crate::error::ApiResult;
use crate::log;
use crate::state::AppState;
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
    /// custos-core `OrganisationConfig` (its members are listed in `docs/rules.md`). A unit
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

/// Stores `text` as the rule data of unit `id` through `store`, in one admin change logged
/// as `action`; the unit's id, once it is known to be in `scope`.
async fn store_for_unit(
    state: &AppState,
    scope: Scope,
    id: String,
    action: &'static str,
    text: String,
    store: fn(&mut DbConnection, &str, &str, i64) -> DbResult<()>,
) -> ApiResult<String> {
    let now_us = clock::now_us();
    log::commit(state, move |conn, log| {
        admin::change(conn, log, &scope, action, now_us, |conn| {
            let org = db::orgs::find_in(conn, &scope, &id)?
                .ok_or_else(|| not_in_scope("organisation"))?;
            store(conn, &org.id, &text, now_us)?;
            let subject = Subject {
                id: org.id.clone(),
                org: org.id.clone(),
                role: None,
            };
            Ok((org.id, subject))
        })
    })
    .await
}
