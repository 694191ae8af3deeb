//! A chain's bookkeeping while records arrive over the network, in any order and more than
//! once: which record may follow the head, which must wait for a predecessor (held), which
//! takes a seq another record holds (a fork), and which held records the head's moving
//! releases. Sans-I/O: the caller reads and writes the stores and decides about cases and
//! signers; [`ChainBook`] decides only what the chain's own records say.

use std::collections::{BTreeMap, HashMap};
use std::num::NonZeroU64;

use super::{ChainBreak, ChainFault, ChainState};
use crate::device::DeviceId;
use crate::digest::Sha256Digest;
use crate::record::Record;

/// Where an authenticated record stands against its chain ([`ChainBook::step`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// It follows the head: it may be accepted ([`ChainBook::accept`]).
    Follows,
    /// Its predecessor has not arrived: the chain lacks the records from `missing_from` to
    /// just before it. It may be held ([`ChainBook::hold`]).
    Ahead { missing_from: u64 },
    /// Ahead by more than the caller's limit: not worth holding.
    TooFarAhead { missing_from: u64 },
    /// Another record holds its seq: the device signed two steps at one place.
    Fork,
    /// The chain is written by another device.
    OtherDevice { device: DeviceId },
    /// It is at the head's place but does not link to the head
    /// ([`ChainFault::PrevAtGenesis`] or [`ChainFault::WrongPrev`]).
    Unlinked(ChainFault),
}

/// A record offered to [`ChainBook::accept`] that does not follow the head.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the record at seq {seq} does not follow the head of chain {chain}")]
pub struct NotFollowing {
    pub chain: String,
    pub seq: u64,
}

/// One chain's head, its device, the records held for a missing predecessor (`T`, the
/// caller's handle of a record with whatever it keeps alongside), and the records accepted
/// through this book, by seq.
#[derive(Clone, Debug)]
pub struct ChainBook<T> {
    state: ChainState,
    device: Option<DeviceId>,
    held: BTreeMap<u64, Vec<T>>,
    accepted: HashMap<u64, Sha256Digest>,
}

impl<T: AsRef<Record>> ChainBook<T> {
    /// A chain that has no record yet (nor a device).
    pub fn new(chain: impl Into<String>) -> Self {
        Self::with(ChainState::new(chain), None)
    }

    /// A chain of `length` records whose last has hash `head`, written by `device`.
    pub fn resume(
        chain: impl Into<String>,
        head: Sha256Digest,
        length: NonZeroU64,
        device: DeviceId,
    ) -> Self {
        Self::with(ChainState::resume(chain, head, length), Some(device))
    }

    fn with(state: ChainState, device: Option<DeviceId>) -> Self {
        Self {
            state,
            device,
            held: BTreeMap::new(),
            accepted: HashMap::new(),
        }
    }

    pub fn state(&self) -> &ChainState {
        &self.state
    }

    /// The device that writes the chain, once it has a record.
    pub fn device(&self) -> Option<&DeviceId> {
        self.device.as_ref()
    }

    /// Whether a record was accepted through this book.
    pub fn moved(&self) -> bool {
        !self.accepted.is_empty()
    }

    /// Where `record`, whose signature the caller has verified, stands: the device first,
    /// then [`ChainState::check_verified`]'s faults, a gap of more than `max_ahead` seqs
    /// refused rather than held. An error is a fault authentication should have ruled out
    /// (another chain's record), or the head itself offered again, which the caller's store
    /// answers before.
    pub fn step(&self, record: &Record, max_ahead: u64) -> Result<Step, ChainBreak> {
        if let Some(device) = &self.device
            && device != record.device()
        {
            return Ok(Step::OtherDevice {
                device: device.clone(),
            });
        }
        match self.state.check_verified(record) {
            Ok(()) => Ok(Step::Follows),
            Err(ChainBreak {
                fault: ChainFault::Gap,
                seq: missing_from,
            }) if record.seq() - missing_from > max_ahead => Ok(Step::TooFarAhead { missing_from }),
            Err(ChainBreak {
                fault: ChainFault::Gap,
                seq: missing_from,
            }) => Ok(Step::Ahead { missing_from }),
            Err(ChainBreak {
                fault: ChainFault::Fork | ChainFault::SeqTaken,
                ..
            }) => Ok(Step::Fork),
            Err(ChainBreak {
                fault: fault @ (ChainFault::PrevAtGenesis | ChainFault::WrongPrev { .. }),
                ..
            }) => Ok(Step::Unlinked(fault)),
            Err(other) => Err(other),
        }
    }

