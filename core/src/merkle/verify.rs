//! Storage-free proof verification (RFC 9162 sections 2.1.3.2 and 2.1.4.2), what phones and
//! outside verifiers run against the root of a signed checkpoint.

use super::error::ProofError;
use super::hashing::node_hash;
use crate::digest::Sha256Digest;

/// Checks that `proof` (an RFC 6962 audit path, leaf to root) proves that the leaf with hash
/// `leaf_hash` is at `index` in the tree of `size` leaves with root `root`.
pub fn verify_inclusion(
    index: u64,
    size: u64,
    leaf_hash: &Sha256Digest,
    proof: &[Sha256Digest],
    root: &Sha256Digest,
) -> Result<(), ProofError> {
    if index >= size {
        return Err(ProofError::IndexOutOfRange { index, size });
    }
    // `node` and `last` are the positions of the current node and of the tree's last node
    // on the current level; `hash` is the current node's hash.
    let (mut node, mut last) = (index, size - 1);
    let mut hash = *leaf_hash;
    for sibling in proof {
        hash = if climb(&mut node, &mut last)? {
            node_hash(sibling, &hash)
        } else {
            node_hash(&hash, sibling)
        };
    }
    if last != 0 {
        return Err(ProofError::WrongLength);
    }
    if hash != *root {
        return Err(ProofError::RootMismatch);
    }
    Ok(())
}

/// Checks that `proof` (RFC 6962 order) proves that the tree of `new_size` leaves with root
/// `new_root` extends the tree of `old_size` leaves with root `old_root`.
///
/// `old_size` must be at least 1, as in RFC 9162 and Go's `tlog.CheckTree`; equal sizes
/// need an empty proof and equal roots.
pub fn verify_consistency(
    old_size: u64,
    new_size: u64,
    old_root: &Sha256Digest,
    new_root: &Sha256Digest,
    proof: &[Sha256Digest],
) -> Result<(), ProofError> {
    if old_size == 0 || old_size > new_size {
        return Err(ProofError::InvalidSizes { old_size, new_size });
    }
    if old_size == new_size {
        if !proof.is_empty() {
            return Err(ProofError::WrongLength);
        }
        if old_root != new_root {
            return Err(ProofError::RootMismatch);
        }
        return Ok(());
    }
    // When the old tree is a perfect subtree of the new one its root is the proof's implicit
    // first hash; the proof never carries it.
    let (first, rest) = if old_size.is_power_of_two() {
        (old_root, proof)
    } else {
        proof.split_first().ok_or(ProofError::WrongLength)?
    };
    let (mut node, mut last) = (old_size - 1, new_size - 1);
    while node & 1 == 1 {
        node >>= 1;
        last >>= 1;
    }
    // `old_hash` rebuilds the old root and `new_hash` the new root along the same walk.
    let (mut old_hash, mut new_hash) = (*first, *first);
    for sibling in rest {
        if climb(&mut node, &mut last)? {
            old_hash = node_hash(sibling, &old_hash);
            new_hash = node_hash(sibling, &new_hash);
        } else {
            new_hash = node_hash(&new_hash, sibling);
        }
    }
    if last != 0 {
        return Err(ProofError::WrongLength);
    }
    if old_hash != *old_root || new_hash != *new_root {
        return Err(ProofError::RootMismatch);
    }
    Ok(())
}

/// Moves from the current node to the level where the next proof hash joins it, telling
/// whether that hash is on the left. `node` and `last` are the positions of the current
/// node and of the tree's last node on the current level.
fn climb(node: &mut u64, last: &mut u64) -> Result<bool, ProofError> {
    if *last == 0 {
        // Already at the root: the proof is too long.
        return Err(ProofError::WrongLength);
    }
    let sibling_on_left = *node & 1 == 1 || *node == *last;
    if sibling_on_left {
        // A right-edge node without a sibling is promoted unchanged to the levels above.
        while *node & 1 == 0 && *node != 0 {
            *node >>= 1;
            *last >>= 1;
        }
    }
    *node >>= 1;
    *last >>= 1;
    Ok(sibling_on_left)
}
