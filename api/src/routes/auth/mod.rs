//! Authentication routes: login, refresh, logout, and who am I.

pub mod login;
pub mod logout;
pub mod me;
pub mod refresh;

use crate::error::ApiResult;
use crate::state::AppState;
use crate::{auth::tokens, clock};
use actix_web::web;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

#[derive(OpenApi)]
#[openapi(paths(login::login, refresh::refresh, logout::logout, me::me))]
struct AuthApi;

pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/api/v1/auth/login").route(web::post().to(login::login)))
        .service(web::resource("/api/v1/auth/refresh").route(web::post().to(refresh::refresh)))
        .service(web::resource("/api/v1/auth/logout").route(web::post().to(logout::logout)))
        .service(web::resource("/api/v1/me").route(web::get().to(me::me)));
}

pub fn api() -> utoipa::openapi::OpenApi {
    AuthApi::openapi()
}

/// A new access token and refresh token.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TokenPair {
    /// JWT for `Authorization: Bearer`.
    pub access_token: String,
    /// Single-use token for `POST /api/v1/auth/refresh`.
    pub refresh_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: u64,
}

/// Body of refresh and logout.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

fn token_pair(
    state: &AppState,
    user_id: &str,
    session_id: &str,
    refresh_token: String,
) -> ApiResult<TokenPair> {
    Ok(TokenPair {
        access_token: state.tokens.issue(user_id, session_id, clock::now_secs())?,
        refresh_token,
        token_type: "Bearer".to_owned(),
        expires_in: state.tokens.access_ttl_secs,
    })
}

fn refresh_expiry_us(state: &AppState, now_us: i64) -> i64 {
    now_us + (state.config.refresh_token_ttl_secs as i64) * 1_000_000
}

/// A refresh token as sent, checked for plausible length before it is hashed.
fn presented_refresh_token(request: &RefreshRequest) -> ApiResult<String> {
    let token = request.refresh_token.trim();
    if token.is_empty() || token.len() > 256 {
        return Err(crate::error::ApiError::unauthorized(
            "refresh token unknown",
        ));
    }
    Ok(tokens::refresh_token_hash(token))
}
