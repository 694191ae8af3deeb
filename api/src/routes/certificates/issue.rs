//! `POST /api/v1/certificates`: an admin registers an enforcement certificate for a user in
//! its units.

use super::CertificateView;
use crate::access::{self, Action, not_in_scope};
use crate::admin::{self, Subject};
use crate::auth::{Caller, Role};
use crate::certificates::{MAX_DOMAINS, StoredCertificate, date_of, domains_text};
use crate::clock;
use crate::db;
use crate::db::certificates::{CertificateRow, StatusChangeRow};
use crate::error::{ApiError, ApiResult, Problem};
use crate::log;
use crate::log::entry::action;
use crate::names;
use crate::names::RowId;
use crate::state::AppState;
use actix_web::{HttpResponse, web};
use custos_core::rules::LocalDate;
use serde::Deserialize;
use utoipa::ToSchema;

/// The reason recorded for a certificate's first status.
const ISSUE_REASON: &str = "issued";

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IssueCertificateRequest {
    /// As printed: ASCII letters, digits and `-`.
    pub number: String,
    /// The user it is issued to.
    #[schema(value_type = String, pattern = "^[0-9a-f-]{1,64}$")]
    pub holder_id: RowId,
    /// The holder's name as printed on the certificate.
    pub holder_name: String,
    /// The issuing body.
    pub issuer: String,
    /// Enforcement domains (执法领域), at least one.
    pub domains: Vec<String>,
    #[schema(value_type = String, format = Date)]
    pub valid_from: LocalDate,
    #[schema(value_type = String, format = Date)]
    pub valid_until: LocalDate,
}

impl IssueCertificateRequest {
    fn check(&self) -> ApiResult<()> {
        names::check_certificate_number(&self.number)?;
        names::check_name("holder_name", &self.holder_name)?;
        names::check_name("issuer", &self.issuer)?;
        if self.domains.is_empty() || self.domains.len() > MAX_DOMAINS {
            return Err(ApiError::invalid_input(format!(
                "domains must list 1 to {MAX_DOMAINS} enforcement domains"
            )));
        }
        for domain in &self.domains {
            names::check_name("domain", domain)?;
        }
        if self.valid_until < self.valid_from {
            return Err(ApiError::invalid_input(
                "valid_until must not be before valid_from",
            ));
        }
        Ok(())
    }
}

#[utoipa::path(post, path = "/api/v1/certificates", tag = "certificates",
    security(("bearer" = [])),
    request_body = IssueCertificateRequest,
    responses(
        (status = 201, description = "Certificate registered", body = CertificateView),
        (status = 403, description = "Caller is not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Holder unknown or outside the caller's units", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Number already registered", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid field, or a holder that cannot hold one", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn issue_certificate(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<IssueCertificateRequest>,
) -> ApiResult<HttpResponse> {
    let scope = access::scope(&caller, Action::IssueCertificate)?;
    let request = body.into_inner();
    request.check()?;
    let mut domains = request.domains.clone();
    domains.sort();
    domains.dedup();
    let now_us = clock::now_us();
    // Registered retroactively, the first status holds from the first valid day; registered
    // ahead of time, from today, so it can be suspended before it starts.
    let since = request.valid_from.min(date_of(now_us));
    let certificate = log::commit(&state, move |conn, log| {
        admin::change(
            conn,
            log,
            &scope,
            action::CERTIFICATE_ISSUE,
            now_us,
            |conn| {
                let holder = db::users::find_in(conn, &scope, &request.holder_id)?
                    .ok_or_else(|| not_in_scope("holder"))?;
                if !holder.active || holder.role == Role::Dock.as_str() {
                    return Err(ApiError::invalid_input(
                        "a certificate is held by an active person, not a dock",
                    ));
                }
                let row = CertificateRow {
                    id: db::new_id(),
                    number: request.number,
                    holder_id: holder.id.clone(),
                    holder_name: request.holder_name,
                    issuer: request.issuer,
                    domains: domains_text(&domains),
                    valid_from: request.valid_from.to_string(),
                    valid_until: request.valid_until.to_string(),
                    status: "valid".to_owned(),
                    status_since: since.to_string(),
                    issued_by: scope.actor().to_owned(),
                    issued_at_us: now_us,
                };
                let issue = StatusChangeRow {
                    id: db::new_id(),
                    certificate_id: row.id.clone(),
                    status: row.status.clone(),
                    since: row.status_since.clone(),
                    reason: ISSUE_REASON.to_owned(),
                    changed_by: row.issued_by.clone(),
                    changed_at_us: now_us,
                };
                db::insert_unique(conn, |conn| db::certificates::insert(conn, &row, &issue))?
                    .ok_or_else(|| {
                        ApiError::conflict("a certificate with this number is registered")
                    })?;
                crate::supervision::certificates::issued(
                    conn,
                    &holder.id,
                    request.valid_from,
                    request.valid_until,
                    now_us,
                )?;
                let subject = Subject::new(&row.id, &holder.org_id);
                Ok((StoredCertificate::from_rows(row, vec![issue])?, subject))
            },
        )
    })
    .await?;
    Ok(HttpResponse::Created().json(CertificateView::new(certificate, now_us)))
}
