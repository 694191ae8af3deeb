//! Case bundles: everything needed to check a case offline, without custos or its database
//! (docs/formats.md, Case bundle; `custos verify BUNDLE`; `verify_bundle` on the phone).
//!
//! A bundle holds the case's signed records and fork evidence, each with its exact log leaf
//! and an inclusion proof against one signed checkpoint, the log's verifier key, the public
//! keys of the devices that signed, and the evidence digests the records reference. The
//! server builds one from its database; [`verify`] checks one with this crate alone: the
//! checkpoint's signature, every leaf and proof, every chain, the lifecycle fold, the forks and
//! the evidence list. No database, no network, no clock.
//!
//! What a bundle cannot show: records left out of it. Every record it holds is proved to be
//! in the log, but a chain cut short after its last record, or a whole chain left out, still
//! verifies; comparing chain heads with a later bundle or with the log itself catches that.

use crate::chain::{ChainFault, ChainVerdict, verify_chain};
use crate::chain_id::case_of_chain;
use crate::checkpoint::{Checkpoint, OpenFailure};
use crate::device::{DeviceId, DevicePublicKey};
use crate::digest::Sha256Digest;
use crate::entry::record::{FORK, RECORD, TypedEntry};
use crate::lifecycle::{CaseState, Stage};
use crate::merkle::{InclusionProof, leaf_hash};
use crate::record::Record;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

/// The `format` of bundles this version writes and reads.
pub const BUNDLE_FORMAT: &str = "custos-case-bundle/1";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CaseBundle {
    /// Always [`BUNDLE_FORMAT`].
    pub format: String,
    pub case: String,
    /// The unit the case belongs to.
    pub org: String,
    /// Server clock when the bundle was made.
    pub exported_at_us: i64,
    /// The C2SP signed checkpoint every inclusion proof is against.
    pub checkpoint: String,
    /// The log's signed-note verifier key, as the server publishes it. A verifier should pin
    /// the key it trusts instead of taking this one on faith.
    pub verifier_key: String,
    /// The devices that signed the records.
    pub devices: Vec<BundleDevice>,
    /// Accepted records in log order.
    pub records: Vec<LoggedRecord>,
    /// Fork evidence in log order.
    pub forks: Vec<LoggedRecord>,
    /// The evidence the records reference, by digest.
    pub evidence: Vec<ListedEvidence>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BundleDevice {
    pub id: String,
    /// Base64 of the 32 raw Ed25519 public key bytes.
    pub public_key: String,
}

/// A signed record with its log entry and the proof that the entry is in the log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoggedRecord {
    /// The signed record (CONTRACT.md, Records).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub record: Value,
    pub log_index: u64,
    /// Base64 of the exact leaf bytes (RFC 8785 JSON of the `record` or `fork` entry).
    pub leaf: String,
    /// RFC 6962 audit path of the leaf against the checkpoint, base64 hashes leaf to root.
    pub inclusion: Vec<String>,
}

/// One evidence reference of a record: what the record's body names, and which record.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ListedEvidence {
    pub sha256: String,
    pub size: u64,
    pub kind: String,
    /// Hash of the record that references it.
    pub record: String,
}

/// The evidence references of `record` (none if its body's list is malformed).
pub fn evidence_of(record: &Record) -> Vec<ListedEvidence> {
    record
        .evidence_refs()
        .unwrap_or_default()
        .into_iter()
        .map(|reference| ListedEvidence {
            sha256: reference.sha256.to_hex(),
            size: reference.size,
            kind: reference.kind,
            record: record.hash().to_hex(),
        })
        .collect()
}

/// Why a bundle does not verify, naming the record, chain and seq, or log index concerned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BundleFailure {
    #[error("bundle format {found:?} is not {BUNDLE_FORMAT:?}")]
    Format { found: String },
    #[error("verifier key: {reason}")]
    VerifierKey { reason: String },
    #[error("checkpoint: {reason}")]
    Checkpoint { reason: String },
    #[error("checkpoint origin {origin:?} is not the key's log {key_name:?}")]
    Origin { origin: String, key_name: String },
    #[error("device {device}: {reason}")]
    Device { device: String, reason: String },
    #[error("log entry {log_index}: record: {reason}")]
    Record { log_index: u64, reason: String },
    /// The record's leaf, chain or proof does not hold.
    #[error("record {record} (log entry {log_index}): {reason}")]
    Entry {
        record: String,
        log_index: u64,
        reason: EntryFault,
    },
    #[error("record {record} (log entry {log_index}) is not in log order")]
    Order { record: String, log_index: u64 },
    #[error("chain {chain} broken at seq {seq}: {fault}")]
    Chain {
        chain: String,
        seq: u64,
        fault: ChainFault,
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
        reason: ForkFault,
    },
    #[error("the evidence list is not the evidence the records reference")]
    Evidence,
}

