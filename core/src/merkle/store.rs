//! Reading stored hashes: the storage trait, what to persist on append, and tree roots.

use super::error::LogError;
use super::hashing::{EMPTY_TREE_ROOT, leaf_hash, node_hash};
use super::layout::{MAX_LOG_SIZE, split_point, stored_hash_index};
use crate::digest::Sha256Digest;

/// Batch access to the stored hashes of a log, addressed by [`stored_hash_index`].
///
/// The server implements it over SQL rows, [`crate::merkle::MemoryLog`] over a vector.
/// Every operation makes a single call, so one query serves a whole proof.
pub trait HashStore {
    /// The hashes at `indexes`, in the same order; an index with no stored hash is an error
    /// (typically [`LogError::MissingHash`]). Indexes are not necessarily sorted.
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Sha256Digest>, LogError>;
}

/// A store borrowed: what reads it need not own it.
impl<T: HashStore + ?Sized> HashStore for &T {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Sha256Digest>, LogError> {
        (**self).read_hashes(indexes)
    }
}

/// A slice holding the stored hashes in order, from index 0.
impl HashStore for [Sha256Digest] {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Sha256Digest>, LogError> {
        indexes
            .iter()
            .map(|&index| {
                usize::try_from(index)
                    .ok()
                    .and_then(|position| self.get(position))
                    .copied()
                    .ok_or(LogError::MissingHash { index })
            })
            .collect()
    }
}

/// Reads `indexes` and checks the store answered each of them.
pub(crate) fn read_all(
    store: &(impl HashStore + ?Sized),
    indexes: &[u64],
) -> Result<Vec<Sha256Digest>, LogError> {
    if indexes.is_empty() {
        return Ok(Vec::new());
    }
    let hashes = store.read_hashes(indexes)?;
    if hashes.len() != indexes.len() {
        return Err(LogError::ShortRead {
            wanted: indexes.len(),
            got: hashes.len(),
        });
    }
    Ok(hashes)
}

pub(crate) fn check_size(size: u64) -> Result<(), LogError> {
    if size > MAX_LOG_SIZE {
        return Err(LogError::SizeTooLarge { size });
    }
    Ok(())
}

/// The hashes to persist when appending leaf `n` with these exact leaf bytes, to be stored
/// from `stored_hash_index(0, n)` on: the leaf hash, then one hash per subtree it completes.
/// Reads at most log2(n) earlier hashes.
pub fn stored_hashes_for_leaf(
    n: u64,
    leaf_bytes: &[u8],
    store: &(impl HashStore + ?Sized),
) -> Result<Vec<Sha256Digest>, LogError> {
    stored_hashes_for_leaf_hash(n, leaf_hash(leaf_bytes), store)
}

/// [`stored_hashes_for_leaf`] given the leaf hash instead of the leaf bytes.
pub fn stored_hashes_for_leaf_hash(
    n: u64,
    leaf: Sha256Digest,
    store: &(impl HashStore + ?Sized),
) -> Result<Vec<Sha256Digest>, LogError> {
    check_size(n + 1)?;
    // Each trailing 1 bit of n completes a subtree whose left half is already stored.
    let completed = (n + 1).trailing_zeros();
    let indexes: Vec<u64> = (0..completed)
        .rev()
        .map(|level| stored_hash_index(level, (n >> level) - 1))
        .collect();
    let left_halves = read_all(store, &indexes)?;
    let mut hashes = Vec::with_capacity(1 + left_halves.len());
    let mut hash = leaf;
    hashes.push(hash);
    for left in left_halves.iter().rev() {
        hash = node_hash(left, &hash);
        hashes.push(hash);
    }
    Ok(hashes)
}

/// The root hash of the log's first `size` leaves (RFC 6962 MTH), from at most
/// 1 + log2(size) stored hashes.
pub fn tree_hash(size: u64, store: &(impl HashStore + ?Sized)) -> Result<Sha256Digest, LogError> {
    check_size(size)?;
    if size == 0 {
        return Ok(EMPTY_TREE_ROOT);
    }
    let mut indexes = Vec::new();
    subtree_indexes(0, size, &mut indexes);
    let hashes = read_all(store, &indexes)?;
    let (root, rest) = subtree_hash(0, size, &hashes);
    debug_assert!(rest.is_empty());
    Ok(root)
}

/// Appends the stored-hash indexes needed for the root of leaves `lo..hi`: the perfect
/// subtrees that tile the range, largest first.
pub(crate) fn subtree_indexes(mut lo: u64, hi: u64, need: &mut Vec<u64>) {
    while lo < hi {
        let (width, level) = split_point(hi - lo + 1);
        debug_assert_eq!(lo & (width - 1), 0);
        need.push(stored_hash_index(level, lo >> level));
        lo += width;
    }
}

/// The root of leaves `lo..hi` from the hashes [`subtree_indexes`] asked for; returns the
/// hashes left over for the next part of a proof.
pub(crate) fn subtree_hash(
    mut lo: u64,
    hi: u64,
    hashes: &[Sha256Digest],
) -> (Sha256Digest, &[Sha256Digest]) {
    let mut tiles = 0;
    while lo < hi {
        lo += split_point(hi - lo + 1).0;
        tiles += 1;
    }
    let (mine, rest) = hashes.split_at(tiles);
    let mut tiles_right_to_left = mine.iter().rev();
    let mut hash = *tiles_right_to_left
        .next()
        .expect("a non-empty range has at least one subtree");
    for left in tiles_right_to_left {
        hash = node_hash(left, &hash);
    }
    (hash, rest)
}
