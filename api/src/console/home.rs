//! The unit tree of the caller's scope, and one unit's cases.

use super::format;
use super::page::{ConsoleError, Lang, page};
use super::session::Viewer;
use crate::access::{self, Action};
use crate::db::cases::CaseFilter;
use crate::db::orgs::Organisation;
use crate::db::{self, Page};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::{Markup, html};
use std::collections::{BTreeMap, HashMap};

/// `GET /console/`: every unit the caller reaches, as a tree.
pub async fn home(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
) -> Result<HttpResponse, ConsoleError> {
    let scope = access::scope(&viewer.caller, Action::ReadOrgs)?;
    let units = db::run(&state.pool, move |conn| {
        Ok(db::orgs::list_in(
            conn,
            &scope,
            None,
            &Page::new(Some(db::page::MAX_LIMIT), None),
        )?)
    })
    .await?;
    let counts = super::supervision::attention::open_counts(&state, &viewer).await?;
    let lang = viewer.lang;
    let mut children: BTreeMap<Option<String>, Vec<&Organisation>> = BTreeMap::new();
    let ids: std::collections::HashSet<&str> = units.iter().map(|unit| unit.id.as_str()).collect();
    for unit in &units {
        // The top of the caller's part of the tree has a parent the caller does not see.
        let parent = unit
            .parent_id
            .clone()
            .filter(|id| ids.contains(id.as_str()));
        children.entry(parent).or_default().push(unit);
    }
    let body = html! {
        h1 { (lang.t("单位", "Units")) }
        (tree(lang, &children, counts.as_ref(), None))
    };
    Ok(page(&viewer, &request, lang.t("单位", "Units"), body))
}

/// The units below `parent`, each with its open attention items when the caller reads them.
fn tree(
    lang: Lang,
    children: &BTreeMap<Option<String>, Vec<&Organisation>>,
    counts: Option<&HashMap<String, usize>>,
    parent: Option<String>,
) -> Markup {
    html! {
        @if let Some(units) = children.get(&parent) {
            ul.tree {
                @for unit in units {
                    li {
                        a href={ "/console/units/" (unit.id) } { (unit.name) }
                        " " span.muted { "(" (unit.kind) ")" }
                        @if let Some(counts) = counts {
                            " " a.badge.warn[counts.contains_key(&unit.id)] href={ "/console/units/" (unit.id) "/attention" } {
                                (counts.get(&unit.id).copied().unwrap_or(0)) " " (lang.t("项待办", "open items"))
                            }
                        }
                        (tree(lang, children, counts, Some(unit.id.clone())))
                    }
                }
            }
        }
    }
}

/// `GET /console/units/{id}`: a unit in scope and the cases of it and below that the caller
/// reads.
pub async fn unit(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
    id: web::Path<String>,
) -> Result<HttpResponse, ConsoleError> {
    let scope = access::scope(&viewer.caller, Action::ReadOrgs)?;
    let case_scope = access::scope_if_any(&viewer.caller, Action::ReadCases)?;
    let reviews = access::scope_if_any(&viewer.caller, Action::ReadReviews)?.is_some();
    let id = id.into_inner();
    let (unit, cases) = db::run(&state.pool, move |conn| {
        let unit = db::orgs::find_in(conn, &scope, &id)?
            .ok_or_else(|| ApiError::not_found("no such unit"))?;
        let cases = match case_scope {
            Some(case_scope) => {
                let filter = CaseFilter {
                    org_path: Some(unit.path.clone()),
                    ..CaseFilter::default()
                };
                db::cases::list_in(conn, &case_scope, &filter, &Page::new(Some(200), None))?
            }
            None => Vec::new(),
        };
        Ok((unit, cases))
    })
    .await?;
    let lang = viewer.lang;
    let body = html! {
        h1 { (unit.name) }
        p {
            a href={ "/console/units/" (unit.id) "/attention" } { (lang.t("督办事项", "Needs attention")) } " · "
            a href={ "/console/units/" (unit.id) "/stats" } { (lang.t("执法统计", "Enforcement statistics")) } " · "
            a href={ "/console/units/" (unit.id) "/rules" } { (lang.t("规则配置与工作日历", "Rules and working-day calendar")) }
            @if reviews { " · " a href={ "/console/units/" (unit.id) "/reviews" } { (lang.t("案卷评查", "Case-file reviews")) } }
        }
        h2 { (lang.t("案件", "Cases")) }
        @if cases.is_empty() {
            p.muted { (lang.t("没有可查看的案件。", "No cases to show.")) }
        } @else {
            table {
                thead { tr {
                    th scope="col" { (lang.t("案件", "Case")) }
                    th scope="col" { (lang.t("程序", "Procedure")) }
                    th scope="col" { (lang.t("阶段", "Stage")) }
                    th scope="col" { (lang.t("立案时间", "Filed")) }
                    th scope="col" { (lang.t("最近期限", "Next deadline")) }
                    th scope="col" { (lang.t("记录", "Records")) }
                    th scope="col" { (lang.t("分叉", "Forks")) }
                } }
                tbody {
                    @for case in &cases {
                        tr.fork[case.fork_count > 0] {
                            td { a href={ "/console/cases/" (case.id) } { (case.id) } }
                            td { (case.procedure.as_deref().unwrap_or("—")) }
                            td { (case.stage) }
                            td { (format::maybe_time(case.filed_at_us)) }
                            td { (format::maybe_time(case.next_deadline_us)) }
                            td { (case.record_count) }
                            td { (case.fork_count) }
                        }
                    }
                }
            }
        }
    };
    Ok(page(&viewer, &request, &unit.name, body))
}
