//! Certificate routes (持证上岗): issue and status changes by admins, reading in scope, and
//! the public lookup by number.

pub mod issue;
pub mod list;
pub mod public;
pub mod read;
pub mod status;

use crate::certificates::{StoredCertificate, date_of, status_text};
use actix_web::web;
use custos_core::rules::LocalDate;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

#[derive(OpenApi)]
#[openapi(
    paths(
        issue::issue_certificate,
        list::list_certificates,
        read::read_certificate,
        status::change_status,
        public::public_certificate
    ),
    components(schemas(crate::certificates::StatusAction))
)]
struct CertificatesApi;

pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/api/v1/certificates")
            .route(web::post().to(issue::issue_certificate))
            .route(web::get().to(list::list_certificates)),
    )
    .service(
        web::resource("/api/v1/certificates/{id}").route(web::get().to(read::read_certificate)),
    )
    .service(
        web::resource("/api/v1/certificates/{id}/{action}")
            .route(web::post().to(status::change_status)),
    )
    .service(
        web::resource("/api/v1/public/certificates/{number}")
            .route(crate::routes::conditional::get_or_head().to(public::public_certificate)),
    );
}

pub fn api() -> utoipa::openapi::OpenApi {
    CertificatesApi::openapi()
}

/// What the certificate itself shows, as printed on the card.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CertificateFace {
    pub number: String,
    /// The holder's name as printed.
    pub holder_name: String,
    /// The issuing body.
    pub issuer: String,
    /// Enforcement domains (执法领域).
    pub domains: Vec<String>,
    /// First day of validity, `YYYY-MM-DD`.
    #[schema(value_type = String, format = Date)]
    pub valid_from: LocalDate,
    /// Last day of validity, `YYYY-MM-DD`.
    #[schema(value_type = String, format = Date)]
    pub valid_until: LocalDate,
}

impl CertificateFace {
    pub(crate) fn new(certificate: &StoredCertificate) -> CertificateFace {
        CertificateFace {
            number: certificate.row.number.clone(),
            holder_name: certificate.row.holder_name.clone(),
            issuer: certificate.row.issuer.clone(),
            domains: certificate.domains.clone(),
            valid_from: certificate.valid_from,
            valid_until: certificate.valid_until,
        }
    }
}

/// The status shown on the day of `now_us`: `valid`, `suspended`, `revoked`, or `expired`
/// once past the last valid day.
pub(crate) fn shown_status(certificate: &StoredCertificate, now_us: i64) -> String {
    status_text(certificate.status_on(date_of(now_us))).to_owned()
}

/// A certificate as admins, supervisors, reviewers and its holder see it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CertificateView {
    pub id: String,
    pub holder_id: String,
    #[serde(flatten)]
    pub face: CertificateFace,
    /// `valid`, `suspended`, `revoked`, or `expired` once past `valid_until`.
    pub status: String,
    /// The day the latest status change took effect.
    #[schema(value_type = String, format = Date)]
    pub status_since: LocalDate,
    pub issued_at_us: i64,
    /// Every status the certificate has had, oldest first; the first is its issue.
    pub history: Vec<StatusChangeView>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct StatusChangeView {
    /// `valid`, `suspended` or `revoked`.
    pub status: String,
    #[schema(value_type = String, format = Date)]
    pub since: LocalDate,
    pub reason: String,
    /// User id of the admin.
    pub changed_by: String,
    pub changed_at_us: i64,
}

impl CertificateView {
    /// The view on the day of `now_us` (which decides `expired`).
    pub fn new(certificate: StoredCertificate, now_us: i64) -> CertificateView {
        CertificateView {
            status: shown_status(&certificate, now_us),
            face: CertificateFace::new(&certificate),
            status_since: certificate.status_since,
            history: certificate
                .history
                .into_iter()
                .map(|change| StatusChangeView {
                    status: status_text(change.status).to_owned(),
                    since: change.since,
                    reason: change.row.reason,
                    changed_by: change.row.changed_by,
                    changed_at_us: change.row.changed_at_us,
                })
                .collect(),
            id: certificate.row.id,
            holder_id: certificate.row.holder_id,
            issued_at_us: certificate.row.issued_at_us,
        }
    }
}
