//! Publicity (执法公示): reviewers and admins see the decided cases waiting for publication and
//! the withdrawals due, approve notices and withdraw them; anyone reads what is published,
//! with its log leaves, and the lists a unit publishes without a case (officers, discretion
//! benchmarks, powers, non-site enforcement devices, yearly statistics).

pub mod feed;
pub mod lists;
pub mod pending;
pub mod public;
pub mod publish;
pub mod statistics;
pub mod withdraw;

use crate::routes::conditional::get_or_head;
use actix_web::web;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(paths(
    pending::pending,
    publish::publish,
    withdraw::withdraw,
    public::public_decisions,
    public::public_decision,
    lists::public_officers,
    lists::public_benchmarks,
    lists::public_monitoring_devices,
    feed::feed,
    statistics::public_statistics,
))]
struct PublicityApi;

/// The public routes answer HEAD like GET (`get_or_head`), for mirrors checking for changes.
pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/api/v1/publications").route(web::post().to(publish::publish)))
        .service(
            web::resource("/api/v1/publications/pending").route(web::get().to(pending::pending)),
        )
        .service(
            web::resource("/api/v1/publications/{id}/withdrawal")
                .route(web::post().to(withdraw::withdraw)),
        )
        .service(
            web::resource("/api/v1/public/decisions")
                .route(get_or_head().to(public::public_decisions)),
        )
        .service(
            web::resource("/api/v1/public/decisions/{id}")
                .route(get_or_head().to(public::public_decision)),
        )
        .service(
            web::resource("/api/v1/public/orgs/{id}/officers")
                .route(get_or_head().to(lists::public_officers)),
        )
        .service(
            web::resource("/api/v1/public/orgs/{id}/benchmarks")
                .route(get_or_head().to(lists::public_benchmarks)),
        )
        .service(
            web::resource("/api/v1/public/orgs/{id}/monitoring-devices")
                .route(get_or_head().to(lists::public_monitoring_devices)),
        )
        .service(
            web::resource("/api/v1/public/orgs/{id}/feed.json").route(get_or_head().to(feed::feed)),
        )
        .service(
            web::resource("/api/v1/public/orgs/{id}/statistics")
                .route(get_or_head().to(statistics::public_statistics)),
        );
}

pub fn api() -> utoipa::openapi::OpenApi {
    PublicityApi::openapi()
}
