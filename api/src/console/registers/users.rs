//! Users and roles: the users the caller reads, and for admins a new user, a role change and
//! a deactivation, each through the API's handler (`routes::users`).

use super::{FormError, field, form_error, may, refusal, select, text, unit_names, units};
use crate::access::Action;
use crate::auth::Role;
use crate::console::page::{ConsoleError, Lang, page, role_name};
use crate::console::session::Viewer;
use crate::error::ApiError;
use crate::names::RowId;
use crate::routes::listing::UnitListQuery;
use crate::routes::users::create::CreateUserRequest;
use crate::routes::users::role::ChangeRoleRequest;
use crate::routes::users::{self as api, UserView};
use crate::state::AppState;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use maud::{Markup, html};
use serde::Deserialize;

const PAGE: &str = "/console/users";

#[derive(Deserialize, Default)]
pub struct UserForm {
    csrf: Option<String>,
    username: Option<String>,
    password: Option<String>,
    role: Option<String>,
    org_id: Option<String>,
}

/// `GET /console/users`.
pub async fn list(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
) -> Result<HttpResponse, ConsoleError> {
    render(state, request, viewer, UserForm::default(), None).await
}

/// The roles a form offers (value, name).
pub fn role_options(lang: Lang) -> Vec<(String, String)> {
    Role::ALL
        .iter()
        .map(|role| {
            (
                role.as_str().to_owned(),
                role_name(lang, role.as_str()).to_owned(),
            )
        })
        .collect()
}

