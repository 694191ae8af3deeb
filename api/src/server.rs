//! Starting the server: data directory, keys, database, blob store, then the HTTP listener.

use crate::config::Config;
use crate::db::{self, DbError};
use crate::evidence::store::BlobStore;
use crate::keys::{self, KeyError};
use crate::state::AppState;
use crate::{app, blob, evidence, housekeeping};
use actix_web::{HttpServer, dev::Server, web};
use std::net::TcpListener;

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Keys(#[from] KeyError),
    #[error(transparent)]
    Database(#[from] DbError),
    #[error("cannot prepare the blob store: {0}")]
    Blob(std::io::Error),
}

/// Everything before listening: creates the data directory and missing keys, opens the
/// database and runs its migrations, prepares the blob store.
pub fn prepare(config: Config) -> Result<AppState, StartError> {
    let keys = keys::load_or_generate(&config.data_dir)?;
    let pool = db::connect(&config.database, config.node.database_pool_size)?;
    blob::prepare(&config.blob).map_err(StartError::Blob)?;
    let blobs = BlobStore::open(&config.blob).map_err(StartError::Blob)?;
    Ok(AppState::new(config, pool, keys, blobs))
}

/// Seconds in-flight requests get to finish after SIGINT/SIGTERM.
const SHUTDOWN_GRACE_SECS: u64 = 30;

/// The HTTP server on `listener`; await it to run until SIGINT/SIGTERM or its handle stops
/// it. `workers` defaults to one per core.
pub fn serve(
    state: web::Data<AppState>,
    listener: TcpListener,
    workers: Option<usize>,
) -> std::io::Result<Server> {
    // Expiry, crash recovery and image analysis, on this server's system until it stops;
    // their log lines name the node like those of requests.
    use tracing::Instrument;
    let node = state.config.node.name.clone();
    actix_web::rt::spawn(
        evidence::worker::run(state.clone()).instrument(tracing::info_span!("sweep", node = %node)),
    );
    actix_web::rt::spawn(
        housekeeping::run(state.clone())
            .instrument(tracing::info_span!("housekeeping", node = %node)),
    );
    let head_timeout = state.config.http.head_timeout;
    let mut server = HttpServer::new(move || app::build(state.clone()))
        .shutdown_timeout(SHUTDOWN_GRACE_SECS)
        // A request's head must arrive within this; actix answers 408 and closes.
        .client_request_timeout(head_timeout);
    if let Some(workers) = workers {
        server = server.workers(workers);
    }
    Ok(server.listen(listener)?.run())
}
