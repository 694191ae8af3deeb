//! `GET /api/v1/public/orgs/{id}/feed.json`: a unit's published decisions as a JSON Feed 1.1
//! (<https://jsonfeed.org/version/1.1>), newest change first, for feed readers and portals
//! that follow a unit without writing a client of the list route. Each item is a publication
//! (its id stays while a withdrawal updates it), and its `_custos` extension is the public
//! decision exactly as `GET /api/v1/public/decisions/{id}` answers it, leaves included. The
//! ETag is the unit's latest change, read from one index: a 304 reads nothing else. A mirror
//! that must miss nothing pages the list route by `since` instead: a feed page holds the
//! newest `limit` changes after `since`.

use crate::access::not_in_scope;
use crate::db;
use crate::error::{ApiError, ApiResult, Problem, ProblemType};
use crate::names::RowId;
use crate::publicity::view::{self, PublicDecision};
use crate::routes::conditional::{self, EntityTag, IfNoneMatch};
use crate::routes::listing::check_limit;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use custos_core::rules::LocalDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Items per feed page when the client does not say.
const DEFAULT_LIMIT: i64 = 50;
const MICROS: i64 = 1_000_000;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct FeedQuery {
    /// Only changes after this log index; 0 or absent: the newest changes.
    #[param(minimum = 0)]
    pub since: Option<i64>,
    /// Items per page, 1 to 1000 (default 50).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<i64>,
}

/// A JSON Feed 1.1 document.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Feed {
    /// `https://jsonfeed.org/version/1.1`.
    pub version: String,
    pub title: String,
    /// This feed's path.
    pub feed_url: String,
    pub items: Vec<FeedItem>,
}

/// One published decision in a feed.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct FeedItem {
    /// The publication id.
    pub id: String,
    /// The decision's public route.
    pub url: String,
    pub title: String,
    pub content_text: String,
    /// RFC 3339, UTC.
    pub date_published: String,
    /// RFC 3339, UTC: the withdrawal, once withdrawn.
    pub date_modified: Option<String>,
    /// The decision as the public decision route answers it.
    pub _custos: PublicDecision,
}

/// RFC 3339 in UTC with microseconds, from custos' integer microseconds (core's calendar
/// arithmetic: no date crate for one format).
fn rfc3339(at_us: i64) -> String {
    let date = LocalDate::from_us(at_us, 0);
    let of_day = at_us - date.start_us(0);
    let (year, month, day) = date.ymd();
    let seconds = of_day / MICROS;
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:06}Z",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60,
        of_day % MICROS
    )
}

fn item(decision: PublicDecision) -> Result<FeedItem, ApiError> {
    let text = |key: &str| decision.notice[key].as_str().unwrap_or_default().to_owned();
    let withdrawn = decision.withdrawal.is_some();
    let title = format!(
        "{} {}{}",
        text("org_name"),
        text("document_number"),
        if withdrawn { "（已撤回）" } else { "" }
    );
    let fine_fen = decision.notice["penalty"]["fine_fen"]
        .as_u64()
        .unwrap_or_default();
    let content_text = format!(
        "{}\n{}：{}\n{}\n罚款 {}.{:02} 元",
        decision.notice["party"]["name"]
            .as_str()
            .unwrap_or_default(),
        text("decided_on"),
        text("facts"),
        text("legal_basis"),
        fine_fen / 100,
        fine_fen % 100
    );
    Ok(FeedItem {
        url: format!("/api/v1/public/decisions/{}", decision.id),
        id: decision.id.clone(),
        title,
        content_text,
        date_published: rfc3339(decision.published_at_us),
        date_modified: decision
            .withdrawal
            .as_ref()
            .map(|w| rfc3339(w.withdrawn_at_us)),
        _custos: decision,
    })
}

#[utoipa::path(get, path = "/api/v1/public/orgs/{id}/feed.json", tag = "publicity",
    params(("id" = String, Path, description = "Organisation id", pattern = "^[0-9a-f-]{1,64}$"), FeedQuery),
    responses(
        (status = 200, description = "JSON Feed 1.1 of the unit's published decisions, newest change first; ETag: the unit's latest change", body = Feed, content_type = "application/feed+json"),
        (status = 304, description = "Nothing changed since the ETag in If-None-Match"),
        (status = 400, description = "Bad query", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No unit has this id", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn feed(
    state: web::Data<AppState>,
    request: HttpRequest,
    id: web::Path<RowId>,
    query: web::Query<FeedQuery>,
) -> ApiResult<HttpResponse> {
    let org_id = id.into_inner().into_string();
    let FeedQuery { since, limit } = query.into_inner();
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
    let (tag, feed) = db::run(&state.pool, move |conn| {
        let latest = db::publications::latest_change(conn, &org_id)?;
        let tag = EntityTag::strong(format!("feed.{org_id}.{}", latest.unwrap_or(0)));
        if condition.matches(&tag) {
            return Ok::<_, ApiError>((tag, None));
        }
        let org =
            db::orgs::find_unscoped(conn, &org_id)?.ok_or_else(|| not_in_scope("organisation"))?;
        let changes = db::publications::latest_changes(conn, &org.id, since, limit)?;
        let mut ids: Vec<&str> = Vec::with_capacity(changes.len());
        for (_, id) in &changes {
            if !ids.contains(&id.as_str()) {
                ids.push(id);
            }
        }
        let mut rows = db::publications::find_all(conn, &ids)?;
        // Newest change first: the order of each publication's first (latest) change here.
        let order = |id: &str| changes.iter().position(|(_, changed)| changed == id);
        rows.sort_by_key(|row| order(&row.id));
        let items = view::public_views(conn, rows)?
            .into_iter()
            .map(item)
            .collect::<Result<_, _>>()?;
        let feed = Feed {
            version: "https://jsonfeed.org/version/1.1".to_owned(),
            title: format!("{} 行政执法公示", org.name),
            feed_url: format!("/api/v1/public/orgs/{}/feed.json", org.id),
            items,
        };
        Ok((tag, Some(feed)))
    })
    .await?;
    let Some(feed) = feed else {
        return Ok(conditional::not_modified(&tag));
    };
    let body = serde_json::to_vec(&feed).map_err(ApiError::internal)?;
    Ok(conditional::respond(
        &request,
        &tag,
        "application/feed+json",
        body.into(),
    ))
}
