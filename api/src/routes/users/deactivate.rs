//! `POST /api/v1/users/{id}/deactivate`: an admin deactivates a user in its units. Users are
//! never deleted: their ids stay in case records and the log. Every session of the user is
//! revoked at once, so its refresh tokens fail; its access tokens fail from the next request,
//! since each request checks that the user is active.

use super::{UserView, refuse_self};
use crate::access::{self, Action, not_in_scope};
use crate::admin::{self, Subject};
use crate::auth::Caller;
use crate::db::sessions::REVOKED_USER_INACTIVE;
use crate::error::{ApiError, ApiResult, Problem};
use crate::log;
use crate::log::entry::action;
use crate::names::RowId;
use crate::state::AppState;
use crate::{clock, db};
use actix_web::web;

#[utoipa::path(post, path = "/api/v1/users/{id}/deactivate", tag = "users",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "User id", pattern = "^[0-9a-f-]{1,64}$")),
    responses(
        (status = 200, description = "The deactivated user", body = UserView),
        (status = 403, description = "Caller is not an admin, or names itself", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown or outside the caller's units", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already deactivated", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn deactivate_user(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<RowId>,
) -> ApiResult<web::Json<UserView>> {
    let scope = access::scope(&caller, Action::DeactivateUser)?;
    let id = id.into_inner().into_string();
    refuse_self(&caller.user_id, &id, "deactivate")?;
    let now_us = clock::now_us();
    let user = log::commit(&state, move |conn, log| {
        admin::change(conn, log, &scope, action::USER_DEACTIVATE, now_us, |conn| {
            let mut user =
                db::users::find_in(conn, &scope, &id)?.ok_or_else(|| not_in_scope("user"))?;
            if !db::users::deactivate(conn, &user.id, now_us)? {
                return Err(ApiError::conflict("the user is already deactivated"));
            }
            db::sessions::revoke_all_of_user(conn, &user.id, REVOKED_USER_INACTIVE, now_us)?;
            crate::supervision::certificates::deactivated(conn, &user.id, now_us)?;
            user.active = false;
            user.deactivated_at_us = Some(now_us);
            let subject = Subject::new(&user.id, &user.org_id);
            Ok((user, subject))
        })
    })
    .await?;
    Ok(web::Json(UserView::try_from(user)?))
}
