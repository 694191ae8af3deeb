//! `DELETE /api/v1/uploads/{id}`: termination (tus section 3.3.4) of an unfinished upload;
//! its staged bytes are removed and the termination is logged. A finished upload is evidence
//! and cannot be terminated.

use super::upload_in_reach;
use crate::access::Action;
use crate::auth::Caller;
use crate::db::uploads::status;
use crate::error::{ApiError, ApiResult};
use crate::evidence::{tus, worker};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, web};

#[utoipa::path(delete, path = "/api/v1/uploads/{id}", tag = "uploads",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Upload id")),
    responses(
        (status = 204, description = "Terminated; staged bytes removed"),
        (status = 409, description = "The upload is complete: it is evidence now"),
        (status = 410, description = "Already terminated or expired"),
    ))]
pub async fn delete(
    request: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    tus::require_version(&request)?;
    let upload = upload_in_reach(&state, &caller, Action::WriteUpload, path.into_inner()).await?;
    if upload.status != status::OPEN
        || !worker::expire(&state, &upload.id, Some(&caller.user_id)).await?
    {
        return Err(ApiError::conflict(
            "the upload is complete: it is an evidence item and cannot be terminated",
        ));
    }
    Ok(HttpResponse::NoContent().finish())
}