impl From<OpenFailure> for BundleFailure {
    fn from(failure: OpenFailure) -> Self {
        match failure {
            OpenFailure::VerifierKey { reason } => BundleFailure::VerifierKey { reason },
            OpenFailure::Checkpoint { reason } => BundleFailure::Checkpoint { reason },
            OpenFailure::Origin { origin, key_name } => BundleFailure::Origin { origin, key_name },
        }
    }
}

/// What is wrong with a record's place in the log.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EntryFault {
    #[error("chain {chain} is not of case {case}")]
    OtherCase { chain: String, case: String },
    #[error("the leaf is not base64")]
    LeafEncoding,
    #[error("the leaf is not an entry: {reason}")]
    LeafFormat { reason: String },
    #[error("the leaf is not the {entry_type} entry of this record")]
    NotItsEntry { entry_type: String },
    #[error("the leaf names unit {org}")]
    OtherUnit { org: String },
    #[error("inclusion proof: {reason}")]
    ProofFormat { reason: String },
    #[error("not in the log of the checkpoint: {reason}")]
    NotInLog { reason: String },
}

/// What is wrong with fork evidence.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ForkFault {
    #[error("its device is not in the bundle")]
    UnknownDevice,
    #[error("signature does not verify")]
    BadSignature,
    #[error("no accepted record at its seq")]
    NoAcceptedRecord,
    #[error("it does not conflict with the accepted record at its seq")]
    NoConflict,
    #[error("its entry names another record as the one it conflicts with")]
    WrongConflict,
}

/// What a verified bundle shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub case: String,
    /// The log origin of the checkpoint.
    pub origin: String,
    pub log_size: u64,
    pub records: usize,
    pub chains: usize,
    pub forks: usize,
    pub evidence: usize,
    pub stage: Stage,
    /// Whether the checkpoint was checked against a key the caller pinned, rather than the
    /// bundle's own.
    pub pinned_key: bool,
}

/// Verifies `bundle`. With `pinned_key`, the checkpoint must be signed by that verifier key;
/// without, by the bundle's own (which proves consistency, not origin). `progress` hears
/// (records checked, records in all) as the work goes on.
pub fn verify(
    bundle: &CaseBundle,
    pinned_key: Option<&str>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Verified, BundleFailure> {
    if bundle.format != BUNDLE_FORMAT {
        return Err(BundleFailure::Format {
            found: bundle.format.clone(),
        });
    }
    let key = pinned_key.unwrap_or(&bundle.verifier_key);
    let (checkpoint, _) = Checkpoint::open_with_key(&bundle.checkpoint, key)?;
    let keys = device_keys(bundle)?;
    let total = bundle.records.len() + bundle.forks.len();
    let mut records = Vec::with_capacity(bundle.records.len());
    let mut previous_index = None;
    for (done, logged) in bundle.records.iter().enumerate() {
        let (record, _) = logged_record(bundle, &checkpoint, logged, RECORD)?;
        if previous_index.is_some_and(|previous| logged.log_index <= previous) {
            return Err(BundleFailure::Order {
                record: record.hash().to_hex(),
                log_index: logged.log_index,
            });
        }
        previous_index = Some(logged.log_index);
        records.push(record);
        progress(done + 1, total);
    }
    let chains = check_chains(&records, &keys)?;
    let state = CaseState::from_records(&records).map_err(|refused| BundleFailure::Lifecycle {
        reason: refused.to_string(),
    })?;
    let by_place: HashMap<(&str, u64), &Record> = records
        .iter()
        .map(|record| ((record.chain(), record.seq()), record))
        .collect();
    for (done, logged) in bundle.forks.iter().enumerate() {
        let (fork, entry) = logged_record(bundle, &checkpoint, logged, FORK)?;
        check_fork(&fork, &entry, &by_place, &keys).map_err(|reason| BundleFailure::Fork {
            record: fork.hash().to_hex(),
            log_index: logged.log_index,
            reason,
        })?;
        progress(records.len() + done + 1, total);
    }
    let mut expected: Vec<ListedEvidence> = records.iter().flat_map(evidence_of).collect();
    let mut listed = bundle.evidence.clone();
    expected.sort();
    listed.sort();
    if expected != listed {
        return Err(BundleFailure::Evidence);
    }
    Ok(Verified {
        case: bundle.case.clone(),
        origin: checkpoint.origin,
        log_size: checkpoint.size,
        records: records.len(),
        chains,
        forks: bundle.forks.len(),
        evidence: listed.len(),
        stage: state.stage,
        pinned_key: pinned_key.is_some(),
    })
}

/// The devices' keys, each checked against its id.
fn device_keys(bundle: &CaseBundle) -> Result<HashMap<DeviceId, DevicePublicKey>, BundleFailure> {
    let mut keys = HashMap::new();
    for device in &bundle.devices {
        let failure = |reason: String| BundleFailure::Device {
            device: device.id.clone(),
            reason,
        };
        let key = DevicePublicKey::from_base64(&device.public_key)
            .map_err(|error| failure(error.to_string()))?;
        if key.device_id().as_str() != device.id {
            return Err(failure(format!("has the key of {}", key.device_id())));
        }
        keys.insert(key.device_id().clone(), key);
    }
    Ok(keys)
}

/// A record whose leaf is its `entry_type` entry in this case and is in the checkpoint's
/// tree, with that entry.
fn logged_record(
    bundle: &CaseBundle,
    checkpoint: &Checkpoint,
    logged: &LoggedRecord,
    entry_type: &str,
) -> Result<(Record, TypedEntry), BundleFailure> {
    let log_index = logged.log_index;
    let record =
        Record::from_value(logged.record.clone()).map_err(|error| BundleFailure::Record {
            log_index,
            reason: error.to_string(),
        })?;
    let at = |reason: EntryFault| BundleFailure::Entry {
        record: record.hash().to_hex(),
        log_index,
        reason,
    };
    if case_of_chain(record.chain()) != Ok(bundle.case.as_str()) {
        return Err(at(EntryFault::OtherCase {
            chain: record.chain().to_owned(),
            case: bundle.case.clone(),
        }));
    }
    let leaf = STANDARD
        .decode(&logged.leaf)
        .map_err(|_| at(EntryFault::LeafEncoding))?;
    let typed: TypedEntry = serde_json::from_slice(&leaf).map_err(|error| {
        at(EntryFault::LeafFormat {
            reason: error.to_string(),
        })
    })?;
    if typed.entry_type != entry_type || !typed.entry.names(&record, &bundle.case) {
        return Err(at(EntryFault::NotItsEntry {
            entry_type: entry_type.to_owned(),
        }));
    }
    if typed.entry.org != bundle.org {
        return Err(at(EntryFault::OtherUnit {
            org: typed.entry.org.clone(),
        }));
    }
    let hashes = logged
        .inclusion
        .iter()
        .map(|hash| Sha256Digest::from_base64(hash))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|error| {
            at(EntryFault::ProofFormat {
                reason: error.to_string(),
            })
        })?;
    let proof = InclusionProof {
        index: log_index,
        size: checkpoint.size,
        hashes,
    };
    proof
        .verify(&leaf_hash(&leaf), &checkpoint.root_hash)
        .map_err(|error| {
            at(EntryFault::NotInLog {
                reason: error.to_string(),
            })
        })?;
    Ok((record, typed))
}

