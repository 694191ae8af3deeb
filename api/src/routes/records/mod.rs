//! Full-process recording: submitting signed records.

pub mod submit;

use actix_web::web;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(paths(submit::submit))]
struct RecordsApi;

pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/api/v1/records")
            .app_data(web::PayloadConfig::new(submit::MAX_SUBMISSION_BYTES))
            .route(web::post().to(submit::submit)),
    );
}

pub fn api() -> utoipa::openapi::OpenApi {
    RecordsApi::openapi()
}