    /// Makes `record` the head (its device the chain's, if it had none). It is checked again
    /// as [`Self::step`] checks it, so that only a record that follows moves the chain.
    pub fn accept(&mut self, record: &Record) -> Result<Sha256Digest, NotFollowing> {
        if self.step(record, u64::MAX) != Ok(Step::Follows) {
            return Err(NotFollowing {
                chain: self.state.chain().to_owned(),
                seq: record.seq(),
            });
        }
        let hash = record.hash();
        self.state.next_seq += 1;
        self.state.head = Some(hash);
        self.device.get_or_insert_with(|| record.device().clone());
        self.accepted.insert(record.seq(), hash);
        Ok(hash)
    }

    /// Keeps `waiting` until its predecessor arrives; `false` (and not kept twice) when a
    /// record with its hash waits already.
    pub fn hold(&mut self, waiting: T) -> bool {
        let record = waiting.as_ref();
        let hash = record.hash();
        let at_seq = self.held.entry(record.seq()).or_default();
        if at_seq.iter().any(|held| held.as_ref().hash() == hash) {
            return false;
        }
        at_seq.push(waiting);
        true
    }

    /// The hash accepted at `seq` through this book, if one was.
    pub fn accepted_at(&self, seq: u64) -> Option<&Sha256Digest> {
        self.accepted.get(&seq)
    }

    /// The held records at the lowest waiting seq, taken out, if the head has reached it
    /// (ordered by record hash, so that the outcome does not depend on arrival order); the
    /// caller offers them again and asks once more, until this answers `None`.
    pub fn take_ready(&mut self) -> Option<Vec<T>> {
        let entry = self.held.first_entry()?;
        if *entry.key() > self.state.next_seq() {
            return None;
        }
        let mut ready = entry.remove();
        ready.sort_by_key(|held| held.as_ref().hash());
        Some(ready)
    }

