//! The load stage, inside the write transaction: what the submission's records need read
//! before they can be decided (where each is stored already, its chain with the records held
//! for it, its case folded), read ahead in a few queries and then kept for the submission.

use super::{Offered, Origin};
use crate::db::cases::CaseRow;
use crate::db::chains::{ChainRow, HeldRow};
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::recording::assignment::Signers;
use crate::recording::chain_id::case_of_chain;
use crate::recording::context::ContextReader;
use crate::recording::device_keys::DeviceKeys;
use crate::recording::outcome::StoredAs;
use crate::recording::state;
use custos_core::chain::book::ChainBook;
use custos_core::device::DeviceId;
use custos_core::digest::Sha256Digest;
use custos_core::lifecycle::{CaseState, RecordKind};
use custos_core::record::Record;
use custos_core::rules::RuleContext;
use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap};
use std::num::NonZeroU64;

/// A case as this submission sees it.
pub(super) struct CaseSlot {
    pub row: CaseRow,
    pub org_path: String,
    /// The unit's rule configuration and calendar.
    pub rules: RuleContext,
    pub state: CaseState,
    /// Whether the row exists in the database.
    pub stored: bool,
    pub changed: bool,
    pub officers: BTreeSet<String>,
    pub new_officers: BTreeSet<String>,
    /// The assigned officers as stored, to write only what the submission changes.
    pub stored_assigned: BTreeSet<String>,
    /// The signer of the record that opened the case, when this submission opened it.
    pub opened_by: Option<String>,
}

/// A chain as this submission sees it: its bookkeeping (head, device, held records) in
/// custos-core, and what its row needs besides.
pub(super) struct ChainSlot {
    pub case_id: String,
    pub book: ChainBook<HeldRecord>,
    /// Whether the row exists in the database.
    pub stored: bool,
    pub created_at_us: i64,
}

/// A record waiting for its predecessor.
pub(super) struct HeldRecord {
    pub offered: Offered,
    /// Whether it is in the `held_records` table, from an earlier submission: its device
    /// key and signature are checked again when it is released.
    pub stored: bool,
}

impl AsRef<Record> for HeldRecord {
    fn as_ref(&self) -> &Record {
        &self.offered.record
    }
}

/// Where a case not stored yet is opened: the unit of the officer whose record opens it.
pub(super) struct Unit<'a> {
    pub id: &'a str,
    pub path: &'a str,
}

/// The readers and what they read ahead, kept for one submission.
pub(super) struct Loader {
    now_us: i64,
    pub signers: Signers,
    pub context: ContextReader,
    pub keys: DeviceKeys,
    /// Hashes already looked up in the database, with where they are stored if they are.
    stored: HashMap<String, Option<(StoredAs, i64)>>,
    /// Chain rows read ahead for the submitted records, `None` for a chain not stored yet.
    chain_rows: HashMap<String, Option<ChainRow>>,
    /// Held records read ahead, by chain (an entry for every chain read ahead).
    held_rows: HashMap<String, Vec<HeldRow>>,
    /// Case rows read ahead for the submitted records, `None` for a case not stored yet.
    case_rows: HashMap<String, Option<CaseRow>>,
}

impl Loader {
    pub fn new(now_us: i64) -> Loader {
        Loader {
            now_us,
            signers: Signers::default(),
            context: ContextReader::default(),
            keys: DeviceKeys::default(),
            stored: HashMap::new(),
            chain_rows: HashMap::new(),
            held_rows: HashMap::new(),
            case_rows: HashMap::new(),
        }
    }

    /// Reads the chains, their held records and the cases of the submitted records in three
    /// queries, rather than three per chain as each is first offered.
    pub fn read_ahead(
        &mut self,
        conn: &mut DbConnection,
        records: &[&Record],
    ) -> Result<(), ApiError> {
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
        // The evidence decisions rest on, checked against quarantine once for all of them.
        let decided = records
            .iter()
            .filter(|record| record.kind() == RecordKind::DecisionIssued.name())
            .flat_map(|record| record.evidence_refs().unwrap_or_default())
            .map(|reference| reference.sha256.to_hex());
        self.context.read_quarantined(conn, decided)?;
        Ok(())
    }

