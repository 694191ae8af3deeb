//! `db`'s own error: what a caller acts on (no row, a unique conflict, a database that is full
//! or cannot be reached), with diesel's error kept as the source and never seen by callers.

use crate::faults::{DatabaseFault, database_fault};
use std::error::Error;

/// Result of every public `db` function.
pub type DbResult<T> = Result<T, DbError>;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// A lookup by key found no row (lookups that may find none answer `Option` instead).
    #[error("database: no such row")]
    NotFound,
    /// A unique constraint refused the write (a name or number taken).
    #[error("database: unique constraint violated")]
    Conflict(#[source] diesel::result::Error),
    /// The database's disk is full: nothing was written (507).
    #[error("database: disk full")]
    Full(#[source] diesel::result::Error),
    /// The database cannot be reached now: a lost connection, a server going down, a pool
    /// that finds no connection (503).
    #[error("the database is unreachable")]
    Unreachable(#[source] Box<dyn Error + Send + Sync>),
    /// Anything else: a bug or bad data (500).
    #[error("database")]
    Query(#[source] diesel::result::Error),
    #[error("database pool: {0}")]
    Pool(#[from] r2d2::Error),
    #[error("cannot connect to the {backend} database: {reason}")]
    Connect {
        backend: &'static str,
        reason: String,
    },
    #[error("migrations: {0}")]
    Migration(String),
}

impl From<diesel::result::Error> for DbError {
    fn from(error: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        if matches!(error, Error::NotFound) {
            return DbError::NotFound;
        }
        match database_fault(&error) {
            Some(DatabaseFault::Full) => DbError::Full(error),
            Some(DatabaseFault::Unreachable) => DbError::Unreachable(Box::new(error)),
            None if matches!(
                error,
                Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _)
            ) =>
            {
                DbError::Conflict(error)
            }
            None => DbError::Query(error),
        }
    }
}
