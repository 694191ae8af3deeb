//! `POST /api/v1/auth/login`: username and password for a token pair, throttled per account.

use super::{TokenPair, refresh_expiry_us, token_pair};
use crate::auth::{password, tokens};
use crate::db::{self, write_transaction};
use crate::error::{ApiError, ApiResult, Problem, ProblemType};
use crate::state::AppState;
use crate::{accounts, clock};
use actix_web::web;
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
        (status = 429, description = "Too many failed logins; see Retry-After", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn login(
    state: web::Data<AppState>,
    body: web::Json<LoginRequest>,
) -> ApiResult<web::Json<TokenPair>> {
    let LoginRequest { username, password } = body.into_inner();
    let invalid = || ApiError::unauthorized("invalid username or password");
    // A name no account can have is not looked up: it could not match, and some (a NUL
    // byte) are not even valid PostgreSQL text.
    if accounts::validate_username(&username).is_err() {
        return Err(invalid());
    }
    let now_us = clock::now_us();
    let name = username.clone();
    let (locked_until, user) = db::run(&state.pool, move |conn| {
        let locked_until = db::throttle::locked_until(conn, &name, now_us)?;
        let user = db::users::find_by_username(conn, &name)?;
        Ok((locked_until, user))
    })
    .await?;
    if let Some(until_us) = locked_until {
        return Err(throttled(until_us, now_us));
    }
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
        let name = username.clone();
        db::run(&state.pool, move |conn| {
            write_transaction(conn, |conn| {
                db::throttle::record_failure(conn, &name, now_us)
            })
            .map_err(ApiError::from)
        })
        .await?;
        tracing::info!(username = %username, "failed login");
        return Err(invalid());
    };
    let (refresh_token, token_hash) = tokens::new_refresh_token()?;
    let session_id = db::new_id();
    let expires_us = refresh_expiry_us(&state, now_us);
    let (user_id, session) = (user.id.clone(), session_id.clone());
    db::run(&state.pool, move |conn| {
        write_transaction(conn, |conn| {
            db::throttle::clear(conn, &username)?;
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

fn throttled(until_us: i64, now_us: i64) -> ApiError {
    let seconds = ((until_us - now_us).max(0) as u64).div_ceil(1_000_000);
    ApiError::new(
        ProblemType::LoginThrottled,
        format!("too many failed logins for this account; retry in {seconds} s"),
    )
    .with_retry_after(seconds.max(1))
}
