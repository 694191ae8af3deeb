//! 案卷评查 (case-file evaluation): a unit's scoring templates, and review campaigns (评查活动)
//! with their manual scores, closing and 通报.

pub mod close;
pub mod list;
pub mod open;
pub mod score;
pub mod show;
pub mod template_read;
pub mod template_set;

use crate::supervision::templates::TemplateVersion;
use actix_web::web;
use custos_core::supervision::evaluation::Template;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

#[derive(OpenApi)]
#[openapi(paths(
    template_read::read_template,
    template_set::set_template,
    open::open,
    list::list,
    show::show,
    score::score,
    close::close
))]
struct ReviewsApi;

pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/api/v1/orgs/{id}/evaluation-template")
            .route(web::get().to(template_read::read_template))
            .route(web::put().to(template_set::set_template)),
    )
    .service(
        web::resource("/api/v1/supervision/reviews")
            .route(web::get().to(list::list))
            .route(web::post().to(open::open)),
    )
    .service(web::resource("/api/v1/supervision/reviews/{id}").route(web::get().to(show::show)))
    .service(
        web::resource("/api/v1/supervision/reviews/{id}/scores")
            .route(web::post().to(score::score)),
    )
    .service(
        web::resource("/api/v1/supervision/reviews/{id}/close").route(web::post().to(close::close)),
    );
}

pub fn api() -> utoipa::openapi::OpenApi {
    ReviewsApi::openapi()
}

/// The scoring template in force for a unit and the versions its campaigns may name.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TemplateView {
    pub org_id: String,
    /// The version in force: set last by the nearest unit on the line that set one, else the
    /// built-in default.
    pub in_force: TemplateVersion,
    pub template: Template,
    /// Every version a campaign of this unit may name: the built-in default, then those set on
    /// the unit and the units above it, oldest first.
    pub versions: Vec<TemplateVersion>,
}
