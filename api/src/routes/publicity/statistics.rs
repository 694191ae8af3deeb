//! `GET /api/v1/public/orgs/{id}/statistics?year=YYYY`: a unit's yearly enforcement statistics
//! (执法工作统计数据), read by anyone: the figures of `GET /api/v1/stats` over the unit and the
//! units below it for a calendar year, published from the unit's due date in the next year
//! (`publicity.statistics_due`, 31 January unless configured); before it the year shows as
//! pending without figures. Counts and amounts only: no names, no personal data, no rule
//! findings, and not `overdue_cases`, which depends on the day asked. The ETag is the
//! answer's SHA-256, so a mirror revalidates with `If-None-Match`.

use crate::access::{self, not_in_scope};
use crate::clock;
use crate::db;
use crate::error::{ApiError, ApiResult, Problem, ProblemType};
use crate::names::RowId;
use crate::recording::context::ContextReader;
use crate::routes::conditional;
use crate::state::AppState;
use crate::supervision::stats::{self, FIGURES};
use actix_web::{HttpRequest, HttpResponse, web};
use custos_core::rules::LocalDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

/// The figures of `GET /api/v1/stats` that are not published: the count of overdue cases is
/// the state on the day asked, not a figure of the year.
const NOT_PUBLIC: &[&str] = &["overdue_cases"];

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct YearQuery {
    /// The calendar year (default: the year before this one on the unit's calendar).
    #[param(minimum = 1970, maximum = 9998)]
    pub year: Option<i32>,
}

/// A unit's statistics of one year, as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PublicStatistics {
    pub org_id: String,
    pub org_name: String,
    pub year: i32,
    /// The day they are published from, `YYYY-MM-DD`: the unit's `statistics_due` in the
    /// next year.
    pub due_on: String,
    /// Whether the due day has come; until then no figures are shown.
    pub published: bool,
    /// The year on the unit's calendar, `[from_us, to_us)`.
    pub from_us: i64,
    pub to_us: i64,
    /// The figures over the unit and the units below it (names as in `GET /api/v1/stats`; a
    /// figure absent is zero), once published.
    pub figures: Option<BTreeMap<String, i64>>,
}

#[utoipa::path(get, path = "/api/v1/public/orgs/{id}/statistics", tag = "publicity",
    params(("id" = String, Path, description = "Organisation id", pattern = "^[0-9a-f-]{1,64}$"), YearQuery),
    responses(
        (status = 200, description = "The unit's statistics of the year over its subtree, or the year shown pending before its due day; ETag: the answer's SHA-256", body = PublicStatistics),
        (status = 304, description = "Unchanged since the ETag in If-None-Match"),
        (status = 400, description = "A year that is not a number from 1970 to 9998", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No unit has this id", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn public_statistics(
    state: web::Data<AppState>,
    request: HttpRequest,
    id: web::Path<RowId>,
    query: web::Query<YearQuery>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner().into_string();
    let year = query.into_inner().year;
    if year.is_some_and(|year| !(1970..=9998).contains(&year)) {
        return Err(ApiError::new(
            ProblemType::InvalidQuery,
            "year must be from 1970 to 9998",
        ));
    }
    let now_us = clock::now_us();
    let statistics = db::run_snapshot(&state.pool, move |conn| {
        let org =
            db::orgs::find_unscoped(conn, &id)?.ok_or_else(|| not_in_scope("organisation"))?;
        let context = ContextReader::default().unit(conn, &org.path)?;
        let calendar = context.calendar();
        let today = calendar.date_of(now_us);
        let year = year.unwrap_or(today.ymd().0 - 1);
        let offset = calendar.utc_offset_minutes();
        let first = |year: i32| {
            LocalDate::from_ymd(year, 1, 1)
                .ok_or_else(|| ApiError::internal(format_args!("no 1 January {year}")))
        };
        let (from_us, to_us) = (
            first(year)?.start_us(offset),
            first(year + 1)?.start_us(offset),
        );
        let due_on = due_on(&context.config.publicity.statistics_due, year + 1)?;
        let published = today >= due_on;
        let figures = if published {
            let scope = access::public_statistics_scope(&org)?;
            let computed = stats::compute(conn, &scope, from_us, to_us, None, now_us)?;
            Some(
                computed
                    .total
                    .figures
                    .into_iter()
                    .filter(|(name, _)| {
                        FIGURES.contains(&name.as_str()) && !NOT_PUBLIC.contains(&name.as_str())
                    })
                    .collect(),
            )
        } else {
            None
        };
        Ok::<_, ApiError>(PublicStatistics {
            org_id: org.id,
            org_name: org.name,
            year,
            due_on: due_on.to_string(),
            published,
            from_us,
            to_us,
            figures,
        })
    })
    .await?;
    conditional::respond_json(&request, &statistics)
}

/// The day `MM-DD` (validated with the unit's configuration) of `year`.
fn due_on(month_day: &str, year: i32) -> Result<LocalDate, ApiError> {
    month_day
        .split_once('-')
        .and_then(|(m, d)| LocalDate::from_ymd(year, m.parse().ok()?, d.parse().ok()?))
        .ok_or_else(|| ApiError::internal(format_args!("statistics_due {month_day:?}")))
}
