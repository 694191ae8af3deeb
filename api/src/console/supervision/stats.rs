//! Enforcement statistics of a unit and the units below it, from the API's statistics handler:
//! by month (lines) or by unit (bars), every figure in a table beside the charts, and the same
//! statistics as the API's CSV.

use super::chart;
use crate::console::page::{ConsoleError, Lang, page};
use crate::console::registers::users::row_id;
use crate::console::session::Viewer;
use crate::error::ApiError;
use crate::routes::supervision::stats::{StatsQuery, stats as api};
use crate::state::AppState;
use crate::supervision::stats::{self, FIGURES, Group, Stats};
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::html;
use serde::Deserialize;

/// The figures drawn as charts; the table has them all.
const CHARTED: &[(&str, &str, &str)] = &[
    ("cases_filed", "立案数", "Cases filed"),
    ("cases_decided", "决定数", "Cases decided"),
    ("overdue_cases", "超期案件", "Overdue cases"),
    ("penalties_fine", "罚款决定", "Fines imposed"),
];

#[derive(Deserialize)]
pub struct ShowQuery {
    group_by: Option<String>,
}

/// `unit` or `month` (the default).
fn grouping(query: &ShowQuery) -> &'static str {
    match query.group_by.as_deref() {
        Some("unit") => "unit",
        _ => "month",
    }
}

async fn compute(
    state: web::Data<AppState>,
    viewer: &Viewer,
    request: HttpRequest,
    id: String,
    group_by: &str,
) -> Result<Stats, ConsoleError> {
    let query = StatsQuery {
        org_id: Some(row_id(id)?.into_string()),
        from_us: None,
        to_us: None,
        group_by: Some(group_by.to_owned()),
    };
    let response = api(state, viewer.caller.clone(), request, web::Query(query)).await?;
    let bytes = actix_web::body::to_bytes(response.into_body())
        .await
        .map_err(|_| ApiError::internal("reading statistics"))?;
    Ok(serde_json::from_slice(&bytes).map_err(ApiError::internal)?)
}

fn key_of(lang: Lang, group: &Group) -> String {
    group
        .label
        .clone()
        .or_else(|| group.key.clone())
        .unwrap_or_else(|| lang.t("（无）", "(none)").to_owned())
}

/// `GET /console/units/{id}/stats?group_by=month|unit`.
pub async fn show(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
    id: web::Path<String>,
    query: web::Query<ShowQuery>,
) -> Result<HttpResponse, ConsoleError> {
    let id = id.into_inner();
    let group_by = grouping(&query);
    let stats = compute(state, &viewer, request.clone(), id.clone(), group_by).await?;
    let lang = viewer.lang;
    let title = lang.t("执法统计", "Enforcement statistics");
    let groups: Vec<&Group> = stats.groups.iter().collect();
    let series = |figure: &str| -> Vec<(String, i64)> {
        groups
            .iter()
            .map(|group| {
                (
                    key_of(lang, group),
                    group.figures.get(figure).copied().unwrap_or(0),
                )
            })
            .collect()
    };
    let body = html! {
        h1 { (title) }
        p {
            a href={ "/console/units/" (id) } { (lang.t("返回单位", "Back to the unit")) } " · "
            @if group_by == "month" {
                a href={ "/console/units/" (id) "/stats?group_by=unit" } { (lang.t("按单位", "By unit")) }
            } @else {
                a href={ "/console/units/" (id) "/stats?group_by=month" } { (lang.t("按月份", "By month")) }
            }
            " · " a href={ "/console/units/" (id) "/stats.csv?group_by=" (group_by) } download { (lang.t("下载 CSV", "Download CSV")) }
        }
        @if groups.is_empty() {
            p.muted { (lang.t("该期间没有案件。", "No cases in the period.")) }
        } @else {
            @for (figure, zh, en) in CHARTED {
                @if group_by == "month" { (chart::line(lang.t(zh, en), &series(figure))) }
                @else { (chart::bars(lang.t(zh, en), &series(figure))) }
            }
        }
        h2 { (lang.t("全部指标", "Every figure")) }
        div.wide { table.figures {
            thead { tr {
                th scope="col" { (lang.t("指标", "Figure")) }
                @for group in &groups { th scope="col" { (key_of(lang, group)) } }
                th scope="col" { (lang.t("合计", "Total")) }
            } }
            tbody { @for figure in FIGURES { tr {
                th scope="row" { code { (figure) } }
                @for group in &groups { td.num { (group.figures.get(*figure).map_or_else(|| "—".to_owned(), i64::to_string)) } }
                td.num { (stats.total.figures.get(*figure).map_or_else(|| "—".to_owned(), i64::to_string)) }
            } } }
        } }
    };
    Ok(page(&viewer, &request, title, body))
}

/// `GET /console/units/{id}/stats.csv?group_by=month|unit`: the API's CSV of the same figures.
pub async fn csv(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
    id: web::Path<String>,
    query: web::Query<ShowQuery>,
) -> Result<HttpResponse, ConsoleError> {
    let group_by = grouping(&query);
    let stats = compute(state, &viewer, request, id.into_inner(), group_by).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!(
                "attachment; filename=\"stats-{}-{group_by}.csv\"",
                stats.org_id
            ),
        ))
        .body(stats::to_csv(&stats)))
}
