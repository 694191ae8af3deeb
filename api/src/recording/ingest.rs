//! One submission of signed records: each checked against its device, its chain, its case's
//! lifecycle and the statutory rules, then stored and logged, all in one write transaction.
//!
//! Two passes. [`authenticate`] runs first, outside the transaction: the strict parse, the
//! chain id, the officer, the device key at the record's time and the signature. [`ingest`]
//! then runs as a [`crate::log::commit`] job, under the database's write lock and the log
//! head's lock (so submissions from any number of workers and nodes are serial), offers each record to its chain and case in the
//! order submitted, releases held records whose gap fills, and writes everything at the end:
//! new cases and chains, the log leaves in one append, the records, forks, findings and held
//! records, then the moved chain heads and the refolded cases.

use super::assignment::{self, Signers};
use super::chain_id::case_of_chain;
use super::context::ContextReader;
use super::device_keys::DeviceKeys;
use super::entry::{self, RecordEntry};
use super::outcome::{FindingView, Outcome, RecordResult, StoredAs, SubmitResponse};
use super::state;
use crate::db::cases::CaseRow;
use crate::db::chains::{ChainRow, HeldRow};
use crate::db::findings::FindingRow;
use crate::db::records::{ForkRow, RecordRow};
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::log::Appender;
use crate::supervision::cases::ChangedCase;
use custos_core::chain::{ChainBreak, ChainFault, ChainState};
use custos_core::device::DeviceId;
use custos_core::digest::Sha256Digest;
use custos_core::lifecycle::{AsCaseRecord, CaseState};
use custos_core::record::Record;
use custos_core::rules::{self, RuleContext, Severity, open_deadlines};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::num::NonZeroU64;

/// Most records in one submission.
pub const MAX_RECORDS_PER_SUBMISSION: usize = 1000;

/// How far ahead of its chain's head a record may be and still be held: a phone queues at
/// most a few thousand steps offline, and a seq far beyond that is a broken or hostile client
/// that would otherwise fill the held records without end.
pub const MAX_HELD_AHEAD: u64 = 10_000;

/// A record that passed the checks that need no case: strictly parsed, its chain naming a
/// case, signed by its officer's enrolled device (the signature verified).
pub struct Authentic {
    record: Record,
}

/// The first pass over a submission (each record's exact bytes), for the officer `officer`:
/// each record, or its refusal. Parsing and signatures are CPU work spread over every core;
/// the device keys are read once per device. Database failures are errors.
pub fn authenticate(
    conn: &mut DbConnection,
    raws: &[&[u8]],
    officer: &str,
) -> Result<Vec<Result<Authentic, RecordResult>>, ApiError> {
    let parsed = on_every_core(raws, |raw| parse(raw, officer));
    let mut keys = DeviceKeys::default();
    let mut keyed = Vec::with_capacity(parsed.len());
    for item in parsed {
        keyed.push(match item {
            Ok(record) => match keys.for_record(conn, &record)? {
                Ok(key) => Ok((record, key)),
                Err((check, detail)) => Err(Box::new(refused(Some(&record), check, detail))),
            },
            Err(result) => Err(result),
        });
    }
    let bad_signatures = on_every_core(&keyed, |item| match item {
        Ok((record, key)) => record.verify_signature(key).err().map(|e| e.to_string()),
        Err(_) => None,
    });
    let mut checked = Vec::with_capacity(keyed.len());
    for (item, bad_signature) in keyed.into_iter().zip(bad_signatures) {
        checked.push(match (item, bad_signature) {
            (Ok((record, _)), None) => Ok(Authentic { record }),
            (Ok((record, _)), Some(detail)) => {
                Err(refused(Some(&record), "record.signature", detail))
            }
            (Err(result), _) => Err(*result),
        });
    }
    Ok(checked)
}

/// The strict parse, the chain id and the officer of one submitted record; a refusal is
/// boxed, being much larger than a record handle.
fn parse(raw: &[u8], officer: &str) -> Result<Record, Box<RecordResult>> {
    let refuse = |record: Option<&Record>, check, detail| Box::new(refused(record, check, detail));
    let record =
        Record::from_json(raw).map_err(|error| refuse(None, "record.format", error.to_string()))?;
    if let Err(error) = case_of_chain(record.chain()) {
        return Err(refuse(Some(&record), "record.chain_id", error.to_string()));
    }
    if record.officer() != officer {
        let detail = format!(
            "record is signed for officer {:?}; only that officer may submit it",
            record.officer()
        );
        return Err(refuse(Some(&record), "record.officer", detail));
    }
    Ok(record)
}

