//! Errors of the log's storage-backed operations and of storage-free proof verification.

/// Why a stored-hash operation (append, root, proof generation) failed.
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    #[error("leaf index {index} is outside a log of size {size}")]
    IndexOutOfRange { index: u64, size: u64 },
    #[error("no proof between tree sizes {old_size} and {new_size}")]
    InvalidSizes { old_size: u64, new_size: u64 },
    #[error("tree size {size} exceeds the log's {log_size} leaves")]
    SizeBeyondLog { size: u64, log_size: u64 },
    #[error("log size {size} exceeds the supported maximum")]
    SizeTooLarge { size: u64 },
    #[error("stored hash {index} is missing")]
    MissingHash { index: u64 },
    #[error("hash store returned {got} hashes for {wanted} indexes")]
    ShortRead { wanted: usize, got: usize },
    /// The storage behind a [`crate::merkle::HashStore`] failed (for example a database error).
    #[error("hash store failed: {0}")]
    Store(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// Why an inclusion or consistency proof was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    #[error("leaf index {index} is outside a tree of size {size}")]
    IndexOutOfRange { index: u64, size: u64 },
    #[error("no consistency proof exists from size {old_size} to size {new_size}")]
    InvalidSizes { old_size: u64, new_size: u64 },
    #[error("proof has the wrong number of hashes")]
    WrongLength,
    #[error("proof does not lead to the expected root hash")]
    RootMismatch,
}
