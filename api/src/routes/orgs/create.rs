//! `POST /api/v1/orgs`: an admin adds a unit below one it manages.

use super::OrgView;
use crate::access::not_in_scope;
use crate::access::{self, Action};
use crate::admin::{self, Subject};
use crate::auth::Caller;
use crate::clock;
use crate::db;
use crate::error::{ApiError, ApiResult, Problem};
use crate::log;
use crate::log::entry::action;
use crate::names;
use crate::names::RowId;
use crate::state::AppState;
use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;

/// The kinds of unit in the tree.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum OrgKind {
    City,
    County,
    District,
    Township,
    Street,
    #[default]
    Department,
}

impl OrgKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::City => "city",
            OrgKind::County => "county",
            OrgKind::District => "district",
            OrgKind::Township => "township",
            OrgKind::Street => "street",
            OrgKind::Department => "department",
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateOrgRequest {
    pub name: String,
    /// The unit to add below: the caller's own or one below it.
    #[schema(value_type = String, pattern = "^[0-9a-f-]{1,64}$")]
    pub parent_id: RowId,
    /// Defaults to `department`.
    #[serde(default)]
    pub kind: OrgKind,
}

#[utoipa::path(post, path = "/api/v1/orgs", tag = "orgs",
    security(("bearer" = [])),
    request_body = CreateOrgRequest,
    responses(
        (status = 201, description = "Unit created", body = OrgView),
        (status = 403, description = "Caller is not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Parent unknown or outside the caller's units", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The parent already has a unit of that name", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid name", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create_org(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<CreateOrgRequest>,
) -> ApiResult<HttpResponse> {
    let scope = access::scope(&caller, Action::CreateOrg)?;
    let CreateOrgRequest {
        name,
        parent_id,
        kind,
    } = body.into_inner();
    names::check_name("name", &name)?;
    let now_us = clock::now_us();
    let org = log::commit(&state, move |conn, log| {
        admin::change(conn, log, &scope, action::ORG_CREATE, now_us, |conn| {
            let parent = db::orgs::find_in(conn, &scope, &parent_id)?
                .ok_or_else(|| not_in_scope("organisation"))?;
            let org = db::insert_unique(conn, |conn| {
                db::orgs::insert(conn, Some(&parent), &name, kind.as_str(), now_us)
            })?
            .ok_or_else(|| {
                ApiError::conflict(format!("the parent unit already has a unit named {name:?}"))
            })?;
            let subject = Subject::new(&org.id, &org.id);
            Ok((org, subject))
        })
    })
    .await?;
    Ok(HttpResponse::Created().json(OrgView::from(org)))
}