    /// The stored row of a case, read ahead or now.
    pub fn case_row(
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
    pub fn look_up_stored(
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
    pub fn stored_as(
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

    /// The chain `chain_id` with its held records, read once per submission.
    pub fn chain<'a>(
        &mut self,
        conn: &mut DbConnection,
        chains: &'a mut HashMap<String, ChainSlot>,
        chain_id: &str,
    ) -> Result<&'a mut ChainSlot, ApiError> {
        match chains.entry(chain_id.to_owned()) {
            Entry::Occupied(entry) => Ok(entry.into_mut()),
            Entry::Vacant(entry) => Ok(entry.insert(self.read_chain(conn, chain_id)?)),
        }
    }

    fn read_chain(
        &mut self,
        conn: &mut DbConnection,
        chain_id: &str,
    ) -> Result<ChainSlot, ApiError> {
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
                    book: ChainBook::resume(chain_id, head, length, device),
                    stored: true,
                    created_at_us: row.created_at_us,
                }
            }
            None => ChainSlot {
                // Every offered record's chain names its case (checked when authenticated).
                case_id: case_of_chain(chain_id).unwrap_or_default().to_owned(),
                book: ChainBook::new(chain_id),
                stored: false,
                created_at_us: self.now_us,
            },
        };
        let held = match self.held_rows.remove(chain_id) {
            Some(held) => held,
            None => db::chains::held_for(conn, chain_id)?,
        };
        for row in held {
            let record = state::parse_stored(&row.canonical, &row.hash)?;
            slot.book.hold(HeldRecord {
                offered: Offered {
                    record,
                    origin: Origin::Earlier,
                    received_at_us: row.received_at_us,
                    submitted_by: row.submitted_by,
                },
                stored: true,
            });
        }
        Ok(slot)
    }

    /// The case `case_id` with its folded state, read once per submission; a case not
    /// stored yet starts empty in `new_in`, and without one is an error (the case of a chain
    /// with accepted records exists).
    pub fn case<'a>(
        &mut self,
        conn: &mut DbConnection,
        cases: &'a mut HashMap<String, CaseSlot>,
        case_id: &str,
        new_in: Option<Unit<'_>>,
    ) -> Result<&'a mut CaseSlot, ApiError> {
        match cases.entry(case_id.to_owned()) {
            Entry::Occupied(entry) => Ok(entry.into_mut()),
            Entry::Vacant(entry) => Ok(entry.insert(self.read_case(conn, case_id, new_in)?)),
        }
    }

    fn read_case(
        &mut self,
        conn: &mut DbConnection,
        case_id: &str,
        new_in: Option<Unit<'_>>,
    ) -> Result<CaseSlot, ApiError> {
        let Some(row) = self.case_row(conn, case_id)? else {
            let unit = new_in
                .ok_or_else(|| ApiError::internal(format_args!("case {case_id} is missing")))?;
            return Ok(CaseSlot {
                row: CaseRow {
                    id: case_id.to_owned(),
                    org_id: unit.id.to_owned(),
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
                org_path: unit.path.to_owned(),
                rules: self.context.unit(conn, unit.path)?,
                state: CaseState::new(),
                stored: false,
                changed: false,
                officers: BTreeSet::new(),
                new_officers: BTreeSet::new(),
                stored_assigned: BTreeSet::new(),
                opened_by: None,
            });
        };
        // The case's unit, for its rules; whether the signer may write here is decided
        // through the policy table, not by this lookup.
        let org = db::orgs::find_unscoped(conn, &row.org_id)?.ok_or_else(|| {
            ApiError::internal(format_args!("case {case_id} has no organisation"))
        })?;
        let (state, _) = state::fold(&db::records::of_case(conn, case_id)?)?;
        Ok(CaseSlot {
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
        })
    }
}