/// Every chain is authentic and linked from seq 0; returns how many chains there are.
fn check_chains(
    records: &[Record],
    keys: &HashMap<DeviceId, DevicePublicKey>,
) -> Result<usize, BundleFailure> {
    let mut chains: BTreeMap<&str, Vec<&Record>> = BTreeMap::new();
    for record in records {
        chains.entry(record.chain()).or_default().push(record);
    }
    for (chain, members) in &chains {
        match verify_chain(chain, members.iter().copied(), |id| keys.get(id).cloned()) {
            ChainVerdict::Valid { length, .. } if length == members.len() as u64 => {}
            ChainVerdict::Valid { length, .. } => {
                return Err(BundleFailure::ChainLength {
                    chain: (*chain).to_owned(),
                    records: members.len() as u64,
                    length,
                });
            }
            ChainVerdict::Broken { seq, fault } => {
                return Err(BundleFailure::Chain {
                    chain: (*chain).to_owned(),
                    seq,
                    fault,
                });
            }
        }
    }
    Ok(chains.len())
}

/// Fork evidence is a second record, signed by the chain's device, at a seq whose accepted
/// record is the one its entry names.
fn check_fork(
    fork: &Record,
    entry: &TypedEntry,
    accepted: &HashMap<(&str, u64), &Record>,
    keys: &HashMap<DeviceId, DevicePublicKey>,
) -> Result<(), ForkFault> {
    let key = keys.get(fork.device()).ok_or(ForkFault::UnknownDevice)?;
    fork.verify_signature(key)
        .map_err(|_| ForkFault::BadSignature)?;
    let first = accepted
        .get(&(fork.chain(), fork.seq()))
        .ok_or(ForkFault::NoAcceptedRecord)?;
    if first.hash() == fork.hash() || first.device() != fork.device() {
        return Err(ForkFault::NoConflict);
    }
    if entry.entry.conflicts_with.as_deref() != Some(first.hash().to_hex().as_str()) {
        return Err(ForkFault::WrongConflict);
    }
    Ok(())
}
