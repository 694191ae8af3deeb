//! `POST /api/v1/supervision/reviews`: a supervisor or admin opens a 案卷评查 campaign over a
//! unit's subtree and a period, with case files drawn from the log (双随机) or listed.

use crate::access::{self, Action};
use crate::auth::Caller;
use crate::clock;
use crate::db;
use crate::error::{ApiError, ApiResult, Problem};
use crate::log;
use crate::names::{self, RowId};
use crate::state::AppState;
use crate::supervision::reviews::open::{OpenOrder, Selection};
use crate::supervision::reviews::{open as opening, report};
use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;

/// Most case files one campaign reviews.
pub const MAX_CASES: u64 = 1_000;

/// A template version a campaign names.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateChoice {
    pub id: String,
    #[serde(deserialize_with = "crate::names::integral::u64")]
    pub version: u64,
}

/// A draw of case files.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DrawChoice {
    /// How many of the closed cases to draw.
    #[serde(deserialize_with = "crate::names::integral::u64")]
    pub count: u64,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenReviewRequest {
    /// The unit whose subtree is reviewed: the caller's own or one below it.
    #[schema(value_type = String, pattern = "^[0-9a-f-]{1,64}$")]
    pub org_id: RowId,
    /// The campaign's name, e.g. 2026年第一季度案卷评查.
    pub title: String,
    /// The period `[from_us, to_us)` the reviewed cases were closed in.
    #[serde(deserialize_with = "crate::names::integral::u64")]
    pub from_us: u64,
    #[serde(deserialize_with = "crate::names::integral::u64")]
    pub to_us: u64,
    /// The template version to score by; default: the one in force for the unit.
    pub template: Option<TemplateChoice>,
    /// Draw the case files (exactly one of `draw` and `cases`).
    pub draw: Option<DrawChoice>,
    /// Or review these case files.
    pub cases: Option<Vec<String>>,
}

impl OpenReviewRequest {
    fn order(self) -> ApiResult<OpenOrder> {
        names::check_name("title", &self.title)?;
        let bound = |field: &str, value: u64| {
            i64::try_from(value).map_err(|_| ApiError::invalid_input(format!("{field}: too large")))
        };
        let from_us = bound("from_us", self.from_us)?;
        let to_us = bound("to_us", self.to_us)?;
        if to_us <= from_us {
            return Err(ApiError::invalid_input("to_us: must be after from_us"));
        }
        let template = match self.template {
            None => None,
            Some(choice) => {
                let version = u32::try_from(choice.version)
                    .ok()
                    .filter(|v| *v > 0)
                    .ok_or_else(|| ApiError::invalid_input("template.version: 1 to 2^32 − 1"))?;
                Some((choice.id, version))
            }
        };
        let selection = match (self.draw, self.cases) {
            (Some(draw), None) => {
                if draw.count == 0 || draw.count > MAX_CASES {
                    return Err(ApiError::invalid_input(format!(
                        "draw.count: 1 to {MAX_CASES}"
                    )));
                }
                Selection::Draw { count: draw.count }
            }
            (None, Some(cases)) => {
                if cases.len() as u64 > MAX_CASES {
                    return Err(ApiError::invalid_input(format!(
                        "cases: at most {MAX_CASES}"
                    )));
                }
                Selection::List(cases)
            }
            _ => {
                return Err(ApiError::invalid_input(
                    "draw: give exactly one of draw and cases",
                ));
            }
        };
        Ok(OpenOrder {
            org_id: self.org_id.into_string(),
            title: self.title,
            from_us,
            to_us,
            template,
            selection,
        })
    }
}

#[utoipa::path(post, path = "/api/v1/supervision/reviews", tag = "supervision",
    security(("bearer" = [])),
    request_body = OpenReviewRequest,
    responses(
        (status = 201, description = "The campaign with its opening entry and what it found so far (docs/supervision.md)", body = report::CampaignView),
        (status = 401, description = "Missing or invalid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Caller is not a supervisor or admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unit unknown or outside the caller's units", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A reversed period, an unknown template version, a bad count, or a listed case outside the unit's subtree and period (the field is named)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn open(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<OpenReviewRequest>,
) -> ApiResult<HttpResponse> {
    let scope = access::scope(&caller, Action::ManageReviews)?;
    let order = body.into_inner().order()?;
    let now_us = clock::now_us();
    let row = log::commit(&state, move |conn, log| {
        opening::open(conn, log, &scope, order, now_us)
    })
    .await?;
    let view = db::run(&state.pool, move |conn| report::view(conn, row))
        .await?
        .0;
    Ok(HttpResponse::Created().json(view))
}
