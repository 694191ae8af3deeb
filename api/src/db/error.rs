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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ApiError, INSUFFICIENT_STORAGE_RETRY_SECS, ProblemType};
    use diesel::result::{DatabaseErrorKind, Error};

    fn database_error(kind: DatabaseErrorKind, message: &str) -> Error {
        Error::DatabaseError(kind, Box::new(message.to_owned()))
    }

    /// What the client hears of a database error: its problem type and `Retry-After`.
    fn answer(error: Error) -> (ProblemType, Option<u64>) {
        let api = ApiError::from(DbError::from(error));
        (api.problem, api.retry_after)
    }

    #[test]
    fn callers_tell_apart_the_cases_they_act_on() {
        assert!(matches!(DbError::from(Error::NotFound), DbError::NotFound));
        let taken = database_error(DatabaseErrorKind::UniqueViolation, "duplicate key");
        assert!(matches!(DbError::from(taken), DbError::Conflict(_)));
        let full = database_error(DatabaseErrorKind::Unknown, "database or disk is full");
        assert!(matches!(DbError::from(full), DbError::Full(_)));
        let gone = database_error(DatabaseErrorKind::ClosedConnection, "closed");
        assert!(matches!(DbError::from(gone), DbError::Unreachable(_)));
        let bug = database_error(DatabaseErrorKind::CheckViolation, "check");
        assert!(matches!(DbError::from(bug), DbError::Query(_)));
    }

    #[test]
    fn faults_answer_507_and_503_with_retry_after_and_the_rest_500() {
        let full = database_error(
            DatabaseErrorKind::Unknown,
            "could not extend file \"base/5/16384\": No space left on device",
        );
        assert_eq!(
            answer(full),
            (
                ProblemType::InsufficientStorage,
                Some(INSUFFICIENT_STORAGE_RETRY_SECS)
            )
        );
        let restarting = database_error(
            DatabaseErrorKind::Unknown,
            "terminating connection due to administrator command",
        );
        assert_eq!(answer(restarting), (ProblemType::Unavailable, Some(1)));
        assert_eq!(
            answer(Error::BrokenTransactionManager),
            (ProblemType::Unavailable, Some(1))
        );
        // A missing row or a conflict nobody expected is a bug here, not the client's fault.
        assert_eq!(answer(Error::NotFound), (ProblemType::Internal, None));
        let taken = database_error(DatabaseErrorKind::UniqueViolation, "duplicate key");
        assert_eq!(answer(taken), (ProblemType::Internal, None));
    }

    #[test]
    fn the_cause_keeps_diesels_error_as_its_source() {
        let api = ApiError::from(DbError::from(database_error(
            DatabaseErrorKind::CheckViolation,
            "violates check constraint",
        )));
        let source = std::error::Error::source(&api).and_then(std::error::Error::source);
        assert_eq!(
            source.map(ToString::to_string).as_deref(),
            Some("violates check constraint")
        );
    }
}
