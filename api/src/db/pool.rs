//! The connection pool, and how a request gets a connection that works or hears at once that
//! there is none.
//!
//! When PostgreSQL restarts, every pooled connection dies without the pool knowing. Each
//! PostgreSQL connection is therefore tested (`SELECT 1`) when it is checked out, so a dead
//! one is replaced instead of failing its request. While the database cannot be reached at
//! all, waiting the pool's whole timeout for a connection that cannot come would only hold
//! the request: the pool's own attempts to connect note the failure in [`Health`], and a
//! checkout that sees it answers [`DbError::Unreachable`] (503) at once. The pool keeps
//! reconnecting in the background (r2d2 retries with back-off up to half its timeout), and
//! the first connection that succeeds clears the note.

use super::{DbConnection, DbError, DbResult, SQLITE_PRAGMAS, migrate};
use crate::config::DatabaseUrl;
use diesel::Connection;
use diesel::connection::{InstrumentationEvent, SimpleConnection};
use diesel::{PgConnection, SqliteConnection};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a request waits for a connection while the database is reachable (every
/// connection busy under load).
const CHECKOUT_TIMEOUT: Duration = Duration::from_secs(5);
/// How often a waiting checkout looks whether the database became unreachable meanwhile.
const CHECKOUT_SLICE: Duration = Duration::from_millis(50);

pub type PooledConnection = r2d2::PooledConnection<Connector>;

/// The pool of one server, with what its connection attempts found.
#[derive(Clone)]
pub struct DbPool {
    pool: r2d2::Pool<Connector>,
    health: Arc<Health>,
    statements: Arc<AtomicU64>,
}

/// Whether the latest attempt to open a connection failed, and why.
#[derive(Debug, Default)]
struct Health {
    unreachable: AtomicBool,
    reason: Mutex<String>,
}

impl Health {
    fn connected(&self) {
        self.unreachable.store(false, Ordering::Release);
    }

    fn failed(&self, reason: &str) {
        if let Ok(mut last) = self.reason.lock() {
            reason.clone_into(&mut last);
        }
        self.unreachable.store(true, Ordering::Release);
    }

    fn unreachable(&self) -> Option<String> {
        self.unreachable
            .load(Ordering::Acquire)
            .then(|| self.reason.lock().map(|r| r.clone()).unwrap_or_default())
    }
}

impl DbPool {
    /// A connection, waiting up to 5 s while every connection is busy, but not at all once
    /// the database is known to be unreachable.
    pub fn get(&self) -> DbResult<PooledConnection> {
        self.get_within(CHECKOUT_TIMEOUT)
    }

    /// [`DbPool::get`] waiting at most `budget` (a readiness probe must answer quickly).
    pub fn get_within(&self, budget: Duration) -> DbResult<PooledConnection> {
        let deadline = Instant::now() + budget;
        loop {
            if let Some(reason) = self.health.unreachable() {
                // A connection opened since the failure may be idle: take it if so.
                return self
                    .pool
                    .try_get()
                    .ok_or(DbError::Unreachable(reason.into()));
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.pool.get_timeout(left.min(CHECKOUT_SLICE)) {
                Ok(conn) => return Ok(conn),
                Err(error) if Instant::now() >= deadline => return Err(DbError::Pool(error)),
                Err(_) => {}
            }
        }
    }

    pub fn state(&self) -> r2d2::State {
        self.pool.state()
    }

    pub fn max_size(&self) -> u32 {
        self.pool.max_size()
    }

    /// The statements this pool's connections have sent since it was built (checkout tests
    /// included): the number a page or request costs in round trips is the difference around
    /// it, which the tests use to hold pages to a fixed number of queries however large a
    /// case grows.
    pub fn statements(&self) -> u64 {
        self.statements.load(Ordering::Relaxed)
    }
}

/// Opens connections by URL scheme. diesel's derived `establish` tries each backend in turn
/// and hides why a connection failed; this names the backend and keeps its error.
#[derive(Debug)]
pub struct Connector {
    database: DatabaseUrl,
    health: Arc<Health>,
    statements: Arc<AtomicU64>,
}

impl Connector {
    fn open(&self) -> Result<DbConnection, DbError> {
        let mut conn = self.open_uncounted()?;
        let statements = self.statements.clone();
        conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
            if let InstrumentationEvent::StartQuery { .. } = event {
                statements.fetch_add(1, Ordering::Relaxed);
            }
        });
        Ok(conn)
    }

    fn open_uncounted(&self) -> Result<DbConnection, DbError> {
        let backend = self.database.backend_name();
        let connect_error = |reason: String| DbError::Connect { backend, reason };
        match &self.database {
            DatabaseUrl::Sqlite(path) => {
                let path = path
                    .to_str()
                    .ok_or_else(|| connect_error("path is not UTF-8".to_owned()))?;
                let mut conn = SqliteConnection::establish(path)
                    .map_err(|error| connect_error(error.to_string()))?;
                conn.batch_execute(SQLITE_PRAGMAS)?;
                Ok(DbConnection::Sqlite(conn))
            }
            DatabaseUrl::Postgres(url) => PgConnection::establish(url)
                .map(DbConnection::Postgres)
                .map_err(|error| connect_error(error.to_string())),
        }
    }
}