/// `work` applied to every item, in order, the items split between the machine's cores.
fn on_every_core<T: Sync, U: Send>(items: &[T], work: impl Fn(&T) -> U + Sync) -> Vec<U> {
    // Below this many items a thread costs more than the work it takes over.
    const SMALLEST_SHARE: usize = 16;
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let share = items.len().div_ceil(cores).max(SMALLEST_SHARE);
    if items.len() <= share {
        return items.iter().map(&work).collect();
    }
    std::thread::scope(|scope| {
        let work = &work;
        let shares: Vec<_> = items
            .chunks(share)
            .map(|chunk| scope.spawn(move || chunk.iter().map(work).collect::<Vec<U>>()))
            .collect();
        shares
            .into_iter()
            .flat_map(|share| {
                share
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// The second pass, inside a [`crate::log::commit`] job: offers every authenticated record,
/// in order, and stores the outcome.
pub fn ingest(
    conn: &mut DbConnection,
    log: &mut Appender,
    checked: Vec<Result<Authentic, RecordResult>>,
    submitter: &str,
    now_us: i64,
) -> Result<SubmitResponse, ApiError> {
    let mut batch = Batch::new(now_us);
    let hashes: Vec<String> = checked
        .iter()
        .filter_map(|item| item.as_ref().ok())
        .map(|authentic| authentic.record.hash().to_hex())
        .collect();
    batch.look_up_stored(conn, hashes)?;
    let submitted: Vec<&Record> = checked
        .iter()
        .filter_map(|item| item.as_ref().ok())
        .map(|authentic| &authentic.record)
        .collect();
    batch.read_ahead(conn, &submitted)?;
    let mut results = Vec::with_capacity(checked.len());
    let mut released = Vec::new();
    for (index, item) in checked.into_iter().enumerate() {
        let authentic = match item {
            Ok(authentic) => authentic,
            Err(result) => {
                results.push(Pending::Done(RecordResult {
                    index: Some(index),
                    ..result
                }));
                continue;
            }
        };
        let chain = authentic.record.chain().to_owned();
        let offered = Offered {
            record: authentic.record,
            origin: Origin::Submitted(index),
            received_at_us: now_us,
            submitted_by: submitter.to_owned(),
        };
        let (ident, verdict) = batch.offer(conn, offered)?;
        let accepted = matches!(verdict, Verdict::Accepted { .. });
        results.push(Pending::Offered(ident, verdict));
        if accepted {
            for (origin, ident, verdict) in batch.release(conn, &chain)? {
                match origin {
                    Origin::Submitted(index) => {
                        results[index] = Pending::Offered(ident, verdict);
                    }
                    Origin::Earlier => released.push((ident, verdict)),
                }
            }
        }
    }
    let first_index = batch.flush(conn, log, submitter)?;
    let finish = |pending: Pending, index: Option<usize>| match pending {
        Pending::Done(result) => result,
        Pending::Offered(ident, verdict) => batch.result(ident, verdict, first_index, index),
    };
    Ok(SubmitResponse {
        results: results
            .into_iter()
            .enumerate()
            .map(|(index, pending)| finish(pending, Some(index)))
            .collect(),
        released: released
            .into_iter()
            .map(|(ident, verdict)| batch.result(ident, verdict, first_index, None))
            .collect(),
    })
}

/// A refusal before the record reaches a chain.
fn refused(record: Option<&Record>, check: &str, detail: String) -> RecordResult {
    let ident = record.map(Ident::of).unwrap_or_default();
    RecordResult {
        index: None,
        hash: ident.hash,
        chain: ident.chain,
        seq: ident.seq,
        case: ident.case,
        outcome: Outcome::Refused {
            check: check.to_owned(),
            detail,
            findings: Vec::new(),
        },
    }
}

/// What names a record in a result.
#[derive(Debug, Clone, Default)]
struct Ident {
    hash: Option<String>,
    chain: Option<String>,
    seq: Option<u64>,
    case: Option<String>,
}

impl Ident {
    fn of(record: &Record) -> Ident {
        Ident {
            hash: Some(record.hash().to_hex()),
            chain: Some(record.chain().to_owned()),
            seq: Some(record.seq()),
            case: case_of_chain(record.chain()).ok().map(str::to_owned),
        }
    }
}

/// Where a record offered to a chain came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    /// This submission, at this index.
    Submitted(usize),
    /// Held from an earlier submission.
    Earlier,
}

/// A record on its way to its chain, with who sent it and when.
struct Offered {
    record: Record,
    origin: Origin,
    received_at_us: i64,
    submitted_by: String,
}

/// An outcome whose log index may not be known until the leaves are appended.
#[derive(Debug, Clone)]
enum Verdict {
    Accepted {
        slot: usize,
        findings: Vec<FindingView>,
    },
    Duplicate {
        stored_as: StoredAs,
        log: LogIndex,
    },
    Held {
        chain: String,
        seq: u64,
    },
    Fork {
        conflicts_with: String,
        slot: usize,
    },
    Refused {
        check: String,
        detail: String,
        findings: Vec<FindingView>,
    },
}

#[derive(Debug, Clone, Copy)]
enum LogIndex {
    Stored(u64),
    /// The n-th leaf this submission appends.
    Slot(usize),
}

fn refusal(check: &str, detail: impl Into<String>) -> Verdict {
    Verdict::Refused {
        check: check.to_owned(),
        detail: detail.into(),
        findings: Vec::new(),
    }
}

enum Pending {
    Done(RecordResult),
    Offered(Ident, Verdict),
}

/// How a hash was already dealt with in this submission.
#[derive(Debug, Clone)]
enum Seen {
    Accepted(usize),
    Fork(usize),
    Held { chain: String, seq: u64 },
}

/// A case as this submission sees it.
struct CaseSlot {
    row: CaseRow,
    org_path: String,
    /// The unit's rule configuration and calendar.
    rules: RuleContext,
    state: CaseState,
    /// Whether the row exists in the database.
    stored: bool,
    changed: bool,
    officers: BTreeSet<String>,
    new_officers: BTreeSet<String>,
    /// The assigned officers as stored, to write only what the submission changes.
    stored_assigned: BTreeSet<String>,
    /// The signer of the record that opened the case, when this submission opened it.
    opened_by: Option<String>,
}

/// A chain as this submission sees it.
struct ChainSlot {
    case_id: String,
    state: ChainState,
    /// The device that writes the chain, once a record of it is accepted.
    device: Option<DeviceId>,
    stored: bool,
    changed: bool,
    created_at_us: i64,
    /// Records waiting for their predecessor, by seq.
    held: BTreeMap<u64, Vec<HeldRecord>>,
    /// Hashes accepted by this submission, by seq.
    accepted_here: HashMap<u64, String>,
}

struct HeldRecord {
    offered: Offered,
    /// Whether it is in the `held_records` table, from an earlier submission: its device
    /// key and signature are checked again when it is released.
    stored: bool,
}

/// A write that waits for the log append.
enum Write {
    Record {
        row: RecordRow,
        findings: Vec<FindingRow>,
        slot: usize,
    },
    Fork {
        row: ForkRow,
        slot: usize,
    },
}

struct Batch {
    now_us: i64,
    cases: HashMap<String, CaseSlot>,
    chains: HashMap<String, ChainSlot>,
    seen: HashMap<Sha256Digest, Seen>,
    signers: Signers,
    context: ContextReader,
    keys: DeviceKeys,
    leaves: Vec<(&'static str, Vec<u8>)>,
    writes: Vec<Write>,
    /// Held records to delete from `held_records`.
    unheld: Vec<String>,
    /// Hashes already looked up in the database, with where they are stored if they are.
    stored: HashMap<String, Option<(StoredAs, i64)>>,
    /// Chain rows read ahead for the submitted records, `None` for a chain not stored yet.
    chain_rows: HashMap<String, Option<ChainRow>>,
    /// Held records read ahead, by chain (an entry for every chain read ahead).
    held_rows: HashMap<String, Vec<HeldRow>>,
    /// Case rows read ahead for the submitted records, `None` for a case not stored yet.
    case_rows: HashMap<String, Option<CaseRow>>,
}

impl Batch {
    fn new(now_us: i64) -> Batch {
        Batch {
            now_us,
            cases: HashMap::new(),
            chains: HashMap::new(),
            seen: HashMap::new(),
            signers: Signers::default(),
            context: ContextReader::default(),
            keys: DeviceKeys::default(),
            leaves: Vec::new(),
            writes: Vec::new(),
            unheld: Vec::new(),
            stored: HashMap::new(),
            chain_rows: HashMap::new(),
            held_rows: HashMap::new(),
            case_rows: HashMap::new(),
        }
    }

    /// Reads the chains, their held records and the cases of the submitted records in three
    /// queries, rather than three per chain as each is first offered.
    fn read_ahead(&mut self, conn: &mut DbConnection, records: &[&Record]) -> Result<(), ApiError> {
        let chain_ids: BTreeSet<&str> = records.iter().map(|record| record.chain()).collect();
        let case_ids: BTreeSet<&str> = records
            .iter()
            .filter_map(|record| case_of_chain(record.chain()).ok())
            .collect();
        let chain_ids: Vec<&str> = chain_ids.into_iter().collect();
        let case_ids: Vec<&str> = case_ids.into_iter().collect();
        for chunk in chain_ids.chunks(db::ROWS_PER_INSERT) {
            for &id in chunk {
                self.chain_rows.insert(id.to_owned(), None);
                self.held_rows.insert(id.to_owned(), Vec::new());
            }
            for row in db::chains::find_all(conn, chunk)? {
                self.chain_rows.insert(row.id.clone(), Some(row));
            }
            for row in db::chains::held_for_all(conn, chunk)? {
                self.held_rows
                    .entry(row.chain_id.clone())
                    .or_default()
                    .push(row);
            }
        }
        for chunk in case_ids.chunks(db::ROWS_PER_INSERT) {
            self.case_rows
                .extend(chunk.iter().map(|&id| (id.to_owned(), None)));
            for row in db::cases::find_all(conn, chunk)? {
                self.case_rows.insert(row.id.clone(), Some(row));
            }
        }
        Ok(())
    }

    /// The stored row of a case, read ahead or now.
    fn case_row(
        &mut self,
        conn: &mut DbConnection,
        case_id: &str,
    ) -> Result<Option<CaseRow>, ApiError> {
        match self.case_rows.get(case_id) {
            Some(row) => Ok(row.clone()),
            None => Ok(db::cases::find(conn, case_id)?),
        }
    }

    /// Finds which of the submitted records are stored already, in two queries rather than
    /// two per record.
    fn look_up_stored(
        &mut self,
        conn: &mut DbConnection,
        hashes: Vec<String>,
    ) -> Result<(), ApiError> {
        let accepted = db::records::accepted_indexes(conn, &hashes)?;
        let forks = db::records::fork_indexes(conn, &hashes)?;
        self.stored
            .extend(hashes.into_iter().map(|hash| (hash, None)));
        let found = (accepted
            .into_iter()
            .map(|(hash, index)| (hash, StoredAs::Accepted, index)))
        .chain(
            forks
                .into_iter()
                .map(|(hash, index)| (hash, StoredAs::Fork, index)),
        );
        for (hash, stored_as, index) in found {
            self.stored.insert(hash, Some((stored_as, index)));
        }
        Ok(())
    }

    /// Where a record is stored, if it is.
    fn stored_as(
        &mut self,
        conn: &mut DbConnection,
        hash: &str,
    ) -> Result<Option<(StoredAs, i64)>, ApiError> {
        if let Some(stored) = self.stored.get(hash) {
            return Ok(*stored);
        }
        let stored = match db::records::accepted_index(conn, hash)? {
            Some(index) => Some((StoredAs::Accepted, index)),
            None => db::records::fork_index(conn, hash)?.map(|index| (StoredAs::Fork, index)),
        };
        self.stored.insert(hash.to_owned(), stored);
        Ok(stored)
    }

    /// Offers an authenticated record to its chain: duplicate, held, fork, or on to its case.
    /// The record's signature is verified already.
    fn offer(
        &mut self,
        conn: &mut DbConnection,
        offered: Offered,
    ) -> Result<(Ident, Verdict), ApiError> {
        let record = &offered.record;
        let ident = Ident::of(record);
        let hash = record.hash();
        if let Some(seen) = self.seen.get(&hash) {
            return Ok((ident, seen_verdict(seen)));
        }
        if let Some((stored_as, index)) = self.stored_as(conn, &hash.to_hex())? {
            let log = LogIndex::Stored(index as u64);
            return Ok((ident, Verdict::Duplicate { stored_as, log }));
        }
        let case_id = ident.case.clone().unwrap_or_default();
        self.load_chain(conn, record.chain(), &case_id)?;
        // A chain with accepted records means its case exists: a signer who may not record in
        // it hears what a case that does not exist answers, before anything about the chain.
        if self.chains[record.chain()].device.is_some()
            && self.barred(conn, record.officer(), &case_id)?
        {
            return Ok((ident, unknown_case(&case_id, record)));
        }
        let chain = &self.chains[record.chain()];
        if let Some(device) = &chain.device
            && device != record.device()
        {
            let detail = format!("chain {} is written by device {device}", record.chain());
            return Ok((ident, refusal("chain.device", detail)));
        }
        let verdict = match chain.state.check_verified(record) {
            Ok(()) => self.admit(conn, offered, &case_id)?,
            Err(ChainBreak {
                fault: ChainFault::Gap,
                seq: missing_from,
            }) if record.seq() - missing_from > MAX_HELD_AHEAD => {
                let detail = format!(
                    "seq {} is more than {MAX_HELD_AHEAD} ahead of the chain's next seq {missing_from}",
                    record.seq()
                );
                refusal("chain.gap", detail)
            }
            Err(ChainBreak {
                fault: ChainFault::Gap,
                ..
            }) => {
                // Held as for a case that does not exist, but not kept in a case its signer
                // may not record in, whose view would show it.
                let keep = !(self.case_exists(conn, &case_id)?
                    && self.barred(conn, record.officer(), &case_id)?);
                self.hold(offered, keep)
            }
            Err(ChainBreak {
                fault: ChainFault::Fork | ChainFault::SeqTaken,
                ..
            }) => self.fork(conn, offered, &case_id)?,
            Err(ChainBreak {
                fault: fault @ (ChainFault::PrevAtGenesis | ChainFault::WrongPrev { .. }),
                ..
            }) => refusal("chain.prev", fault.to_string()),
            Err(ChainBreak { fault, .. }) => {
                return Err(ApiError::internal(format_args!(
                    "chain {} at seq {}: {fault} after authentication",
                    record.chain(),
                    record.seq()
                )));
            }
        };
        Ok((ident, verdict))
    }

    /// Checks a record that may follow its chain's head against its case's lifecycle and the
    /// rules; accepts it unless a block finding refuses it.
    fn admit(
        &mut self,
        conn: &mut DbConnection,
        offered: Offered,
        case_id: &str,
    ) -> Result<Verdict, ApiError> {
        let record = &offered.record;
        let Some(signer) = self.signers.get(conn, record.officer())? else {
            let detail = format!("officer {} is not a user", record.officer());
            return Ok(refusal("record.officer", detail));
        };
        self.load_case(conn, case_id, &signer.org_id, &signer.org_path)?;
        let case = self.cases.get_mut(case_id).expect("loaded");
        if case.state.records == 0 {
            if !(signer.opens_cases() && assignment::opens_a_case(record.kind())) {
                return Ok(unknown_case(case_id, record));
            }
            // The unit of the officer who opens a case owns it.
            case.row.org_id = signer.org_id.clone();
            case.org_path = signer.org_path.clone();
            case.rules = self.context.unit(conn, &signer.org_path)?;
            case.opened_by = Some(record.officer().to_owned());
        } else if !signer.records_into(&case.org_path, &case.state.assigned)? {
            return Ok(unknown_case(case_id, record));
        }
        // Typed once: a record that does not type gets the schema rule's finding alone.
        let typed = match record.to_case_record() {
            Ok(typed) => typed.into_owned(),
            Err(_) => {
                let findings = rules::check(&case.state, record, &RuleContext::default());
                return Ok(blocked(&findings)
                    .unwrap_or_else(|| refusal("RECORD-schema", "the record does not type")));
            }
        };
        let assignment = self
            .signers
            .refuse_assignment(conn, &signer, &case.org_path, &typed)?;
        if let Some((check, detail)) = assignment {
            return Ok(refusal(check, detail));
        }
        let context = self.context.for_record(conn, &case.rules, &typed)?;
        let findings = rules::check(&case.state, &typed, &context);
        if let Some(verdict) = blocked(&findings) {
            return Ok(verdict);
        }
        let views: Vec<FindingView> = findings.iter().map(FindingView::from).collect();
        if let Err(error) = case.state.apply(&typed) {
            return Ok(refusal("LIFECYCLE-stage-order", error.to_string()));
        }
        case.changed = true;
        for officer in typed.acting_officers() {
            if !case.officers.contains(officer) {
                case.new_officers.insert(officer.to_owned());
            }
        }
        let hash = record.hash();
        let hex = hash.to_hex();
        let seq = record.seq();
        let chain = self.chains.get_mut(record.chain()).expect("loaded");
        let length = NonZeroU64::new(seq + 1).expect("seq + 1 is not zero");
        chain.state = ChainState::resume(record.chain(), hash, length);
        chain.device.get_or_insert_with(|| record.device().clone());
        chain.changed = true;
        chain.accepted_here.insert(seq, hex.clone());
        let entry = RecordEntry::new(record, case_id, &case.row.org_id, None);
        let slot = self.push_leaf(entry::RECORD, &entry)?;
        let findings = findings
            .iter()
            .map(|finding| FindingRow {
                record_hash: hex.clone(),
                rule: finding.rule.to_owned(),
                case_id: case_id.to_owned(),
                severity: super::outcome::severity_text(finding.severity).to_owned(),
                detail: finding.detail.clone(),
                found_at_us: self.now_us,
                calendar_unpublished: finding.calendar_unpublished,
            })
            .collect();
        let row = record_row(&offered, case_id);
        self.writes.push(Write::Record {
            row,
            findings,
            slot,
        });
        self.seen.insert(hash, Seen::Accepted(slot));
        Ok(Verdict::Accepted {
            slot,
            findings: views,
        })
    }

    /// Keeps a record whose predecessor has not arrived.
    fn hold(&mut self, offered: Offered, keep: bool) -> Verdict {
        let chain_id = offered.record.chain().to_owned();
        let seq = offered.record.seq();
        let hash = offered.record.hash();
        let chain = self.chains.get_mut(&chain_id).expect("loaded");
        let waiting = chain.held.entry(seq).or_default();
        if keep
            && !waiting
                .iter()
                .any(|held| held.offered.record.hash() == hash)
        {
            waiting.push(HeldRecord {
                offered,
                stored: false,
            });
        }
        let chain = chain_id;
        self.seen.insert(
            hash,
            Seen::Held {
                chain: chain.clone(),
                seq,
            },
        );
        Verdict::Held { chain, seq }
    }

    /// Keeps a second, different record at a taken seq as evidence, logged and flagged.
    fn fork(
        &mut self,
        conn: &mut DbConnection,
        offered: Offered,
        case_id: &str,
    ) -> Result<Verdict, ApiError> {
        let record = &offered.record;
        let chain = &self.chains[record.chain()];
        let conflicts_with = match chain.accepted_here.get(&record.seq()) {
            Some(hash) => hash.clone(),
            None => db::records::hash_at(conn, record.chain(), record.seq())?.ok_or_else(|| {
                ApiError::internal(format_args!(
                    "chain {} has no record at seq {}",
                    record.chain(),
                    record.seq()
                ))
            })?,
        };
        let case = self.case_of_stored_chain(conn, case_id)?;
        case.row.fork_count += 1;
        case.changed = true;
        let org_id = case.row.org_id.clone();
        let entry = RecordEntry::new(record, case_id, &org_id, Some(conflicts_with.clone()));
        let slot = self.push_leaf(entry::FORK, &entry)?;
        let row = ForkRow::of(record_row(&offered, case_id), conflicts_with.clone());
        self.writes.push(Write::Fork { row, slot });
        self.seen.insert(record.hash(), Seen::Fork(slot));
        Ok(Verdict::Fork {
            conflicts_with,
            slot,
        })
    }

    /// Offers the held records of `chain_id` whose predecessor is now its head, and then the
    /// ones after them, as long as the chain moves. Returns their outcomes.
    fn release(
        &mut self,
        conn: &mut DbConnection,
        chain_id: &str,
    ) -> Result<Vec<(Origin, Ident, Verdict)>, ApiError> {
        let mut outcomes = Vec::new();
        loop {
            let chain = self.chains.get_mut(chain_id).expect("loaded");
            let next_seq = chain.state.next_seq();
            let Some(entry) = chain.held.first_entry() else {
                break;
            };
            if *entry.key() > next_seq {
                break;
            }
            let mut waiting = entry.remove();
            waiting.sort_by_key(|held| held.offered.record.hash());
            for held in waiting {
                let hash = held.offered.record.hash();
                self.seen.remove(&hash);
                if held.stored {
                    self.unheld.push(hash.to_hex());
                }
                let origin = held.offered.origin;
                let record = &held.offered.record;
                let earlier = if held.stored {
                    match self.keys.for_record(conn, record)? {
                        Ok(key) => record
                            .verify_signature(&key)
                            .map_err(|error| ("record.signature", error.to_string())),
                        Err(refusal) => Err(refusal),
                    }
                } else {
                    Ok(())
                };
                let (ident, verdict) = match earlier {
                    Ok(()) => self.offer(conn, held.offered)?,
                    Err((check, detail)) => (Ident::of(record), refusal(check, detail)),
                };
                outcomes.push((origin, ident, verdict));
            }
        }
        Ok(outcomes)
    }

    fn push_leaf(
        &mut self,
        entry_type: &'static str,
        entry: &RecordEntry,
    ) -> Result<usize, ApiError> {
        let leaf = crate::log::leaf_bytes(entry_type, entry)?;
        self.leaves.push((entry_type, leaf));
        Ok(self.leaves.len() - 1)
    }

    /// Loads a chain, its held records and its case id, once per submission.
    fn load_chain(
        &mut self,
        conn: &mut DbConnection,
        chain_id: &str,
        case_id: &str,
    ) -> Result<(), ApiError> {
        if self.chains.contains_key(chain_id) {
            return Ok(());
        }
        let row = match self.chain_rows.remove(chain_id) {
            Some(row) => row,
            None => db::chains::find(conn, chain_id)?,
        };
        let mut slot = match row {
            Some(row) => {
                let head = Sha256Digest::from_hex(&row.head_hash).map_err(|error| {
                    ApiError::internal(format_args!("chain {chain_id}: {error}"))
                })?;
                let length = u64::try_from(row.next_seq)
                    .ok()
                    .and_then(NonZeroU64::new)
                    .ok_or_else(|| ApiError::internal(format_args!("chain {chain_id} length")))?;
                let device = DeviceId::parse(&row.device_id).map_err(|error| {
                    ApiError::internal(format_args!("chain {chain_id}: {error}"))
                })?;
                ChainSlot {
                    case_id: row.case_id,
                    state: ChainState::resume(chain_id, head, length),
                    device: Some(device),
                    stored: true,
                    changed: false,
                    created_at_us: row.created_at_us,
                    held: BTreeMap::new(),
                    accepted_here: HashMap::new(),
                }
            }
            None => ChainSlot {
                case_id: case_id.to_owned(),
                state: ChainState::new(chain_id),
                device: None,
                stored: false,
                changed: false,
                created_at_us: self.now_us,
                held: BTreeMap::new(),
                accepted_here: HashMap::new(),
            },
        };
        let held = match self.held_rows.remove(chain_id) {
            Some(held) => held,
            None => db::chains::held_for(conn, chain_id)?,
        };
        for row in held {
            let record = state::parse_stored(&row.canonical, &row.hash)?;
            slot.held.entry(record.seq()).or_default().push(HeldRecord {
                offered: Offered {
                    record,
                    origin: Origin::Earlier,
                    received_at_us: row.received_at_us,
                    submitted_by: row.submitted_by,
                },
                stored: true,
            });
        }
        self.chains.insert(chain_id.to_owned(), slot);
        Ok(())
    }

    /// Loads a case with its folded state, or starts an empty one in `unit`.
    fn load_case(
        &mut self,
        conn: &mut DbConnection,
        case_id: &str,
        org_id: &str,
        org_path: &str,
    ) -> Result<(), ApiError> {
        if self.cases.contains_key(case_id) {
            return Ok(());
        }
        let slot = match self.case_row(conn, case_id)? {
            Some(row) => {
                // The case's unit, for its rules; whether the signer may write here is
                // decided through the policy table, not by this lookup.
                let org = db::orgs::find_unscoped(conn, &row.org_id)?.ok_or_else(|| {
                    ApiError::internal(format_args!("case {case_id} has no organisation"))
                })?;
                let (state, _) = state::fold(&db::records::of_case(conn, case_id)?)?;
                CaseSlot {
                    rules: self.context.unit(conn, &org.path)?,
                    officers: db::cases::officers(conn, case_id)?.into_iter().collect(),
                    stored_assigned: db::cases::assigned(conn, case_id)?.into_iter().collect(),
                    row,
                    org_path: org.path,
                    state,
                    stored: true,
                    changed: false,
                    new_officers: BTreeSet::new(),
                    opened_by: None,
                }
            }
            None => CaseSlot {
                row: CaseRow {
                    id: case_id.to_owned(),
                    org_id: org_id.to_owned(),
                    procedure: None,
                    stage: CaseState::new().stage.name().to_owned(),
                    domain: None,
                    category: None,
                    major: false,
                    complex: false,
                    filed_at_us: None,
                    next_deadline_us: None,
                    record_count: 0,
                    fork_count: 0,
                    opened_at_us: self.now_us,
                    updated_at_us: self.now_us,
                },
                org_path: org_path.to_owned(),
                rules: self.context.unit(conn, org_path)?,
                state: CaseState::new(),
                stored: false,
                changed: false,
                officers: BTreeSet::new(),
                new_officers: BTreeSet::new(),
                stored_assigned: BTreeSet::new(),
                opened_by: None,
            },
        };
        self.cases.insert(case_id.to_owned(), slot);
        Ok(())
    }

    /// The case of a chain that has accepted records, so the case exists.
    fn case_of_stored_chain(
        &mut self,
        conn: &mut DbConnection,
        case_id: &str,
    ) -> Result<&mut CaseSlot, ApiError> {
        if !self.cases.contains_key(case_id) {
            let row = self
                .case_row(conn, case_id)?
                .ok_or_else(|| ApiError::internal(format_args!("case {case_id} is missing")))?;
            // As in `load_case`: the unit of a case already stored, for its rules.
            let org = db::orgs::find_unscoped(conn, &row.org_id)?
                .ok_or_else(|| ApiError::internal(format_args!("case {case_id} has no unit")))?;
            self.load_case(conn, case_id, &org.id, &org.path)?;
        }
        Ok(self.cases.get_mut(case_id).expect("loaded"))
    }

    /// Whether the case `case_id` has accepted records, here or before.
    fn case_exists(&mut self, conn: &mut DbConnection, case_id: &str) -> Result<bool, ApiError> {
        match self.cases.get(case_id) {
            Some(case) => Ok(case.state.records > 0),
            None => Ok(self.case_row(conn, case_id)?.is_some()),
        }
    }

    /// Whether the signer `officer` may not record in the existing case `case_id`.
    fn barred(
        &mut self,
        conn: &mut DbConnection,
        officer: &str,
        case_id: &str,
    ) -> Result<bool, ApiError> {
        let Some(signer) = self.signers.get(conn, officer)? else {
            return Ok(true);
        };
        let case = self.case_of_stored_chain(conn, case_id)?;
        Ok(!signer.records_into(&case.org_path, &case.state.assigned)?)
    }

    /// Writes everything, each table's new rows in a few multi-row inserts, and returns the
    /// log index of the first appended leaf.
    fn flush(
        &mut self,
        conn: &mut DbConnection,
        log: &mut Appender,
        submitter: &str,
    ) -> Result<u64, ApiError> {
        let now_us = self.now_us;
        let mut new_cases = Vec::new();
        for case in self.cases.values_mut().filter(|c| c.changed) {
            project(case, now_us);
            if !case.stored {
                new_cases.push(case.row.clone());
            }
        }
        db::cases::insert_all(conn, &new_cases)?;
        let new_chains: Vec<ChainRow> = self
            .chains
            .iter()
            .filter(|(_, chain)| !chain.stored && chain.changed)
            .filter_map(|(chain_id, chain)| {
                let (head, device) = (chain.state.head()?, chain.device.as_ref()?);
                Some(ChainRow {
                    id: chain_id.clone(),
                    case_id: chain.case_id.clone(),
                    device_id: device.as_str().to_owned(),
                    head_hash: head.to_hex(),
                    next_seq: chain.state.next_seq() as i64,
                    created_at_us: chain.created_at_us,
                    updated_at_us: now_us,
                })
            })
            .collect();
        db::chains::insert_all(conn, &new_chains)?;
        let appended = log.append_leaves(conn, &self.leaves, now_us)?;
        let first = appended.start;
        let (mut records, mut forks, mut warnings) = (Vec::new(), Vec::new(), Vec::new());
        for write in std::mem::take(&mut self.writes) {
            match write {
                Write::Record {
                    mut row,
                    findings,
                    slot,
                } => {
                    row.log_index = (first + slot as u64) as i64;
                    records.push(row);
                    warnings.extend(findings.into_iter().filter(|f| f.severity == "warn"));
                }
                Write::Fork { mut row, slot } => {
                    row.log_index = (first + slot as u64) as i64;
                    forks.push(row);
                }
            }
        }
        // Findings and forks name accepted records, so the records go first.
        db::records::insert_all(conn, &records)?;
        db::findings::insert_all(conn, &warnings)?;
        db::records::insert_forks(conn, &forks)?;
        for hash in &self.unheld {
            db::chains::release(conn, hash)?;
        }
        let mut held_rows = Vec::new();
        for (chain_id, chain) in &self.chains {
            for held in chain.held.values().flatten().filter(|held| !held.stored) {
                let record = &held.offered.record;
                held_rows.push(HeldRow {
                    hash: record.hash().to_hex(),
                    case_id: chain.case_id.clone(),
                    chain_id: chain_id.clone(),
                    seq: record.seq() as i64,
                    canonical: record.to_json(),
                    received_at_us: held.offered.received_at_us,
                    submitted_by: held.offered.submitted_by.clone(),
                });
            }
            if chain.stored
                && chain.changed
                && let Some(head) = chain.state.head()
            {
                let next_seq = chain.state.next_seq();
                db::chains::set_head(conn, chain_id, &head.to_hex(), next_seq, now_us)?;
            }
        }
        db::chains::hold_all(conn, &held_rows)?;
        let (mut officers, mut assigned) = (Vec::new(), Vec::new());
        for case in self.cases.values().filter(|c| c.changed) {
            if case.stored {
                db::cases::update(conn, &case.row)?;
            }
            officers.extend(
                case.new_officers
                    .iter()
                    .map(|officer| (case.row.id.as_str(), officer.as_str())),
            );
            let id = case.row.id.as_str();
            let (now, before) = (&case.state.assigned, &case.stored_assigned);
            assigned.extend(now.difference(before).map(|officer| (id, officer.as_str())));
            for officer in before.difference(now) {
                db::cases::release(conn, id, officer)?;
            }
        }
        db::cases::add_officers(conn, &officers)?;
        db::cases::assign(conn, &assigned)?;
        let changed: Vec<ChangedCase> = self
            .cases
            .values()
            .filter(|case| case.changed)
            .map(|case| ChangedCase {
                row: &case.row,
                state: &case.state,
                context: &case.rules,
                opened_by: case.opened_by.as_deref(),
            })
            .collect();
        crate::supervision::cases::record(conn, &changed, &warnings, &forks, now_us)?;
        crate::publicity::follow::follow(conn, log, &changed, submitter, now_us)?;
        Ok(first)
    }

    /// The result of a record, its log index resolved.
    fn result(
        &self,
        ident: Ident,
        verdict: Verdict,
        first_index: u64,
        index: Option<usize>,
    ) -> RecordResult {
        let resolve = |log: LogIndex| match log {
            LogIndex::Stored(index) => index,
            LogIndex::Slot(slot) => first_index + slot as u64,
        };
        let outcome = match verdict {
            Verdict::Accepted { slot, findings } => Outcome::Accepted {
                log_index: resolve(LogIndex::Slot(slot)),
                findings,
            },
            Verdict::Duplicate { stored_as, log } => Outcome::Duplicate {
                stored_as,
                log_index: resolve(log),
            },
            Verdict::Held { chain, seq } => {
                let missing_from = self
                    .chains
                    .get(&chain)
                    .map_or(0, |chain| chain.state.next_seq());
                Outcome::Held {
                    missing_from,
                    missing_to: seq.saturating_sub(1),
                }
            }
            Verdict::Fork {
                conflicts_with,
                slot,
            } => Outcome::Fork {
                conflicts_with,
                log_index: resolve(LogIndex::Slot(slot)),
            },
            Verdict::Refused {
                check,
                detail,
                findings,
            } => Outcome::Refused {
                check,
                detail,
                findings,
            },
        };
        RecordResult {
            index,
            hash: ident.hash,
            chain: ident.chain,
            seq: ident.seq,
            case: ident.case,
            outcome,
        }
    }
}

/// The row of a record, its log index to be set when the leaves are appended.
fn record_row(offered: &Offered, case_id: &str) -> RecordRow {
    let record = &offered.record;
    RecordRow {
        hash: record.hash().to_hex(),
        case_id: case_id.to_owned(),
        chain_id: record.chain().to_owned(),
        seq: record.seq() as i64,
        prev_hash: record.prev().map(Sha256Digest::to_hex),
        kind: record.kind().to_owned(),
        at_us: record.at_us(),
        device_id: record.device().as_str().to_owned(),
        officer_id: record.officer().to_owned(),
        canonical: record.to_json(),
        log_index: 0,
        received_at_us: offered.received_at_us,
        submitted_by: offered.submitted_by.clone(),
    }
}

/// The refusal of a record with these findings, if one of them blocks it.
fn blocked(findings: &[rules::Finding]) -> Option<Verdict> {
    let block = findings.iter().find(|f| f.severity == Severity::Block)?;
    Some(Verdict::Refused {
        check: block.rule.to_owned(),
        detail: block.detail.clone(),
        findings: findings.iter().map(FindingView::from).collect(),
    })
}

fn seen_verdict(seen: &Seen) -> Verdict {
    match seen {
        Seen::Accepted(slot) => Verdict::Duplicate {
            stored_as: StoredAs::Accepted,
            log: LogIndex::Slot(*slot),
        },
        Seen::Fork(slot) => Verdict::Duplicate {
            stored_as: StoredAs::Fork,
            log: LogIndex::Slot(*slot),
        },
        Seen::Held { chain, seq } => Verdict::Held {
            chain: chain.clone(),
            seq: *seq,
        },
    }
}

/// The refusal of a record whose case does not exist or is out of its signer's reach.
fn unknown_case(case_id: &str, record: &Record) -> Verdict {
    let (check, detail) = assignment::unknown_case(case_id, record.kind());
    refusal(check, detail)
}

/// Rewrites a case row from its folded state.
fn project(case: &mut CaseSlot, now_us: i64) {
    let state = &case.state;
    let context = &case.rules;
    let row = &mut case.row;
    row.procedure = state.procedure.map(|procedure| {
        serde_json::to_value(procedure)
            .ok()
            .and_then(|value| value.as_str().map(str::to_owned))
            .unwrap_or_default()
    });
    row.stage = state.stage.name().to_owned();
    row.domain = state.domain.clone();
    row.category = state.category.clone();
    row.major = context.config.is_major(state);
    row.complex = state.complex;
    row.filed_at_us = state.filed_at_us;
    row.next_deadline_us = open_deadlines(state, context)
        .first()
        .map(|deadline| deadline.ends_before_us);
    row.record_count = state.records as i64;
    row.updated_at_us = now_us;
}
