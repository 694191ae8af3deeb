//! Where each tree hash lives in the dense stored-hash sequence.
//!
//! The ordering is the one of Go's `golang.org/x/mod/sumdb/tlog` (after Crosby and Wallach,
//! "Efficient Data Structures for Tamper-Evident Logging", section 3.3): the hashes written
//! when leaf `n` is appended follow those of leaf `n - 1`, so storage is append-only and a
//! server can keep them as numbered rows.

/// The largest log size the index arithmetic supports: stored hash indexes then stay below
/// 2^63, which also keeps them representable as SQL `BIGINT`.
pub const MAX_LOG_SIZE: u64 = 1 << 62;

/// Position in the stored-hash sequence of the hash at `level` (0 for leaves) covering
/// leaves `n << level .. (n + 1) << level`.
///
/// Defined for `(n + 1) << level <= MAX_LOG_SIZE`, that is for every node of a supported log.
pub fn stored_hash_index(level: u32, n: u64) -> u64 {
    debug_assert!(level < 63 && (n + 1) <= (MAX_LOG_SIZE >> level));
    // Level L's n'th hash is stored right after level (L-1)'s (2n+1)'th hash, so walk down
    // to the last leaf it covers, whose hash sits at m + m/2 + m/4 + ... = 2m - popcount(m).
    let last_leaf = ((n + 1) << level) - 1;
    2 * last_leaf - u64::from(last_leaf.count_ones()) + u64::from(level)
}

/// The inverse of [`stored_hash_index`]: the `(level, n)` stored at `index`.
pub fn split_stored_hash_index(index: u64) -> (u32, u64) {
    // stored_hash_index(0, n) <= 2n, so the leaf whose append wrote `index` is at least index/2.
    let mut leaf = index / 2;
    let mut leaf_index = stored_hash_index(0, leaf);
    debug_assert!(leaf_index <= index);
    loop {
        // Appending leaf n writes 1 + trailing_zeros(n + 1) hashes.
        let next = leaf_index + 1 + u64::from((leaf + 1).trailing_zeros());
        if next > index {
            break;
        }
        leaf += 1;
        leaf_index = next;
    }
    let level = (index - leaf_index) as u32;
    (level, leaf >> level)
}

/// How many stored hashes a log of `size` leaves has.
pub fn stored_hash_count(size: u64) -> u64 {
    if size == 0 {
        return 0;
    }
    let last = size - 1;
    stored_hash_index(0, last) + 1 + u64::from(last.trailing_ones())
}

/// RFC 6962's split point for `n >= 2` leaves: the largest power of two strictly below `n`,
/// with its base-2 logarithm.
pub(crate) fn split_point(n: u64) -> (u64, u32) {
    debug_assert!(n >= 2);
    let level = 63 - (n - 1).leading_zeros();
    (1 << level, level)
}
