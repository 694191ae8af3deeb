//! `GET /healthz`: the process is up and serving.

use actix_web::HttpResponse;

#[utoipa::path(get, path = "/healthz", tag = "probes",
    responses((status = 200, description = "The server is alive", body = String, content_type = "text/plain")))]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain").body("ok\n")
}
