//! The transparency log as the server keeps it: appending entries, signed checkpoints and
//! proofs. The Merkle arithmetic is custos-core's; this module stores its hashes as rows
//! ([`crate::db::log`]).
//!
//! How to append: a request's writes and its entries go through [`commit`] (group commit,
//! `commit`), which runs them with other requests' in one transaction and answers once they
//! are durable; its work appends through the [`Appender`] it is given. Work that only
//! appends (an access logged by a read) goes through [`append_only`], which costs its batch
//! no statement of its own. [`append`] and
//! [`append_leaves`] append inside a caller's own [`crate::db::write_transaction`], one
//! commit of their own, for work that must not hold up other requests' appends (I/O on
//! the blob store inside the transaction). Appends from any number of server nodes are
//! serial either way: each transaction locks the log head row first.

mod appender;
mod commit;
pub mod entry;

use crate::db::DbConnection;
use crate::db::log::{self as rows, DbHashStore};
use crate::error::ApiError;
use crate::state::AppState;
use custos_core::digest::Sha256Digest;
use custos_core::entry::LeafError;
use custos_core::merkle::{self, ConsistencyProof, EMPTY_TREE_ROOT, InclusionProof, LogError};
use custos_core::note::NoteSigner;
use serde::Serialize;
use std::ops::Range;

pub use appender::Appender;
pub use commit::{Committer, MAX_JOBS};
pub use entry::AdminEntry;

