//! `GET /api/v1/evidence/{id}`: one item; logged as `viewed`.

use super::{Client, EvidenceView, access_event, view_of};
use crate::access::Action;
use crate::auth::Caller;
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
    let view = log::commit(&state, move |conn, log| {
        let item = reachable_item(conn, &caller, Action::ReadEvidence, &id)?;
        access_event(event::VIEWED, &caller, &item, &client).log(conn, log)?;
        view_of(conn, &item.id)
    })
    .await?;
    Ok(web::Json(view))
}
