//! The database: one connection type over SQLite and PostgreSQL, its pool, its migrations, and
//! every SQL statement custos runs (in the submodules, one per table family).
//!
//! Lookups by key end in `get_result`, never `first`: `first` binds its `LIMIT` as a
//! parameter, and SQLite re-prepares a statement whenever a parameter that its `LIMIT`
//! reads is bound again, so every execution would parse its SQL anew.
//!
//! Backend differences live here and nowhere else. Handlers reach the database only through
//! [`run`], which does the blocking work on the blocking thread pool, never on an async worker.

pub mod attention;
pub mod case_facts;
pub mod cases;
pub mod certificates;
pub mod chains;
pub mod console_sessions;
pub mod custody;
pub mod devices;
pub mod draws;
pub mod entry_scope;
mod error;
pub mod evaluation_templates;
pub mod evidence;
pub mod evidence_names;
pub mod findings;
pub mod log;
pub mod org_rules;
pub mod orgs;
pub mod page;
mod pool;
pub mod publication_sums;
pub mod publications;
pub mod records;
pub mod reviews;
pub mod rollups;
pub mod schema;
pub mod scope;
pub mod sessions;
pub mod throttle;
pub mod uploads;
pub mod users;

use crate::error::ApiError;
use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel::{PgConnection, SqliteConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

pub use error::{DbError, DbResult};
pub use page::Page;
pub use pool::{Connector, DbPool, PooledConnection, connect};

/// A connection to whichever backend the configuration names.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Sqlite(SqliteConnection),
    Postgres(PgConnection),
}

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgres");

/// Most rows one multi-row INSERT carries: a batch of records is written in a few statements
/// rather than one per row, and 256 rows of the widest table written this way (`cases`, 14
/// columns) stay far below both backends' limit on bound parameters (32,766 for SQLite,
/// 65,535 for PostgreSQL).
pub const ROWS_PER_INSERT: usize = 256;

/// Inserts `rows` (a slice of insertable rows) into `table`, [`ROWS_PER_INSERT`] rows per
/// statement. diesel builds multi-row inserts only on a concrete backend, not through
/// [`DbConnection`], hence one arm per backend. Rows must carry every column (no `DEFAULT`):
/// SQLite has no `DEFAULT` in a multi-row `VALUES`, and diesel would fall back to one
/// statement per row.
macro_rules! insert_rows {
    ($conn:expr, $table:expr, $rows:expr) => {{
        let conn: &mut $crate::db::DbConnection = $conn;
        $rows
            .chunks($crate::db::ROWS_PER_INSERT)
            .try_for_each(|chunk| {
                let statement = diesel::insert_into($table).values(chunk);
                match &mut *conn {
                    $crate::db::DbConnection::Sqlite(conn) => statement.execute(conn),
                    $crate::db::DbConnection::Postgres(conn) => statement.execute(conn),
                }
                .map(drop)
            })
    }};
}
pub(crate) use insert_rows;

/// Runs the upsert that the macro `$statement` builds (`INSERT … ON CONFLICT … DO UPDATE`) over
/// `rows` (a slice): on PostgreSQL once per [`ROWS_PER_INSERT`] rows, since inside a
/// transaction each statement is a round trip; on SQLite once per row, in process and without
/// round trips, since diesel has no multi-row upsert for it.
macro_rules! upsert_rows {
    ($conn:expr, $rows:expr, $statement:ident) => {{
        let conn: &mut $crate::db::DbConnection = $conn;
        match conn {
            $crate::db::DbConnection::Sqlite(conn) => $rows
                .iter()
                .try_for_each(|row| $statement!(row).execute(conn).map(drop)),
            $crate::db::DbConnection::Postgres(conn) => $rows
                .chunks($crate::db::ROWS_PER_INSERT)
                .try_for_each(|chunk| $statement!(chunk).execute(conn).map(drop)),
        }
    }};
}
pub(crate) use upsert_rows;

/// Pragmas every SQLite connection needs: WAL so readers never wait for the writer, a busy
/// timeout so writers queue instead of failing, and enforced foreign keys. `synchronous =
/// FULL` syncs the WAL at every commit: with `NORMAL` a power loss could take back log
/// entries that a signed checkpoint already covers, or evidence a phone was told is stored.
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;";

