//! `GET /api/v1/openapi.json`: the OpenAPI 3.1 document of every route.

use actix_web::{HttpResponse, web};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(paths(openapi_json))]
struct DocumentApi;

pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/api/v1/openapi.json").route(web::get().to(openapi_json)));
}

pub fn api() -> utoipa::openapi::OpenApi {
    DocumentApi::openapi()
}

#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "meta",
    responses((status = 200, description = "This document", content_type = "application/json")))]
pub async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok().json(crate::openapi::document())
}
