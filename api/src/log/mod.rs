//! The transparency log as the server keeps it: appending entries inside the caller's
//! transaction, signed checkpoints and proofs. The Merkle arithmetic is custos-core's; this
//! module stores its hashes as rows ([`crate::db::log`]).
//!
//! Appends from any number of server nodes are serial: each locks the log head row first.

pub mod entry;
mod pending;

use crate::db::DbConnection;
use crate::db::log::{self as rows, DbHashStore};
use crate::error::ApiError;
use custos_core::digest::Sha256Digest;
use custos_core::jcs::{self, CanonicalError};
use custos_core::merkle::{self, ConsistencyProof, EMPTY_TREE_ROOT, InclusionProof, LogError};
use custos_core::note::NoteSigner;
use pending::PendingHashes;
use serde::Serialize;
use serde_json::Value;
use std::ops::Range;

pub use entry::AdminEntry;

#[derive(Debug, thiserror::Error)]
pub enum AppendError {
    #[error("log appends must run inside db::write_transaction")]
    NotInTransaction,
    #[error("log entry must be a JSON object without its own \"type\"")]
    NotAnObject,
    #[error("log entry is not canonical JSON: {0}")]
    Canonical(#[from] CanonicalError),
    #[error("log: {0}")]
    Log(#[from] LogError),
    #[error("log database: {0}")]
    Database(#[from] diesel::result::Error),
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

/// The exact leaf bytes of an entry: RFC 8785 JSON of `entry` with `"type": entry_type`.
pub fn leaf_bytes(entry_type: &str, entry: &impl Serialize) -> Result<Vec<u8>, AppendError> {
    let Value::Object(mut object) =
        serde_json::to_value(entry).map_err(|_| AppendError::NotAnObject)?
    else {
        return Err(AppendError::NotAnObject);
    };
    if object
        .insert("type".to_owned(), Value::from(entry_type))
        .is_some()
    {
        return Err(AppendError::NotAnObject);
    }
    Ok(jcs::canonicalize(&Value::Object(object))?)
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
///
/// The new stored hashes and the new root are computed in memory for the whole batch (reading
/// only the roots of the subtrees that tile the log so far), then the hashes and the leaves are
/// written with multi-row inserts: a few statements per batch rather than several per leaf.
pub fn append_leaves(
    conn: &mut DbConnection,
    leaves: &[(&str, Vec<u8>)],
    now_us: i64,
) -> Result<Range<u64>, AppendError> {
    if !crate::db::in_transaction(conn) {
        return Err(AppendError::NotInTransaction);
    }
    let first = rows::lock_head(conn)?;
    if leaves.is_empty() {
        return Ok(first..first);
    }
    let mut pending = PendingHashes::new(DbHashStore::new(conn), first)?;
    let mut size = first;
    for (_, leaf) in leaves {
        pending.append(size, leaf)?;
        size += 1;
    }
    let root = merkle::tree_hash(size, &pending)?;
    let (mut store, first_new, hashes) = pending.finish();
    let conn = store.conn();
    rows::insert_hashes(conn, first_new, &hashes)?;
    rows::insert_entries(conn, first, leaves, now_us)?;
    rows::insert_root(conn, size, &root, now_us)?;
    rows::set_head_size(conn, size)?;
    Ok(first..size)
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
        LogError::Store(cause) => match cause.downcast::<diesel::result::Error>() {
            Ok(database) => ApiError::from(*database),
            Err(other) => ApiError::internal(other),
        },
        LogError::MissingHash { .. } | LogError::ShortRead { .. } => ApiError::internal(error),
    }
}
