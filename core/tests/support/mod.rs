//! Shared by the log tests: the known-answer vectors and a naive RFC 6962 reference.
#![allow(dead_code)]

use custos_core::digest::Sha256Digest;
use custos_core::merkle::{EMPTY_TREE_ROOT, leaf_hash, node_hash};
use serde_json::Value;

/// tlog.json: generated with Go's x/mod sumdb/tlog and sumdb/note, cross-checked against an
/// independent RFC 6962 implementation.
pub fn vectors() -> Value {
    serde_json::from_str(include_str!("../vectors/tlog.json")).expect("tlog.json is valid JSON")
}

pub fn b64(text: &Value) -> Sha256Digest {
    Sha256Digest::from_base64(text.as_str().expect("base64 string")).expect("valid base64")
}

pub fn b64_list(list: &Value) -> Vec<Sha256Digest> {
    list.as_array().expect("array").iter().map(b64).collect()
}

pub fn u64_of(value: &Value) -> u64 {
    value.as_u64().expect("unsigned integer")
}

/// Leaf data used by the vectors: `leaf-0`, `leaf-1`, ...
pub fn vector_leaf(index: u64) -> Vec<u8> {
    format!("leaf-{index}").into_bytes()
}

pub fn leaf_hashes(count: u64) -> Vec<Sha256Digest> {
    (0..count)
        .map(|index| leaf_hash(&vector_leaf(index)))
        .collect()
}

/// RFC 6962 section 2.1 split: the largest power of two strictly below `n` (n >= 2).
fn split(n: usize) -> usize {
    let mut k = 1;
    while k * 2 < n {
        k *= 2;
    }
    k
}

/// MTH(D[n]) exactly as RFC 6962 section 2.1 writes it.
pub fn reference_root(leaves: &[Sha256Digest]) -> Sha256Digest {
    match leaves.len() {
        0 => EMPTY_TREE_ROOT,
        1 => leaves[0],
        n => {
            let k = split(n);
            node_hash(&reference_root(&leaves[..k]), &reference_root(&leaves[k..]))
        }
    }
}

/// PATH(m, D[n]) from RFC 6962 section 2.1.1.
pub fn reference_path(m: usize, leaves: &[Sha256Digest]) -> Vec<Sha256Digest> {
    let n = leaves.len();
    if n <= 1 {
        return Vec::new();
    }
    let k = split(n);
    let mut path;
    if m < k {
        path = reference_path(m, &leaves[..k]);
        path.push(reference_root(&leaves[k..]));
    } else {
        path = reference_path(m - k, &leaves[k..]);
        path.push(reference_root(&leaves[..k]));
    }
    path
}

/// PROOF(m, D[n]) = SUBPROOF(m, D[n], true) from RFC 6962 section 2.1.2.
pub fn reference_consistency(m: usize, leaves: &[Sha256Digest]) -> Vec<Sha256Digest> {
    fn subproof(m: usize, leaves: &[Sha256Digest], whole_old_tree: bool) -> Vec<Sha256Digest> {
        let n = leaves.len();
        if m == n {
            return if whole_old_tree {
                Vec::new()
            } else {
                vec![reference_root(leaves)]
            };
        }
        let k = split(n);
        let mut proof;
        if m <= k {
            proof = subproof(m, &leaves[..k], whole_old_tree);
            proof.push(reference_root(&leaves[k..]));
        } else {
            proof = subproof(m - k, &leaves[k..], false);
            proof.push(reference_root(&leaves[..k]));
        }
        proof
    }
    subproof(m, leaves, true)
}

/// The same hash with one bit flipped.
pub fn flip_bit(hash: &Sha256Digest, bit: usize) -> Sha256Digest {
    let mut bytes = hash.0;
    bytes[bit / 8] ^= 1 << (bit % 8);
    Sha256Digest(bytes)
}