/// Runs pending migrations. On PostgreSQL an advisory lock keeps several nodes starting at
/// once from migrating concurrently.
pub(super) fn migrate(conn: &mut DbConnection) -> Result<(), DbError> {
    const MIGRATION_LOCK: i64 = 0x6375_7374_6f73; // "custos"
    let migration_error =
        |error: Box<dyn std::error::Error + Send + Sync>| DbError::Migration(error.to_string());
    match conn {
        DbConnection::Sqlite(conn) => {
            conn.run_pending_migrations(SQLITE_MIGRATIONS)
                .map_err(migration_error)?;
        }
        DbConnection::Postgres(conn) => {
            conn.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK})"))
                .map_err(DbError::from)?;
            let result = conn
                .run_pending_migrations(POSTGRES_MIGRATIONS)
                .map(|_| ())
                .map_err(migration_error);
            conn.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})"))
                .map_err(DbError::from)?;
            result?;
        }
    }
    Ok(())
}

/// Runs blocking database work on the blocking pool, inside the caller's tracing span (so its
/// log lines keep the request id).
pub async fn run<T, F>(pool: &DbPool, work: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    let pool = pool.clone();
    let span = tracing::Span::current();
    actix_web::web::block(move || {
        let _entered = span.enter();
        let mut conn = pool.get().map_err(ApiError::unavailable)?;
        work(&mut conn)
    })
    .await?
}

/// [`run`] in a [`read_snapshot`]: for a read assembled from many statements.
pub async fn run_snapshot<T, F>(pool: &DbPool, work: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    run(pool, move |conn| read_snapshot(conn, work)).await
}

