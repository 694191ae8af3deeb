//! The write stage: everything the decisions queued, written at the end of the submission,
//! each table's new rows in a few multi-row inserts: new cases and chains, the log leaves in
//! one append, the records, forks, findings and held records, then the moved chain heads and
//! the refolded cases. And each record's result, its log index resolved once the leaves are
//! appended.

use super::decide::Batch;
use super::load::CaseSlot;
use super::{Ident, LogIndex, Offered, Verdict};
use crate::db::chains::{ChainRow, HeldRow};
use crate::db::evidence_names::EvidenceName;
use crate::db::findings::FindingRow;
use crate::db::records::{ForkRow, RecordRow};
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::log::Appender;
use crate::recording::entry::RecordEntry;
use crate::recording::outcome::{Outcome, RecordResult};
use crate::supervision::cases::ChangedCase;
use crate::supervision::certificates::Acting;
use crate::supervision::held::HeldCase;
use custos_core::digest::Sha256Digest;
use custos_core::record::Record;
use custos_core::rules::open_deadlines;

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

/// What the decisions queued: log leaves, the rows that name them, and the held records
/// released from `held_records`.
#[derive(Default)]
pub(super) struct Writes {
    leaves: Vec<(&'static str, Vec<u8>)>,
    writes: Vec<Write>,
    /// Held records to delete from `held_records`.
    pub unheld: Vec<String>,
    /// The evidence digests the accepted records name.
    pub named: Vec<EvidenceName>,
    /// The officers acting in the accepted records, with their case: `(officer, case)`.
    pub acting: Vec<(String, String)>,
}

impl Writes {
    /// Queues a log leaf; returns its slot, the n-th leaf this submission appends.
    pub fn leaf(
        &mut self,
        entry_type: &'static str,
        entry: &RecordEntry,
    ) -> Result<usize, ApiError> {
        let leaf = crate::log::leaf_bytes(entry_type, entry)?;
        self.leaves.push((entry_type, leaf));
        Ok(self.leaves.len() - 1)
    }

    /// Queues an accepted record, with its findings, logged at `slot`, and the evidence
    /// digests `record` names.
    pub fn record(
        &mut self,
        row: RecordRow,
        findings: Vec<FindingRow>,
        slot: usize,
        record: &Record,
    ) {
        let mut digests: Vec<String> = record
            .evidence_refs()
            .unwrap_or_default()
            .iter()
            .map(|reference| reference.sha256.to_hex())
            .collect();
        digests.sort_unstable();
        digests.dedup();
        self.named
            .extend(digests.into_iter().map(|sha256| EvidenceName {
                sha256,
                record_hash: row.hash.clone(),
                named_at_us: row.received_at_us,
            }));
        self.writes.push(Write::Record {
            row,
            findings,
            slot,
        });
    }

