//! `GET /api/v1/log/entries/{index}`: an entry's exact leaf bytes, to whoever may read what
//! it records. Entries public by nature (draws) are read by anyone, signed in or not; any
//! other entry needs [`Action::ReadLogEntries`] with a scope that reaches it
//! ([`db::entry_scope`]). An entry out of reach is answered exactly like an index past the
//! end of the log.

use crate::access::{self, Action};
use crate::auth::MaybeCaller;
use crate::db::{self, entry_scope};
use crate::error::{ApiError, ApiResult, Problem};
use crate::state::AppState;
use actix_web::{HttpResponse, web};

#[utoipa::path(get, path = "/api/v1/log/entries/{index}", tag = "log",
    security((), ("bearer" = [])),
    params(("index" = u64, Path, description = "Leaf index, from 0")),
    responses(
        (status = 200, description = "The leaf bytes (RFC 8785 JSON) that the leaf hash covers", content_type = "application/json"),
        (status = 401, description = "A token was sent and is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No entry at that index that the caller may read", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn entry(
    state: web::Data<AppState>,
    MaybeCaller(caller): MaybeCaller,
    index: web::Path<u64>,
) -> ApiResult<HttpResponse> {
    let index = index.into_inner();
    let scope = match &caller {
        Some(caller) => access::scope_if_any(caller, Action::ReadLogEntries)?,
        None => None,
    };
    let leaf = db::run(&state.pool, move |conn| {
        let readable = match db::log::entry(conn, index)? {
            Some((entry_type, leaf)) if access::public_log_entry(&entry_type) => Some(leaf),
            Some((entry_type, leaf)) => match &scope {
                Some(scope) if entry_scope::reaches(conn, scope, index, &entry_type, &leaf)? => {
                    Some(leaf)
                }
                _ => None,
            },
            None => None,
        };
        readable.ok_or_else(|| ApiError::not_found(format!("no log entry {index}")))
    })
    .await?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .body(leaf))
}
