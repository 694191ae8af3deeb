//! Building inclusion and consistency proofs from stored hashes (RFC 6962 section 2.1.1
//! and 2.1.2), each from a single batched read.

use super::error::{LogError, ProofError};
use super::layout::split_point;
use super::store::{HashStore, check_size, read_all, subtree_hash, subtree_indexes};
use super::verify::{verify_consistency, verify_inclusion};
use crate::digest::Sha256Digest;

/// An RFC 6962 audit path: the sibling hashes from the leaf up to the root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InclusionProof {
    pub index: u64,
    pub size: u64,
    pub hashes: Vec<Sha256Digest>,
}

impl InclusionProof {
    /// Checks that the leaf with hash `leaf_hash` is at `index` in the tree of `size`
    /// leaves whose root is `root`.
    pub fn verify(&self, leaf_hash: &Sha256Digest, root: &Sha256Digest) -> Result<(), ProofError> {
        verify_inclusion(self.index, self.size, leaf_hash, &self.hashes, root)
    }
}

/// An RFC 6962 consistency proof, in PROOF/SUBPROOF order; it never contains the old root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsistencyProof {
    pub old_size: u64,
    pub new_size: u64,
    pub hashes: Vec<Sha256Digest>,
}

impl ConsistencyProof {
    /// Checks that the tree with root `new_root` extends the tree with root `old_root`.
    pub fn verify(
        &self,
        old_root: &Sha256Digest,
        new_root: &Sha256Digest,
    ) -> Result<(), ProofError> {
        verify_consistency(
            self.old_size,
            self.new_size,
            old_root,
            new_root,
            &self.hashes,
        )
    }
}

/// The audit path of leaf `index` in the tree of the log's first `size` leaves.
pub fn prove_inclusion(
    index: u64,
    size: u64,
    store: &(impl HashStore + ?Sized),
) -> Result<InclusionProof, LogError> {
    check_size(size)?;
    if index >= size {
        return Err(LogError::IndexOutOfRange { index, size });
    }
    Ok(InclusionProof {
        index,
        size,
        hashes: build_path(size, Target::Leaf(index), store)?,
    })
}

/// The proof that the log's first `new_size` leaves extend its first `old_size` leaves,
/// for `0 < old_size <= new_size` (equal sizes give an empty proof).
pub fn prove_consistency(
    old_size: u64,
    new_size: u64,
    store: &(impl HashStore + ?Sized),
) -> Result<ConsistencyProof, LogError> {
    check_size(new_size)?;
    if old_size == 0 || old_size > new_size {
        return Err(LogError::InvalidSizes { old_size, new_size });
    }
    Ok(ConsistencyProof {
        old_size,
        new_size,
        hashes: build_path(new_size, Target::OldTree(old_size), store)?,
    })
}

/// What a proof path walks down to in RFC 6962's recursion.
#[derive(Clone, Copy)]
enum Target {
    /// PATH(m, D[n]): the leaf with this index.
    Leaf(u64),
    /// SUBPROOF(m, D[n], true): the old tree with this many leaves.
    OldTree(u64),
}

impl Target {
    /// At leaves `lo..hi`: `None` to keep descending; at the bottom `Some(range)`, where
    /// `range` is the subtree whose root ends the path unless the verifier already knows it
    /// (the leaf itself, or the whole old tree).
    fn bottom(self, lo: u64, hi: u64) -> Option<Option<(u64, u64)>> {
        match self {
            Target::Leaf(_) => (hi - lo == 1).then_some(None),
            Target::OldTree(old) => (old == hi).then_some((lo != 0).then_some((lo, hi))),
        }
    }

    fn is_left_of(self, mid: u64) -> bool {
        match self {
            Target::Leaf(index) => index < mid,
            Target::OldTree(old) => old <= mid,
        }
    }
}

/// Lists the stored hashes that [`path_hashes`] consumes, in the same order, so that a
/// proof costs one read.
fn path_indexes(lo: u64, hi: u64, target: Target, need: &mut Vec<u64>) {
    if let Some(bottom) = target.bottom(lo, hi) {
        if let Some((start, end)) = bottom {
            subtree_indexes(start, end, need);
        }
        return;
    }
    let mid = lo + split_point(hi - lo).0;
    if target.is_left_of(mid) {
        path_indexes(lo, mid, target, need);
        subtree_indexes(mid, hi, need);
    } else {
        subtree_indexes(lo, mid, need);
        path_indexes(mid, hi, target, need);
    }
}

/// Pushes the proof hashes for `target` within leaves `lo..hi`, deepest first (which is
/// leaf-to-root order), and returns the stored hashes left over.
fn path_hashes<'a>(
    lo: u64,
    hi: u64,
    target: Target,
    stored: &'a [Sha256Digest],
    path: &mut Vec<Sha256Digest>,
) -> &'a [Sha256Digest] {
    if let Some(bottom) = target.bottom(lo, hi) {
        let Some((start, end)) = bottom else {
            return stored;
        };
        let (hash, rest) = subtree_hash(start, end, stored);
        path.push(hash);
        return rest;
    }
    let mid = lo + split_point(hi - lo).0;
    let (sibling, rest) = if target.is_left_of(mid) {
        let rest = path_hashes(lo, mid, target, stored, path);
        subtree_hash(mid, hi, rest)
    } else {
        let (sibling, rest) = subtree_hash(lo, mid, stored);
        (sibling, path_hashes(mid, hi, target, rest, path))
    };
    path.push(sibling);
    rest
}

/// Reads what the path to `target` in the first `size` leaves needs and builds it.
fn build_path(
    size: u64,
    target: Target,
    store: &(impl HashStore + ?Sized),
) -> Result<Vec<Sha256Digest>, LogError> {
    let mut indexes = Vec::with_capacity(128);
    path_indexes(0, size, target, &mut indexes);
    let stored = read_all(store, &indexes)?;
    let mut path = Vec::with_capacity(64);
    let rest = path_hashes(0, size, target, &stored, &mut path);
    debug_assert!(rest.is_empty());
    Ok(path)
}
