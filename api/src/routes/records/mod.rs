//! Full-process recording: submitting signed records.

mod elements;
pub mod submit;

use actix_web::web;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(paths(submit::submit))]
struct RecordsApi;

pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/api/v1/records").route(web::post().to(submit::submit)));
}

pub fn api() -> utoipa::openapi::OpenApi {
    RecordsApi::openapi()
}
