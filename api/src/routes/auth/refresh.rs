//! `POST /api/v1/auth/refresh`: spends a refresh token for a new pair; a spent token coming
//! back revokes its whole session.

use super::{RefreshRequest, TokenPair, presented_refresh_token, refresh_expiry_us, token_pair};
use crate::auth::tokens;
use crate::clock;
use crate::db::{self, sessions::RefreshOutcome, write_transaction};
use crate::error::{ApiError, ApiResult, Problem};
use crate::state::AppState;
use actix_web::web;

#[utoipa::path(post, path = "/api/v1/auth/refresh", tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "New token pair; the presented refresh token no longer works", body = TokenPair),
        (status = 401, description = "Unknown, expired, spent or revoked refresh token", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn refresh(
    state: web::Data<AppState>,
    body: web::Json<RefreshRequest>,
) -> ApiResult<web::Json<TokenPair>> {
    let old_hash = presented_refresh_token(&body)?;
    let (refresh_token, new_hash) = tokens::new_refresh_token()?;
    let now_us = clock::now_us();
    let expires_us = refresh_expiry_us(&state, now_us);
    let outcome = db::run(&state.pool, move |conn| {
        write_transaction(conn, |conn| {
            db::sessions::rotate(conn, &old_hash, &new_hash, now_us, expires_us)
        })
        .map_err(ApiError::from)
    })
    .await?;
    let detail = match outcome {
        RefreshOutcome::Rotated {
            session_id,
            user_id,
        } => {
            return Ok(web::Json(token_pair(
                &state,
                &user_id,
                &session_id,
                refresh_token,
            )?));
        }
        RefreshOutcome::Unknown => "refresh token unknown",
        RefreshOutcome::Expired => "refresh token expired",
        RefreshOutcome::Revoked => "session revoked",
        RefreshOutcome::Reused => "refresh token already used; its session is now revoked",
        RefreshOutcome::UserInactive => "user deactivated",
    };
    if outcome == RefreshOutcome::Reused {
        tracing::warn!("spent refresh token presented again; session revoked");
    }
    Err(ApiError::unauthorized(detail))
}
