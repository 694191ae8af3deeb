//! Starting the server: data directory, keys, database, blob store, then the HTTP listener.

use crate::config::Config;
use crate::db::{self, DbError};
use crate::evidence::store::BlobStore;
use crate::keys::{self, KeyError};
use crate::state::AppState;
use crate::wire::ProblemWire;
use crate::{app, evidence, housekeeping};
use actix_http::{HttpService, Protocol};
use actix_service::{IntoServiceFactory, ServiceFactoryExt, fn_service, map_config};
use actix_web::dev::{AppConfig, Server};
use actix_web::{rt::net::TcpStream, web};
use std::net::TcpListener;
use std::time::Duration;

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
/// database, runs its migrations and builds what a migration left to build (the statistics'
/// sums), prepares the blob store.
pub fn prepare(config: Config) -> Result<AppState, StartError> {
    let keys = keys::load_or_generate(&config.data_dir)?;
    let pool = db::connect(&config.database, config.node.database_pool_size)?;
    let mut conn = pool.get()?;
    crate::supervision::rollup::backfill(&mut conn)?;
    drop(conn);
    BlobStore::prepare(&config.blob).map_err(StartError::Blob)?;
    let blobs = BlobStore::open(&config.blob).map_err(StartError::Blob)?;
    Ok(AppState::new(config, pool, keys, blobs))
}

/// Seconds in-flight requests get to finish after SIGINT/SIGTERM.
const SHUTDOWN_GRACE_SECS: u64 = 30;

/// Threads each worker may run blocking work on (database calls, file syncs, password
/// hashing). Most wait for one of the pool's few connections, so more only queue there, each
/// with its own stack: tokio's default (512 per process) let 200 uploads at once cost 60 MB.
const BLOCKING_THREADS_PER_WORKER: usize = 16;

/// actix-web's defaults, which building the service by hand must restate.
const KEEP_ALIVE: Duration = Duration::from_secs(5);
const CLIENT_DISCONNECT_TIMEOUT: Duration = Duration::from_secs(1);

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
    let addr = listener.local_addr()?;
    // What `HttpServer::listen` builds, with one difference: each connection is read and
    // written through `ProblemWire`, so the dispatcher's own refusals (a malformed or
    // oversized head, one that never arrives) leave as problem+json too.
    let mut builder = Server::build()
        .shutdown_timeout(SHUTDOWN_GRACE_SECS)
        .worker_max_blocking_threads(BLOCKING_THREADS_PER_WORKER);
    if let Some(workers) = workers {
        builder = builder.workers(workers);
    }
    let server = builder.listen("custos", listener, move || {
        let app = app::build(state.clone())
            .into_factory()
            .map_err(|error| error.error_response());
        let http = HttpService::build()
            .keep_alive(KEEP_ALIVE)
            // A request's head must arrive within this; actix answers 408 and closes.
            .client_request_timeout(head_timeout)
            .client_disconnect_timeout(CLIENT_DISCONNECT_TIMEOUT)
            .local_addr(addr)
            // custos builds no URL from the app config's host and address (its only public
            // constructor gives actix's defaults); tus locations are paths.
            .finish(map_config(app, |_| AppConfig::default()));
        fn_service(|io: TcpStream| async move {
            let _ = io.set_nodelay(true);
            let peer = io.peer_addr().ok();
            Ok::<_, actix_http::error::DispatchError>((ProblemWire::new(io), Protocol::Http1, peer))
        })
        .and_then(http)
    })?;
    Ok(server.run())
}
