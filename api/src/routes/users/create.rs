//! `POST /api/v1/users`: an admin adds a user to one of its units.

use super::UserView;
use crate::access::{self, Action, not_in_scope};
use crate::accounts::{self, NewUser};
use crate::auth::{Caller, Role};
use crate::error::{ApiResult, Problem};
use crate::log;
use crate::names::RowId;
use crate::state::AppState;
use crate::{clock, db};
use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUserRequest {
    pub username: String,
    /// At least 8 characters.
    pub password: String,
    pub role: Role,
    #[schema(value_type = String, pattern = "^[0-9a-f-]{1,64}$")]
    pub org_id: RowId,
}

#[utoipa::path(post, path = "/api/v1/users", tag = "users",
    security(("bearer" = [])),
    request_body = CreateUserRequest,
    responses(
        (status = 201, description = "User created", body = UserView),
        (status = 403, description = "Caller is not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Organisation unknown or outside the caller's units", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Username taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid username or password", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create_user(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<CreateUserRequest>,
) -> ApiResult<HttpResponse> {
    let scope = access::scope(&caller, Action::CreateUser)?;
    let CreateUserRequest {
        username,
        password,
        role,
        org_id,
    } = body.into_inner();
    accounts::validate_username(&username)?;
    // The unit must be in scope before the (slow) password hash is computed.
    let (check_scope, check_org) = (scope.clone(), org_id.clone());
    db::run(&state.pool, move |conn| {
        db::orgs::find_in(conn, &check_scope, &check_org)?
            .map(drop)
            .ok_or_else(|| not_in_scope("organisation"))
    })
    .await?;
    let user = web::block(move || NewUser::new(&username, &password, role)).await??;
    let now_us = clock::now_us();
    let user = log::commit(&state, move |conn, log| {
        Ok(accounts::add_user_logged(
            conn,
            log,
            Some(scope.actor()),
            user,
            &org_id,
            now_us,
        )?)
    })
    .await?;
    Ok(HttpResponse::Created().json(UserView::try_from(user)?))
}
