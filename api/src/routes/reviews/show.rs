//! `GET /api/v1/supervision/reviews/{id}`: a campaign, its entries and what it found (ranking of
//! units and 通报), recomputed now: JSON, CSV (`Accept: text/csv`) or a printable page
//! (`Accept: text/html`).

use crate::access::{self, Action};
use crate::auth::Caller;
use crate::db;
use crate::error::{ApiResult, Problem};
use crate::routes::supervision::stats::wants_csv;
use crate::state::AppState;
use crate::supervision::reviews::{self, report};
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};

#[utoipa::path(get, path = "/api/v1/supervision/reviews/{id}", tag = "supervision",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Campaign id", pattern = "^[0-9a-f-]{1,64}$")),
    responses(
        (status = 200, description = "The campaign and its findings (CSV with Accept: text/csv, a printable page with Accept: text/html)",
            content((report::CampaignView = "application/json"), (String = "text/csv"), (String = "text/html"))),
        (status = 401, description = "Missing or invalid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's role reads no campaigns", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such campaign in the caller's units", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn show(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    request: HttpRequest,
) -> ApiResult<HttpResponse> {
    let scope = access::scope(&caller, Action::ReadReviews)?;
    let id = id.into_inner();
    let (view, template) = db::run_snapshot(&state.pool, move |conn| {
        let row = reviews::find(conn, &scope, &id)?;
        report::view(conn, row)
    })
    .await?;
    Ok(if wants_csv(&request) {
        HttpResponse::Ok()
            .content_type("text/csv; charset=utf-8")
            .body(report::to_csv(&view))
    } else if wants_html(&request) {
        HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .body(report::to_html(&view, &template).into_string())
    } else {
        HttpResponse::Ok().json(view)
    })
}

/// Whether the client asks for the printable page.
fn wants_html(request: &HttpRequest) -> bool {
    request
        .headers()
        .get_all(header::ACCEPT)
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|media| media.split(';').next().unwrap_or("").trim() == "text/html")
}
