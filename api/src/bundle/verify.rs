//! Checking a case bundle offline with custos-core alone: the checkpoint's signature, each
//! record's log entry and inclusion proof, each chain's signatures and links, the case's
//! lifecycle, the fork evidence and the evidence list. No database, no network, no clock.
//!
//! What a bundle cannot show: records left out of it. Every record it holds is proved to be
//! in the log, but a chain cut short after its last record, or a whole chain left out, still
//! verifies; comparing chain heads with a later bundle or with the log itself catches that.

use super::{BUNDLE_FORMAT, CaseBundle, LoggedRecord};
use crate::recording::chain_id::case_of_chain;
use crate::recording::entry::{self, TypedEntry};
use crate::recording::view::{EvidenceView, evidence_of};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use custos_core::chain::{ChainVerdict, verify_chain};
use custos_core::checkpoint::Checkpoint;
use custos_core::device::{DeviceId, DevicePublicKey};
use custos_core::digest::Sha256Digest;
use custos_core::lifecycle::{CaseState, Stage};
use custos_core::merkle::{InclusionProof, leaf_hash};
use custos_core::note::NoteVerifier;
use custos_core::record::Record;
use std::collections::{BTreeMap, HashMap};

/// Why a bundle does not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct VerifyFailure(pub String);

