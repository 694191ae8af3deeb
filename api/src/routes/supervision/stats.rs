//! `GET /api/v1/stats`: enforcement statistics (执法行为统计) of a unit subtree over a period,
//! grouped by unit, month, domain, procedure or officer, as JSON or (`Accept: text/csv`) CSV.

use crate::access::{self, Action};
use crate::auth::Caller;
use crate::clock;
use crate::db::{self, case_facts::Grouping};
use crate::error::{ApiError, ApiResult, Problem, ProblemType};
use crate::routes::listing::filter_id;
use crate::state::AppState;
use crate::supervision::stats::{self, Stats};
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct StatsQuery {
    /// Statistics of this unit and the units below it (default: the caller's unit).
    #[param(pattern = "^[0-9a-f-]{1,64}$")]
    pub org_id: Option<String>,
    /// The period's start, inclusive (microseconds since the epoch; default the epoch).
    #[param(minimum = 0)]
    pub from_us: Option<i64>,
    /// The period's end, exclusive (default: no end).
    #[param(minimum = 0)]
    pub to_us: Option<i64>,
    /// `unit`, `month`, `domain`, `procedure` or `officer`; the total alone when absent.
    #[param(pattern = "^(unit|month|domain|procedure|officer)$")]
    pub group_by: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/stats", tag = "supervision",
    security(("bearer" = [])),
    params(StatsQuery),
    responses(
        (status = 200, description = "Figures per group and in total (CSV with Accept: text/csv)",
            content((Stats = "application/json"), (String = "text/csv"))),
        (status = 400, description = "An unknown group_by or a negative period bound; names the parameter", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing or invalid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's role does not read statistics", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The unit named is not in the caller's scope", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A period whose end is not after its start (invalid-input, names to_us)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn stats(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    query: web::Query<StatsQuery>,
) -> ApiResult<HttpResponse> {
    let scope = access::scope(&caller, Action::ReadStats)?;
    let query = query.into_inner();
    let bad = |detail: String| ApiError::new(ProblemType::InvalidQuery, detail);
    let org_id = filter_id("org_id", query.org_id)?;
    let from_us = query.from_us.unwrap_or(0);
    let to_us = query.to_us.unwrap_or(i64::MAX);
    if from_us < 0 {
        return Err(bad("from_us must not be negative".to_owned()));
    }
    if to_us <= from_us {
        // Each value is valid alone; together they name no span, which is 422, not a
        // malformed query (400).
        return Err(ApiError::new(
            ProblemType::InvalidInput,
            "to_us must be after from_us".to_owned(),
        ));
    }
    let grouping = match query.group_by.as_deref() {
        None => None,
        Some("unit") => Some((Grouping::Unit, "unit")),
        Some("month") => Some((Grouping::Month, "month")),
        Some("domain") => Some((Grouping::Domain, "domain")),
        Some("procedure") => Some((Grouping::Procedure, "procedure")),
        Some("officer") => Some((Grouping::Officer, "officer")),
        Some(other) => {
            return Err(bad(format!(
                "group_by {other:?} is not unit, month, domain, procedure or officer"
            )));
        }
    };
    let csv = wants_csv(&request);
    let now_us = clock::now_us();
    let stats = db::run_snapshot(&state.pool, move |conn| {
        let scope = match &org_id {
            Some(org_id) => db::orgs::find_in(conn, &scope, org_id)?
                .and_then(|org| scope.narrowed_to(&org))
                .ok_or_else(|| access::not_in_scope("unit"))?,
            None => scope,
        };
        stats::compute(conn, &scope, from_us, to_us, grouping, now_us)
    })
    .await?;
    Ok(if csv {
        HttpResponse::Ok()
            .content_type("text/csv; charset=utf-8")
            .body(stats::to_csv(&stats))
    } else {
        HttpResponse::Ok().json(stats)
    })
}

/// Whether the client asks for CSV rather than JSON.
pub(crate) fn wants_csv(request: &HttpRequest) -> bool {
    request
        .headers()
        .get_all(header::ACCEPT)
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|media| media.split(';').next().unwrap_or("").trim() == "text/csv")
}
