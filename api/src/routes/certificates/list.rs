//! `GET /api/v1/certificates`: certificates of users in the caller's units (admins,
//! supervisors, reviewers), or the officer's own.

use super::CertificateView;
use crate::access::{self, Action};
use crate::auth::Caller;
use crate::error::{ApiResult, Problem};
use crate::routes::listing::{PageQuery, filter_id};
use crate::state::AppState;
use crate::{certificates, clock, db};
use actix_web::web;
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ListCertificatesQuery {
    /// Only certificates of this holder.
    #[param(pattern = "^[0-9a-f-]{1,64}$")]
    pub holder_id: Option<String>,
    /// Rows per page, 1 to 1000 (default 100).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<i64>,
    /// Only certificates whose id sorts after this one (the last id of the previous page).
    #[param(pattern = "^[0-9a-f-]{1,64}$")]
    pub after: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/certificates", tag = "certificates",
    security(("bearer" = [])),
    params(ListCertificatesQuery),
    responses(
        (status = 200, description = "Certificates in the caller's scope, in issue order", body = Vec<CertificateView>),
        (status = 400, description = "Bad query", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's role reads no certificates", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list_certificates(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ListCertificatesQuery>,
) -> ApiResult<web::Json<Vec<CertificateView>>> {
    let scope = access::scope(&caller, Action::ReadCertificates)?;
    let ListCertificatesQuery {
        holder_id,
        limit,
        after,
    } = query.into_inner();
    let page = PageQuery { limit, after }.page()?;
    let holder_id = filter_id("holder_id", holder_id)?;
    let found = db::run(&state.pool, move |conn| {
        let rows = db::certificates::list_in(conn, &scope, holder_id.as_deref(), &page)?;
        Ok(certificates::with_history(conn, rows)?)
    })
    .await?;
    let now_us = clock::now_us();
    Ok(web::Json(
        found
            .into_iter()
            .map(|certificate| CertificateView::new(certificate, now_us))
            .collect(),
    ))
}