fn fail<T>(message: impl Into<String>) -> Result<T, VerifyFailure> {
    Err(VerifyFailure(message.into()))
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
) -> Result<Verified, VerifyFailure> {
    if bundle.format != BUNDLE_FORMAT {
        return fail(format!(
            "bundle format {:?} is not {BUNDLE_FORMAT:?}",
            bundle.format
        ));
    }
    let key = pinned_key.unwrap_or(&bundle.verifier_key);
    let verifier = NoteVerifier::from_verifier_key(key.trim())
        .or_else(|error| fail(format!("verifier key: {error}")))?;
    let (checkpoint, _) = Checkpoint::open(&bundle.checkpoint, std::slice::from_ref(&verifier))
        .or_else(|error| fail(format!("checkpoint: {error}")))?;
    if checkpoint.origin != verifier.name() {
        return fail(format!(
            "checkpoint origin {:?} is not the key's log {:?}",
            checkpoint.origin,
            verifier.name()
        ));
    }
    let keys = device_keys(bundle)?;
    let total = bundle.records.len() + bundle.forks.len();
    let mut records = Vec::with_capacity(bundle.records.len());
    let mut previous_index = None;
    for (done, logged) in bundle.records.iter().enumerate() {
        let record = logged_record(bundle, &checkpoint, logged, entry::RECORD)?;
        if previous_index.is_some_and(|previous| logged.log_index <= previous) {
            return fail(format!("record {} is not in log order", record.hash()));
        }
        previous_index = Some(logged.log_index);
        records.push(record);
        progress(done + 1, total);
    }
    let chains = check_chains(&records, &keys)?;
    let state = CaseState::from_records(&records)
        .or_else(|refused| fail(format!("case lifecycle: {refused}")))?;
    let by_place: HashMap<(&str, u64), &Record> = records
        .iter()
        .map(|record| ((record.chain(), record.seq()), record))
        .collect();
    for (done, logged) in bundle.forks.iter().enumerate() {
        let fork = logged_record(bundle, &checkpoint, logged, entry::FORK)?;
        check_fork(&fork, logged, &by_place, &keys)?;
        progress(records.len() + done + 1, total);
    }
    let mut expected: Vec<EvidenceView> = records.iter().flat_map(evidence_of).collect();
    let mut listed = bundle.evidence.clone();
    let order = |e: &EvidenceView| (e.record.clone(), e.sha256.clone(), e.kind.clone(), e.size);
    expected.sort_by_key(order);
    listed.sort_by_key(order);
    if expected != listed {
        return fail("the evidence list is not the evidence the records reference");
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
fn device_keys(bundle: &CaseBundle) -> Result<HashMap<DeviceId, DevicePublicKey>, VerifyFailure> {
    let mut keys = HashMap::new();
    for device in &bundle.devices {
        let key = DevicePublicKey::from_base64(&device.public_key)
            .or_else(|error| fail(format!("device {}: {error}", device.id)))?;
        if key.device_id().as_str() != device.id {
            return fail(format!(
                "device {} has the key of {}",
                device.id,
                key.device_id()
            ));
        }
        keys.insert(key.device_id().clone(), key);
    }
    Ok(keys)
}

/// A record whose leaf is its `entry_type` entry in this case and is in the checkpoint's tree.
fn logged_record(
    bundle: &CaseBundle,
    checkpoint: &Checkpoint,
    logged: &LoggedRecord,
    entry_type: &str,
) -> Result<Record, VerifyFailure> {
    let index = logged.log_index;
    let record = Record::from_value(logged.record.clone())
        .or_else(|error| fail(format!("log entry {index}: record: {error}")))?;
    let hash = record.hash();
    let at = |what: String| VerifyFailure(format!("record {hash} (log entry {index}): {what}"));
    if case_of_chain(record.chain()) != Ok(bundle.case.as_str()) {
        return Err(at(format!(
            "chain {} is not of case {}",
            record.chain(),
            bundle.case
        )));
    }
    let leaf = STANDARD
        .decode(&logged.leaf)
        .map_err(|error| at(format!("leaf is not base64: {error}")))?;
    let typed: TypedEntry =
        serde_json::from_slice(&leaf).map_err(|error| at(format!("leaf: {error}")))?;
    if typed.entry_type != entry_type || !typed.entry.names(&record, &bundle.case) {
        return Err(at(format!(
            "the leaf is not the {entry_type} entry of this record"
        )));
    }
    if typed.entry.org != bundle.org {
        return Err(at(format!("the leaf names unit {}", typed.entry.org)));
    }
    let hashes = logged
        .inclusion
        .iter()
        .map(|hash| Sha256Digest::from_base64(hash))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|error| at(format!("inclusion proof: {error}")))?;
    let proof = InclusionProof {
        index,
        size: checkpoint.size,
        hashes,
    };
    proof
        .verify(&leaf_hash(&leaf), &checkpoint.root_hash)
        .map_err(|error| at(format!("not in the log of the checkpoint: {error}")))?;
    Ok(record)
}

/// Every chain is authentic and linked from seq 0; returns how many chains there are.
fn check_chains(
    records: &[Record],
    keys: &HashMap<DeviceId, DevicePublicKey>,
) -> Result<usize, VerifyFailure> {
    let mut chains: BTreeMap<&str, Vec<&Record>> = BTreeMap::new();
    for record in records {
        chains.entry(record.chain()).or_default().push(record);
    }
    for (chain, members) in &chains {
        match verify_chain(chain, members.iter().copied(), |id| keys.get(id).cloned()) {
            ChainVerdict::Valid { length, .. } if length == members.len() as u64 => {}
            ChainVerdict::Valid { length, .. } => {
                return fail(format!(
                    "chain {chain}: {} records for a length of {length}",
                    members.len()
                ));
            }
            ChainVerdict::Broken { seq, fault } => {
                return fail(format!("chain {chain} broken at seq {seq}: {fault}"));
            }
        }
    }
    Ok(chains.len())
}

/// Fork evidence is a second record, signed by the chain's device, at a seq whose accepted
/// record is the one it names.
fn check_fork(
    fork: &Record,
    logged: &LoggedRecord,
    accepted: &HashMap<(&str, u64), &Record>,
    keys: &HashMap<DeviceId, DevicePublicKey>,
) -> Result<(), VerifyFailure> {
    let at = |what: &str| {
        fail(format!(
            "fork {} (log entry {}): {what}",
            fork.hash(),
            logged.log_index
        ))
    };
    let Some(key) = keys.get(fork.device()) else {
        return at("its device is not in the bundle");
    };
    if fork.verify_signature(key).is_err() {
        return at("signature does not verify");
    }
    let Some(first) = accepted.get(&(fork.chain(), fork.seq())) else {
        return at("no accepted record at its seq");
    };
    if first.hash() == fork.hash() || first.device() != fork.device() {
        return at("it does not conflict with the accepted record at its seq");
    }
    let leaf = STANDARD.decode(&logged.leaf).unwrap_or_default();
    let named = serde_json::from_slice::<TypedEntry>(&leaf)
        .ok()
        .and_then(|typed| typed.entry.conflicts_with);
    if named != Some(first.hash().to_hex()) {
        return at("its entry names another record as the one it conflicts with");
    }
    Ok(())
}
