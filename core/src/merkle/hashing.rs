//! RFC 6962 section 2.1 leaf and interior-node hashing, and the root of a list of leaves.

use sha2::block_api::compress256;

use crate::digest::Sha256Digest;

/// MTH({}) = SHA-256 of the empty string (RFC 6962 section 2.1, RFC 9162 section 2.1.1).
pub const EMPTY_TREE_ROOT: Sha256Digest = Sha256Digest([
    0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
    0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
]);

/// SHA-256(0x00 ‖ leaf bytes): the 0x00 prefix keeps a leaf from passing for a node.
pub fn leaf_hash(leaf_bytes: &[u8]) -> Sha256Digest {
    Sha256Digest(sha256_concat(&[&[0x00], leaf_bytes]))
}

/// SHA-256(0x01 ‖ left ‖ right).
pub fn node_hash(left: &Sha256Digest, right: &Sha256Digest) -> Sha256Digest {
    // The 65-byte input and its padding fill exactly two blocks, laid out here directly:
    // this is the hash every append and every proof step computes.
    let mut blocks = [[0u8; 64]; 2];
    blocks[0][0] = 0x01;
    blocks[0][1..33].copy_from_slice(&left.0);
    blocks[0][33..].copy_from_slice(&right.0[..31]);
    blocks[1][0] = right.0[31];
    blocks[1][1] = 0x80;
    blocks[1][56..].copy_from_slice(&(65u64 * 8).to_be_bytes());
    let mut state = INITIAL_STATE;
    compress256(&mut state, &blocks);
    Sha256Digest(state_bytes(&state))
}

/// FIPS 180-4 section 5.3.3.
const INITIAL_STATE: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/// SHA-256 (FIPS 180-4) of the concatenation of `parts`, fed straight to sha2's block
/// function. Log inputs are short, and skipping the generic hasher wrappers keeps hashing
/// fast in debug builds too, where only the sha2 crate itself is optimised.
fn sha256_concat(parts: &[&[u8]]) -> [u8; 32] {
    let mut state = INITIAL_STATE;
    let mut block = [0u8; 64];
    let mut filled = 0;
    let mut total_bytes: u64 = 0;
    for part in parts {
        total_bytes += part.len() as u64;
        let mut rest = *part;
        while !rest.is_empty() {
            let take = (64 - filled).min(rest.len());
            block[filled..filled + take].copy_from_slice(&rest[..take]);
            filled += take;
            rest = &rest[take..];
            if filled == 64 {
                compress256(&mut state, &[block]);
                filled = 0;
            }
        }
    }
    // FIPS 180-4 section 5.1.1: a 1 bit, zeros, then the length in bits in the last 8 bytes.
    block[filled] = 0x80;
    block[filled + 1..].fill(0);
    if filled >= 56 {
        compress256(&mut state, &[block]);
        block = [0u8; 64];
    }
    block[56..].copy_from_slice(&(total_bytes * 8).to_be_bytes());
    compress256(&mut state, &[block]);
    state_bytes(&state)
}

/// The digest: the final state words, big-endian.
fn state_bytes(state: &[u32; 8]) -> [u8; 32] {
    let mut digest = [0u8; 32];
    for (index, word) in state.iter().enumerate() {
        digest[4 * index..4 * index + 4].copy_from_slice(&word.to_be_bytes());
    }
    digest
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
