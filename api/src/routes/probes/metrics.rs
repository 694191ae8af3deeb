//! `GET /metrics`: Prometheus text exposition format.

use crate::state::AppState;
use actix_web::{HttpResponse, web};

#[utoipa::path(get, path = "/metrics", tag = "probes",
    responses((status = 200, description = "Prometheus text format 0.0.4", body = String, content_type = "text/plain")))]
pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    // Only to refresh the free-space gauges; a shortage is /readyz's to report.
    let _ = state.disk.check();
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(state.metrics.render(&state.pool))
}
