//! RFC 6962 section 2.1 leaf and interior-node hashing, and the root of a list of leaves.

use sha2::{Digest, Sha256};

use crate::digest::Sha256Digest;

/// MTH({}) = SHA-256 of the empty string (RFC 6962 section 2.1, RFC 9162 section 2.1.1).
pub const EMPTY_TREE_ROOT: Sha256Digest = Sha256Digest([
    0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
    0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
]);

/// SHA-256(0x00 ‖ leaf bytes): the 0x00 prefix keeps a leaf from passing for a node.
pub fn leaf_hash(leaf_bytes: &[u8]) -> Sha256Digest {
    Sha256Digest(
        Sha256::new()
            .chain_update([0x00])
            .chain_update(leaf_bytes)
            .finalize()
            .into(),
    )
}

/// SHA-256(0x01 ‖ left ‖ right).
pub fn node_hash(left: &Sha256Digest, right: &Sha256Digest) -> Sha256Digest {
    Sha256Digest(
        Sha256::new()
            .chain_update([0x01])
            .chain_update(left.0)
            .chain_update(right.0)
            .finalize()
            .into(),
    )
}

/// The root hash of the tree whose leaf hashes are `leaf_hashes`, in one pass with
/// O(log n) memory; the empty list gives [`EMPTY_TREE_ROOT`].
pub fn merkle_root(leaf_hashes: &[Sha256Digest]) -> Sha256Digest {
    // The stack holds the roots of the perfect subtrees covering the leaves seen so far,
    // largest first, with their heights; equal neighbours merge like a binary counter.
    let mut stack: Vec<(Sha256Digest, u32)> = Vec::new();
    for hash in leaf_hashes {
        let mut top = (*hash, 0);
        while let Some(&(left, height)) = stack.last() {
            if height != top.1 {
                break;
            }
            stack.pop();
            top = (node_hash(&left, &top.0), height + 1);
        }
        stack.push(top);
    }
    // RFC 6962 splits at the largest power of two below n, so the ragged right edge folds
    // from the smallest subtree upwards.
    let mut subtrees = stack.into_iter().rev().map(|(hash, _)| hash);
    let Some(mut root) = subtrees.next() else {
        return EMPTY_TREE_ROOT;
    };
    for left in subtrees {
        root = node_hash(&left, &root);
    }
    root
}