/// Runs `work` in a transaction that holds the database's write lock from its first statement.
///
/// On SQLite this is `BEGIN IMMEDIATE`: a deferred transaction that reads before it writes
/// fails with SQLITE_BUSY when another writer committed in between, so every transaction
/// that writes must take the lock up front. On PostgreSQL it is an ordinary transaction
/// (READ COMMITTED); code that needs a serial order locks rows itself (see [`log`]).
pub fn write_transaction<T, E, F>(conn: &mut DbConnection, work: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<DbError>,
{
    match conn {
        DbConnection::Sqlite(inner) => {
            AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")
                .map_err(DbError::from)?
        }
        DbConnection::Postgres(_) => {
            <DbConnection as Connection>::TransactionManager::begin_transaction(conn)
                .map_err(DbError::from)?
        }
    }
    finish(conn, work)
}

/// Runs `work` in a read-only transaction that sees one snapshot of the database, for an
/// answer assembled from many statements (statistics): a submission committed between two of
/// them shows in all of them or in none, so the figures add up. On PostgreSQL each statement
/// is also planned for its own parameters: a prepared statement's generic plan cannot know
/// how many units a scope's range of paths covers, and for a city's root it loops over every
/// unit where the plan for the actual range reads the rows at once (several times cheaper).
pub fn read_snapshot<T, E, F>(conn: &mut DbConnection, work: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<DbError>,
{
    match conn {
        // A deferred transaction: in WAL mode its first read fixes the snapshot.
        DbConnection::Sqlite(inner) => {
            AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN DEFERRED")
                .map_err(DbError::from)?
        }
        // One round trip for both statements.
        DbConnection::Postgres(inner) => AnsiTransactionManager::begin_transaction_sql(
            inner,
            "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; \
             SET LOCAL plan_cache_mode = force_custom_plan",
        )
        .map_err(DbError::from)?,
    }
    finish(conn, work)
}

/// Runs `work` in the transaction just begun, and commits it or, on `work`'s error, rolls it
/// back.
fn finish<T, E, F>(conn: &mut DbConnection, work: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<DbError>,
{
    match work(conn) {
        Ok(value) => {
            <DbConnection as Connection>::TransactionManager::commit_transaction(conn)
                .map_err(DbError::from)?;
            Ok(value)
        }
        Err(error) => {
            // The work's error is the one to report; a failed rollback leaves the connection
            // marked broken, and the pool discards it.
            let _ = <DbConnection as Connection>::TransactionManager::rollback_transaction(conn);
            Err(error)
        }
    }
}

/// [`write_transaction`] whose commit on SQLite does not wait for the disk, for a write that a
/// crash of the machine may take back without harm (an upload's offset between two requests,
/// which `HEAD` checks against the staged bytes). SQLite's WAL keeps such a commit through a
/// crash of custos itself, and it becomes durable with the next ordinary commit. On PostgreSQL
/// the commit waits as every other does: a commit there that does not wait is lost by a crash
/// or immediate restart of the database server, which in a cluster is far more common than a
/// crash of the machine, and would take back upload bytes already acknowledged to a client.
pub fn write_transaction_unsynced<T, E, F>(conn: &mut DbConnection, work: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<DbError>,
{
    match conn {
        DbConnection::Sqlite(_) => {
            conn.batch_execute("PRAGMA synchronous = NORMAL")
                .map_err(DbError::from)?;
            let result = write_transaction(conn, work);
            conn.batch_execute("PRAGMA synchronous = FULL")
                .map_err(DbError::from)?;
            result
        }
        DbConnection::Postgres(_) => write_transaction(conn, work),
    }
}

/// Whether `conn` is inside a transaction (code that must be atomic with its caller checks).
pub fn in_transaction(conn: &mut DbConnection) -> bool {
    <DbConnection as Connection>::TransactionManager::transaction_manager_status_mut(conn)
        .transaction_depth()
        .is_ok_and(|depth| depth.is_some())
}

/// Runs `work` in a savepoint of the caller's transaction: when it fails, its statements are
/// taken back and the transaction goes on (PostgreSQL aborts a whole transaction at a failed
/// statement otherwise). An error ending the savepoint itself is `db`'s own; the transaction
/// is lost then (see [`transaction_intact`]).
pub fn savepoint<T, E, F>(conn: &mut DbConnection, work: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<DbError>,
{
    /// Why the savepoint ended in a rollback: `work`'s error, or ending the savepoint failed.
    enum Ended<E> {
        Work(E),
        Database(DbError),
    }
    impl<E> From<diesel::result::Error> for Ended<E> {
        fn from(error: diesel::result::Error) -> Self {
            Ended::Database(error.into())
        }
    }
    conn.transaction(|conn| work(conn).map_err(Ended::Work))
        .map_err(|ended| match ended {
            Ended::Work(error) => error,
            Ended::Database(error) => error.into(),
        })
}

/// Whether the caller's transaction is still open: a savepoint that could be neither
/// released nor rolled back leaves the connection outside any transaction, its work lost, as
/// when the connection went away (503).
pub fn transaction_intact(conn: &mut DbConnection) -> DbResult<()> {
    if in_transaction(conn) {
        Ok(())
    } else {
        Err(diesel::result::Error::BrokenTransactionManager.into())
    }
}

/// Inserts, or reports the unique conflict: runs `insert` in a [`savepoint`] of the caller's
/// transaction and answers `None` when it broke a unique constraint (a name or number taken),
/// which the caller reports as its own conflict, with its transaction still usable.
pub fn insert_unique<T>(
    conn: &mut DbConnection,
    insert: impl FnOnce(&mut DbConnection) -> DbResult<T>,
) -> DbResult<Option<T>> {
    match savepoint(conn, insert) {
        Ok(value) => Ok(Some(value)),
        Err(DbError::Conflict(_)) => Ok(None),
        Err(error) => Err(error),
    }
}

/// Readiness: one round trip to the database.
pub fn ping(conn: &mut DbConnection) -> DbResult<()> {
    Ok(conn.batch_execute("SELECT 1")?)
}

/// New row id: a UUIDv7 as text, the same on both backends and ordered by creation time.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// The modules above `db`, which it must not reach into: it returns rows and its own
    /// error, and a vocabulary it filters by comes from its caller or from core.
    const ABOVE: &[&str] = &[
        "access",
        "auth",
        "state",
        "evidence",
        "routes",
        "log",
        "draws",
        "recording",
        "publicity",
        "supervision",
        "console",
    ];

    /// Whether `code` names the crate's module `module` (`crate::log::…`, not `crate::logging`).
    fn names(code: &str, module: &str) -> bool {
        let needle = format!("crate::{module}");
        code.match_indices(&needle).any(|(at, _)| {
            !code[at + needle.len()..]
                .starts_with(|next: char| next.is_alphanumeric() || next == '_')
        })
    }

    fn sources(dir: &Path, found: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                sources(&path, found);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                found.push((path.display().to_string(), text));
            }
        }
    }

    #[test]
    fn db_imports_nothing_from_the_modules_above_it() {
        let mut files = Vec::new();
        sources(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/db"),
            &mut files,
        );
        assert!(files.len() > 20, "{} files", files.len());
        let mut offences = Vec::new();
        for (path, text) in &files {
            for line in text.lines() {
                let code = line.split("//").next().unwrap_or_default();
                if ABOVE.iter().any(|module| names(code, module)) {
                    offences.push(format!("{path}: {}", line.trim()));
                }
            }
        }
        assert!(offences.is_empty(), "{offences:#?}");
    }
}
