//! `GET /api/v1/log/checkpoint`: the latest checkpoint as a C2SP signed note.

use crate::error::ApiResult;
use crate::state::AppState;
use crate::{db, log};
use actix_web::{HttpResponse, web};

#[utoipa::path(get, path = "/api/v1/log/checkpoint", tag = "log",
    responses((status = 200, description = "C2SP tlog-checkpoint in a signed note", body = String, content_type = "text/plain")))]
pub async fn checkpoint(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let shared = state.clone();
    let signed = db::run(&state.pool, move |conn| {
        log::checkpoint(conn, &shared.log_signer)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body(signed.note))
}
