//! `POST /api/v1/supervision/reviews/{id}/scores`: a reviewer scores a manual item of a case
//! file of an open campaign, with a remark; a `review.score` log entry with the reviewer's id.

use crate::access::{self, Action};
use crate::auth::Caller;
use crate::clock;
use crate::error::{ApiResult, Problem};
use crate::log;
use crate::names;
use crate::state::AppState;
use crate::supervision::reviews::report::ScoreView;
use crate::supervision::reviews::scoring::{self, ScoreOrder};
use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScoreRequest {
    /// A case file of the campaign.
    pub case_id: String,
    /// A manual item of the campaign's template.
    pub item: String,
    /// Points kept, 0 to the item's points.
    #[serde(deserialize_with = "crate::names::integral::u64")]
    pub score: u64,
    /// What the reviewer found.
    pub remark: String,
}

#[utoipa::path(post, path = "/api/v1/supervision/reviews/{id}/scores", tag = "supervision",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Campaign id", pattern = "^[0-9a-f-]{1,64}$")),
    request_body = ScoreRequest,
    responses(
        (status = 201, description = "The score as stored, with its log index", body = ScoreView),
        (status = 401, description = "Missing or invalid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Caller is not a reviewer or supervisor", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such campaign in the caller's units", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The campaign is closed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A case not in the campaign, an item that is not a manual item of its template, a score above the item's points (the field is named)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn score(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: web::Json<ScoreRequest>,
) -> ApiResult<HttpResponse> {
    let scope = access::scope(&caller, Action::ScoreReviews)?;
    let id = id.into_inner();
    let body = body.into_inner();
    names::check_remark("remark", &body.remark)?;
    let order = ScoreOrder {
        case_id: body.case_id,
        item: body.item,
        score: u32::try_from(body.score).unwrap_or(u32::MAX),
        remark: body.remark,
    };
    let now_us = clock::now_us();
    let row = log::commit(&state, move |conn, log| {
        scoring::score(conn, log, &scope, &id, order, now_us)
    })
    .await?;
    Ok(HttpResponse::Created().json(ScoreView::from(row)))
}
