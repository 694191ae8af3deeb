//! The custos log for the apps: opening a signed checkpoint with the log's verifier key and
//! checking inclusion and consistency proofs against checkpoint roots.
//!
//! Hashes travel as base64, as in the server's proof responses and in checkpoint bodies.

use custos_core::checkpoint::Checkpoint;
use custos_core::digest::Sha256Digest;
use custos_core::merkle;
use custos_core::note::NoteVerifier;

use crate::error::Result;

/// A log tree head from a signed checkpoint whose signature verified.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LogCheckpoint {
    /// Which log this is; the app must check it is the log it expects.
    pub origin: String,
    pub size: u64,
    /// The RFC 6962 root hash, base64.
    pub root_hash: String,
    pub extensions: Vec<String>,
}

impl From<Checkpoint> for LogCheckpoint {
    fn from(checkpoint: Checkpoint) -> Self {
        Self {
            origin: checkpoint.origin,
            size: checkpoint.size,
            root_hash: checkpoint.root_hash.to_base64(),
            extensions: checkpoint.extensions,
        }
    }
}

/// Opens a C2SP signed checkpoint with the log's verifier key
/// (`NAME+KEYHASH+BASE64(0x01 ‖ public key)`).
#[uniffi::export]
pub fn open_checkpoint(signed_checkpoint: String, verifier_key: String) -> Result<LogCheckpoint> {
    let verifier = NoteVerifier::from_verifier_key(&verifier_key)?;
    let (checkpoint, _note) = Checkpoint::open(signed_checkpoint, &[verifier])?;
    Ok(checkpoint.into())
}

/// The RFC 6962 leaf hash (base64) of a log entry's exact bytes.
#[uniffi::export]
pub fn log_leaf_hash(leaf_bytes: Vec<u8>) -> String {
    merkle::leaf_hash(&leaf_bytes).to_base64()
}

/// Checks that the entry `leaf_bytes` is leaf `index` of the log of `size` leaves whose root
/// is `root_hash`, with the audit path `proof` (base64 hashes, leaf to root).
#[uniffi::export]
pub fn verify_inclusion(
    index: u64,
    size: u64,
    leaf_bytes: Vec<u8>,
    proof: Vec<String>,
    root_hash: String,
) -> Result<()> {
    let leaf_hash = merkle::leaf_hash(&leaf_bytes);
    let proof = hashes(&proof)?;
    let root_hash = Sha256Digest::from_base64(&root_hash)?;
    Ok(merkle::verify_inclusion(
        index, size, &leaf_hash, &proof, &root_hash,
    )?)
}

/// Checks that the log of `new_size` leaves with root `new_root_hash` extends the one of
/// `old_size` leaves with root `old_root_hash` (RFC 6962 consistency proof, base64 hashes).
#[uniffi::export]
pub fn verify_consistency(
    old_size: u64,
    new_size: u64,
    old_root_hash: String,
    new_root_hash: String,
    proof: Vec<String>,
) -> Result<()> {
    let old_root_hash = Sha256Digest::from_base64(&old_root_hash)?;
    let new_root_hash = Sha256Digest::from_base64(&new_root_hash)?;
    let proof = hashes(&proof)?;
    Ok(merkle::verify_consistency(
        old_size,
        new_size,
        &old_root_hash,
        &new_root_hash,
        &proof,
    )?)
}

fn hashes(base64_hashes: &[String]) -> Result<Vec<Sha256Digest>> {
    Ok(base64_hashes
        .iter()
        .map(|hash| Sha256Digest::from_base64(hash))
        .collect::<std::result::Result<_, _>>()?)
}
