//! `GET /api/v1/evidence/{id}`: one item; logged as `viewed`.

use super::{Client, EvidenceView, access_event, view_of};
use crate::access::Action;
use crate::auth::Caller;
use crate::db;
use crate::error::{ApiResult, Problem};
use crate::evidence::custody::event;
use crate::evidence::scope::reachable_item;
use crate::log;
use crate::state::AppState;
use actix_web::{HttpRequest, web};

#[utoipa::path(get, path = "/api/v1/evidence/{id}", tag = "evidence",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Evidence item id", pattern = "^[0-9a-f-]{1,64}$")),
    responses(
        (status = 200, description = "The item", body = EvidenceView),
        (status = 404, description = "No such item in the caller's scope", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn show(
    request: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> ApiResult<web::Json<EvidenceView>> {
    let id = path.into_inner();
    let client = Client::of(&request);
    // Read on the request's own connection; only the access goes through the group commit,
    // and the view leaves once the access is durable.
    let (view, access) = db::run(&state.pool, move |conn| {
        let item = reachable_item(conn, &caller, Action::ReadEvidence, &id)?;
        let access = access_event(event::VIEWED, &caller, &item, &client);
        Ok((view_of(conn, &item.id)?, access))
    })
    .await?;
    log::append_only(&state, move |log| Ok(access.log_later(log)?)).await?;
    Ok(web::Json(view))
}
