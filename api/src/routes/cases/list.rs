//! `GET /api/v1/cases`: cases in the caller's scope, by unit, stage, officer and upcoming
//! deadline. Township filings reach the units above through their scope (立案报备):
//! `filed_since_us` lists the filings of the units below since a given instant.

use crate::access::{self, Action};
use crate::auth::Caller;
use crate::db::cases::CaseFilter;
use crate::db::{self, Page};
use crate::error::{ApiError, ApiResult, Problem, ProblemType};
use crate::recording::chain_id::is_case_id;
use crate::recording::view::CaseSummary;
use crate::routes::listing::{check_limit, filter_id};
use crate::state::AppState;
use actix_web::web;
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct CaseQuery {
    /// Cases of this unit and the units below it.
    #[param(pattern = "^[0-9a-f-]{1,64}$")]
    pub org_id: Option<String>,
    /// Lifecycle stage, e.g. `investigating`.
    pub stage: Option<String>,
    /// Cases this officer (user id) acted in.
    #[param(pattern = "^[0-9a-f-]{1,64}$")]
    pub officer: Option<String>,
    /// Cases with an open deadline ending before this instant (microseconds since the epoch).
    pub deadline_before_us: Option<i64>,
    /// Only cases with fork evidence.
    #[serde(default)]
    pub forked: bool,
    /// Only cases filed (立案) at or after this instant (microseconds since the epoch).
    pub filed_since_us: Option<i64>,
    /// `id` (the default, pages after `after`) or `deadline`: cases with an open deadline,
    /// earliest first (the first `limit` of them; `after` does not apply).
    pub order: Option<String>,
    /// Page size (1 to 1000, default 100).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<i64>,
    /// The last case id of the previous page.
    #[param(pattern = "^[A-Za-z0-9._-]{1,64}$")]
    pub after: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/cases", tag = "cases",
    security(("bearer" = [])),
    params(CaseQuery),
    responses(
        (status = 200, description = "Cases in id order, or by earliest open deadline", body = Vec<CaseSummary>),
        (status = 401, description = "Missing or invalid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's role does not read cases", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The unit named is not in the caller's scope", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An unknown order, or a cursor with the deadline order", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<CaseQuery>,
) -> ApiResult<web::Json<Vec<CaseSummary>>> {
    let scope = access::scope(&caller, Action::ReadCases)?;
    let mut query = query.into_inner();
    check_limit(query.limit)?;
    query.officer = filter_id("officer", query.officer)?;
    if query
        .after
        .as_deref()
        .is_some_and(|after| !is_case_id(after))
    {
        return Err(ApiError::new(
            ProblemType::InvalidQuery,
            "after must be a case id from a previous page",
        ));
    }
    let by_deadline = match query.order.as_deref() {
        None | Some("id") => false,
        Some("deadline") if query.after.is_none() => true,
        Some("deadline") => {
            return Err(ApiError::invalid_input(
                "after pages the id order; the deadline order has no cursor",
            ));
        }
        Some(other) => {
            return Err(ApiError::invalid_input(format!(
                "order {other:?} is not id or deadline"
            )));
        }
    };
    let cases = db::run(&state.pool, move |conn| {
        let org_path = match &query.org_id {
            Some(org_id) => Some(
                db::orgs::find_in(conn, &scope, org_id)?
                    .ok_or_else(|| ApiError::not_found(format!("no unit {org_id}")))?
                    .path,
            ),
            None => None,
        };
        let filter = CaseFilter {
            org_path,
            stage: query.stage,
            officer: query.officer,
            deadline_before_us: query.deadline_before_us,
            forked: query.forked,
            filed_since_us: query.filed_since_us,
            by_deadline,
        };
        let page = Page::new(query.limit, query.after.as_deref());
        Ok(db::cases::list_in(conn, &scope, &filter, &page)?)
    })
    .await?;
    Ok(web::Json(
        cases.into_iter().map(CaseSummary::from).collect(),
    ))
}
