//! `GET /api/v1/certificates/{id}`: one certificate with its status history.

use super::CertificateView;
use crate::access::{self, Action, not_in_scope};
use crate::auth::Caller;
use crate::error::{ApiResult, Problem};
use crate::names::RowId;
use crate::state::AppState;
use crate::{certificates, clock, db};
use actix_web::web;

#[utoipa::path(get, path = "/api/v1/certificates/{id}", tag = "certificates",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Certificate id", pattern = "^[0-9a-f-]{1,64}$")),
    responses(
        (status = 200, description = "The certificate", body = CertificateView),
        (status = 403, description = "The caller's role reads no certificates", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown or outside the caller's scope", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn read_certificate(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<RowId>,
) -> ApiResult<web::Json<CertificateView>> {
    let scope = access::scope(&caller, Action::ReadCertificates)?;
    let id = id.into_inner().into_string();
    let certificate = db::run(&state.pool, move |conn| {
        let row = db::certificates::find_in(conn, &scope, &id)?
            .ok_or_else(|| not_in_scope("certificate"))?;
        let mut found = certificates::with_history(conn, vec![row])?;
        found.pop().ok_or_else(|| not_in_scope("certificate"))
    })
    .await?;
    Ok(web::Json(CertificateView::new(
        certificate,
        clock::now_us(),
    )))
}