impl r2d2::ManageConnection for Connector {
    type Connection = DbConnection;
    type Error = DbError;

    fn connect(&self) -> Result<DbConnection, DbError> {
        let opened = self.open();
        match &opened {
            Ok(_) => self.health.connected(),
            Err(error) => self.health.failed(&error.to_string()),
        }
        opened
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), DbError> {
        conn.batch_execute("SELECT 1").map_err(DbError::from)
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        use diesel::r2d2::R2D2Connection;
        conn.is_broken()
    }
}

/// Builds the pool of `size` connections (`None`: the backend's default) and brings the
/// schema up to date.
pub fn connect(database: &DatabaseUrl, size: Option<u32>) -> DbResult<DbPool> {
    if let DatabaseUrl::Sqlite(path) = database {
        // Before SQLite creates the file with the process umask (0644 under the usual 022).
        crate::private::ensure_database_files(path).map_err(|error| DbError::Connect {
            backend: "sqlite",
            reason: error.to_string(),
        })?;
    }
    let default_size = match database {
        DatabaseUrl::Sqlite(_) => 8,
        // PostgreSQL's rule of thumb, twice the cores: more connections only queue inside the
        // server and cost tail latency (tests/bench/load.sh on 2 cores, p99 of
        // GET /api/v1/orgs/{id}: 474 ms with 16 connections, 20 ms with 4).
        DatabaseUrl::Postgres(_) => std::thread::available_parallelism()
            .map_or(4, |cores| 2 * cores.get() as u32)
            .max(4),
    };
    let max_size = size.unwrap_or(default_size);
    let health = Arc::new(Health::default());
    let statements = Arc::new(AtomicU64::new(0));
    let connector = Connector {
        database: database.clone(),
        health: health.clone(),
        statements: statements.clone(),
    };
    // Open the first connection here so a bad URL fails with its own message, not a timeout.
    let mut first = r2d2::ManageConnection::connect(&connector)?;
    migrate(&mut first)?;
    drop(first);
    let pool = r2d2::Pool::builder()
        .max_size(max_size)
        // Every connection opened at start, so the first burst of requests does not wait
        // for PostgreSQL to fork its backends.
        .min_idle(None)
        // A PostgreSQL connection dies with its server process (a restart, a failover); one
        // round trip on checkout (about 0.1 ms on a local network) finds it before a request
        // does. A SQLite connection is a file handle and cannot be lost that way.
        .test_on_check_out(matches!(database, DatabaseUrl::Postgres(_)))
        .connection_timeout(CHECKOUT_TIMEOUT)
        .build(connector)?;
    Ok(DbPool {
        pool,
        health,
        statements,
    })
}
