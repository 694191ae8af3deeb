//! The `custody` log entry and the custody answer (docs/formats.md): what happened to an
//! evidence item, and the proof a court checks with the log's verifier key alone.
//!
//! A leaf holds ids, digests, sizes and times only: `{"type":"custody","event":…,
//! "evidence":ID,"sha256":HEX,"actor":ID|null,"at_us":INT,…}`. Personal details of an access
//! (the client's address) stay with the server; the leaf carries the SHA-256 of their
//! canonical JSON (`details_sha256`), salted so an address cannot be guessed from it, so a
//! court shown the details can check them against the log ([`details_sha256`]).

use crate::checkpoint::{Checkpoint, OpenFailure};
use crate::digest::{Sha256Digest, sha256};
use crate::jcs::{self, CanonicalError};
use crate::merkle::{InclusionProof, leaf_hash};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::Deserialize;
use serde_json::{Map, Value};

/// The `type` of custody entries.
pub const CUSTODY: &str = "custody";

/// Event names, as in DOMAIN.md's custody list.
pub mod event {
    pub const RECEIVED: &str = "received";
    pub const DIGEST_MISMATCH: &str = "digest_mismatch";
    /// Received, and quarantined because a stored metadata value cannot be logged; the
    /// entry's `refused` names the key.
    pub const METADATA_REFUSED: &str = "metadata_refused";
    pub const VIEWED: &str = "viewed";
    pub const DOWNLOADED: &str = "downloaded";
    pub const SEALED: &str = "sealed";
    pub const TRANSFERRED: &str = "transferred";
    pub const HELD: &str = "held";
    pub const RELEASED: &str = "released";
    pub const DISPOSED: &str = "disposed";
    pub const UPLOAD_TERMINATED: &str = "upload_terminated";
    pub const UPLOAD_EXPIRED: &str = "upload_expired";
}

/// The `details_sha256` of an event's private details: SHA-256 of their RFC 8785 JSON, which
/// includes the random `salt` the server added.
pub fn details_sha256(details: &Map<String, Value>) -> Result<Sha256Digest, CanonicalError> {
    Ok(sha256(&jcs::canonicalize(&Value::Object(details.clone()))?))
}

/// `GET /api/v1/evidence/{id}/custody` as a verifier reads it.
#[derive(Debug, Clone, Deserialize)]
pub struct CustodyAnswer {
    pub evidence_id: String,
    /// The C2SP signed checkpoint every proof is against.
    pub checkpoint: String,
    pub size: u64,
    pub events: Vec<CustodyAnswerEvent>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CustodyAnswerEvent {
    pub index: u64,
    /// The entry as shown, which must be the leaf's.
    pub entry: Value,
    /// Base64 of the exact leaf bytes.
    pub leaf: String,
    pub inclusion: AnswerProof,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AnswerProof {
    pub index: u64,
    pub size: u64,
    /// Base64 sibling hashes, leaf to root.
    pub hashes: Vec<String>,
}

/// Why a custody answer does not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CustodyFailure {
    #[error("verifier key: {reason}")]
    VerifierKey { reason: String },
    #[error("checkpoint: {reason}")]
    Checkpoint { reason: String },
    #[error("checkpoint origin {origin:?} is not the key's log {key_name:?}")]
    Origin { origin: String, key_name: String },
    #[error("the answer's size {stated} is not its checkpoint's {signed}")]
    Size { stated: u64, signed: u64 },
    #[error("the answer shows no custody event")]
    NoEvents,
    #[error("log entry {index}: {reason}")]
    Event { index: u64, reason: String },
}

impl From<OpenFailure> for CustodyFailure {
    fn from(failure: OpenFailure) -> Self {
        match failure {
            OpenFailure::VerifierKey { reason } => CustodyFailure::VerifierKey { reason },
            OpenFailure::Checkpoint { reason } => CustodyFailure::Checkpoint { reason },
            OpenFailure::Origin { origin, key_name } => CustodyFailure::Origin { origin, key_name },
        }
    }
}

/// What a verified custody answer shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustodyVerified {
    pub evidence_id: String,
    pub log_size: u64,
    /// The events' names in log order.
    pub events: Vec<String>,
}

/// Verifies a custody answer with the log's verifier key: the checkpoint's signature, and
/// for each event in log order, that its leaf is a custody entry of this item, shown as it
/// is, and in the checkpoint's tree.
pub fn verify_custody(
    answer: &CustodyAnswer,
    verifier_key: &str,
) -> Result<CustodyVerified, CustodyFailure> {
    let (checkpoint, _) = Checkpoint::open_with_key(&answer.checkpoint, verifier_key)?;
    if answer.size != checkpoint.size {
        return Err(CustodyFailure::Size {
            stated: answer.size,
            signed: checkpoint.size,
        });
    }
    if answer.events.is_empty() {
        return Err(CustodyFailure::NoEvents);
    }
    let mut events = Vec::with_capacity(answer.events.len());
    let mut previous = None;
    for event in &answer.events {
        let index = event.index;
        let fail = |reason: &str| CustodyFailure::Event {
            index,
            reason: reason.to_owned(),
        };
        if previous.is_some_and(|previous| index <= previous) {
            return Err(fail("not in log order"));
        }
        previous = Some(index);
        let leaf = STANDARD
            .decode(&event.leaf)
            .map_err(|_| fail("the leaf is not base64"))?;
        let entry: Value =
            serde_json::from_slice(&leaf).map_err(|_| fail("the leaf is not JSON"))?;
        if entry.get("type").and_then(Value::as_str) != Some(CUSTODY)
            || entry.get("evidence").and_then(Value::as_str) != Some(&answer.evidence_id)
        {
            return Err(fail("the leaf is not a custody entry of this item"));
        }
        if entry != event.entry {
            return Err(fail("the entry shown is not the leaf's"));
        }
        if event.inclusion.index != index || event.inclusion.size != checkpoint.size {
            return Err(fail(
                "the proof is not of this entry in the checkpoint's tree",
            ));
        }
        let hashes = event
            .inclusion
            .hashes
            .iter()
            .map(|hash| Sha256Digest::from_base64(hash))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| fail("a proof hash is malformed"))?;
        InclusionProof {
            index,
            size: checkpoint.size,
            hashes,
        }
        .verify(&leaf_hash(&leaf), &checkpoint.root_hash)
        .map_err(|_| fail("not in the log of the checkpoint"))?;
        let name = entry.get("event").and_then(Value::as_str).unwrap_or("");
        events.push(name.to_owned());
    }
    Ok(CustodyVerified {
        evidence_id: answer.evidence_id.clone(),
        log_size: checkpoint.size,
        events,
    })
}
