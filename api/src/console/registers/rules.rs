//! A unit's rule configuration and working-day calendar: what is in force for it (its own or
//! its nearest ancestor's), and for admins each one edited as its JSON document and stored
//! through the API's handler (`routes::rules`), which checks every member and names the one it
//! refuses.

use super::users::row_id;
use super::{FormError, field_error, may, refusal};
use crate::access::Action;
use crate::console::page::{ConsoleError, Lang, page};
use crate::console::session::Viewer;
use crate::routes::rules as api;
use crate::state::AppState;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use maud::{Markup, html};
use serde::Deserialize;
use serde_json::Value;

/// What a refused form sent, shown again in its text area.
struct Sent {
    field: &'static str,
    text: String,
}

/// `GET /console/units/{id}/rules`.
pub async fn show(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
    id: web::Path<String>,
) -> Result<HttpResponse, ConsoleError> {
    render(state, request, viewer, id.into_inner(), None, None).await
}

async fn render(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
    id: String,
    sent: Option<Sent>,
    error: Option<FormError>,
) -> Result<HttpResponse, ConsoleError> {
    let id = row_id(id)?.into_string();
    let web::Json(rules) = api::read::read_rules(
        state.clone(),
        viewer.caller.clone(),
        web::Path::from(id.clone()),
    )
    .await?;
    let web::Json(calendar) = api::calendar_read::read_calendar(
        state.clone(),
        viewer.caller.clone(),
        web::Path::from(id.clone()),
    )
    .await?;
    let editing = may(&viewer, Action::ConfigureRules)?;
    let lang = viewer.lang;
    let error = error.as_ref();
    let shown = |field: &str, value: &Value| match &sent {
        Some(sent) if sent.field == field => sent.text.clone(),
        _ => serde_json::to_string_pretty(value).unwrap_or_default(),
    };
    let title = lang.t("规则配置与工作日历", "Rules and working-day calendar");
    let body = html! {
        h1 { (title) }
        p { a href={ "/console/units/" (id) } { (lang.t("返回单位", "Back to the unit")) } }
        p.muted { (lang.t(
            "本单位未单独配置时，适用最近上级单位的配置；均未配置时适用默认值。",
            "A unit without its own uses its nearest ancestor's; none at all means the defaults."
        )) }
        (document(lang, &id, "rules", lang.t("规则配置", "Rule configuration"), &shown("rules", &rules.config), editing, &viewer.csrf, error))
        (document(lang, &id, "calendar", lang.t("工作日历", "Working-day calendar"), &shown("calendar", &calendar.calendar), editing, &viewer.csrf, error))
    };
    let mut response = page(&viewer, &request, title, body);
    if error.is_some() {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

#[allow(clippy::too_many_arguments)]
fn document(
    lang: Lang,
    unit: &str,
    field: &str,
    heading: &str,
    text: &str,
    editing: bool,
    csrf: &str,
    error: Option<&FormError>,
) -> Markup {
    let message = error.filter(|(f, _)| f == field).map(|(_, m)| m.as_str());
    let described = format!("{field}-error");
    html! {
        h2 { (heading) }
        @if editing {
            form.stack method="post" action={ "/console/units/" (unit) "/" (field) } {
                input type="hidden" name="csrf" value=(csrf);
                label for=(field) { (heading) " (JSON)" }
                textarea.mono id=(field) name="document" rows="16"
                    aria-invalid=[message.map(|_| "true")]
                    aria-describedby=[message.map(|_| described.as_str())] { (text) }
                (field_error(field, message))
                button type="submit" { (lang.t("保存", "Save")) }
            }
        } @else {
            pre.mono { (text) }
        }
    }
}

#[derive(Deserialize)]
pub struct DocumentForm {
    csrf: Option<String>,
    document: Option<String>,
}

/// `POST /console/units/{id}/rules`.
pub async fn set_rules(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
    id: web::Path<String>,
    form: web::Form<DocumentForm>,
) -> Result<HttpResponse, ConsoleError> {
    set(
        state,
        request,
        viewer,
        id.into_inner(),
        "rules",
        form.into_inner(),
    )
    .await
}

/// `POST /console/units/{id}/calendar`.
pub async fn set_calendar(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
    id: web::Path<String>,
    form: web::Form<DocumentForm>,
) -> Result<HttpResponse, ConsoleError> {
    set(
        state,
        request,
        viewer,
        id.into_inner(),
        "calendar",
        form.into_inner(),
    )
    .await
}

/// Stores document `field` (`rules` or `calendar`) through the API's `PUT`; malformed JSON or
/// a refused member is shown beside it.
async fn set(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
    id: String,
    field: &'static str,
    form: DocumentForm,
) -> Result<HttpResponse, ConsoleError> {
    viewer.check_csrf(form.csrf.as_deref())?;
    let id = row_id(id)?.into_string();
    let text = form.document.clone().unwrap_or_default();
    let lang = viewer.lang;
    let sent = Sent {
        field,
        text: text.clone(),
    };
    let document: Value = match serde_json::from_str(&text) {
        Ok(document) => document,
        Err(error) => {
            let message = format!("{}{error}", lang.t("不是有效的 JSON：", "Not valid JSON: "));
            let error = (field.to_owned(), message);
            return render(state, request, viewer, id, Some(sent), Some(error)).await;
        }
    };
    let (state_, caller, path) = (
        state.clone(),
        viewer.caller.clone(),
        web::Path::from(id.clone()),
    );
    let done = match field {
        "rules" => api::set::set_rules(state_, caller, path, web::Json(document))
            .await
            .map(drop),
        _ => api::calendar_set::set_calendar(state_, caller, path, web::Json(document))
            .await
            .map(drop),
    };
    match done {
        Ok(()) => Ok(HttpResponse::SeeOther()
            .insert_header((header::LOCATION, format!("/console/units/{id}/rules")))
            .finish()),
        Err(error) => {
            let shown = refusal(lang, error, &[], field)?;
            render(state, request, viewer, id, Some(sent), Some(shown)).await
        }
    }
}
