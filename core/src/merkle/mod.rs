//! The custos log's Merkle tree: RFC 6962 / RFC 9162 hashing, hash storage, proofs.
//!
//! The log is the append-only Merkle tree of RFC 6962 section 2.1 (unchanged in RFC 9162
//! section 2.1). Its hashes are persisted as the dense sequence used by Go's
//! `golang.org/x/mod/sumdb/tlog` ("stored hashes", see [`stored_hash_index`]): appending
//! leaf `n` writes the leaf hash plus one node hash per subtree the leaf completes, so an
//! append costs O(log n) hashing and about two stored hashes on average, and every proof
//! reads O(log n) stored hashes in one batch through [`HashStore`].
//!
//! The verification functions ([`verify_inclusion`], [`verify_consistency`]) need no
//! storage: they are what phones and outside verifiers run against a signed checkpoint.
//!
//! The root of the empty tree is SHA-256 of the empty string ([`EMPTY_TREE_ROOT`]) as
//! RFC 6962 section 2.1 defines it. Some releases of Go's `tlog.TreeHash(0)` return 32 zero
//! bytes instead; custos follows the RFC, so a size-0 checkpoint carries the RFC value.

mod batch;
mod error;
mod hashing;
mod layout;
mod memory;
mod prove;
mod store;
mod verify;

pub use batch::BatchAppend;
pub use error::{LogError, ProofError};
pub use hashing::{EMPTY_TREE_ROOT, leaf_hash, merkle_root, node_hash};
pub use layout::{MAX_LOG_SIZE, split_stored_hash_index, stored_hash_count, stored_hash_index};
pub use memory::MemoryLog;
pub use prove::{ConsistencyProof, InclusionProof, prove_consistency, prove_inclusion};
pub use store::{HashStore, stored_hashes_for_leaf, stored_hashes_for_leaf_hash, tree_hash};
pub use verify::{verify_consistency, verify_inclusion};