    /// Every record still held, by seq.
    pub fn held(&self) -> impl Iterator<Item = &T> {
        self.held.values().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::DeviceSigningKey;
    use crate::record::UnsignedRecord;

    const CHAIN: &str = "case-2024-0001";

    fn key(index: u8) -> DeviceSigningKey {
        DeviceSigningKey::from_seed([index + 1; 32])
    }

    fn record(seq: u64, prev: Option<Sha256Digest>, signer: u8, step: u64) -> Record {
        let mut body = serde_json::Map::new();
        body.insert("step".to_owned(), step.into());
        UnsignedRecord {
            v: 1,
            chain: CHAIN.to_owned(),
            seq,
            prev,
            kind: "investigation.photo".to_owned(),
            at_us: 1_717_200_000_000_000 + seq as i64,
            device: key(signer).device_id().clone(),
            officer: "officer-0".to_owned(),
            body,
        }
        .sign(&key(signer))
        .unwrap()
    }

    /// Records 0..n of one device, each linked to the one before.
    fn chain(n: u64) -> Vec<Record> {
        let mut records: Vec<Record> = Vec::new();
        for seq in 0..n {
            let prev = records.last().map(Record::hash);
            records.push(record(seq, prev, 0, seq));
        }
        records
    }

    #[test]
    fn a_record_that_follows_moves_the_head_and_names_the_device() {
        let records = chain(2);
        let mut book = ChainBook::<Record>::new(CHAIN);
        assert!(!book.moved());
        assert_eq!(book.step(&records[0], 10), Ok(Step::Follows));
        assert_eq!(book.accept(&records[0]), Ok(records[0].hash()));
        assert_eq!(book.device(), Some(records[0].device()));
        assert_eq!(book.accepted_at(0), Some(&records[0].hash()));
        assert!(book.moved());
        assert_eq!(book.step(&records[1], 10), Ok(Step::Follows));
        assert_eq!(book.state().next_seq(), 1);
    }

    #[test]
    fn a_record_ahead_is_held_once_and_released_when_the_gap_fills() {
        let records = chain(4);
        let mut book = ChainBook::new(CHAIN);
        for ahead in [&records[3], &records[2], &records[2]] {
            assert_eq!(book.step(ahead, 10), Ok(Step::Ahead { missing_from: 0 }));
        }
        assert!(book.hold(records[3].clone()));
        assert!(book.hold(records[2].clone()));
        assert!(!book.hold(records[2].clone()));
        assert_eq!(book.held().count(), 2);
        assert_eq!(book.take_ready(), None);
        book.accept(&records[0]).unwrap();
        assert_eq!(book.take_ready(), None, "seq 1 is still missing");
        book.accept(&records[1]).unwrap();
        assert_eq!(book.take_ready(), Some(vec![records[2].clone()]));
        assert_eq!(
            book.take_ready(),
            None,
            "seq 3 waits for seq 2 to be accepted"
        );
        book.accept(&records[2]).unwrap();
        assert_eq!(book.take_ready(), Some(vec![records[3].clone()]));
        assert_eq!(book.held().count(), 0);
    }

    #[test]
    fn records_released_together_come_in_hash_order() {
        let records = chain(1);
        let forks: Vec<Record> = (0..4).map(|step| record(1, None, 0, 100 + step)).collect();
        let mut book = ChainBook::new(CHAIN);
        for fork in forks.iter().rev() {
            assert!(book.hold(fork.clone()));
        }
        book.accept(&records[0]).unwrap();
        let mut sorted = forks.clone();
        sorted.sort_by_key(Record::hash);
        assert_eq!(book.take_ready(), Some(sorted));
    }

    #[test]
    fn far_ahead_is_refused_rather_than_held() {
        let ahead = record(12, None, 0, 12);
        let book = ChainBook::<Record>::new(CHAIN);
        assert_eq!(book.step(&ahead, 12), Ok(Step::Ahead { missing_from: 0 }));
        assert_eq!(
            book.step(&ahead, 11),
            Ok(Step::TooFarAhead { missing_from: 0 })
        );
    }

    #[test]
    fn a_second_record_at_a_taken_seq_is_a_fork_and_does_not_move_the_head() {
        let records = chain(3);
        let mut book = ChainBook::<Record>::new(CHAIN);
        for record in &records {
            book.accept(record).unwrap();
        }
        let other_head = record(2, Some(records[1].hash()), 0, 99);
        let further_back = record(0, None, 0, 99);
        assert_eq!(book.step(&other_head, 10), Ok(Step::Fork));
        assert_eq!(book.step(&further_back, 10), Ok(Step::Fork));
        assert!(book.accept(&other_head).is_err());
        assert_eq!(book.state().head(), Some(records[2].hash()));
    }

    #[test]
    fn another_device_and_a_broken_link_are_named() {
        let records = chain(1);
        let mut book = ChainBook::<Record>::new(CHAIN);
        let unlinked = record(0, Some(records[0].hash()), 0, 0);
        assert_eq!(
            book.step(&unlinked, 10),
            Ok(Step::Unlinked(ChainFault::PrevAtGenesis))
        );
        book.accept(&records[0]).unwrap();
        let other = record(1, Some(records[0].hash()), 1, 1);
        assert_eq!(
            book.step(&other, 10),
            Ok(Step::OtherDevice {
                device: records[0].device().clone()
            })
        );
        assert!(book.accept(&other).is_err());
        let wrong_prev = record(1, None, 0, 1);
        assert!(matches!(
            book.step(&wrong_prev, 10),
            Ok(Step::Unlinked(ChainFault::WrongPrev { .. }))
        ));
    }

    #[test]
    fn a_resumed_chain_keeps_its_device_and_head() {
        let records = chain(2);
        let length = NonZeroU64::new(1).unwrap();
        let device = records[0].device().clone();
        let book = ChainBook::<Record>::resume(CHAIN, records[0].hash(), length, device);
        assert_eq!(book.step(&records[1], 10), Ok(Step::Follows));
        assert!(!book.moved());
        assert_eq!(
            book.step(&records[0], 10),
            Err(ChainBreak {
                seq: 0,
                fault: ChainFault::Duplicate
            })
        );
    }
}
