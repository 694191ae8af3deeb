//! `GET /api/v1/supervision/attention`: the problems that need attention in the caller's
//! scope (督办), open or cured, newest or oldest first, paged.

use crate::access::{self, Action};
use crate::auth::Caller;
use crate::clock;
use crate::db::attention::{AttentionFilter, ItemState};
use crate::db::{self, page::DEFAULT_LIMIT};
use crate::error::{ApiError, ApiResult, Problem, ProblemType};
use crate::routes::listing::{check_limit, filter_id};
use crate::state::AppState;
use crate::supervision::view::AttentionItem;
use actix_web::web;
use custos_core::supervision::{AttentionKind, AttentionSeverity};
use serde::Deserialize;
use utoipa::IntoParams;

const DAY_US: i64 = 86_400_000_000;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AttentionQuery {
    /// Items of this unit and the units below it.
    #[param(pattern = "^[0-9a-f-]{1,64}$")]
    pub org_id: Option<String>,
    /// `rule_finding`, `fork`, `deadline`, `review_pending`, `publication_overdue`,
    /// `withdrawal_overdue`, `evidence_quarantined`, `clock_skew`, `filing_report`,
    /// `upload_abandoned`, `record_held`, `evidence_unnamed`, `certificate_expiring` or
    /// `revoked_device_records`.
    #[param(
        pattern = "^(rule_finding|fork|deadline|review_pending|publication_overdue|withdrawal_overdue|evidence_quarantined|clock_skew|filing_report|upload_abandoned|record_held|evidence_unnamed|certificate_expiring|revoked_device_records)$"
    )]
    pub kind: Option<String>,
    /// `warning` or `alarm` (an overdue deadline is an alarm).
    #[param(pattern = "^(warning|alarm)$")]
    pub severity: Option<String>,
    /// `open` (the default) or `cured`.
    #[param(pattern = "^(open|cured)$")]
    pub state: Option<String>,
    /// Only items showing for at least this many days.
    #[param(minimum = 0, maximum = 36500)]
    pub min_age_days: Option<i64>,
    /// `newest` (the default) or `oldest` first, by the time the item showed.
    #[param(pattern = "^(newest|oldest)$")]
    pub order: Option<String>,
    /// Page size (1 to 1000, default 100).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<i64>,
    /// The last item id of the previous page.
    #[param(pattern = "^[0-9a-f-]{1,64}$")]
    pub after: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/supervision/attention", tag = "supervision",
    security(("bearer" = [])),
    params(AttentionQuery),
    responses(
        (status = 200, description = "Items, newest or oldest first", body = Vec<AttentionItem>),
        (status = 400, description = "A filter that is not one of its values, names the parameter", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing or invalid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's role does not read attention items", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The unit named is not in the caller's scope", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`after` names no item of the caller's scope (invalid-input)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn attention(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<AttentionQuery>,
) -> ApiResult<web::Json<Vec<AttentionItem>>> {
    let scope = access::scope(&caller, Action::ReadAttention)?;
    let query = query.into_inner();
    check_limit(query.limit)?;
    let bad = |detail: String| ApiError::new(ProblemType::InvalidQuery, detail);
    let org_id = filter_id("org_id", query.org_id)?;
    let after = filter_id("after", query.after)?;
    if let Some(kind) = &query.kind
        && AttentionKind::parse(kind).is_none()
    {
        return Err(bad(format!("kind {kind:?} is not an attention kind")));
    }
    if let Some(severity) = &query.severity
        && AttentionSeverity::parse(severity).is_none()
    {
        return Err(bad(format!(
            "severity {severity:?} is not warning or alarm"
        )));
    }
    let item_state = match query.state.as_deref() {
        None | Some("open") => ItemState::Open,
        Some("cured") => ItemState::Cured,
        Some(other) => return Err(bad(format!("state {other:?} is not open or cured"))),
    };
    let oldest_first = match query.order.as_deref() {
        None | Some("newest") => false,
        Some("oldest") => true,
        Some(other) => return Err(bad(format!("order {other:?} is not newest or oldest"))),
    };
    let now_us = clock::now_us();
    let since_at_most_us = match query.min_age_days {
        Some(days @ 0..=36_500) => Some(now_us - days * DAY_US),
        Some(_) => return Err(bad("min_age_days must be 0 to 36500".to_owned())),
        None => None,
    };
    let items = db::run(&state.pool, move |conn| {
        let scope = match &org_id {
            Some(org_id) => db::orgs::find_in(conn, &scope, org_id)?
                .and_then(|org| scope.narrowed_to(&org))
                .ok_or_else(|| access::not_in_scope("unit"))?,
            None => scope,
        };
        let after = match &after {
            Some(id) => {
                // A well-formed id naming no item in scope is 422, not a malformed query.
                let item = db::attention::find_in(conn, &scope, id)?.ok_or_else(|| {
                    ApiError::new(
                        ProblemType::InvalidInput,
                        "after must be an item id from a previous page".to_owned(),
                    )
                })?;
                Some((item.since_us, item.id))
            }
            None => None,
        };
        let filter = AttentionFilter {
            now_us,
            state: item_state,
            kind: query.kind,
            severity: query.severity,
            since_at_most_us,
            oldest_first,
            after,
            limit: query.limit.unwrap_or(DEFAULT_LIMIT),
        };
        Ok(db::attention::list_in(conn, &scope, &filter)?)
    })
    .await?;
    Ok(web::Json(
        items
            .into_iter()
            .map(|row| AttentionItem::of(row, now_us))
            .collect(),
    ))
}
