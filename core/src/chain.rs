//! Case chains: checking that the records of one chain are authentic and linked, either one
//! record at a time ([`ChainState`], as the server and the phone append) or all at once
//! ([`verify_chain`], for exports and audits). Both share one per-record check.
//!
//! # What is checked, in which order
//!
//! Records are taken in ascending `seq`; the first `seq` at which something is wrong is
//! reported, with one fault. At that `seq`, in this order:
//!
//! 1. [`ChainFault::Gap`]: no record has this `seq`, though the chain must have one here
//!    (a later record exists, or the batch is empty and `seq` 0 is missing).
//! 2. Authenticity of each record at this `seq` (several are taken in order of record hash,
//!    then signature, so that the verdict never depends on input order):
//!    [`ChainFault::WrongChain`] (its `chain` is not the chain being verified),
//!    [`ChainFault::UnknownDevice`] (the key lookup does not know its `device`),
//!    then its signature under that device's key, which fails as
//!    [`ChainFault::ChangedRecord`] or [`ChainFault::BadSignature`] (below).
//! 3. [`ChainFault::Duplicate`] or [`ChainFault::Fork`]: more than one authentic record
//!    has this `seq`; a duplicate when all have the same record hash (the same signed
//!    content, e.g. an upload retried), a fork when two differ (the device signed two
//!    different steps at one place in the chain).
//! 4. Linkage: [`ChainFault::PrevAtGenesis`] when `seq` 0 has a non-null `prev`,
//!    [`ChainFault::WrongPrev`] when a later record's `prev` is not the hash of the record
//!    before it.
//!
//! # Changed record or bad signature
//!
//! A record whose signature does not verify under its device's key is a
//! [`ChainFault::ChangedRecord`] when the record after it is authentic (step 2 passes for
//! it, at `seq + 1`, as the only record there) and its signed `prev` names a hash other
//! than this record's: the next step was signed over a different version of this one, so
//! this record was altered after the chain moved on. Otherwise it is a
//! [`ChainFault::BadSignature`]: the content may be what was signed, but the signature
//! was damaged or made with another key (or the record is the head, which nothing after
//! it vouches for).
//!
//! # One record at a time
//!
//! [`ChainState`] keeps only the head hash and the next `seq`, and applies the same checks
//! to each record offered. Two answers differ from the batch verifier's, for lack of the
//! records around: a bad signature is always [`ChainFault::BadSignature`] (no successor is
//! known yet), and a record at a `seq` before the head's is [`ChainFault::SeqTaken`]; only
//! at the head's `seq` can it tell a [`ChainFault::Duplicate`] (which a server can answer
//! as an idempotent retry) from a [`ChainFault::Fork`].
//!
//! # Records out of order
//!
//! [`book::ChainBook`] keeps a [`ChainState`] with what a server needs around it while
//! records arrive in any order: the chain's device, the records held for a missing
//! predecessor and released when the head reaches them, and where a record stands
//! ([`book::Step`]: follows, ahead, a fork, another device's, unlinked).
//!
//! # What is not checked here
//!
//! The batch verifier sees only the records it is given: a chain cut short after its last
//! record, or whose head was re-signed by another enrolled device, verifies as a valid
//! shorter or different chain. Comparing the head with the one recorded in the log is
//! what catches those.

use std::collections::BTreeMap;
use std::num::NonZeroU64;

pub mod book;

use crate::device::{DeviceId, DevicePublicKey};
use crate::digest::Sha256Digest;
use crate::record::Record;

/// Why a chain is broken at a given `seq`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ChainFault {
    #[error("no record at this seq")]
    Gap,
    #[error("record belongs to chain {found:?}")]
    WrongChain { found: String },
    #[error("device {device} is not known")]
    UnknownDevice { device: DeviceId },
    #[error("signature does not verify under the device's key")]
    BadSignature,
    #[error(
        "record was changed after it was signed: the next record names {committed}, not {found}"
    )]
    ChangedRecord {
        committed: Sha256Digest,
        found: Sha256Digest,
    },
    #[error("the same record is given more than once")]
    Duplicate,
    #[error("two different signed records have this seq")]
    Fork,
    #[error("seq is already taken by an earlier record than the head")]
    SeqTaken,
    #[error("the first record of the chain has a prev")]
    PrevAtGenesis,
    #[error("prev names {found:?}, not the previous record's hash {expected}")]
    WrongPrev {
        expected: Sha256Digest,
        found: Option<Sha256Digest>,
    },
}

