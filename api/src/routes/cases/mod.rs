//! Cases: one case with everything recorded in it, and the listing of cases in scope.

pub mod bundle;
pub mod list;
pub mod show;

use actix_web::web;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(paths(list::list, show::show, bundle::bundle))]
struct CasesApi;

pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/api/v1/cases").route(web::get().to(list::list)))
        .service(web::resource("/api/v1/cases/{id}").route(web::get().to(show::show)))
        .service(web::resource("/api/v1/cases/{id}/bundle").route(web::get().to(bundle::bundle)));
}

pub fn api() -> utoipa::openapi::OpenApi {
    CasesApi::openapi()
}
