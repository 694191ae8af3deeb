//! Appending many leaves at once over a [`HashStore`]: the new stored hashes are computed in
//! memory, over the earlier ones read once each, and handed back to be written in one go.
//!
//! The server appends a whole group commit this way over its database rows; any other store
//! (a verifier rebuilding a log, a test) gets the same hashes from the same code.

use super::LogError;
use super::layout::stored_hash_index;
use super::store::{HashStore, stored_hashes_for_leaf, tree_hash};
use crate::digest::Sha256Digest;
use std::cell::RefCell;
use std::collections::HashMap;

/// The log's stored hashes as they will be once the batch is written: the new ones in
/// memory, the earlier ones read from `stored` (once each).
pub struct BatchAppend<S> {
    stored: S,
    /// Log size when the batch started.
    start: u64,
    /// Leaves appended in this batch.
    leaves: u64,
    /// Stored-hash index of the first new hash.
    first_new: u64,
    new: Vec<Sha256Digest>,
    earlier: RefCell<HashMap<u64, Sha256Digest>>,
}

impl<S: HashStore> BatchAppend<S> {
    /// Starts appending to a log of `size` leaves kept in `stored`. Reads in one call the
    /// roots of the perfect subtrees that tile the log: the only earlier hashes appending
    /// and the new root need.
    pub fn new(stored: S, size: u64) -> Result<BatchAppend<S>, LogError> {
        let batch = BatchAppend {
            stored,
            start: size,
            leaves: 0,
            first_new: stored_hash_index(0, size),
            new: Vec::new(),
            earlier: RefCell::new(HashMap::new()),
        };
        let mut tiles = Vec::new();
        let mut start = 0;
        for level in (0..u64::BITS).rev().filter(|level| size >> level & 1 == 1) {
            tiles.push(stored_hash_index(level, start >> level));
            start += 1 << level;
        }
        batch.read_hashes(&tiles)?;
        Ok(batch)
    }

    /// The log size with every leaf appended so far.
    pub fn size(&self) -> u64 {
        self.start + self.leaves
    }

    /// Appends the next leaf with these exact bytes; returns its index.
    pub fn append(&mut self, leaf_bytes: &[u8]) -> Result<u64, LogError> {
        let n = self.size();
        let hashes = stored_hashes_for_leaf(n, leaf_bytes, &*self)?;
        self.new.extend(hashes);
        self.leaves += 1;
        Ok(n)
    }

    /// The root of the log with every leaf appended so far.
    pub fn root(&self) -> Result<Sha256Digest, LogError> {
        tree_hash(self.size(), self)
    }

    /// The store back (for the writes), the stored-hash index of the first new hash, and
    /// the new hashes in order.
    pub fn finish(self) -> (S, u64, Vec<Sha256Digest>) {
        (self.stored, self.first_new, self.new)
    }
}

impl<S: HashStore> HashStore for BatchAppend<S> {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Sha256Digest>, LogError> {
        let mut earlier = self.earlier.borrow_mut();
        let missing: Vec<u64> = indexes
            .iter()
            .copied()
            .filter(|&index| index < self.first_new && !earlier.contains_key(&index))
            .collect();
        if !missing.is_empty() {
            let read = self.stored.read_hashes(&missing)?;
            earlier.extend(missing.into_iter().zip(read));
        }
        indexes
            .iter()
            .map(|&index| match index.checked_sub(self.first_new) {
                Some(offset) => usize::try_from(offset)
                    .ok()
                    .and_then(|offset| self.new.get(offset))
                    .copied()
                    .ok_or(LogError::MissingHash { index }),
                None => earlier
                    .get(&index)
                    .copied()
                    .ok_or(LogError::MissingHash { index }),
            })
            .collect()
    }
}
