//! `DELETE /api/v1/uploads/{id}`: termination (tus section 3.3.4) of an unfinished upload;
//! its staged bytes are removed and the termination is logged. A finished upload is evidence
//! and cannot be terminated. On a full disk the staged bytes are freed even before the
//! termination can be written (see [`crate::evidence::reclaim`]), so an operator can always
//! free an upload's space through the API.

use super::upload_in_reach;
use crate::access::Action;
use crate::auth::Caller;
use crate::db::uploads::status;
use crate::error::{ApiError, ApiResult, ProblemType};
use crate::evidence::{reclaim, tus, worker};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, web};

#[utoipa::path(delete, path = "/api/v1/uploads/{id}", tag = "uploads",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "Upload id", pattern = "^[0-9a-f-]{1,64}$"),
        ("Tus-Resumable" = String, Header, description = "1.0.0, the only tus version served", pattern = "^1[.]0[.]0$"),
    ),
    responses(
        (status = 204, description = "Terminated; staged bytes removed"),
        (status = 409, description = "The upload is complete: it is evidence now"),
        (status = 410, description = "Already terminated or expired"),
        (status = 507, description = "The disk is full: the staged bytes were freed but the termination could not be written yet; retry", body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn delete(
    request: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    tus::require_version(&request)?;
    let upload = upload_in_reach(&state, &caller, Action::WriteUpload, path.into_inner()).await?;
    let complete = || {
        ApiError::conflict(
            "the upload is complete: it is an evidence item and cannot be terminated",
        )
    };
    if upload.status != status::OPEN {
        return Err(complete());
    }
    let terminated = match worker::expire(&state, &upload.id, Some(&caller.user_id)).await {
        // The disk is full and the termination cannot be written: free the upload's bytes
        // first (see `reclaim`), which is often all the room it needs, and write it again.
        Err(error) if error.problem == ProblemType::InsufficientStorage => {
            reclaim::free_staged(&state, &upload.id).await?;
            worker::expire(&state, &upload.id, Some(&caller.user_id)).await?
        }
        other => other?,
    };
    if !terminated {
        return Err(complete());
    }
    Ok(HttpResponse::NoContent().finish())
}
