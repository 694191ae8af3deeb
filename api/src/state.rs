//! What every handler shares: configuration, database pool, keys and metrics.

use crate::auth::tokens::TokenKeys;
use crate::config::Config;
use crate::db::DbPool;
use crate::disk::DiskSpace;
use crate::evidence;
use crate::keys::Keys;
use crate::metrics::Metrics;
use custos_core::note::NoteSigner;

/// Application state, shared by all workers through `web::Data<AppState>`.
pub struct AppState {
    pub config: Config,
    pub pool: DbPool,
    pub tokens: TokenKeys,
    pub keys: Keys,
    pub metrics: Metrics,
    /// Signs checkpoints; its name is the log origin.
    pub log_signer: NoteSigner,
    /// Evidence blob store and ingest metrics.
    pub evidence: evidence::Services,
    /// Free space of the file systems custos writes to.
    pub disk: DiskSpace,
    /// This node's group commit of the log (`log::commit`).
    pub committer: crate::log::Committer,
    /// Rendered pages of the public list of decision notices.
    pub public_pages: std::sync::Arc<crate::publicity::pages::PublicPages>,
}

impl AppState {
    pub fn new(
        config: Config,
        pool: DbPool,
        keys: Keys,
        blobs: evidence::store::BlobStore,
    ) -> AppState {
        let log_signer = NoteSigner::from_seed(&config.log_origin, keys.log_seed)
            .expect("the configuration checked the log origin");
        let metrics = Metrics::new(&config.node.name);
        let disk = DiskSpace::new(&config, metrics.registry());
        let committer = crate::log::Committer::start(pool.clone(), metrics.registry());
        AppState {
            committer,
            public_pages: Default::default(),
            disk,
            log_signer,
            tokens: TokenKeys::new(&keys.token_key, config.access_token_ttl_secs),
            evidence: evidence::Services::new(blobs, metrics.registry()),
            metrics,
            config,
            pool,
            keys,
        }
    }
}
