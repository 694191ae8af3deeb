//! The frame of every console page, its two languages, and its error pages.
//!
//! Error pages are written in both languages at once, so they need nothing from the request:
//! a not-found page is one fixed page, the same for something absent and for something out of
//! the caller's scope.

use super::session::Viewer;
use crate::error::{ApiError, ProblemType};
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use maud::{DOCTYPE, Markup, html};
use std::fmt;

/// The language a page is written in: Chinese unless the browser's `custos_lang` cookie says
/// English.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The text in this language.
    pub fn t(self, zh: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// The `lang` attribute of a page.
    pub fn html(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }
}

/// A whole page for a signed-in viewer: the top bar (units, draws, the registers, language,
/// sign-out) around `body`.
pub fn page(viewer: &Viewer, request: &HttpRequest, title: &str, body: Markup) -> HttpResponse {
    let lang = viewer.lang;
    let back = request.path();
    // Only reviewers and admins approve publications; nobody else is offered the page.
    let approves = matches!(
        crate::access::scope_if_any(&viewer.caller, crate::access::Action::PublishDecisions),
        Ok(Some(_))
    );
    // Likewise 案卷评查: reviewers, supervisors and admins.
    let reviews = matches!(
        crate::access::scope_if_any(&viewer.caller, crate::access::Action::ReadReviews),
        Ok(Some(_))
    );
    let markup = html! {
        (DOCTYPE)
        html lang=(lang.html()) {
            (head(title))
            body {
                a.skip href="#main" { (lang.t("跳到正文", "Skip to content")) }
                header.top {
                    a.brand href="/console/" { "custos" }
                    nav aria-label=(lang.t("主导航", "Main")) {
                        ul {
                            li { a href="/console/" { (lang.t("单位", "Units")) } }
                            li { a href="/console/draws" { (lang.t("双随机抽查", "Draws")) } }
                            li { a href="/console/users" { (lang.t("用户", "Users")) } }
                            li { a href="/console/certificates" { (lang.t("执法证件", "Certificates")) } }
                            li { a href="/console/devices" { (lang.t("设备", "Devices")) } }
                            @if reviews { li { a href="/console/reviews" { (lang.t("案卷评查", "Case reviews")) } } }
                            @if approves { li { a href="/console/publications" { (lang.t("公示审批", "Publications")) } } }
                        }
                    }
                    div.who {
                        span { (viewer.caller.username) " · " (role_name(lang, viewer.caller.role.as_str())) }
                        a href={ "/console/lang?to=" (lang.other().code()) "&back=" (super::format::query_value(back)) }
                            lang=(lang.other().html()) {
                            (lang.t("English", "中文"))
                        }
                        form.inline method="post" action="/console/sign-out" {
                            input type="hidden" name="csrf" value=(viewer.csrf);
                            button.link type="submit" { (lang.t("退出", "Sign out")) }
                        }
                    }
                }
                main #main { (body) }
            }
        }
    };
    html_response(StatusCode::OK, markup)
}

/// A page without the signed-in top bar (sign-in, errors).
pub fn bare(lang_attr: &str, title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang_attr) {
            (head(title))
            body {
                header.top { a.brand href="/console/" { "custos" } }
                main #main { (body) }
            }
        }
    }
}

fn head(title: &str) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            title { (title) " · custos" }
            link rel="stylesheet" href="/console/console.css";
        }
    }
}

pub fn html_response(status: StatusCode, markup: Markup) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(markup.into_string())
}

/// A role's name as the console shows it.
pub fn role_name(lang: Lang, role: &str) -> &'static str {
    match role {
        "officer" => lang.t("执法人员", "Officer"),
        "dock" => lang.t("采集站", "Dock"),
        "reviewer" => lang.t("法制审核", "Reviewer"),
        "supervisor" => lang.t("监督", "Supervisor"),
        "admin" => lang.t("管理员", "Admin"),
        _ => lang.t("未知", "Unknown"),
    }
}

/// Why a console request did not get its page.
#[derive(Debug)]
pub enum ConsoleError {
    /// No live console session: go and sign in.
    SignIn,
    /// A form that changes something came without its session's CSRF token.
    Csrf,
    /// What the API would have answered.
    Api(ApiError),
}

impl From<ApiError> for ConsoleError {
    fn from(error: ApiError) -> Self {
        match error.problem {
            ProblemType::Unauthorized => ConsoleError::SignIn,
            _ => ConsoleError::Api(error),
        }
    }
}

impl fmt::Display for ConsoleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConsoleError::SignIn => f.write_str("console: not signed in"),
            ConsoleError::Csrf => f.write_str("console: form without its CSRF token"),
            ConsoleError::Api(error) => write!(f, "console: {error}"),
        }
    }
}

impl ResponseError for ConsoleError {
    fn status_code(&self) -> StatusCode {
        match self {
            ConsoleError::SignIn => StatusCode::SEE_OTHER,
            ConsoleError::Csrf => StatusCode::FORBIDDEN,
            ConsoleError::Api(error) => error.problem.status(),
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let ConsoleError::Api(error) = self {
            error.log_cause();
        }
        let (zh, en, detail) = match self {
            ConsoleError::SignIn => {
                return HttpResponse::SeeOther()
                    .insert_header((header::LOCATION, "/console/sign-in"))
                    .finish();
            }
            ConsoleError::Csrf => (
                "表单已失效，未作任何更改。请返回重新提交。",
                "This form has expired; nothing was changed. Go back and submit it again.",
                None,
            ),
            ConsoleError::Api(error) => match error.problem {
                ProblemType::NotFound => ("未找到", "Not found", None),
                ProblemType::Forbidden => ("无权执行此操作", "Not permitted", None),
                ProblemType::Unavailable | ProblemType::InsufficientStorage => (
                    "服务暂时不可用，请稍后重试。",
                    "The service is unavailable; retry in a moment.",
                    None,
                ),
                ProblemType::Internal => ("内部错误", "Internal error", None),
                _ => (
                    "请求未能完成",
                    "The request could not be done",
                    Some(error.detail.clone()),
                ),
            },
        };
        let markup = bare(
            "zh-CN",
            zh,
            html! {
                h1 { (zh) }
                p lang="en" { (en) }
                @if let Some(detail) = detail { p.notice lang="en" { (detail) } }
                p { a href="/console/" { "返回首页" } " · " a href="/console/" lang="en" { "Home" } }
            },
        );
        let mut response = html_response(self.status_code(), markup);
        if let ConsoleError::Api(ApiError {
            retry_after: Some(seconds),
            ..
        }) = self
            && let Ok(value) = header::HeaderValue::from_str(&seconds.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
    }
}

/// The console's answer for a path it does not have.
pub async fn not_found() -> Result<HttpResponse, ConsoleError> {
    Err(ConsoleError::Api(ApiError::not_found("no such page")))
}