/// Where and why a chain is broken.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("chain broken at seq {seq}: {fault}")]
pub struct ChainBreak {
    pub seq: u64,
    pub fault: ChainFault,
}

/// The outcome of verifying a whole chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChainVerdict {
    /// Records `0..length` are authentic and linked; `head` is the hash of the last.
    Valid { head: Sha256Digest, length: u64 },
    /// The first `seq` at which the chain is not valid, and why.
    Broken { seq: u64, fault: ChainFault },
}

/// The head of a chain as far as it has been checked: what the next record must follow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainState {
    chain: String,
    next_seq: u64,
    head: Option<Sha256Digest>,
}

impl ChainState {
    /// A chain that has no record yet.
    pub fn new(chain: impl Into<String>) -> Self {
        Self {
            chain: chain.into(),
            next_seq: 0,
            head: None,
        }
    }

    /// A chain of `length` records whose last has hash `head` (as the server stores it).
    pub fn resume(chain: impl Into<String>, head: Sha256Digest, length: NonZeroU64) -> Self {
        Self {
            chain: chain.into(),
            next_seq: length.get(),
            head: Some(head),
        }
    }

    pub fn chain(&self) -> &str {
        &self.chain
    }

    /// The `seq` the next record must have, which is also the chain's length.
    pub fn next_seq(&self) -> u64 {
        self.next_seq
    }

    /// The hash of the last record, `None` while the chain is empty.
    pub fn head(&self) -> Option<Sha256Digest> {
        self.head
    }

    /// Checks that `record` may be appended, without appending it. A record at a `seq`
    /// already in the chain is a [`ChainFault::Duplicate`] of the head when it has the
    /// head's hash, a [`ChainFault::Fork`] of the head when it has another, and
    /// [`ChainFault::SeqTaken`] further back, where only the caller's store can tell a
    /// duplicate from a fork.
    pub fn check(
        &self,
        record: &Record,
        key_of: impl Fn(&DeviceId) -> Option<DevicePublicKey>,
    ) -> Result<(), ChainBreak> {
        self.check_with(record, |record| authenticate(&self.chain, record, &key_of))
    }

    /// [`Self::check`] for a record whose signature the caller has verified already under
    /// the key its device had when it signed (a server that authenticates a submission before
    /// it takes its write lock): the same faults in the same order, the signature aside.
    pub fn check_verified(&self, record: &Record) -> Result<(), ChainBreak> {
        self.check_with(record, |record| same_chain(&self.chain, record))
    }

    fn check_with(
        &self,
        record: &Record,
        authentic: impl FnOnce(&Record) -> Result<(), ChainFault>,
    ) -> Result<(), ChainBreak> {
        let seq = record.seq();
        if seq > self.next_seq {
            return Err(ChainBreak {
                seq: self.next_seq,
                fault: ChainFault::Gap,
            });
        }
        let fault = |fault| ChainBreak { seq, fault };
        authentic(record).map_err(fault)?;
        if seq < self.next_seq {
            return Err(fault(if seq + 1 < self.next_seq {
                ChainFault::SeqTaken
            } else {
                same_seq_fault(self.head.as_ref(), &record.hash())
            }));
        }
        match (self.head, record.prev()) {
            (None, None) => Ok(()),
            (None, Some(_)) => Err(fault(ChainFault::PrevAtGenesis)),
            (Some(expected), found) if found == Some(&expected) => Ok(()),
            (Some(expected), found) => Err(fault(ChainFault::WrongPrev {
                expected,
                found: found.copied(),
            })),
        }
    }

    /// Checks `record` as [`Self::check`] does and, if it may follow, makes it the head.
    pub fn append(
        &mut self,
        record: &Record,
        key_of: impl Fn(&DeviceId) -> Option<DevicePublicKey>,
    ) -> Result<Sha256Digest, ChainBreak> {
        self.check(record, key_of)?;
        self.next_seq += 1;
        self.head = Some(record.hash());
        Ok(record.hash())
    }
}

/// The per-record check shared by both verifiers: the record belongs to `chain`, its device
/// is known and its signature verifies under that device's key.
fn authenticate(
    chain: &str,
    record: &Record,
    key_of: &impl Fn(&DeviceId) -> Option<DevicePublicKey>,
) -> Result<(), ChainFault> {
    same_chain(chain, record)?;
    let key = key_of(record.device()).ok_or_else(|| ChainFault::UnknownDevice {
        device: record.device().clone(),
    })?;
    record
        .verify_signature(&key)
        .map_err(|_| ChainFault::BadSignature)
}

