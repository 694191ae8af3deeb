//! `PUT /api/v1/users/{id}/role`: an admin changes the role of a user in its units. The new
//! role applies to the user's next request (roles are read per request, not from tokens).

use super::{UserView, refuse_self};
use crate::access::{self, Action, not_in_scope};
use crate::admin::{self, Subject};
use crate::auth::{Caller, Role};
use crate::error::{ApiError, ApiResult, Problem};
use crate::log;
use crate::log::entry::action;
use crate::names::RowId;
use crate::state::AppState;
use crate::{clock, db};
use actix_web::web;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeRoleRequest {
    pub role: Role,
}

#[utoipa::path(put, path = "/api/v1/users/{id}/role", tag = "users",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "User id", pattern = "^[0-9a-f-]{1,64}$")),
    request_body = ChangeRoleRequest,
    responses(
        (status = 200, description = "The user with its new role", body = UserView),
        (status = 403, description = "Caller is not an admin, or names itself", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown or outside the caller's units", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The user is deactivated", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn change_role(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<RowId>,
    body: web::Json<ChangeRoleRequest>,
) -> ApiResult<web::Json<UserView>> {
    let scope = access::scope(&caller, Action::ChangeRole)?;
    let id = id.into_inner().into_string();
    refuse_self(&caller.user_id, &id, "change the role of")?;
    let role = body.into_inner().role;
    let now_us = clock::now_us();
    let user = log::commit(&state, move |conn, log| {
        admin::change(conn, log, &scope, action::USER_ROLE, now_us, |conn| {
            let mut user =
                db::users::find_in(conn, &scope, &id)?.ok_or_else(|| not_in_scope("user"))?;
            if !user.active {
                return Err(ApiError::conflict("the user is deactivated"));
            }
            db::users::set_role(conn, &user.id, role.as_str())?;
            user.role = role.as_str().to_owned();
            let subject = Subject {
                id: user.id.clone(),
                org: user.org_id.clone(),
                role: Some(role),
            };
            Ok((user, subject))
        })
    })
    .await?;
    Ok(web::Json(UserView::try_from(user)?))
}
