//! `POST /api/v1/auth/login`: username and password for a token pair, throttled per account
//! and client address (`auth::throttle`).

use super::{TokenPair, refresh_expiry_us, token_pair};
use crate::auth::{password, throttle, tokens};
use crate::db::{self, write_transaction};
use crate::error::{ApiError, ApiResult, Problem};
use crate::state::AppState;
use crate::{accounts, client, clock};
use actix_web::{HttpRequest, web};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in", body = TokenPair),
        (status = 401, description = "Wrong username or password", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed logins from this client address, for this account or across accounts; see Retry-After", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn login(
    state: web::Data<AppState>,
    request: HttpRequest,
    body: web::Json<LoginRequest>,
) -> ApiResult<web::Json<TokenPair>> {
    let LoginRequest { username, password } = body.into_inner();
    let (user, attempt) = check_password(&state, &request, username, password).await?;
    let (refresh_token, token_hash) = tokens::new_refresh_token()?;
    let session_id = db::new_id();
    let now_us = clock::now_us();
    let expires_us = refresh_expiry_us(&state, now_us);
    let (user_id, session) = (user.id.clone(), session_id.clone());
    db::run(&state.pool, move |conn| {
        write_transaction(conn, |conn| {
            attempt.succeeded(conn, clock::now_us())?;
            db::sessions::create(conn, &session, &user_id, &token_hash, now_us, expires_us)
        })
        .map_err(ApiError::from)
    })
    .await?;
    Ok(web::Json(token_pair(
        &state,
        &user.id,
        &session_id,
        refresh_token,
    )?))
}

/// A username and password checked under login throttling, for the API's login and the
/// console's sign-in alike: the active user they name, and the attempt to mark as succeeded
/// in the transaction that opens its session. Any mismatch is the same 401; waiting is 429.
pub async fn check_password(
    state: &web::Data<AppState>,
    request: &HttpRequest,
    username: String,
    password: String,
) -> ApiResult<(db::users::User, throttle::Attempt)> {
    let invalid = || ApiError::unauthorized("invalid username or password");
    // A name no account can have is not looked up: it could not match, and some (a NUL
    // byte) are not even valid PostgreSQL text.
    if accounts::validate_username(&username).is_err() {
        return Err(invalid());
    }
    let now_us = clock::now_us();
    let address = throttle::client_key(client::address(request));
    // Charged as a failure before the password is looked at (429 if it must wait).
    let attempt = throttle::attempt(&state.pool, &username, &address, now_us).await?;
    let name = username.clone();
    let user = db::run(&state.pool, move |conn| {
        Ok(db::users::find_by_username(conn, &name)?)
    })
    .await?;
    // Argon2 takes tens of milliseconds: keep it off the async workers.
    let user = web::block(move || match user {
        Some(user) if password::verify(&password, &user.password_hash) && user.active => Some(user),
        Some(_) => None,
        None => {
            password::verify_dummy(&password);
            None
        }
    })
    .await?;
    let Some(user) = user else {
        tracing::info!(username = %username, address = %address, "failed login");
        return Err(invalid());
    };
    Ok((user, attempt))
}
