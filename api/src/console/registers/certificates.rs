//! Enforcement certificates (持证上岗): those the caller reads with their status, and for
//! admins issuing one and suspending, revoking or reinstating it, each through the API's
//! handler (`routes::certificates`).

use super::users::row_id;
use super::{FormError, field, form_error, may, refusal, select, text, units};
use crate::access::Action;
use crate::certificates::StatusAction;
use crate::console::page::{ConsoleError, Lang, page};
use crate::console::session::Viewer;
use crate::names::RowId;
use crate::routes::certificates::issue::IssueCertificateRequest;
use crate::routes::certificates::list::ListCertificatesQuery;
use crate::routes::certificates::status::StatusChangeRequest;
use crate::routes::certificates::{self as api, CertificateView};
use crate::routes::listing::UnitListQuery;
use crate::routes::users as users_api;
use crate::state::AppState;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use custos_core::rules::LocalDate;
use maud::{Markup, html};
use serde::Deserialize;

const PAGE: &str = "/console/certificates";

#[derive(Deserialize, Default)]
pub struct IssueForm {
    csrf: Option<String>,
    number: Option<String>,
    holder_id: Option<String>,
    holder_name: Option<String>,
    issuer: Option<String>,
    domains: Option<String>,
    valid_from: Option<String>,
    valid_until: Option<String>,
}

/// `GET /console/certificates`.
pub async fn list(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
) -> Result<HttpResponse, ConsoleError> {
    render(state, request, viewer, IssueForm::default(), None).await
}

fn status_name(lang: Lang, status: &str) -> &'static str {
    match status {
        "valid" => lang.t("有效", "Valid"),
        "suspended" => lang.t("暂扣", "Suspended"),
        "revoked" => lang.t("吊销", "Revoked"),
        "expired" => lang.t("过期", "Expired"),
        _ => lang.t("未知", "Unknown"),
    }
}