    /// Queues a fork, logged at `slot`.
    pub fn fork(&mut self, row: ForkRow, slot: usize) {
        self.writes.push(Write::Fork { row, slot });
    }
}

impl Batch {
    /// Writes everything, each table's new rows in a few multi-row inserts, and returns the
    /// log index of the first appended leaf.
    pub fn flush(
        &mut self,
        conn: &mut DbConnection,
        log: &mut Appender,
        submitter: &str,
    ) -> Result<u64, ApiError> {
        let desk = &mut self.desk;
        let now_us = desk.now_us;
        let mut new_cases = Vec::new();
        for case in desk.cases.values_mut().filter(|c| c.changed) {
            project(case, now_us);
            if !case.stored {
                new_cases.push(case.row.clone());
            }
        }
        db::cases::insert_all(conn, &new_cases)?;
        let new_chains: Vec<ChainRow> = self
            .chains
            .iter()
            .filter(|(_, chain)| !chain.stored && chain.book.moved())
            .filter_map(|(chain_id, chain)| {
                let (head, device) = (chain.book.state().head()?, chain.book.device()?);
                Some(ChainRow {
                    id: chain_id.clone(),
                    case_id: chain.case_id.clone(),
                    device_id: device.as_str().to_owned(),
                    head_hash: head.to_hex(),
                    next_seq: chain.book.state().next_seq() as i64,
                    created_at_us: chain.created_at_us,
                    updated_at_us: now_us,
                })
            })
            .collect();
        db::chains::insert_all(conn, &new_chains)?;
        let appended = log.append_leaves(conn, &desk.writes.leaves, now_us)?;
        let first = appended.start;
        let (mut records, mut forks, mut warnings) = (Vec::new(), Vec::new(), Vec::new());
        for write in std::mem::take(&mut desk.writes.writes) {
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
        crate::supervision::unnamed::named(conn, &desk.writes.named)?;
        db::findings::insert_all(conn, &warnings)?;
        db::records::insert_forks(conn, &forks)?;
        for hash in &desk.writes.unheld {
            db::chains::release(conn, hash)?;
        }
        crate::supervision::held::released(conn, &desk.writes.unheld, now_us)?;
        let (mut held_rows, mut held_cases) = (Vec::new(), Vec::new());
        for (chain_id, chain) in &self.chains {
            for held in chain.book.held().filter(|held| !held.stored) {
                let record = &held.offered.record;
                held_cases.push(held_case(conn, desk, &chain.case_id, record.officer())?);
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
                && chain.book.moved()
                && let Some(head) = chain.book.state().head()
            {
                let next_seq = chain.book.state().next_seq();
                db::chains::set_head(conn, chain_id, &head.to_hex(), next_seq, now_us)?;
            }
        }
        db::chains::hold_all(conn, &held_rows)?;
        let held_items: Vec<(&HeldRow, HeldCase)> = held_rows
            .iter()
            .zip(held_cases)
            .filter_map(|(row, case)| Some((row, case?)))
            .collect();
        crate::supervision::held::held(conn, &held_items)?;
        let (mut officers, mut assigned) = (Vec::new(), Vec::new());
        for case in desk.cases.values().filter(|c| c.changed) {
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
        let changed: Vec<ChangedCase> = desk
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
        let acting: Vec<Acting> = desk
            .writes
            .acting
            .iter()
            .filter_map(|(officer, case_id)| {
                let case = desk.cases.get(case_id)?;
                Some(Acting {
                    officer_id: officer.clone(),
                    org_id: case.row.org_id.clone(),
                    days: case.rules.config.attention.certificate_expiry_days,
                })
            })
            .collect();
        crate::supervision::certificates::acting(conn, &acting, now_us)?;
        crate::publicity::follow::follow(conn, log, &changed, submitter, now_us)?;
        Ok(first)
    }

    /// The result of a record, its log index resolved.
    pub fn result(
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
                    .map_or(0, |chain| chain.book.state().next_seq());
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

/// Where the case of a record held in it stands: its unit's, if the case exists or this
/// submission opens it; otherwise the unit of the record's signer, where it would be opened.
/// `None` if the signer is no user (such a record is refused once released).
fn held_case(
    conn: &mut DbConnection,
    desk: &mut super::decide::Desk,
    case_id: &str,
    signer: &str,
) -> Result<Option<HeldCase>, ApiError> {
    if let Some(case) = desk.cases.get(case_id)
        && (case.stored || case.changed)
    {
        return Ok(Some(HeldCase {
            org_id: case.row.org_id.clone(),
            exists: true,
            hours: case.rules.config.attention.record_held_hours,
        }));
    }
    let Some(signer) = desk.load.signers.get(conn, signer)? else {
        return Ok(None);
    };
    let unit = desk.load.context.unit(conn, &signer.org_path)?;
    Ok(Some(HeldCase {
        org_id: signer.org_id,
        exists: false,
        hours: unit.config.attention.record_held_hours,
    }))
}

/// The row of a record, its log index to be set when the leaves are appended.
pub(super) fn record_row(offered: &Offered, case_id: &str) -> RecordRow {
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
