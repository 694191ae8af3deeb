//! Publication approvals (执法公示): the decided cases of the caller's units waiting for their
//! notice to be approved and the published notices whose decision changed, each approved or
//! withdrawn through the API's own handlers (`routes::publicity`), so only reviewers and admins
//! of the unit line see or act, as over the API.

use super::format;
use super::page::{ConsoleError, page};
use super::registers::{FormError, form_error, refusal};
use super::session::Viewer;
use crate::error::ApiError;
use crate::names::RowId;
use crate::routes::publicity::pending::{PendingQuery, pending};
use crate::routes::publicity::publish::{PublishRequest, publish as api_publish};
use crate::routes::publicity::withdraw::withdraw as api_withdraw;
use crate::state::AppState;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use maud::html;
use serde::Deserialize;

const PAGE: &str = "/console/publications";

/// `GET /console/publications`.
pub async fn list(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
) -> Result<HttpResponse, ConsoleError> {
    render(state, request, viewer, None).await
}

async fn render(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
    error: Option<FormError>,
) -> Result<HttpResponse, ConsoleError> {
    let query = PendingQuery {
        org_id: None,
        limit: Some(1000),
        after: None,
    };
    let web::Json(waiting) = pending(state, viewer.caller.clone(), web::Query(query)).await?;
    let lang = viewer.lang;
    let error = error.as_ref();
    let title = lang.t("公示审批", "Publication approvals");
    let overdue = |late: bool| {
        html! { @if late { " " span.badge.bad { (lang.t("已逾期", "overdue")) } } }
    };
    let body = html! {
        h1 { (title) }
        // A refusal is shown here: the row it was about may be gone (published or withdrawn
        // meanwhile).
        (form_error("publications", error))
        h2 { (lang.t("待公示", "To publish")) }
        @if waiting.to_publish.is_empty() {
            p.muted { (lang.t("没有待公示的决定。", "No decision waits to be published.")) }
        } @else {
            table {
                thead { tr {
                    th scope="col" { (lang.t("案件", "Case")) }
                    th scope="col" { (lang.t("公示内容（已遮蔽）", "Notice (masked)")) }
                    th scope="col" { (lang.t("最后期限", "Last day")) }
                    th scope="col" { (lang.t("审批", "Approve")) }
                } }
                tbody { @for item in &waiting.to_publish { tr.to-publish {
                    td { a href={ "/console/cases/" (item.case_id) } { (item.case_id) } }
                    td {
                        @if let Some(notice) = &item.notice {
                            details {
                                summary { (notice["document_number"].as_str().unwrap_or("—")) " · " (notice["party"]["name"].as_str().unwrap_or("—")) }
                                pre.mono { (serde_json::to_string_pretty(notice).unwrap_or_default()) }
                            }
                        } @else {
                            span.bad { (item.problem.as_deref().unwrap_or("—")) }
                        }
                    }
                    td { (item.last_day.as_deref().unwrap_or("—")) (overdue(item.overdue)) }
                    td {
                        @if item.notice.is_some() {
                            form.inline method="post" action=(PAGE) {
                                input type="hidden" name="csrf" value=(viewer.csrf);
                                input type="hidden" name="case_id" value=(item.case_id);
                                button type="submit" { (lang.t("批准公示", "Approve and publish")) }
                            }
                        }
                    }
                } } }
            }
        }
        h2 { (lang.t("待撤回", "To withdraw")) }
        @if waiting.to_withdraw.is_empty() {
            p.muted { (lang.t("没有待撤回的公示。", "No publication waits to be withdrawn.")) }
        } @else {
            table {
                thead { tr {
                    th scope="col" { (lang.t("案件", "Case")) }
                    th scope="col" { (lang.t("决定变更时间", "Decision changed")) }
                    th scope="col" { (lang.t("最后期限", "Last day")) }
                    th scope="col" { (lang.t("撤回", "Withdraw")) }
                } }
                tbody { @for item in &waiting.to_withdraw { tr.to-withdraw {
                    td { a href={ "/console/cases/" (item.case_id) } { (item.case_id) } }
                    td { (format::time(item.changed_at_us)) }
                    td { (item.last_day) (overdue(item.overdue)) }
                    td {
                        form.inline method="post" action={ (PAGE) "/" (item.publication_id) "/withdrawal" } {
                            input type="hidden" name="csrf" value=(viewer.csrf);
                            button type="submit" { (lang.t("撤回公示", "Withdraw")) }
                        }
                    }
                } } }
            }
        }
    };
    let mut response = page(&viewer, &request, title, body);
    if error.is_some() {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

#[derive(Deserialize)]
pub struct PublishForm {
    csrf: Option<String>,
    case_id: Option<String>,
}

/// `POST /console/publications`: approves a case's notice through the API.
pub async fn publish(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
    form: web::Form<PublishForm>,
) -> Result<HttpResponse, ConsoleError> {
    viewer.check_csrf(form.csrf.as_deref())?;
    let case_id = form.case_id.clone().unwrap_or_default();
    let order = web::Json(PublishRequest {
        case_id: case_id.clone(),
    });
    match api_publish(state.clone(), viewer.caller.clone(), order).await {
        Ok(_) => Ok(back()),
        Err(error) => {
            let shown = refusal(viewer.lang, error, &[], "publications")?;
            render(state, request, viewer, Some(shown)).await
        }
    }
}

#[derive(Deserialize)]
pub struct WithdrawForm {
    csrf: Option<String>,
}

/// `POST /console/publications/{id}/withdrawal`: withdraws a notice through the API.
pub async fn withdraw(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
    id: web::Path<String>,
    form: web::Form<WithdrawForm>,
) -> Result<HttpResponse, ConsoleError> {
    viewer.check_csrf(form.csrf.as_deref())?;
    let id =
        RowId::try_from(id.into_inner()).map_err(|_| ApiError::not_found("no such publication"))?;
    match api_withdraw(state.clone(), viewer.caller.clone(), web::Path::from(id)).await {
        Ok(_) => Ok(back()),
        Err(error) => {
            let shown = refusal(viewer.lang, error, &[], "publications")?;
            render(state, request, viewer, Some(shown)).await
        }
    }
}

fn back() -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, PAGE))
        .finish()
}
