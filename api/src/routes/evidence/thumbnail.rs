//! `GET /api/v1/evidence/{id}/thumbnail`: a JPEG of at most 320 px on its longest side, made
//! in the background from an image item. Not evidence, but it shows the evidence: serving it
//! is logged as `viewed` with `"part":"thumbnail"`.

use super::{Client, access_event};
use crate::access::Action;
use crate::auth::Caller;
use crate::db;
use crate::db::evidence::{self as items, media};
use crate::error::{ApiError, ApiResult, Problem};
use crate::evidence::custody::event;
use crate::evidence::scope::reachable_item;
use crate::log;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, web};

#[utoipa::path(get, path = "/api/v1/evidence/{id}/thumbnail", tag = "evidence",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Evidence item id", pattern = "^[0-9a-f-]{1,64}$")),
    responses(
        (status = 200, description = "JPEG thumbnail", content_type = "image/jpeg"),
        (status = 404, description = "No such item in scope, or no thumbnail (not an image, or not analysed yet: see Retry-After)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn thumbnail(
    request: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let client = Client::of(&request);
    // Read on the request's own connection; only the access goes through the group commit,
    // and the bytes leave once the access is durable.
    let (key, access) = db::run(&state.pool, move |conn| {
        let item = reachable_item(conn, &caller, Action::ReadEvidence, &id)?;
        let key = match items::media_of(conn, &item.id)? {
            Some(row) if row.thumbnail_key.is_some() => row.thumbnail_key.unwrap_or_default(),
            Some(row) if row.status == media::PENDING => {
                return Err(
                    ApiError::not_found("the thumbnail is not made yet").with_retry_after(1)
                );
            }
            _ => return Err(ApiError::not_found("this item has no thumbnail")),
        };
        let access = access_event(event::VIEWED, &caller, &item, &client).fact("part", "thumbnail");
        Ok((key, access))
    })
    .await?;
    log::append_only(&state, move |log| Ok(access.log_later(log)?)).await?;
    let blobs = state.evidence.blobs.clone();
    let bytes = web::block(move || blobs.get_small(&key))
        .await?
        .map_err(|error| ApiError::io("reading a thumbnail", &error))?;
    Ok(HttpResponse::Ok()
        .content_type("image/jpeg")
        .insert_header(("Cache-Control", "private, max-age=3600"))
        .body(bytes))
}
