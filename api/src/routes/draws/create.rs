//! `POST /api/v1/draws`: a supervisor or admin draws inspection targets from a directory and
//! inspectors from the unit's certified officers (双随机). The seed comes from the log; the
//! draw is stored and appended to the log as a `draw` entry in one transaction.

use super::DrawView;
use crate::access::{self, Action};
use crate::auth::Caller;
use crate::clock;
use crate::draws::{self, DrawOrder};
use crate::error::{ApiError, ApiResult, Problem};
use crate::log;
use crate::names::{self, RowId};
use crate::state::AppState;
use actix_web::{HttpResponse, web};
use custos_core::draw::MIN_TEAM_SIZE;
use serde::Deserialize;
use utoipa::ToSchema;

/// Most targets a directory may hold in one draw (the whole directory goes into the log).
pub const MAX_TARGETS: usize = 5_000;
/// Most inspectors a request may name.
pub const MAX_INSPECTORS: usize = 1_000;
/// Most targets drawn at once.
pub const MAX_COUNT: u64 = 1_000;
/// Most inspectors sent to one target.
pub const MAX_TEAM_SIZE: u64 = 10;

fn default_team_size() -> u64 {
    MIN_TEAM_SIZE
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateDrawRequest {
    /// The unit that makes the draw: the caller's own or one below it.
    #[schema(value_type = String, pattern = "^[0-9a-f-]{1,64}$")]
    pub org_id: RowId,
    /// The inspection task's name (published in the log).
    pub task: String,
    /// The enforcement domain; inspectors need a certificate valid today for it.
    pub domain: String,
    /// How many targets to draw.
    #[serde(deserialize_with = "crate::names::integral::u64")]
    pub count: u64,
    /// Inspectors per target, at least 2 (Art. 42); default 2.
    #[serde(
        default = "default_team_size",
        deserialize_with = "crate::names::integral::u64"
    )]
    pub team_size: u64,
    /// The directory drawn from: target ids, in any order; repeats count once.
    pub targets: Vec<String>,
    /// The inspector pool (user ids): officers of the unit or below, each with a certificate
    /// valid today for `domain`. Default: every such officer.
    pub inspectors: Option<Vec<String>>,
}

impl CreateDrawRequest {
    /// The order, once its form is checked (limits, names, ids).
    fn order(self) -> ApiResult<DrawOrder> {
        names::check_name("task", &self.task)?;
        names::check_name("domain", &self.domain)?;
        if self.targets.len() > MAX_TARGETS {
            return Err(ApiError::invalid_input(format!(
                "a directory holds at most {MAX_TARGETS} targets"
            )));
        }
        for target in &self.targets {
            names::check_directory_id(target)?;
        }
        if self.count > MAX_COUNT {
            return Err(ApiError::invalid_input(format!(
                "at most {MAX_COUNT} targets are drawn at once"
            )));
        }
        if self.team_size > MAX_TEAM_SIZE {
            return Err(ApiError::invalid_input(format!(
                "at most {MAX_TEAM_SIZE} inspectors go to one target"
            )));
        }
        if self
            .inspectors
            .as_ref()
            .is_some_and(|list| list.len() > MAX_INSPECTORS)
        {
            return Err(ApiError::invalid_input(format!(
                "at most {MAX_INSPECTORS} inspectors may be named"
            )));
        }
        if let Some(bad) = self
            .inspectors
            .iter()
            .flatten()
            .find(|id| !names::is_row_id(id))
        {
            return Err(ApiError::invalid_input(format!(
                "inspectors must be user ids, not {bad:?}"
            )));
        }
        Ok(DrawOrder {
            org_id: self.org_id.into_string(),
            task: self.task,
            domain: self.domain,
            count: self.count,
            team_size: self.team_size,
            targets: self.targets,
            inspectors: self.inspectors,
        })
    }
}

#[utoipa::path(post, path = "/api/v1/draws", tag = "draws",
    security(("bearer" = [])),
    request_body = CreateDrawRequest,
    responses(
        (status = 201, description = "The draw, with its log index, its seed's inputs and its result", body = DrawView),
        (status = 401, description = "Missing or invalid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Caller is not a supervisor or admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unit unknown or outside the caller's units", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad name, target id or count, or too few eligible inspectors", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<CreateDrawRequest>,
) -> ApiResult<HttpResponse> {
    let scope = access::scope(&caller, Action::MakeDraw)?;
    let order = body.into_inner().order()?;
    let now_us = clock::now_us();
    let draw = log::commit(&state, move |conn, log| {
        draws::make(conn, log, &scope, order, now_us)
    })
    .await?;
    Ok(HttpResponse::Created().json(DrawView::try_from(draw)?))
}
