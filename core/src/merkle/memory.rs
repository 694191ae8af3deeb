//! An in-memory log for tests, phones and benches, laid out exactly like persisted storage.

use super::error::LogError;
use super::hashing::{leaf_hash, node_hash};
use super::layout::stored_hash_index;
use super::prove::{ConsistencyProof, InclusionProof, prove_consistency, prove_inclusion};
use super::store::{HashStore, tree_hash};
use crate::digest::Sha256Digest;

/// An append-only Merkle log held in memory as its stored-hash sequence.
#[derive(Debug, Clone, Default)]
pub struct MemoryLog {
    stored: Vec<Sha256Digest>,
    size: u64,
}

impl MemoryLog {
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty log with room for `leaves` leaves without reallocating.
    pub fn with_capacity(leaves: usize) -> Self {
        Self {
            stored: Vec::with_capacity(leaves.saturating_mul(2)),
            size: 0,
        }
    }

    /// The number of leaves.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Appends a leaf given its exact bytes and returns its index.
    pub fn append(&mut self, leaf_bytes: &[u8]) -> u64 {
        self.append_leaf_hash(leaf_hash(leaf_bytes))
    }

    /// Appends a leaf given its leaf hash and returns its index.
    pub fn append_leaf_hash(&mut self, leaf: Sha256Digest) -> u64 {
        let index = self.size;
        // The same hashes as `stored_hashes_for_leaf_hash`, read straight from the vector so
        // an append allocates nothing and cannot fail.
        let mut hash = leaf;
        self.stored.push(hash);
        for level in 0..(index + 1).trailing_zeros() {
            let left = self.stored[stored_hash_index(level, (index >> level) - 1) as usize];
            hash = node_hash(&left, &hash);
            self.stored.push(hash);
        }
        self.size += 1;
        index
    }

    /// The current root hash.
    pub fn root(&self) -> Sha256Digest {
        self.root_at(self.size)
            .expect("a memory log holds every hash of its own trees")
    }

    /// The root hash of the tree of the first `size` leaves.
    pub fn root_at(&self, size: u64) -> Result<Sha256Digest, LogError> {
        self.check_within(size)?;
        tree_hash(size, self)
    }

    /// The leaf hash at `index`, if the log has that many leaves.
    pub fn leaf_hash(&self, index: u64) -> Option<Sha256Digest> {
        (index < self.size).then(|| self.stored[stored_hash_index(0, index) as usize])
    }

    /// The audit path of leaf `index` in the tree of the first `size` leaves.
    pub fn prove_inclusion(&self, index: u64, size: u64) -> Result<InclusionProof, LogError> {
        self.check_within(size)?;
        prove_inclusion(index, size, self)
    }

    /// The consistency proof from the tree of `old_size` leaves to the one of `new_size`.
    pub fn prove_consistency(
        &self,
        old_size: u64,
        new_size: u64,
    ) -> Result<ConsistencyProof, LogError> {
        self.check_within(new_size)?;
        prove_consistency(old_size, new_size, self)
    }

    /// The stored-hash sequence, as a server would persist it.
    pub fn stored_hashes(&self) -> &[Sha256Digest] {
        &self.stored
    }

    fn check_within(&self, size: u64) -> Result<(), LogError> {
        if size > self.size {
            return Err(LogError::SizeBeyondLog {
                size,
                log_size: self.size,
            });
        }
        Ok(())
    }
}

impl HashStore for MemoryLog {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Sha256Digest>, LogError> {
        self.stored.read_hashes(indexes)
    }
}