async fn render(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
    form: UserForm,
    error: Option<FormError>,
) -> Result<HttpResponse, ConsoleError> {
    let query = UnitListQuery {
        org_id: None,
        limit: Some(1000),
        after: None,
    };
    let web::Json(users) =
        api::list::list_users(state.clone(), viewer.caller.clone(), web::Query(query)).await?;
    let names = unit_names(&state, &viewer).await?;
    let creatable = units(&state, &viewer, Action::CreateUser).await?;
    let (change_role, deactivate) = (
        may(&viewer, Action::ChangeRole)?,
        may(&viewer, Action::DeactivateUser)?,
    );
    let lang = viewer.lang;
    let error = error.as_ref();
    let roles = role_options(lang);
    let title = lang.t("用户与角色", "Users and roles");
    let body = html! {
        h1 { (title) }
        table {
            thead { tr {
                th scope="col" { (lang.t("用户名", "Username")) }
                th scope="col" { (lang.t("角色", "Role")) }
                th scope="col" { (lang.t("单位", "Unit")) }
                th scope="col" { (lang.t("状态", "State")) }
                @if change_role || deactivate { th scope="col" { (lang.t("操作", "Actions")) } }
            } }
            tbody { @for user in &users { tr {
                td { (user.username) }
                td { (role_name(lang, user.role.as_str())) }
                td { (names.get(&user.org_id).map_or(user.org_id.as_str(), String::as_str)) }
                td { @if user.active { (lang.t("在用", "Active")) } @else { span.muted { (lang.t("已停用", "Deactivated")) } } }
                @if change_role || deactivate { td {
                    @if user.active && user.id != viewer.caller.user_id {
                        (row_forms(lang, &viewer.csrf, user, &roles, change_role, deactivate, error))
                    }
                } }
            } } }
        }
        @if !creatable.is_empty() { (create_form(lang, &viewer.csrf, &creatable, &roles, &form, error)) }
    };
    let mut response = page(&viewer, &request, title, body);
    if error.is_some() {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

fn row_forms(
    lang: Lang,
    csrf: &str,
    user: &UserView,
    roles: &[(String, String)],
    change_role: bool,
    deactivate: bool,
    error: Option<&FormError>,
) -> Markup {
    let role_id = format!("role-{}", user.id);
    let role_label = format!("{}{}", lang.t("新角色：", "New role for "), user.username);
    html! {
        @if change_role {
            form.inline method="post" action={ (PAGE) "/" (user.id) "/role" } {
                input type="hidden" name="csrf" value=(csrf);
                select id=(role_id) name="role" aria-label=(role_label)
                    aria-describedby=[error.filter(|(f, _)| *f == role_id).map(|_| format!("{role_id}-error"))] {
                    @for (value, text) in roles {
                        option value=(value) selected[value == user.role.as_str()] { (text) }
                    }
                }
                button type="submit" { (lang.t("改角色", "Change role")) }
            }
            (form_error(&role_id, error))
        }
        @if deactivate {
            form.inline method="post" action={ (PAGE) "/" (user.id) "/deactivate" } {
                input type="hidden" name="csrf" value=(csrf);
                button type="submit" { (lang.t("停用", "Deactivate")) }
            }
        }
    }
}

fn create_form(
    lang: Lang,
    csrf: &str,
    units: &[(String, String)],
    roles: &[(String, String)],
    form: &UserForm,
    error: Option<&FormError>,
) -> Markup {
    html! {
        h2 #new-user { (lang.t("新增用户", "Add a user")) }
        (form_error("new-user", error))
        form.stack method="post" action=(PAGE) {
            input type="hidden" name="csrf" value=(csrf);
            (field("username", "username", lang.t("用户名", "Username"), "text", form.username.as_deref().unwrap_or_default(), error))
            (field("password", "password", lang.t("初始密码", "Initial password"), "password", "", error))
            (select("role", "role", lang.t("角色", "Role"), roles, Some(form.role.as_deref().unwrap_or("officer")), error))
            (select("org_id", "org_id", lang.t("单位", "Unit"), units, form.org_id.as_deref(), error))
            button type="submit" { (lang.t("新增", "Add")) }
        }
    }
}

/// A role a form names, or why not beside `field`.
fn role_of(lang: Lang, value: &Option<String>, field: &str) -> Result<Role, FormError> {
    text(value).parse().map_err(|_| {
        (
            field.to_owned(),
            lang.t("没有这个角色。", "There is no such role.")
                .to_owned(),
        )
    })
}

/// `POST /console/users`: a new user through the API.
pub async fn create(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
    form: web::Form<UserForm>,
) -> Result<HttpResponse, ConsoleError> {
    viewer.check_csrf(form.csrf.as_deref())?;
    let form = form.into_inner();
    let lang = viewer.lang;
    let order = role_of(lang, &form.role, "role").and_then(|role| {
        let org_id = RowId::try_from(text(&form.org_id)).map_err(|_| {
            (
                "org_id".to_owned(),
                lang.t("请选择单位。", "Choose a unit.").to_owned(),
            )
        })?;
        Ok(CreateUserRequest {
            username: text(&form.username),
            password: form.password.clone().unwrap_or_default(),
            role,
            org_id,
        })
    });
    let done = match order {
        Ok(order) => {
            api::create::create_user(state.clone(), viewer.caller.clone(), web::Json(order))
                .await
                .map(drop)
        }
        Err(error) => return render(state, request, viewer, form, Some(error)).await,
    };
    match done {
        Ok(()) => Ok(back()),
        Err(error) => {
            let fields = [("username", "username"), ("password", "password")];
            let shown = refusal(lang, error, &fields, "new-user")?;
            render(state, request, viewer, form, Some(shown)).await
        }
    }
}

#[derive(Deserialize)]
pub struct RoleForm {
    csrf: Option<String>,
    role: Option<String>,
}

/// `POST /console/users/{id}/role`.
pub async fn change_role(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
    id: web::Path<String>,
    form: web::Form<RoleForm>,
) -> Result<HttpResponse, ConsoleError> {
    viewer.check_csrf(form.csrf.as_deref())?;
    let id = row_id(id.into_inner())?;
    let field = format!("role-{}", &*id);
    let lang = viewer.lang;
    let role = match role_of(lang, &form.role, &field) {
        Ok(role) => role,
        Err(error) => {
            return render(state, request, viewer, UserForm::default(), Some(error)).await;
        }
    };
    let done = api::role::change_role(
        state.clone(),
        viewer.caller.clone(),
        web::Path::from(id),
        web::Json(ChangeRoleRequest { role }),
    )
    .await;
    match done {
        Ok(_) => Ok(back()),
        Err(error) => {
            let shown = refusal(lang, error, &[], &field)?;
            render(state, request, viewer, UserForm::default(), Some(shown)).await
        }
    }
}

#[derive(Deserialize)]
pub struct CsrfForm {
    csrf: Option<String>,
}

/// `POST /console/users/{id}/deactivate`.
pub async fn deactivate(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: Viewer,
    id: web::Path<String>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, ConsoleError> {
    viewer.check_csrf(form.csrf.as_deref())?;
    let id = row_id(id.into_inner())?;
    let field = format!("role-{}", &*id);
    let done =
        api::deactivate::deactivate_user(state.clone(), viewer.caller.clone(), web::Path::from(id))
            .await;
    match done {
        Ok(_) => Ok(back()),
        Err(error) => {
            let shown = refusal(viewer.lang, error, &[], &field)?;
            render(state, request, viewer, UserForm::default(), Some(shown)).await
        }
    }
}

/// A row id from a console URL; anything else is the not-found page.
pub fn row_id(id: String) -> Result<RowId, ApiError> {
    RowId::try_from(id).map_err(|_| ApiError::not_found("no such row"))
}

fn back() -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, PAGE))
        .finish()
}
