//! Sign-in and sign-out. The password is checked exactly as the API's login checks it
//! (`routes::auth::login::check_password`: same throttling per account and client address).
//!
//! The sign-in form is protected against login CSRF (another site signing the browser in as
//! the attacker, so that what the victim then does lands in the attacker's account) before
//! any session exists: every rendering of the form sets a fresh random token in a short-lived
//! HttpOnly, SameSite=Strict cookie scoped to the form and puts a value derived from it in a
//! hidden field ([`pre_session`]). A post whose field does not match its cookie is refused
//! before the password is looked at, so it neither counts against the throttle nor signs in.

use super::page::{ConsoleError, Lang, bare, html_response};
use super::session::{self, Viewer, lang_of};
use crate::error::ApiError;
use crate::error::ProblemType;
use crate::routes::auth::login::check_password;
use crate::state::AppState;
use actix_web::cookie::time::Duration;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use maud::html;
use serde::Deserialize;

/// `GET /console/sign-in`.
pub async fn form(
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, ConsoleError> {
    let lang = lang_of(&request);
    Ok(sign_in_response(&state, StatusCode::OK, lang, "", None)?)
}

/// The sign-in form with `status`, under a fresh pre-session token (its cookie set).
fn sign_in_response(
    state: &AppState,
    status: StatusCode,
    lang: Lang,
    username: &str,
    error: Option<String>,
) -> Result<HttpResponse, ApiError> {
    let token = pre_session::fresh()?;
    let field = pre_session::field_of(&token);
    let mut response = html_response(status, sign_in_page(lang, username, error, &field));
    response
        .add_cookie(&pre_session::cookie(state, token, pre_session::LIFETIME))
        .map_err(|error| ApiError::internal(format_args!("sign-in cookie: {error}")))?;
    Ok(response)
}

fn sign_in_page(lang: Lang, username: &str, error: Option<String>, csrf: &str) -> maud::Markup {
    let title = lang.t("登录", "Sign in");
    bare(
        lang.html(),
        title,
        html! {
            h1 { (lang.t("custos 监督控制台", "custos supervisor console")) }
            form.stack method="post" action="/console/sign-in" {
                input type="hidden" name="csrf" value=(csrf);
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
    /// The pre-session token's field ([`pre_session::field_of`] of the form's cookie).
    csrf: Option<String>,
}

/// `POST /console/sign-in`: a session cookie and the unit tree, or the form again with why.
pub async fn sign_in(
    state: web::Data<AppState>,
    request: HttpRequest,
    form: web::Form<SignInForm>,
) -> Result<HttpResponse, ConsoleError> {
    let lang = lang_of(&request);
    let SignInForm {
        username,
        password,
        csrf,
    } = form.into_inner();
    // Login CSRF: refused before the password is looked at (no throttling count, no session).
    if !pre_session::matches(&request, csrf.as_deref()) {
        let message = lang.t(
            "登录表单已失效或并非来自本页，未登录。请重新输入并登录。",
            "This sign-in form has expired or did not come from this page; you are not signed \
             in. Enter your details and sign in again.",
        );
        return Ok(sign_in_response(
            &state,
            StatusCode::FORBIDDEN,
            lang,
            &username,
            Some(message.to_owned()),
        )?);
    }
    match check_password(&state, &request, username.clone(), password).await {
        Ok((user, attempt)) => {
            let cookie = session::open(&state, user.id, attempt).await?;
            Ok(HttpResponse::SeeOther()
                .insert_header((header::LOCATION, "/console/"))
                .cookie(cookie)
                .cookie(pre_session::cookie(&state, String::new(), Duration::ZERO))
                .finish())
        }
        Err(error) if error.problem == ProblemType::Unauthorized => Ok(sign_in_response(
            &state,
            StatusCode::UNAUTHORIZED,
            lang,
            &username,
            Some(
                lang.t("用户名或密码错误。", "Wrong username or password.")
                    .to_owned(),
            ),
        )?),
        Err(error) if error.problem == ProblemType::LoginThrottled => {
            let seconds = error.retry_after.unwrap_or(1);
            let message = match lang {
                Lang::Zh => format!("登录失败次数过多，请 {seconds} 秒后再试。"),
                Lang::En => format!("Too many failed sign-ins; try again in {seconds} s."),
            };
            let mut response = sign_in_response(
                &state,
                StatusCode::TOO_MANY_REQUESTS,
                lang,
                &username,
                Some(message),
            )?;
            if let Ok(value) = header::HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            Ok(response)
        }
        Err(error) => Err(error.into()),
    }
}

/// The double-submit token of the sign-in form, which exists before any session does.
mod pre_session {
    use crate::console::session::constant_time_eq;
    use crate::error::ApiError;
    use crate::state::AppState;
    use actix_web::HttpRequest;
    use actix_web::cookie::{Cookie, SameSite, time::Duration};
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    /// The cookie, sent back only to the sign-in form's own path.
    pub const COOKIE: &str = "custos_sign_in";
    const PATH: &str = "/console/sign-in";
    /// Long enough to type a password, short enough that a token does not linger.
    pub const LIFETIME: Duration = Duration::minutes(20);

    /// 32 random bytes, base64url: the cookie's value.
    pub fn fresh() -> Result<String, ApiError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)
            .map_err(|error| ApiError::internal(format_args!("no OS randomness: {error}")))?;
        Ok(URL_SAFE_NO_PAD.encode(bytes))
    }

    /// The hidden field's value for the cookie's `token`: derived from it, so the page never
    /// repeats the cookie itself.
    pub fn field_of(token: &str) -> String {
        let mut input = b"custos/console/sign-in\0".to_vec();
        input.extend_from_slice(token.as_bytes());
        custos_core::digest::sha256(&input).to_hex()
    }

    /// Whether a post's `sent` field belongs to the token of its cookie.
    pub fn matches(request: &HttpRequest, sent: Option<&str>) -> bool {
        let Some(cookie) = request.cookie(COOKIE) else {
            return false;
        };
        let token = cookie.value();
        match sent {
            Some(sent) if token.len() == 43 => {
                constant_time_eq(sent.as_bytes(), field_of(token).as_bytes())
            }
            _ => false,
        }
    }

    /// The cookie with `value`, living `max_age` (zero removes it).
    pub fn cookie(state: &AppState, value: String, max_age: Duration) -> Cookie<'static> {
        Cookie::build(COOKIE, value)
            .path(PATH)
            .http_only(true)
            .same_site(SameSite::Strict)
            .secure(state.config.http.secure_cookies)
            .max_age(max_age)
            .finish()
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
