//! Supervision (监督): what needs attention in the units below (督办) and their enforcement
//! statistics (执法行为统计), and the automatic score of a case file (案卷评查).

pub mod acknowledge;
pub mod attention;
pub mod score;
pub mod stats;

use actix_web::web;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(paths(
    attention::attention,
    acknowledge::acknowledge,
    stats::stats,
    score::score
))]
struct SupervisionApi;

pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/api/v1/supervision/attention").route(web::get().to(attention::attention)),
    )
    .service(
        web::resource("/api/v1/supervision/attention/{id}/acknowledgement")
            .route(web::post().to(acknowledge::acknowledge)),
    )
    .service(web::resource("/api/v1/stats").route(web::get().to(stats::stats)))
    .service(web::resource("/api/v1/cases/{id}/score").route(web::get().to(score::score)));
}

pub fn api() -> utoipa::openapi::OpenApi {
    SupervisionApi::openapi()
}
