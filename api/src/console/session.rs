//! The browser's session: an HttpOnly, SameSite=Strict cookie holding a random token whose
//! SHA-256 names a `console_sessions` row, bound to a row of `sessions` like an API login
//! (revoked by sign-out and by deactivation), ended after [`IDLE_US`] without use and
//! [`ABSOLUTE_US`] after sign-in whatever happens. `Secure` when the configuration says
//! browsers reach custos over TLS.
//!
//! Every form that changes something carries [`Viewer::csrf`], derived from the cookie's token
//! (which no script can read), and is refused without it ([`Viewer::check_csrf`]).

use super::page::{ConsoleError, Lang};
use crate::auth::Caller;
use crate::clock;
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::cookie::{Cookie, SameSite, time::Duration};
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, HttpResponse, dev::Payload, web};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;
use std::future::Future;
use std::pin::Pin;

/// The session cookie.
pub const COOKIE: &str = "custos_console";
/// The language cookie (not a secret; read by the server only).
pub const LANG_COOKIE: &str = "custos_lang";
/// A session unused this long is over (30 minutes).
pub const IDLE_US: i64 = 30 * 60 * 1_000_000;
/// A session is over this long after sign-in, however busy (12 hours).
pub const ABSOLUTE_US: i64 = 12 * 60 * 60 * 1_000_000;
/// Uses closer together than this do not rewrite the session's last use.
const TOUCH_US: i64 = 60 * 1_000_000;

/// A signed-in console user: who (the same [`Caller`] the API's handlers take), the page
/// language, and the CSRF token its forms carry.
pub struct Viewer {
    pub caller: Caller,
    pub lang: Lang,
    pub csrf: String,
}

impl Viewer {
    /// Refuses a form whose `csrf` field is not this session's token.
    pub fn check_csrf(&self, sent: Option<&str>) -> Result<(), ConsoleError> {
        match sent {
            Some(sent) if constant_time_eq(sent.as_bytes(), self.csrf.as_bytes()) => Ok(()),
            _ => Err(ConsoleError::Csrf),
        }
    }
}

/// Compares two byte strings in time that depends on their length only.
pub(super) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// SHA-256 (hex) of a cookie token: the only form the database keeps.
pub fn token_hash(token: &str) -> String {
    custos_core::digest::sha256(token.as_bytes()).to_hex()
}

/// The CSRF token of the session whose cookie holds `token`.
fn csrf_of(token: &str) -> String {
    let mut input = b"custos/console/csrf\0".to_vec();
    input.extend_from_slice(token.as_bytes());
    custos_core::digest::sha256(&input).to_hex()
}

/// The language a request asks for.
pub fn lang_of(request: &HttpRequest) -> Lang {
    request
        .cookie(LANG_COOKIE)
        .and_then(|cookie| Lang::parse(cookie.value()))
        .unwrap_or_default()
}

impl FromRequest for Viewer {
    type Error = ConsoleError;
    type Future = Pin<Box<dyn Future<Output = Result<Viewer, ConsoleError>>>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = request.app_data::<web::Data<AppState>>().cloned();
        let token = request
            .cookie(COOKIE)
            .map(|cookie| cookie.value().to_owned());
        let lang = lang_of(request);
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::internal("application state missing"))?;
            let token = token
                .filter(|token| token.len() == 43)
                .ok_or(ConsoleError::SignIn)?;
            let hash = token_hash(&token);
            let caller = db::run(&state.pool, move |conn| {
                db::console_sessions::live_user(conn, &hash, clock::now_us(), IDLE_US, TOUCH_US)?
                    .map(Caller::try_from)
                    .transpose()
            })
            .await?
            .ok_or(ConsoleError::SignIn)?;
            Ok(Viewer {
                caller,
                lang,
                csrf: csrf_of(&token),
            })
        })
    }
}

/// A new session for `user_id` (after its password was checked), its throttling attempt
/// marked as succeeded in the same transaction; the cookie to set.
pub async fn open(
    state: &web::Data<AppState>,
    user_id: String,
    attempt: crate::auth::throttle::Attempt,
) -> Result<Cookie<'static>, ApiError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|error| ApiError::internal(format_args!("no OS randomness: {error}")))?;
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = token_hash(&token);
    let now_us = clock::now_us();
    db::run(&state.pool, move |conn| {
        db::write_transaction(conn, |conn| {
            attempt.succeeded(conn, now_us)?;
            db::console_sessions::create(
                conn,
                &db::new_id(),
                &user_id,
                &hash,
                now_us,
                now_us + ABSOLUTE_US,
            )
        })
        .map_err(ApiError::from)
    })
    .await?;
    Ok(cookie(state, token, Duration::microseconds(ABSOLUTE_US)))
}

/// Revokes the viewer's session (and with it every cookie and token of that sign-in).
pub async fn close(state: &web::Data<AppState>, viewer: &Viewer) -> Result<(), ApiError> {
    let session_id = viewer.caller.session_id.clone();
    db::run(&state.pool, move |conn| {
        db::write_transaction(conn, |conn| {
            db::sessions::revoke(
                conn,
                &session_id,
                db::sessions::REVOKED_LOGOUT,
                clock::now_us(),
            )
        })
        .map_err(ApiError::from)
    })
    .await
}

/// The session cookie with `value`, living `max_age` (zero removes it).
pub fn cookie(state: &AppState, value: String, max_age: Duration) -> Cookie<'static> {
    Cookie::build(COOKIE, value)
        .path("/console")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.config.http.secure_cookies)
        .max_age(max_age)
        .finish()
}

#[derive(Deserialize)]
pub struct LanguageQuery {
    to: String,
    back: Option<String>,
}

/// `GET /console/lang?to=en&back=/console/...`: remembers the language and goes back to a
/// console page (never elsewhere).
pub async fn switch_language(
    state: web::Data<AppState>,
    query: web::Query<LanguageQuery>,
) -> HttpResponse {
    let lang = Lang::parse(&query.to).unwrap_or_default();
    let back = query
        .back
        .as_deref()
        .filter(|back| back.starts_with("/console/") && !back.contains("//"))
        .filter(|back| !back.contains(['\\', '\r', '\n']))
        .unwrap_or("/console/");
    let cookie = Cookie::build(LANG_COOKIE, lang.code())
        .path("/console")
        .same_site(SameSite::Strict)
        .secure(state.config.http.secure_cookies)
        .max_age(Duration::days(365))
        .finish();
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, back.to_owned()))
        .cookie(cookie)
        .finish()
}
