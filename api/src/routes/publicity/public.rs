//! `GET /api/v1/public/decisions?org_id=ID` and `GET /api/v1/public/decisions/{id}`: anyone,
//! without logging in, reads a unit's published decision notices, masked, each with the exact
//! leaf of its `publication` log entry (and of its `withdrawal`, once withdrawn) to prove it
//! against the public checkpoint. A mirror (a provincial 公示 platform) pages by `since`, the
//! log index of the last change it holds, and revalidates with `If-None-Match`: the ETag is
//! the unit's latest change, read from one index, so a 304 reads nothing else.

use crate::access::not_in_scope;
use crate::db;
use crate::error::{ApiError, ApiResult, Problem, ProblemType};
use crate::names::{self, RowId};
use crate::publicity::view::{self, PublicDecision};
use crate::routes::conditional::{self, EntityTag, IfNoneMatch};
use crate::routes::listing::check_limit;
use crate::state::AppState;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use utoipa::IntoParams;

/// Notices per page when the client does not say.
const DEFAULT_LIMIT: i64 = 100;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PublicDecisionsQuery {
    /// The unit whose notices are listed (not the units below it).
    #[param(pattern = "^[0-9a-f-]{1,64}$")]
    pub org_id: String,
    /// Only notices published or withdrawn after this log index (the `change_index` of the
    /// last notice of the previous page); 0 or absent: from the start.
    #[param(minimum = 0)]
    pub since: Option<i64>,
    /// Notices per page, 1 to 1000 (default 100).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/public/decisions", tag = "publicity",
    params(PublicDecisionsQuery),
    responses(
        (status = 200, description = "The unit's notices changed after `since`, oldest change first; ETag: the unit's latest change", body = Vec<PublicDecision>),
        (status = 304, description = "Nothing changed since the ETag in If-None-Match"),
        (status = 400, description = "Bad query", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn public_decisions(
    state: web::Data<AppState>,
    request: HttpRequest,
    query: web::Query<PublicDecisionsQuery>,
) -> ApiResult<HttpResponse> {
    let PublicDecisionsQuery {
        org_id,
        since,
        limit,
    } = query.into_inner();
    if !names::is_row_id(&org_id) {
        return Err(ApiError::new(
            ProblemType::InvalidQuery,
            "org_id must be an id",
        ));
    }
    check_limit(limit)?;
    let since = since.unwrap_or(0);
    if since < 0 {
        return Err(ApiError::new(
            ProblemType::InvalidQuery,
            "since must be a log index (0 or more)",
        ));
    }
    let limit = limit.unwrap_or(DEFAULT_LIMIT);
    let condition = IfNoneMatch::of(&request);
    let pool = state.pool.clone();
    let pages = state.public_pages.clone();
    // A conditional request reads the latest change first and stops there when it matches;
    // any other is answered from the rendered pages when this page was rendered at that change.
    let (tag, page) = db::run(&pool, move |conn| {
        let latest = db::publications::latest_change(conn, &org_id)?.unwrap_or(0);
        let tag = EntityTag::strong(format!("{org_id}.{latest}"));
        if condition.matches(&tag) {
            return Ok::<_, ApiError>((tag, None));
        }
        let key = (org_id, since, limit, latest);
        if let Some(page) = pages.get(&key) {
            return Ok((tag, Some(page)));
        }
        let page = Bytes::from(
            serde_json::to_vec(&page_at(conn, &key.0, since, limit)?)
                .map_err(ApiError::internal)?,
        );
        pages.insert(key, page.clone());
        Ok((tag, Some(page)))
    })
    .await?;
    Ok(match page {
        None => conditional::not_modified(&tag),
        Some(page) => conditional::respond(&request, &tag, "application/json", page),
    })
}

/// The notices changed after `since`, at most `limit`, in the order of their latest change.
fn page_at(
    conn: &mut db::DbConnection,
    org_id: &str,
    since: i64,
    limit: i64,
) -> Result<Vec<PublicDecision>, ApiError> {
    let changes = db::publications::changes_since(conn, org_id, since, limit)?;
    let mut ids: Vec<&str> = Vec::with_capacity(changes.len());
    for (_, id) in &changes {
        if !ids.contains(&id.as_str()) {
            ids.push(id);
        }
    }
    let mut rows = db::publications::find_all(conn, &ids)?;
    // In the order of their latest change on this page.
    let order = |id: &str| changes.iter().rposition(|(_, changed)| changed == id);
    rows.sort_by_key(|row| order(&row.id));
    view::public_views(conn, rows)
}

#[utoipa::path(get, path = "/api/v1/public/decisions/{id}", tag = "publicity",
    params(("id" = String, Path, description = "Publication id", pattern = "^[0-9a-f-]{1,64}$")),
    responses(
        (status = 200, description = "The notice, its log leaf and any withdrawal; ETag: its latest change", body = PublicDecision),
        (status = 304, description = "Unchanged since the ETag in If-None-Match"),
        (status = 404, description = "No publication has this id", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn public_decision(
    state: web::Data<AppState>,
    request: HttpRequest,
    id: web::Path<RowId>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner().into_string();
    let decision = db::run(&state.pool, move |conn| {
        let row = db::publications::find(conn, &id)?.ok_or_else(|| not_in_scope("publication"))?;
        let mut views = view::public_views(conn, vec![row])?;
        views
            .pop()
            .ok_or_else(|| ApiError::internal("publication without a view"))
    })
    .await?;
    let tag = EntityTag::strong(format!("{}.{}", decision.id, decision.change_index));
    let body = serde_json::to_vec(&decision).map_err(ApiError::internal)?;
    Ok(conditional::respond(
        &request,
        &tag,
        "application/json",
        Bytes::from(body),
    ))
}
