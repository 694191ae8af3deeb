//! The registers an admin keeps: users and roles, enforcement certificates, devices, and a
//! unit's rule configuration and working-day calendar. Each page lists what the API's own list
//! handler gives the signed-in caller, and each form runs the API's own handler as that caller,
//! so a refusal is the API's, shown beside the field it names, and nothing changed.

pub mod certificates;
pub mod devices;
pub mod rules;
pub mod users;

use super::page::{ConsoleError, Lang};
use super::session::Viewer;
use crate::access::{self, Action};
use crate::db::{self, Page};
use crate::error::{ApiError, ProblemType};
use crate::state::AppState;
use actix_web::web;
use maud::{Markup, html};
use std::collections::HashMap;

/// What a refused form showed: (field id, message); the field `form` for the whole form.
pub type FormError = (String, String);

/// The message of `error` if it is about `field`.
fn message_for<'a>(error: Option<&'a FormError>, field: &str) -> Option<&'a str> {
    error
        .filter(|(f, _)| f == field)
        .map(|(_, message)| message.as_str())
}

/// A labelled input whose error, if any, is beside it and named by `aria-describedby`.
pub fn field(
    id: &str,
    name: &str,
    label: &str,
    kind: &str,
    value: &str,
    error: Option<&FormError>,
) -> Markup {
    let message = message_for(error, id);
    let described = format!("{id}-error");
    html! {
        label for=(id) { (label) }
        input #(id) name=(name) type=(kind) value=(value)
            aria-invalid=[message.map(|_| "true")]
            aria-describedby=[message.map(|_| described.as_str())];
        (field_error(id, message))
    }
}

/// A labelled choice among `options` (value, text).
pub fn select(
    id: &str,
    name: &str,
    label: &str,
    options: &[(String, String)],
    chosen: Option<&str>,
    error: Option<&FormError>,
) -> Markup {
    let message = message_for(error, id);
    let described = format!("{id}-error");
    html! {
        label for=(id) { (label) }
        select #(id) name=(name)
            aria-invalid=[message.map(|_| "true")]
            aria-describedby=[message.map(|_| described.as_str())] {
            @for (value, text) in options {
                option value=(value) selected[chosen == Some(value.as_str())] { (text) }
            }
        }
        (field_error(id, message))
    }
}

/// The error shown beside field `id`, when there is one.
pub fn field_error(id: &str, message: Option<&str>) -> Markup {
    html! {
        @if let Some(message) = message { p.field-error id={ (id) "-error" } role="alert" { (message) } }
    }
}

/// The error of a whole form (`form_id`), above it.
pub fn form_error(form_id: &str, error: Option<&FormError>) -> Markup {
    field_error(form_id, message_for(error, form_id))
}

/// Where the API's refusal is shown: beside the first of `fields` (pairs of the name the API's
/// detail starts with and the form's field id) its detail names, else above form `form_id`.
/// Faults, refusals of the role and not-found are not a form's business: they are the error
/// page.
pub fn refusal(
    lang: Lang,
    error: ApiError,
    fields: &[(&str, &str)],
    form_id: &str,
) -> Result<FormError, ConsoleError> {
    match error.problem {
        ProblemType::InvalidInput | ProblemType::InvalidJson | ProblemType::Conflict => {
            let field = fields
                .iter()
                .find(|(name, _)| error.detail.starts_with(name))
                .map_or(form_id, |(_, id)| id);
            let message = format!("{}{}", lang.t("未保存：", "Not saved: "), error.detail);
            Ok((field.to_owned(), message))
        }
        _ => Err(error.into()),
    }
}

/// The units the caller reaches (id, name), for naming units in tables.
pub async fn unit_names(
    state: &web::Data<AppState>,
    viewer: &Viewer,
) -> Result<HashMap<String, String>, ApiError> {
    Ok(units(state, viewer, Action::ReadOrgs)
        .await?
        .into_iter()
        .collect())
}

/// The units in which the caller may do `action` (id, name), in tree order; none when it may
/// not do it anywhere (and then the page shows no form for it).
pub async fn units(
    state: &web::Data<AppState>,
    viewer: &Viewer,
    action: Action,
) -> Result<Vec<(String, String)>, ApiError> {
    let Some(scope) = access::scope_if_any(&viewer.caller, action)? else {
        return Ok(Vec::new());
    };
    let units = db::run(&state.pool, move |conn| {
        Ok(db::orgs::list_in(
            conn,
            &scope,
            None,
            &Page::new(Some(db::page::MAX_LIMIT), None),
        )?)
    })
    .await?;
    Ok(units.into_iter().map(|unit| (unit.id, unit.name)).collect())
}

/// Whether the caller may do `action` anywhere.
pub fn may(viewer: &Viewer, action: Action) -> Result<bool, ApiError> {
    Ok(access::scope_if_any(&viewer.caller, action)?.is_some())
}

/// A form's text field, trimmed.
pub fn text(value: &Option<String>) -> String {
    value.as_deref().unwrap_or_default().trim().to_owned()
}
