//! Checking what custos says without trusting it, on the phone: a case bundle
//! (`custos_core::bundle`, the same check as `custos verify`) and a custody answer
//! (`custos_core::entry::custody`), each against the log's verifier key the app pins. A
//! refusal is a typed verdict naming what failed, mapped field for field from core's.

use custos_core::bundle::{self, BundleFailure, CaseBundle};
use custos_core::entry::custody::{self, CustodyAnswer, CustodyFailure};

/// What a verified bundle shows.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct BundleVerdict {
    pub case_id: String,
    /// The log origin of the checkpoint.
    pub origin: String,
    pub log_size: u64,
    pub records: u64,
    pub chains: u64,
    pub forks: u64,
    pub evidence: u64,
    /// The case's stage after its records (`filed`, `decided`, …).
    pub stage: String,
}

/// Why a bundle does not verify; the same verdicts as `custos verify`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum BundleError {
    /// Not a case bundle at all (not JSON, or members missing or unknown).
    #[error("not a case bundle: {reason}")]
    Malformed { reason: String },
    #[error("bundle format {found:?} is not supported")]
    Format { found: String },
    #[error("verifier key: {reason}")]
    VerifierKey { reason: String },
    /// The checkpoint is not signed by the pinned key, or is malformed.
    #[error("checkpoint: {reason}")]
    Checkpoint { reason: String },
    #[error("checkpoint origin {origin:?} is not the key's log {key_name:?}")]
    Origin { origin: String, key_name: String },
    #[error("device {device}: {reason}")]
    Device { device: String, reason: String },
    #[error("log entry {log_index}: record: {reason}")]
    Record { log_index: u64, reason: String },
    /// The record's leaf is not its entry, or is not in the checkpoint's tree.
    #[error("record {record} (log entry {log_index}): {reason}")]
    Entry {
        record: String,
        log_index: u64,
        reason: String,
    },
    #[error("record {record} (log entry {log_index}) is not in log order")]
    Order { record: String, log_index: u64 },
    #[error("chain {chain} broken at seq {seq}: {reason}")]
    Chain {
        chain: String,
        seq: u64,
        reason: String,
    },
    #[error("chain {chain}: {records} records for a length of {length}")]
    ChainLength {
        chain: String,
        records: u64,
        length: u64,
    },
    #[error("case lifecycle: {reason}")]
    Lifecycle { reason: String },
    #[error("fork {record} (log entry {log_index}): {reason}")]
    Fork {
        record: String,
        log_index: u64,
        reason: String,
    },
    #[error("the evidence list is not the evidence the records reference")]
    Evidence,
}

impl From<BundleFailure> for BundleError {
    fn from(failure: BundleFailure) -> Self {
        match failure {
            BundleFailure::Format { found } => Self::Format { found },
            BundleFailure::VerifierKey { reason } => Self::VerifierKey { reason },
            BundleFailure::Checkpoint { reason } => Self::Checkpoint { reason },
            BundleFailure::Origin { origin, key_name } => Self::Origin { origin, key_name },
            BundleFailure::Device { device, reason } => Self::Device { device, reason },
            BundleFailure::Record { log_index, reason } => Self::Record { log_index, reason },
            BundleFailure::Entry {
                record,
                log_index,
                reason,
            } => Self::Entry {
                record,
                log_index,
                reason: reason.to_string(),
            },
            BundleFailure::Order { record, log_index } => Self::Order { record, log_index },
            BundleFailure::Chain { chain, seq, fault } => Self::Chain {
                chain,
                seq,
                reason: fault.to_string(),
            },
            BundleFailure::ChainLength {
                chain,
                records,
                length,
            } => Self::ChainLength {
                chain,
                records,
                length,
            },
            BundleFailure::Lifecycle { reason } => Self::Lifecycle { reason },
            BundleFailure::Fork {
                record,
                log_index,
                reason,
            } => Self::Fork {
                record,
                log_index,
                reason: reason.to_string(),
            },
            BundleFailure::Evidence => Self::Evidence,
        }
    }
}

/// Verifies a case bundle (the bytes `GET /api/v1/cases/{id}/bundle` answered) against the
/// log's verifier key (`NAME+KEYHASH+BASE64`), which the app pins rather than taking the
/// bundle's own.
#[uniffi::export]
pub fn verify_bundle(bundle: Vec<u8>, verifier_key: String) -> Result<BundleVerdict, BundleError> {
    let bundle: CaseBundle =
        serde_json::from_slice(&bundle).map_err(|error| BundleError::Malformed {
            reason: error.to_string(),
        })?;
    let verified = bundle::verify(&bundle, Some(&verifier_key), &mut |_, _| {})?;
    Ok(BundleVerdict {
        case_id: verified.case,
        origin: verified.origin,
        log_size: verified.log_size,
        records: verified.records as u64,
        chains: verified.chains as u64,
        forks: verified.forks as u64,
        evidence: verified.evidence as u64,
        stage: verified.stage.to_string(),
    })
}

/// What a verified custody answer shows.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CustodyVerdict {
    pub evidence_id: String,
    pub log_size: u64,
    /// The events (`received`, `viewed`, `sealed`, …) in log order.
    pub events: Vec<String>,
}

/// Why a custody answer does not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum CustodyError {
    #[error("not a custody answer: {reason}")]
    Malformed { reason: String },
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

impl From<CustodyFailure> for CustodyError {
    fn from(failure: CustodyFailure) -> Self {
        match failure {
            CustodyFailure::VerifierKey { reason } => Self::VerifierKey { reason },
            CustodyFailure::Checkpoint { reason } => Self::Checkpoint { reason },
            CustodyFailure::Origin { origin, key_name } => Self::Origin { origin, key_name },
            CustodyFailure::Size { stated, signed } => Self::Size { stated, signed },
            CustodyFailure::NoEvents => Self::NoEvents,
            CustodyFailure::Event { index, reason } => Self::Event { index, reason },
        }
    }
}

/// Verifies the answer of `GET /api/v1/evidence/{id}/custody` against the log's verifier key.
#[uniffi::export]
pub fn verify_custody(
    answer: Vec<u8>,
    verifier_key: String,
) -> Result<CustodyVerdict, CustodyError> {
    let answer: CustodyAnswer =
        serde_json::from_slice(&answer).map_err(|error| CustodyError::Malformed {
            reason: error.to_string(),
        })?;
    let verified = custody::verify_custody(&answer, &verifier_key)?;
    Ok(CustodyVerdict {
        evidence_id: verified.evidence_id,
        log_size: verified.log_size,
        events: verified.events,
    })
}
