//! `GET /api/v1/me`: the caller's own account.

use crate::auth::{Caller, Role};
use crate::db;
use crate::error::{ApiError, ApiResult, Problem};
use crate::state::AppState;
use actix_web::web;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Me {
    pub id: String,
    pub username: String,
    pub role: Role,
    pub org_id: String,
}

#[utoipa::path(get, path = "/api/v1/me", tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller", body = Me),
        (status = 401, description = "Missing, invalid or revoked access token", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn me(state: web::Data<AppState>, caller: Caller) -> ApiResult<web::Json<Me>> {
    let user_id = caller.user_id.clone();
    let user = db::run(&state.pool, move |conn| {
        db::users::find(conn, &user_id)?.ok_or_else(|| ApiError::unauthorized("user unknown"))
    })
    .await?;
    Ok(web::Json(Me {
        id: user.id,
        username: user.username,
        role: caller.role,
        org_id: caller.org_id,
    }))
}
