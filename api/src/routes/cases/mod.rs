//! Cases: one case with everything recorded in it, and the listing of cases in scope.

pub mod list;
pub mod show;

use actix_web::web;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(paths(list::list, show::show))]
struct CasesApi;

pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/api/v1/cases").route(web::get().to(list::list)))
        .service(web::resource("/api/v1/cases/{id}").route(web::get().to(show::show)));
}

pub fn api() -> utoipa::openapi::OpenApi {
    CasesApi::openapi()
}
