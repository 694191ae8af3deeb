//! `GET /api/v1/public/certificates/{number}`: anyone checks a certificate by its number (or
//! the QR code that carries it) and sees what the certificate itself shows, nothing more:
//! no user id, organisation or history.

use super::{CertificateFace, shown_status};
use crate::access::not_in_scope;
use crate::certificates::StoredCertificate;
use crate::error::{ApiResult, Problem};
use crate::routes::conditional;
use crate::state::AppState;
use crate::{clock, db, names};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PublicCertificate {
    #[serde(flatten)]
    pub face: CertificateFace,
    /// `valid`, `suspended`, `revoked` or `expired`, today.
    pub status: String,
}

#[utoipa::path(get, path = "/api/v1/public/certificates/{number}", tag = "certificates",
    params(("number" = String, Path, description = "Certificate number", pattern = "^[A-Za-z0-9-]{1,64}$")),
    responses(
        (status = 200, description = "What the certificate shows", body = PublicCertificate),
        (status = 304, description = "Unchanged since the ETag in If-None-Match (the SHA-256 of the answer)"),
        (status = 404, description = "No certificate has this number", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn public_certificate(
    state: web::Data<AppState>,
    request: HttpRequest,
    number: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let number = number.into_inner();
    if !names::is_certificate_number(&number) {
        return Err(not_in_scope("certificate"));
    }
    let certificate = db::run(&state.pool, move |conn| {
        let row = db::certificates::find_by_number(conn, &number)?
            .ok_or_else(|| not_in_scope("certificate"))?;
        Ok(StoredCertificate::from_rows(row, Vec::new())?)
    })
    .await?;
    let shown = PublicCertificate {
        face: CertificateFace::new(&certificate),
        status: shown_status(&certificate, clock::now_us()),
    };
    conditional::respond_json(&request, &shown)
}
