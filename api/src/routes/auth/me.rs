//! `GET /api/v1/me`: the caller's own account.

use crate::auth::{Caller, Role};
use crate::error::Problem;
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
// The caller's check already read everything shown here, in the one query every
// authenticated request makes.
pub async fn me(caller: Caller) -> web::Json<Me> {
    web::Json(Me {
        id: caller.user_id,
        username: caller.username,
        role: caller.role,
        org_id: caller.org_id,
    })
}
