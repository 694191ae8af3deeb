//! User routes: accounts in the caller's units, their roles, deactivation (never deletion).

pub mod create;
pub mod deactivate;
pub mod list;
pub mod read;
pub mod role;

use crate::auth::Role;
use crate::db::users::User;
use crate::error::{ApiError, ApiResult};
use actix_web::web;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

#[derive(OpenApi)]
#[openapi(paths(
    create::create_user,
    list::list_users,
    read::read_user,
    role::change_role,
    deactivate::deactivate_user
))]
struct UsersApi;

pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/api/v1/users")
            .route(web::post().to(create::create_user))
            .route(web::get().to(list::list_users)),
    )
    .service(web::resource("/api/v1/users/{id}").route(web::get().to(read::read_user)))
    .service(web::resource("/api/v1/users/{id}/role").route(web::put().to(role::change_role)))
    .service(
        web::resource("/api/v1/users/{id}/deactivate")
            .route(web::post().to(deactivate::deactivate_user)),
    );
}

pub fn api() -> utoipa::openapi::OpenApi {
    UsersApi::openapi()
}

/// A user as clients see it (never the password hash).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct UserView {
    pub id: String,
    pub username: String,
    pub role: Role,
    pub org_id: String,
    /// False once deactivated; a deactivated user cannot log in or use its tokens.
    pub active: bool,
    pub created_at_us: i64,
    pub deactivated_at_us: Option<i64>,
}

impl TryFrom<User> for UserView {
    type Error = ApiError;

    fn try_from(user: User) -> ApiResult<UserView> {
        let role = user
            .role
            .parse()
            .map_err(|error| ApiError::internal(format_args!("stored role: {error}")))?;
        Ok(UserView {
            id: user.id,
            username: user.username,
            role,
            org_id: user.org_id,
            active: user.active,
            created_at_us: user.created_at_us,
            deactivated_at_us: user.deactivated_at_us,
        })
    }
}

/// An admin never changes its own role or deactivates itself, so a unit cannot lose its last
/// admin by a slip.
fn refuse_self(caller_id: &str, target_id: &str, what: &str) -> ApiResult<()> {
    if caller_id == target_id {
        return Err(ApiError::forbidden(format!(
            "an admin cannot {what} itself"
        )));
    }
    Ok(())
}
