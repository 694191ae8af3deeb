//! What needs attention: a unit's open items, and the open-item counts of the unit tree.

use crate::access::Action;
use crate::console::format;
use crate::console::page::{ConsoleError, page};
use crate::console::registers::may;
use crate::console::session::Viewer;
use crate::error::ApiError;
use crate::routes::supervision::attention::{AttentionQuery, attention as api};
use crate::state::AppState;
use crate::supervision::view::AttentionItem;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::html;
use std::collections::HashMap;

fn query(org_id: Option<String>) -> web::Query<AttentionQuery> {
    web::Query(AttentionQuery {
        org_id,
        kind: None,
        severity: None,
        state: None,
        min_age_days: None,
        order: None,
        limit: Some(1000),
        after: None,
    })
}

/// The open items of the caller's scope counted by the unit they belong to; `None` when the
/// caller's role reads no attention items.
pub async fn open_counts(
    state: &web::Data<AppState>,
    viewer: &Viewer,
) -> Result<Option<HashMap<String, usize>>, ApiError> {
    if !may(viewer, Action::ReadAttention)? {
        return Ok(None);
    }
    let web::Json(items) = api(state.clone(), viewer.caller.clone(), query(None)).await?;
    let mut counts = HashMap::new();
    for item in items {
        *counts.entry(item.org_id).or_default() += 1;
    }
    Ok(Some(counts))
}

/// `GET /console/units/{id}/attention`: the unit's open items and those of the units below
/// it, newest first.
pub async fn show(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
    id: web::Path<String>,
) -> Result<HttpResponse, ConsoleError> {
    let id = crate::console::registers::users::row_id(id.into_inner())?.into_string();
    let web::Json(items) = api(
        state.clone(),
        viewer.caller.clone(),
        query(Some(id.clone())),
    )
    .await?;
    let lang = viewer.lang;
    let title = lang.t("督办事项", "Needs attention");
    let text = |item: &AttentionItem| match lang {
        crate::console::page::Lang::Zh => item.text_zh.clone(),
        crate::console::page::Lang::En => item.text_en.clone(),
    };
    let body = html! {
        h1 { (title) }
        p { a href={ "/console/units/" (id) } { (lang.t("返回单位", "Back to the unit")) } }
        @if items.is_empty() {
            p.muted { (lang.t("没有待办事项。", "Nothing needs attention.")) }
        } @else {
            table {
                thead { tr {
                    th scope="col" { (lang.t("级别", "Severity")) }
                    th scope="col" { (lang.t("事项", "Item")) }
                    th scope="col" { (lang.t("案件", "Case")) }
                    th scope="col" { (lang.t("规则", "Rule")) }
                    th scope="col" { (lang.t("起始", "Since")) }
                    th scope="col" { (lang.t("期限", "Due")) }
                } }
                tbody { @for item in &items { tr.attention-item {
                    td { @if item.severity == "alarm" { span.badge.bad { (lang.t("告警", "Alarm")) } } @else { span.badge.warn { (lang.t("提醒", "Warning")) } } }
                    td { (text(item)) }
                    td { @if let Some(case) = &item.case_id { a href={ "/console/cases/" (case) } { (case) } } @else { "—" } }
                    td { (item.rule.as_deref().unwrap_or("—")) @if let Some(article) = match lang { crate::console::page::Lang::Zh => item.article_zh.as_ref(), crate::console::page::Lang::En => item.article.as_ref() } { br; span.muted { (article) } } }
                    td { (format::time(item.since_us)) }
                    td { (format::maybe_time(item.due_us)) }
                } } }
            }
        }
    };
    Ok(page(&viewer, &request, title, body))
}
