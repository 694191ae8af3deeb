//! `POST /api/v1/supervision/attention/{id}/acknowledgement`: a reviewer or supervisor of a
//! unit above a township acknowledges one of its filings (立案报备), which cures the item.
//! An admin of a device's unit line acknowledges that records kept arriving from the revoked
//! device (`revoked_device_records`). Other items are cured by their causes.

use crate::access::{self, Action};
use crate::auth::Caller;
use crate::clock;
use crate::db::attention::AttentionRow;
use crate::db::scope::Scope;
use crate::db::{self, DbConnection, write_transaction};
use crate::error::{ApiError, ApiResult, Problem};
use crate::names::RowId;
use crate::state::AppState;
use crate::supervision::view::AttentionItem;
use actix_web::web;
use custos_core::supervision::AttentionKind;

#[utoipa::path(post, path = "/api/v1/supervision/attention/{id}/acknowledgement", tag = "supervision",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Attention item id (a filing_report, or for admins a revoked_device_records)", pattern = "^[0-9a-f-]{1,64}$")),
    responses(
        (status = 200, description = "Acknowledged: the item, now cured", body = AttentionItem),
        (status = 401, description = "Missing or invalid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's role acknowledges no filings, or the filing is of the caller's own unit; for an admin, any id but a revoked_device_records item of its units", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such item in the caller's scope", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already acknowledged, or (for reviewers and supervisors) not a filing_report", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn acknowledge(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<RowId>,
) -> ApiResult<web::Json<AttentionItem>> {
    let id = id.into_inner().into_string();
    let now_us = clock::now_us();
    let by = caller.user_id.clone();
    let item = match access::scope(&caller, Action::AcknowledgeFilings) {
        Ok(scope) => {
            db::run(&state.pool, move |conn| {
                write_transaction(conn, |conn| {
                    acknowledge_filing(conn, &scope, &id, &by, now_us)
                })
            })
            .await?
        }
        Err(refused) => {
            // Admins acknowledge a revoked device's records in their units, nothing else: any
            // other id, known or not, answers as their role's refusal.
            let Ok(scope) = access::scope(&caller, Action::AcknowledgeDevices) else {
                return Err(refused);
            };
            let acknowledged = db::run(&state.pool, move |conn| {
                write_transaction(conn, |conn| {
                    let item = db::attention::find_in(conn, &scope, &id)?
                        .filter(|item| item.kind == AttentionKind::RevokedDeviceRecords.as_str());
                    match item {
                        Some(mut item) => {
                            if !db::attention::acknowledge(conn, &item.id, &by, now_us)? {
                                return Err(ApiError::conflict("the item is already acknowledged"));
                            }
                            item.cured_us = Some(now_us);
                            item.acknowledged_by = Some(by);
                            Ok(Some(item))
                        }
                        None => Ok(None),
                    }
                })
            })
            .await?;
            acknowledged.ok_or(refused)?
        }
    };
    Ok(web::Json(AttentionItem::of(item, now_us)))
}

/// A reviewer's or supervisor's acknowledgement of a township's filing report.
fn acknowledge_filing(
    conn: &mut DbConnection,
    scope: &Scope,
    id: &str,
    by: &str,
    now_us: i64,
) -> ApiResult<AttentionRow> {
    let mut item = db::attention::find_in(conn, scope, id)?
        .ok_or_else(|| access::not_in_scope("attention item"))?;
    if item.kind != AttentionKind::FilingReport.as_str() {
        return Err(ApiError::conflict(format!(
            "a {} item is not acknowledged by a reviewer or supervisor",
            item.kind
        )));
    }
    if item.org_id == scope.org_id() {
        return Err(ApiError::forbidden(
            "a unit's own filings are acknowledged by a unit above it",
        ));
    }
    if !db::attention::acknowledge(conn, &item.id, by, now_us)? {
        return Err(ApiError::conflict("the filing is already acknowledged"));
    }
    item.cured_us = Some(now_us);
    item.acknowledged_by = Some(by.to_owned());
    Ok(item)
}
