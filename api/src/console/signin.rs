//! Sign-in and sign-out. The password is checked exactly as the API's login checks it
//! (`routes::auth::login::check_password`: same throttling per account and client address).

use super::page::{ConsoleError, Lang, bare, html_response};
use super::session::{self, Viewer, lang_of};
use crate::error::ProblemType;
use crate::routes::auth::login::check_password;
use crate::state::AppState;
use actix_web::cookie::time::Duration;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use maud::html;
use serde::Deserialize;

/// `GET /console/sign-in`.
pub async fn form(request: HttpRequest) -> HttpResponse {
    let lang = lang_of(&request);
    html_response(StatusCode::OK, sign_in_page(lang, "", None))
}

fn sign_in_page(lang: Lang, username: &str, error: Option<String>) -> maud::Markup {
    let title = lang.t("登录", "Sign in");
    bare(
        lang.html(),
        title,
        html! {
            h1 { (lang.t("custos 监督控制台", "custos supervisor console")) }
            form.stack method="post" action="/console/sign-in" {
                label for="username" { (lang.t("用户名", "Username")) }
                input #username name="username" type="text" autocomplete="username" required
                    value=(username)
                    aria-describedby=[error.as_ref().map(|_| "sign-in-error")];
                label for="password" { (lang.t("密码", "Password")) }
                input #password name="password" type="password" autocomplete="current-password" required;
                @if let Some(error) = &error {
                    p #sign-in-error .field-error role="alert" { (error) }
                }
                button type="submit" { (title) }
            }
            p {
                a href={ "/console/lang?to=" (lang.other().code()) "&back=/console/sign-in" }
                    lang=(lang.other().html()) { (lang.t("English", "中文")) }
            }
        },
    )
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
}

/// `POST /console/sign-in`: a session cookie and the unit tree, or the form again with why.
pub async fn sign_in(
    state: web::Data<AppState>,
    request: HttpRequest,
    form: web::Form<SignInForm>,
) -> Result<HttpResponse, ConsoleError> {
    let lang = lang_of(&request);
    let SignInForm { username, password } = form.into_inner();
    match check_password(&state, &request, username.clone(), password).await {
        Ok((user, attempt)) => {
            let cookie = session::open(&state, user.id, attempt).await?;
            Ok(HttpResponse::SeeOther()
                .insert_header((header::LOCATION, "/console/"))
                .cookie(cookie)
                .finish())
        }
        Err(error) if error.problem == ProblemType::Unauthorized => Ok(html_response(
            StatusCode::UNAUTHORIZED,
            sign_in_page(
                lang,
                &username,
                Some(
                    lang.t("用户名或密码错误。", "Wrong username or password.")
                        .to_owned(),
                ),
            ),
        )),
        Err(error) if error.problem == ProblemType::LoginThrottled => {
            let seconds = error.retry_after.unwrap_or(1);
            let message = match lang {
                Lang::Zh => format!("登录失败次数过多，请 {seconds} 秒后再试。"),
                Lang::En => format!("Too many failed sign-ins; try again in {seconds} s."),
            };
            let mut response = html_response(
                StatusCode::TOO_MANY_REQUESTS,
                sign_in_page(lang, &username, Some(message)),
            );
            if let Ok(value) = header::HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            Ok(response)
        }
        Err(error) => Err(error.into()),
    }
}

#[derive(Deserialize)]
pub struct CsrfForm {
    pub csrf: Option<String>,
}

/// `POST /console/sign-out`: the session is revoked, the cookie removed.
pub async fn sign_out(
    state: web::Data<AppState>,
    viewer: Viewer,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, ConsoleError> {
    viewer.check_csrf(form.csrf.as_deref())?;
    session::close(&state, &viewer).await?;
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, "/console/sign-in"))
        .cookie(session::cookie(&state, String::new(), Duration::ZERO))
        .finish())
}
