//! The stored hashes of an append in progress: computed in memory for the whole batch of
//! leaves, over the hashes already stored, and written once at the end.

use crate::db::log::DbHashStore;
use custos_core::digest::Sha256Digest;
use custos_core::merkle::{self, HashStore, LogError, stored_hash_index};
use std::cell::RefCell;
use std::collections::HashMap;

/// The log's stored hashes as they will be once the batch is written: the new ones in
/// memory, the earlier ones read from the database (once each).
pub struct PendingHashes<'a> {
    stored: DbHashStore<'a>,
    /// Stored-hash index of the first new hash.
    first_new: u64,
    new: Vec<Sha256Digest>,
    earlier: RefCell<HashMap<u64, Sha256Digest>>,
}

impl<'a> PendingHashes<'a> {
    /// Starts an append to a log of `size` leaves. Reads in one query the roots of the perfect
    /// subtrees that tile the log: the only earlier hashes appending and the new root need.
    pub fn new(stored: DbHashStore<'a>, size: u64) -> Result<PendingHashes<'a>, LogError> {
        let pending = PendingHashes {
            stored,
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
        pending.read_hashes(&tiles)?;
        Ok(pending)
    }

    /// Appends leaf `n` (the next one) with these exact bytes.
    pub fn append(&mut self, n: u64, leaf_bytes: &[u8]) -> Result<(), LogError> {
        let hashes = merkle::stored_hashes_for_leaf(n, leaf_bytes, &*self)?;
        self.new.extend(hashes);
        Ok(())
    }

    /// The database store back (for the writes), the stored-hash index of the first new
    /// hash, and the new hashes in order.
    pub fn finish(self) -> (DbHashStore<'a>, u64, Vec<Sha256Digest>) {
        (self.stored, self.first_new, self.new)
    }
}

impl HashStore for PendingHashes<'_> {
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
                None => Ok(earlier[&index]),
            })
            .collect()
    }
}
