//! Operator probes outside `/api/v1`: liveness, readiness, metrics.

pub mod healthz;
pub mod metrics;
pub mod readyz;

use actix_web::web;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(paths(healthz::healthz, readyz::readyz, metrics::metrics))]
struct ProbesApi;

pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/healthz").route(web::get().to(healthz::healthz)))
        .service(web::resource("/readyz").route(web::get().to(readyz::readyz)))
        .service(web::resource("/metrics").route(web::get().to(metrics::metrics)));
}

pub fn api() -> utoipa::openapi::OpenApi {
    ProbesApi::openapi()
}
