//! `POST /api/v1/certificates/{id}/{action}` with `action` one of `suspend`, `revoke`,
//! `reinstate`: an admin changes the status of a certificate held in its units, from a given
//! day on.

use super::CertificateView;
use crate::access::{self, Action, not_in_scope};
use crate::admin::{self, Subject};
use crate::auth::Caller;
use crate::certificates::{self, StatusAction, date_of, status_text};
use crate::db::certificates::StatusChangeRow;
use crate::error::{ApiError, ApiResult, Problem};
use crate::log;
use crate::log::entry::action;
use crate::names::{self, RowId};
use crate::state::AppState;
use crate::{clock, db};
use actix_web::web;
use custos_core::rules::LocalDate;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusChangeRequest {
    /// Why, for the certificate's history (never logged).
    pub reason: String,
    /// The day the change takes effect: today when absent; never in the future, never before
    /// the day the current status took effect.
    #[schema(value_type = Option<String>, format = Date)]
    pub since: Option<LocalDate>,
}

#[utoipa::path(post, path = "/api/v1/certificates/{id}/{action}", tag = "certificates",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "Certificate id", pattern = "^[0-9a-f-]{1,64}$"),
        ("action" = StatusAction, Path, description = "suspend (valid → suspended), revoke (valid or suspended → revoked, final) or reinstate (suspended → valid)"),
    ),
    request_body = StatusChangeRequest,
    responses(
        (status = 200, description = "The certificate with its new status", body = CertificateView),
        (status = 403, description = "Caller is not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown or outside the caller's units", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The action does not apply to the current status", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid reason or day", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn change_status(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(RowId, StatusAction)>,
    body: web::Json<StatusChangeRequest>,
) -> ApiResult<web::Json<CertificateView>> {
    let scope = access::scope(&caller, Action::ChangeCertificateStatus)?;
    let (id, status_action) = path.into_inner();
    let request = body.into_inner();
    names::check_remark("reason", &request.reason)?;
    let now_us = clock::now_us();
    let today = date_of(now_us);
    let since = request.since.unwrap_or(today);
    if since > today {
        return Err(ApiError::invalid_input("since must not be in the future"));
    }
    let certificate = log::commit(&state, move |conn, log| {
        admin::change(
            conn,
            log,
            &scope,
            log_action(status_action),
            now_us,
            |conn| {
                let row = db::certificates::find_in(conn, &scope, &id)?
                    .ok_or_else(|| not_in_scope("certificate"))?;
                let mut found = certificates::with_history(conn, vec![row])?;
                let current = found.pop().ok_or_else(|| not_in_scope("certificate"))?;
                let status = status_action
                    .apply(current.status)
                    .map_err(ApiError::conflict)?;
                if since < current.status_since {
                    return Err(ApiError::invalid_input(format!(
                        "since must not be before {}, when the current status took effect",
                        current.status_since
                    )));
                }
                let change = StatusChangeRow {
                    id: db::new_id(),
                    certificate_id: current.row.id.clone(),
                    status: status_text(status).to_owned(),
                    since: since.to_string(),
                    reason: request.reason,
                    changed_by: scope.actor().to_owned(),
                    changed_at_us: now_us,
                };
                db::certificates::change_status(conn, &change)?;
                let holder_org = db::users::find_in(conn, &scope, &current.row.holder_id)?
                    .map(|holder| holder.org_id)
                    .ok_or_else(|| ApiError::internal("certificate holder missing"))?;
                let mut row = current.row;
                row.status = change.status.clone();
                row.status_since = change.since.clone();
                let mut history: Vec<StatusChangeRow> = current
                    .history
                    .into_iter()
                    .map(|change| change.row)
                    .collect();
                history.push(change);
                let subject = Subject::new(&row.id, &holder_org);
                Ok((
                    certificates::StoredCertificate::from_rows(row, history)?,
                    subject,
                ))
            },
        )
    })
    .await?;
    Ok(web::Json(CertificateView::new(certificate, now_us)))
}

fn log_action(status_action: StatusAction) -> &'static str {
    match status_action {
        StatusAction::Suspend => action::CERTIFICATE_SUSPEND,
        StatusAction::Revoke => action::CERTIFICATE_REVOKE,
        StatusAction::Reinstate => action::CERTIFICATE_REINSTATE,
    }
}
