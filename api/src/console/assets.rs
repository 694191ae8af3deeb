//! The console's one stylesheet, compiled in. Small and written here: no framework, no build
//! step, nothing fetched by the browser from elsewhere.

use actix_web::HttpResponse;
use actix_web::http::header;

const STYLESHEET: &str = include_str!("console.css");

pub async fn stylesheet() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        // Overrides the console's no-store: the sheet changes only with the binary.
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(STYLESHEET)
}