async fn render(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
    form: IssueForm,
    error: Option<FormError>,
) -> Result<HttpResponse, ConsoleError> {
    let query = ListCertificatesQuery {
        holder_id: None,
        limit: Some(1000),
        after: None,
    };
    let web::Json(certificates) =
        api::list::list_certificates(state.clone(), viewer.caller.clone(), web::Query(query))
            .await?;
    let issuing = !units(&state, &viewer, Action::IssueCertificate)
        .await?
        .is_empty();
    let holders: Vec<(String, String)> = if issuing {
        let query = UnitListQuery {
            org_id: None,
            limit: Some(1000),
            after: None,
        };
        let web::Json(users) =
            users_api::list::list_users(state.clone(), viewer.caller.clone(), web::Query(query))
                .await?;
        users
            .into_iter()
            .filter(|user| user.active && user.role.as_str() != "dock")
            .map(|user| (user.id, user.username))
            .collect()
    } else {
        Vec::new()
    };
    let changing = may(&viewer, Action::ChangeCertificateStatus)?;
    let lang = viewer.lang;
    let error = error.as_ref();
    let title = lang.t("执法证件", "Enforcement certificates");
    let body = html! {
        h1 { (title) }
        @if certificates.is_empty() {
            p.muted { (lang.t("尚无证件。", "No certificates yet.")) }
        } @else {
            table {
                thead { tr {
                    th scope="col" { (lang.t("证号", "Number")) }
                    th scope="col" { (lang.t("持证人", "Holder")) }
                    th scope="col" { (lang.t("执法领域", "Domains")) }
                    th scope="col" { (lang.t("有效期", "Valid")) }
                    th scope="col" { (lang.t("状态", "Status")) }
                    @if changing { th scope="col" { (lang.t("变更状态", "Change status")) } }
                } }
                tbody { @for certificate in &certificates { tr {
                    td { code { (certificate.face.number) } }
                    td { (certificate.face.holder_name) }
                    td { (certificate.face.domains.join("、")) }
                    td { (certificate.face.valid_from.to_string()) " – " (certificate.face.valid_until.to_string()) }
                    td { (status_name(lang, &certificate.status)) " " span.muted { "(" (certificate.status_since.to_string()) ")" } }
                    @if changing { td { (status_form(lang, &viewer.csrf, certificate, error)) } }
                } } }
            }
        }
        @if issuing { (issue_form(lang, &viewer.csrf, &holders, &form, error)) }
    };
    let mut response = page(&viewer, &request, title, body);
    if error.is_some() {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

fn status_form(
    lang: Lang,
    csrf: &str,
    certificate: &CertificateView,
    error: Option<&FormError>,
) -> Markup {
    let id = &certificate.id;
    let action_id = format!("action-{id}");
    // Revocation is final: no form, but a refused change is still shown beside the row.
    if certificate.status == "revoked" {
        return form_error(&action_id, error);
    }
    let actions = [
        ("suspend", lang.t("暂扣", "Suspend")),
        ("revoke", lang.t("吊销", "Revoke")),
        ("reinstate", lang.t("恢复", "Reinstate")),
    ];
    let reason_id = format!("reason-{id}");
    let reason_error = error
        .filter(|(f, _)| *f == reason_id)
        .map(|(_, m)| m.as_str());
    html! {
        form.inline method="post" action={ (PAGE) "/" (id) } {
            input type="hidden" name="csrf" value=(csrf);
            select id=(action_id) name="action" aria-label=(format!("{} {}", lang.t("变更", "Change"), certificate.face.number)) {
                @for (value, text) in actions { option value=(value) { (text) } }
            }
            input id=(reason_id) name="reason" type="text"
                aria-label=(lang.t("理由", "Reason")) placeholder=(lang.t("理由", "Reason"))
                aria-invalid=[reason_error.map(|_| "true")]
                aria-describedby=[reason_error.map(|_| format!("{reason_id}-error"))];
            button type="submit" { (lang.t("提交", "Submit")) }
        }
        (form_error(&reason_id, error))
        (form_error(&action_id, error))
    }
}

fn issue_form(
    lang: Lang,
    csrf: &str,
    holders: &[(String, String)],
    form: &IssueForm,
    error: Option<&FormError>,
) -> Markup {
    let value = |text: &Option<String>| text.clone().unwrap_or_default();
    html! {
        h2 #issue { (lang.t("登记证件", "Issue a certificate")) }
        (form_error("issue", error))
        form.stack method="post" action=(PAGE) {
            input type="hidden" name="csrf" value=(csrf);
            (field("number", "number", lang.t("证号", "Number"), "text", &value(&form.number), error))
            (select("holder_id", "holder_id", lang.t("持证用户", "Held by user"), holders, form.holder_id.as_deref(), error))
            (field("holder_name", "holder_name", lang.t("持证人姓名（证上所印）", "Holder's name as printed"), "text", &value(&form.holder_name), error))
            (field("issuer", "issuer", lang.t("发证机关", "Issuer"), "text", &value(&form.issuer), error))
            (field("domains", "domains", lang.t("执法领域（以逗号分隔）", "Domains (comma separated)"), "text", &value(&form.domains), error))
            (field("valid_from", "valid_from", lang.t("有效期起", "Valid from"), "date", &value(&form.valid_from), error))
            (field("valid_until", "valid_until", lang.t("有效期止", "Valid until"), "date", &value(&form.valid_until), error))
            button type="submit" { (lang.t("登记", "Issue")) }
        }
    }
}

/// A date a form names, or why not beside `field`.
fn date_of(lang: Lang, value: &Option<String>, field: &str) -> Result<LocalDate, FormError> {
    text(value).parse().map_err(|_| {
        (
            field.to_owned(),
            lang.t("日期格式为 YYYY-MM-DD。", "A date is YYYY-MM-DD.")
                .to_owned(),
        )
    })
}

/// `POST /console/certificates`: a certificate issued through the API.
pub async fn issue(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
    form: web::Form<IssueForm>,
) -> Result<HttpResponse, ConsoleError> {
    viewer.check_csrf(form.csrf.as_deref())?;
    let form = form.into_inner();
    let lang = viewer.lang;
    let order = (|| {
        let holder_id = RowId::try_from(text(&form.holder_id)).map_err(|_| {
            (
                "holder_id".to_owned(),
                lang.t("请选择持证用户。", "Choose the holder.").to_owned(),
            )
        })?;
        Ok::<_, FormError>(IssueCertificateRequest {
            number: text(&form.number),
            holder_id,
            holder_name: text(&form.holder_name),
            issuer: text(&form.issuer),
            domains: text(&form.domains)
                .split([',', '，', '、'])
                .map(str::trim)
                .filter(|domain| !domain.is_empty())
                .map(str::to_owned)
                .collect(),
            valid_from: date_of(lang, &form.valid_from, "valid_from")?,
            valid_until: date_of(lang, &form.valid_until, "valid_until")?,
        })
    })();
    let order = match order {
        Ok(order) => order,
        Err(error) => return render(state, request, viewer, form, Some(error)).await,
    };
    match api::issue::issue_certificate(state.clone(), viewer.caller.clone(), web::Json(order))
        .await
    {
        Ok(_) => Ok(back()),
        Err(error) => {
            let fields = [
                ("number", "number"),
                ("certificate number", "number"),
                ("holder_name", "holder_name"),
                ("issuer", "issuer"),
                ("domain", "domains"),
                ("valid_until", "valid_until"),
            ];
            let shown = refusal(lang, error, &fields, "issue")?;
            render(state, request, viewer, form, Some(shown)).await
        }
    }
}

#[derive(Deserialize)]
pub struct StatusForm {
    csrf: Option<String>,
    action: Option<String>,
    reason: Option<String>,
}

/// `POST /console/certificates/{id}`: suspend, revoke or reinstate through the API.
pub async fn change_status(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
    id: web::Path<String>,
    form: web::Form<StatusForm>,
) -> Result<HttpResponse, ConsoleError> {
    viewer.check_csrf(form.csrf.as_deref())?;
    let id = row_id(id.into_inner())?;
    let lang = viewer.lang;
    let (action_id, reason_id) = (format!("action-{}", &*id), format!("reason-{}", &*id));
    let action = match text(&form.action).as_str() {
        "suspend" => StatusAction::Suspend,
        "revoke" => StatusAction::Revoke,
        "reinstate" => StatusAction::Reinstate,
        _ => {
            let error = (
                action_id,
                lang.t("没有这种变更。", "There is no such change.")
                    .to_owned(),
            );
            return render(state, request, viewer, IssueForm::default(), Some(error)).await;
        }
    };
    let change = StatusChangeRequest {
        reason: text(&form.reason),
        since: None,
    };
    let done = api::status::change_status(
        state.clone(),
        viewer.caller.clone(),
        web::Path::from((id, action)),
        web::Json(change),
    )
    .await;
    match done {
        Ok(_) => Ok(back()),
        Err(error) => {
            let shown = refusal(lang, error, &[("reason", &reason_id)], &action_id)?;
            render(state, request, viewer, IssueForm::default(), Some(shown)).await
        }
    }
}

fn back() -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, PAGE))
        .finish()
}
