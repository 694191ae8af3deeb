//! `POST /api/v1/auth/logout`: revokes the session of a refresh token, and with it every
//! refresh and access token of that login.

use super::{RefreshRequest, presented_refresh_token};
use crate::clock;
use crate::db::{self, write_transaction};
use crate::error::{ApiError, ApiResult, Problem};
use crate::state::AppState;
use actix_web::{HttpResponse, web};

#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 204, description = "Session revoked (also when it already was)"),
        (status = 401, description = "Unknown refresh token", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn logout(
    state: web::Data<AppState>,
    body: web::Json<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    let token_hash = presented_refresh_token(&body)?;
    let now_us = clock::now_us();
    let known = db::run(&state.pool, move |conn| {
        write_transaction(conn, |conn| {
            db::sessions::revoke_by_token(conn, &token_hash, now_us)
        })
        .map_err(ApiError::from)
    })
    .await?;
    if !known {
        return Err(ApiError::unauthorized("refresh token unknown"));
    }
    Ok(HttpResponse::NoContent().finish())
}