#[derive(Debug, thiserror::Error)]
pub enum AppendError {
    #[error("log appends must run inside db::write_transaction")]
    NotInTransaction,
    #[error("a log::commit job appends through its Appender, not log::append")]
    InsideGroupCommit,
    #[error(transparent)]
    Leaf(#[from] LeafError),
    #[error("log: {0}")]
    Log(#[from] LogError),
    #[error("log database: {0}")]
    Database(#[from] crate::db::DbError),
    #[error("no OS randomness: {0}")]
    Randomness(String),
}

impl From<AppendError> for ApiError {
    fn from(error: AppendError) -> ApiError {
        match error {
            // A full disk or a lost database is not the entry's fault (507, 503).
            AppendError::Database(error) => ApiError::from(error),
            other => ApiError::internal(other),
        }
    }
}

/// The exact leaf bytes of an entry: core's [`custos_core::entry::leaf_bytes`], the one definition a
/// verifier rebuilds leaves with too.
pub fn leaf_bytes(entry_type: &str, entry: &impl Serialize) -> Result<Vec<u8>, AppendError> {
    Ok(custos_core::entry::leaf_bytes(entry_type, entry)?)
}

/// Appends one entry and returns its index. Call inside [`crate::db::write_transaction`],
/// together with the change the entry records, so both commit or neither does.
pub fn append(
    conn: &mut DbConnection,
    entry_type: &str,
    entry: &impl Serialize,
    now_us: i64,
) -> Result<u64, AppendError> {
    let leaf = leaf_bytes(entry_type, entry)?;
    append_leaves(conn, &[(entry_type, leaf)], now_us).map(|range| range.start)
}

/// Appends leaves (type, exact bytes) in order and returns their index range. Call inside
/// [`crate::db::write_transaction`].
pub fn append_leaves(
    conn: &mut DbConnection,
    leaves: &[(&str, Vec<u8>)],
    now_us: i64,
) -> Result<Range<u64>, AppendError> {
    if commit::on_committer_thread() {
        return Err(AppendError::InsideGroupCommit);
    }
    let mut log = Appender::locked(conn)?;
    let range = log.append_leaves(conn, leaves, now_us)?;
    log.finish(conn)?;
    Ok(range)
}

/// Runs `work` with an [`Appender`] in a write transaction of its own: one commit, not
/// grouped with other requests' (the command line, tests, and work that must not hold up
/// other requests' appends).
pub fn transaction<T, E, F>(conn: &mut DbConnection, work: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection, &mut Appender) -> Result<T, E>,
    E: From<crate::db::DbError> + From<AppendError>,
{
    if commit::on_committer_thread() {
        return Err(AppendError::InsideGroupCommit.into());
    }
    crate::db::write_transaction(conn, |conn| {
        let mut log = Appender::locked(conn)?;
        let value = work(conn, &mut log)?;
        log.finish(conn)?;
        Ok(value)
    })
}

/// Runs `work` (the request's writes and its log entries, appended through the
/// [`Appender`]) in the node's next group commit and returns its result once it is durable.
/// See [`Committer::commit`].
pub async fn commit<T, F>(state: &AppState, work: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConnection, &mut Appender) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    state.committer.commit(work).await
}

/// Runs `work`, which only appends (a logged access whose reads were done before), in the
/// node's next group commit without a statement of its own. See [`Committer::append_only`].
pub async fn append_only<T, F>(state: &AppState, work: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut Appender) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    state.committer.append_only(work).await
}

/// A checkpoint of the log as committed now.
#[derive(Debug, Clone)]
pub struct SignedCheckpoint {
    pub size: u64,
    pub root_hash: Sha256Digest,
    /// The C2SP signed note.
    pub note: String,
}

/// Signs a checkpoint for the current size. Ed25519 signatures are deterministic, so every
/// node with the log key returns the same bytes for the same size.
pub fn checkpoint(
    conn: &mut DbConnection,
    signer: &NoteSigner,
) -> Result<SignedCheckpoint, ApiError> {
    let size = rows::head_size(conn)?;
    let root_hash = root_at(conn, size)?;
    let note = custos_core::checkpoint::Checkpoint::new(signer.name(), size, root_hash)
        .sign(signer)
        .map_err(ApiError::internal)?;
    Ok(SignedCheckpoint {
        size,
        root_hash,
        note,
    })
}

/// The root of the log's first `size` leaves (`size` at most the log size).
pub fn root_at(conn: &mut DbConnection, size: u64) -> Result<Sha256Digest, ApiError> {
    if size == 0 {
        return Ok(EMPTY_TREE_ROOT);
    }
    if let Some(root) = rows::root_at(conn, size)? {
        return Ok(root);
    }
    merkle::tree_hash(size, &DbHashStore::new(conn)).map_err(proof_error)
}

/// The audit path of leaf `index` in the tree of `size` leaves.
pub fn inclusion_proof(
    conn: &mut DbConnection,
    index: u64,
    size: u64,
) -> Result<InclusionProof, ApiError> {
    check_within_log(conn, size)?;
    merkle::prove_inclusion(index, size, &DbHashStore::new(conn)).map_err(proof_error)
}

/// The consistency proof from the tree of `from` leaves to the tree of `to` leaves.
pub fn consistency_proof(
    conn: &mut DbConnection,
    from: u64,
    to: u64,
) -> Result<ConsistencyProof, ApiError> {
    check_within_log(conn, to)?;
    merkle::prove_consistency(from, to, &DbHashStore::new(conn)).map_err(proof_error)
}

fn check_within_log(conn: &mut DbConnection, size: u64) -> Result<(), ApiError> {
    let log_size = rows::head_size(conn)?;
    if size > log_size {
        return Err(ApiError::invalid_input(format!(
            "tree size {size} exceeds the log's {log_size} leaves"
        )));
    }
    Ok(())
}

/// Impossible requests are the client's fault; a missing stored hash is ours.
fn proof_error(error: LogError) -> ApiError {
    match error {
        LogError::IndexOutOfRange { .. }
        | LogError::InvalidSizes { .. }
        | LogError::SizeBeyondLog { .. }
        | LogError::SizeTooLarge { .. } => ApiError::invalid_input(error.to_string()),
        // The store is the database (`db::log`): its faults are 503/507 like any other.
        LogError::Store(cause) => match cause.downcast::<crate::db::DbError>() {
            Ok(database) => ApiError::from(*database),
            Err(other) => ApiError::internal(other),
        },
        LogError::MissingHash { .. } | LogError::ShortRead { .. } => ApiError::internal(error),
    }
}