fn same_chain(chain: &str, record: &Record) -> Result<(), ChainFault> {
    if record.chain() == chain {
        Ok(())
    } else {
        Err(ChainFault::WrongChain {
            found: record.chain().to_owned(),
        })
    }
}

/// Two authentic records at one `seq`: the same signed content twice, or two steps.
fn same_seq_fault(kept: Option<&Sha256Digest>, other: &Sha256Digest) -> ChainFault {
    if kept == Some(other) {
        ChainFault::Duplicate
    } else {
        ChainFault::Fork
    }
}

/// Verifies the records of chain `chain`, given in any order: the verdict depends only on
/// which records are given, not on their order (they are grouped by `seq`), so records can
/// come straight from a store, a bundle or a sync in whatever order they were read.
///
/// `key_of` returns the enrolled public key of a device id, or `None` for an unknown device.
/// See the module documentation for the faults and the order in which they are looked for.
pub fn verify_chain<'a>(
    chain: &str,
    records: impl IntoIterator<Item = &'a Record>,
    key_of: impl Fn(&DeviceId) -> Option<DevicePublicKey>,
) -> ChainVerdict {
    let mut by_seq: BTreeMap<u64, Vec<&Record>> = BTreeMap::new();
    for record in records {
        by_seq.entry(record.seq()).or_default().push(record);
    }
    for group in by_seq.values_mut().filter(|group| group.len() > 1) {
        group.sort_by_key(|record| (record.hash(), *record.signature()));
    }
    let mut state = ChainState::new(chain);
    for (&seq, group) in &by_seq {
        let checked = match group.as_slice() {
            [record] => state.append(record, &key_of).map(drop),
            _ => check_same_seq(&state, seq, group, &key_of),
        };
        if let Err(ChainBreak { seq, fault }) = checked {
            let fault = match fault {
                ChainFault::BadSignature => {
                    changed_or_bad_signature(chain, seq, group, &by_seq, &key_of)
                }
                fault => fault,
            };
            return ChainVerdict::Broken { seq, fault };
        }
    }
    match state.head() {
        Some(head) => ChainVerdict::Valid {
            head,
            length: state.next_seq(),
        },
        None => ChainVerdict::Broken {
            seq: 0,
            fault: ChainFault::Gap,
        },
    }
}

/// Several records at one `seq`: each must be authentic, and then they are duplicates or
/// a fork.
fn check_same_seq(
    state: &ChainState,
    seq: u64,
    group: &[&Record],
    key_of: &impl Fn(&DeviceId) -> Option<DevicePublicKey>,
) -> Result<(), ChainBreak> {
    if seq > state.next_seq() {
        return Err(ChainBreak {
            seq: state.next_seq(),
            fault: ChainFault::Gap,
        });
    }
    let fault = |fault| ChainBreak { seq, fault };
    for record in group {
        authenticate(state.chain(), record, key_of).map_err(fault)?;
    }
    let first = group[0].hash();
    let other = group.iter().map(|r| r.hash()).find(|h| *h != first);
    Err(fault(same_seq_fault(Some(&first), &other.unwrap_or(first))))
}

/// Tells a changed record from a bad signature (see the module documentation): the first
/// record at `seq` whose signature fails is changed if the only record at `seq + 1` is
/// authentic and names another hash as its `prev`.
fn changed_or_bad_signature(
    chain: &str,
    seq: u64,
    group: &[&Record],
    by_seq: &BTreeMap<u64, Vec<&Record>>,
    key_of: &impl Fn(&DeviceId) -> Option<DevicePublicKey>,
) -> ChainFault {
    let unsigned = group
        .iter()
        .find(|r| authenticate(chain, r, key_of).is_err());
    let successor = seq.checked_add(1).and_then(|next| by_seq.get(&next));
    if let Some(record) = unsigned
        && let Some([successor]) = successor.map(Vec::as_slice)
        && let Some(committed) = successor.prev()
        && *committed != record.hash()
        && authenticate(chain, successor, key_of).is_ok()
    {
        return ChainFault::ChangedRecord {
            committed: *committed,
            found: record.hash(),
        };
    }
    ChainFault::BadSignature
}
