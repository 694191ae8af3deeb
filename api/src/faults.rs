//! The faults of the machine that custos answers as such rather than as internal errors: a
//! full disk (507 Insufficient Storage) and a database or object store that cannot be
//! reached (503), all with `Retry-After`, since the same request succeeds once the fault is gone.
//!
//! Neither backend gives diesel a portable code for these, so the database's own words are
//! matched (SQLite's fixed messages; PostgreSQL's in the `C` or English locale, which is how
//! custos expects its server to run).

use std::io;

/// What a database error says about the database rather than about the request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DatabaseFault {
    /// The database's disk is full (SQLITE_FULL, PostgreSQL's `53100 disk_full`).
    Full,
    /// The connection is gone or the server refuses work (restart, shutdown, network).
    Unreachable,
}

/// Whether an I/O error means the file system has no room: ENOSPC, or EDQUOT for a quota,
/// also when wrapped in another `io::Error`.
pub fn is_storage_full(error: &io::Error) -> bool {
    if matches!(
        error.kind(),
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded
    ) {
        return true;
    }
    error
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<io::Error>())
        .is_some_and(is_storage_full)
}

/// Whether an I/O error is an object store's failure (unreachable, timed out, or refusing),
/// which the same request survives once the store is back.
pub fn is_store_unavailable(error: &io::Error) -> bool {
    error
        .get_ref()
        .is_some_and(|inner| inner.is::<crate::evidence::store::StoreUnavailable>())
}

/// Messages of a full disk: SQLite's SQLITE_FULL, and the strerror of ENOSPC and EDQUOT that
/// PostgreSQL appends to a failed write ("could not extend file …: No space left on device").
const FULL: &[&str] = &[
    "database or disk is full",
    "No space left on device",
    "Disk quota exceeded",
];

/// libpq's and PostgreSQL's words for a lost connection or a server that is going down or
/// not up yet (SQLSTATE 57P01–57P03 and class 08).
const UNREACHABLE: &[&str] = &[
    "server closed the connection unexpectedly",
    "terminating connection due to",
    "no connection to the server",
    "connection to server was lost",
    "could not receive data from server",
    "could not send data to server",
    "the database system is shutting down",
    "the database system is starting up",
    "the database system is in recovery mode",
    "SSL connection has been closed unexpectedly",
];

/// Classifies a database error; `None` for everything else (a bug or bad data: 500).
pub fn database_fault(error: &diesel::result::Error) -> Option<DatabaseFault> {
    use diesel::result::{DatabaseErrorKind, Error};
    match error {
        Error::DatabaseError(kind, info) => {
            let message = info.message();
            if FULL.iter().any(|words| message.contains(words)) {
                Some(DatabaseFault::Full)
            } else if *kind == DatabaseErrorKind::ClosedConnection
                || UNREACHABLE.iter().any(|words| message.contains(words))
            {
                Some(DatabaseFault::Unreachable)
            } else {
                None
            }
        }
        // A transaction whose rollback failed, because its connection went away.
        Error::BrokenTransactionManager => Some(DatabaseFault::Unreachable),
        Error::RollbackErrorOnCommit { commit_error, .. } => database_fault(commit_error),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::result::{DatabaseErrorKind, Error};
    use std::io::Write;

    fn database_error(kind: DatabaseErrorKind, message: &str) -> Error {
        Error::DatabaseError(kind, Box::new(message.to_owned()))
    }

    #[test]
    fn a_full_disk_is_recognised_from_the_kernel_and_both_databases() {
        // /dev/full answers every write with ENOSPC: the kernel's own error, not a made-up one.
        let mut full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let enospc = full
            .write_all(b"x")
            .and_then(|()| full.flush())
            .unwrap_err();
        assert!(is_storage_full(&enospc), "{enospc:?}");
        assert!(is_storage_full(&io::Error::from_raw_os_error(122))); // EDQUOT
        assert!(is_storage_full(&io::Error::other(enospc)));
        assert!(!is_storage_full(&io::Error::from(io::ErrorKind::NotFound)));

        for message in [
            "database or disk is full",
            "could not extend file \"base/5/16384\": No space left on device",
        ] {
            let error = database_error(DatabaseErrorKind::Unknown, message);
            assert_eq!(
                database_fault(&error),
                Some(DatabaseFault::Full),
                "{message}"
            );
        }
    }

    #[test]
    fn a_lost_database_is_recognised() {
        for error in [
            database_error(DatabaseErrorKind::ClosedConnection, "whatever libpq says"),
            database_error(
                DatabaseErrorKind::Unknown,
                "terminating connection due to administrator command",
            ),
            database_error(
                DatabaseErrorKind::Unknown,
                "server closed the connection unexpectedly\n\tThis probably means …",
            ),
            Error::BrokenTransactionManager,
        ] {
            assert_eq!(
                database_fault(&error),
                Some(DatabaseFault::Unreachable),
                "{error}"
            );
        }
        for error in [
            database_error(DatabaseErrorKind::UniqueViolation, "duplicate key"),
            database_error(DatabaseErrorKind::Unknown, "syntax error at or near"),
            Error::NotFound,
        ] {
            assert_eq!(database_fault(&error), None, "{error}");
        }
    }
}
