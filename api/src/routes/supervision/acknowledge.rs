//! `POST /api/v1/supervision/attention/{id}/acknowledgement`: a reviewer or supervisor of a
//! unit above a township acknowledges one of its filings (立案报备), which cures the item; a
//! reviewer or supervisor of an evidence item's unit or above acknowledges that the item's
//! clock-skew flag was checked (`clock_skew`: the capture time confirmed by another source),
//! which cures the item while the evidence keeps its flag (evidence is never updated).
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
    params(("id" = String, Path, description = "Attention item id (a filing_report or a clock_skew, or for admins a revoked_device_records)", pattern = "^[0-9a-f-]{1,64}$")),
    responses(
        (status = 200, description = "Acknowledged: the item, now cured", body = AttentionItem),
        (status = 401, description = "Missing or invalid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's role acknowledges no items, or the filing is of the caller's own unit; for an admin, any id but a revoked_device_records item of its units", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such item in the caller's scope", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already acknowledged, or (for reviewers and supervisors) neither a filing_report nor a clock_skew", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn acknowledge(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<RowId>,
) -> ApiResult<web::Json<AttentionItem>> {
    let id = id.into_inner().into_string();
    let now_us = clock::now_us();
    let by = caller.user_id.clone();
    // Each kind a reviewer or supervisor acknowledges, through its own action.
    let reviewed: Vec<(AttentionKind, Scope)> = [
        (AttentionKind::FilingReport, Action::AcknowledgeFilings),
        (AttentionKind::ClockSkew, Action::AcknowledgeClockSkew),
    ]
    .into_iter()
    .filter_map(|(kind, action)| access::scope(&caller, action).ok().map(|s| (kind, s)))
    .collect();
    let item = if reviewed.is_empty() {
        let refused = access::scope(&caller, Action::AcknowledgeFilings)
            .err()
            .unwrap_or_else(|| ApiError::forbidden("acknowledges nothing"));
        // Admins acknowledge a revoked device's records in their units, nothing else: any
        // other id, known or not, answers as their role's refusal.
        let Ok(scope) = access::scope(&caller, Action::AcknowledgeDevices) else {
            return Err(refused);
        };
        let acknowledged = db::run(&state.pool, move |conn| {
            write_transaction(conn, |conn| {
                let item = db::attention::find_in(conn, &scope, &id)?
                    .filter(|item| item.kind == AttentionKind::RevokedDeviceRecords.as_str());
                item.map(|item| cure(conn, item, &by, now_us, "the item is already acknowledged"))
                    .transpose()
            })
        })
        .await?;
        acknowledged.ok_or(refused)?
    } else {
        db::run(&state.pool, move |conn| {
            write_transaction(conn, |conn| {
                acknowledge_reviewed(conn, &reviewed, &id, &by, now_us)
            })
        })
        .await?
    };
    Ok(web::Json(AttentionItem::of(item, now_us)))
}

/// A reviewer's or supervisor's acknowledgement of the item `id`, of one of the kinds
/// `reviewed` names, found in that kind's scope: a township's filing report (from a unit
/// above it only) or an evidence item's clock-skew flag.
fn acknowledge_reviewed(
    conn: &mut DbConnection,
    reviewed: &[(AttentionKind, Scope)],
    id: &str,
    by: &str,
    now_us: i64,
) -> ApiResult<AttentionRow> {
    let mut other_kind = None;
    for (kind, scope) in reviewed {
        let Some(item) = db::attention::find_in(conn, scope, id)? else {
            continue;
        };
        if item.kind != kind.as_str() {
            other_kind = Some(item.kind);
            continue;
        }
        return match kind {
            AttentionKind::FilingReport if item.org_id == scope.org_id() => Err(
                ApiError::forbidden("a unit's own filings are acknowledged by a unit above it"),
            ),
            AttentionKind::FilingReport => {
                cure(conn, item, by, now_us, "the filing is already acknowledged")
            }
            _ => cure(
                conn,
                item,
                by,
                now_us,
                "the item is already cured: acknowledged, or its evidence disposed of",
            ),
        };
    }
    match other_kind {
        Some(kind) => Err(ApiError::conflict(format!(
            "a {kind} item is not acknowledged by a reviewer or supervisor"
        ))),
        None => Err(access::not_in_scope("attention item")),
    }
}

/// Cures `item` as acknowledged by `by` at `now_us`, unless it is cured already (then 409
/// with `already`).
fn cure(
    conn: &mut DbConnection,
    mut item: AttentionRow,
    by: &str,
    now_us: i64,
    already: &str,
) -> ApiResult<AttentionRow> {
    if !db::attention::acknowledge(conn, &item.id, by, now_us)? {
        return Err(ApiError::conflict(already));
    }
    item.cured_us = Some(now_us);
    item.acknowledged_by = Some(by.to_owned());
    Ok(item)
}
