//! Organisation routes: the unit tree (市 → 县/区 → 乡镇/街道, each with departments), seen
//! from the caller's own unit downwards.

pub mod create;
pub mod list;
pub mod read;

use crate::db::orgs::Organisation;
use actix_web::web;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

#[derive(OpenApi)]
#[openapi(paths(create::create_org, list::list_orgs, read::read_org))]
struct OrgsApi;

pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/api/v1/orgs")
            .route(web::post().to(create::create_org))
            .route(web::get().to(list::list_orgs)),
    )
    .service(web::resource("/api/v1/orgs/{id}").route(web::get().to(read::read_org)));
}

pub fn api() -> utoipa::openapi::OpenApi {
    OrgsApi::openapi()
}

/// An organisation as clients see it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct OrgView {
    pub id: String,
    /// The unit above; `null` for the root.
    pub parent_id: Option<String>,
    pub name: String,
    /// `city`, `county`, `district`, `township`, `street` or `department`.
    pub kind: String,
    pub created_at_us: i64,
}

impl From<Organisation> for OrgView {
    fn from(org: Organisation) -> OrgView {
        OrgView {
            id: org.id,
            parent_id: org.parent_id,
            name: org.name,
            kind: org.kind,
            created_at_us: org.created_at_us,
        }
    }
}
