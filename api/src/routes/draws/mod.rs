//! 双随机 draws: a supervisor or admin makes one for a unit in its scope; the units' line
//! reads them, and so does anyone through the public routes (一公开). Each answer carries what anyone needs to redo the draw from the log.

pub mod create;
pub mod list;
pub mod public;
pub mod show;

use crate::draws::StoredDraw;
use crate::error::ApiError;
use actix_web::web;
use custos_core::draw::SEED_DOMAIN;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

#[derive(OpenApi)]
#[openapi(paths(
    create::create,
    show::show,
    list::list,
    public::public_draw,
    public::public_draws
))]
struct DrawsApi;

pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/api/v1/draws")
            .route(web::post().to(create::create))
            .route(web::get().to(list::list)),
    )
    .service(web::resource("/api/v1/draws/{id}").route(web::get().to(show::show)))
    .service(
        web::resource("/api/v1/public/draws")
            .route(crate::routes::conditional::get_or_head().to(public::public_draws)),
    )
    .service(
        web::resource("/api/v1/public/draws/{id}")
            .route(crate::routes::conditional::get_or_head().to(public::public_draw)),
    );
}

pub fn api() -> utoipa::openapi::OpenApi {
    DrawsApi::openapi()
}

/// What the seed was made from: `seed = SHA-256(domain ‖ 0x00 ‖ u64be(log_size) ‖ log_root
/// ‖ inputs_sha256)`, with the digests as 32 raw bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SeedView {
    /// The domain-separation string, `custos/draw/seed/v1`.
    pub domain: String,
    /// The log's size just before the draw's entry (the entry's own index).
    pub log_size: u64,
    /// The root hash of the log's first `log_size` leaves, hex.
    pub log_root_sha256: String,
    /// SHA-256 of the RFC 8785 bytes of `inputs`, hex.
    pub inputs_sha256: String,
    pub seed: String,
}

/// The inspectors drawn for one target, in draw order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AssignmentView {
    pub target: String,
    pub inspectors: Vec<String>,
}

/// A draw: what it was made from, its seed, and its result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DrawView {
    pub id: String,
    pub org_id: String,
    /// The supervisor or admin who made it.
    pub actor_id: String,
    pub task: String,
    pub domain: String,
    pub created_at_us: i64,
    /// Index of the draw's `draw` log entry (`GET /api/v1/log/entries/{index}`).
    pub log_index: u64,
    /// custos-core `DrawInputs`: `v`, `draw`, `org`, `task`, `domain`, `count`, `team_size`,
    /// and the sorted, deduplicated `targets` (the directory) and `inspectors` (the pool).
    #[schema(value_type = Object)]
    pub inputs: serde_json::Value,
    pub seed: SeedView,
    /// The drawn targets in draw order.
    pub targets: Vec<String>,
    pub assignments: Vec<AssignmentView>,
}

impl TryFrom<StoredDraw> for DrawView {
    type Error = ApiError;

    fn try_from(draw: StoredDraw) -> Result<Self, ApiError> {
        let StoredDraw { row, entry } = draw;
        Ok(DrawView {
            id: row.id,
            org_id: row.org_id,
            actor_id: row.actor_id,
            task: row.task,
            domain: row.domain,
            created_at_us: row.created_at_us,
            log_index: row.log_index as u64,
            inputs: serde_json::to_value(&entry.inputs).map_err(ApiError::internal)?,
            seed: SeedView {
                domain: SEED_DOMAIN.to_owned(),
                log_size: entry.log_size,
                log_root_sha256: entry.log_root_sha256.to_hex(),
                inputs_sha256: entry.inputs_sha256.to_hex(),
                seed: entry.seed.to_hex(),
            },
            targets: entry.result.targets,
            assignments: entry
                .result
                .assignments
                .into_iter()
                .map(|assignment| AssignmentView {
                    target: assignment.target,
                    inspectors: assignment.inspectors,
                })
                .collect(),
        })
    }
}
