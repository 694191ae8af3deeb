//! The decide stage: each authenticated record offered to its chain ([`ChainBook`]: follows,
//! held, fork, refused) and, if it follows, to its case's lifecycle, its signer's reach and
//! the statutory rules. Decisions only queue their writes ([`super::write`]).
//!
//! [`ChainBook`]: custos_core::chain::book::ChainBook

use super::load::{CaseSlot, ChainSlot, HeldRecord, Loader, Unit};
use super::write::Writes;
use super::{Ident, LogIndex, MAX_HELD_AHEAD, Offered, Origin, Verdict, refusal};
use crate::db::findings::FindingRow;
use crate::db::records::ForkRow;
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::recording::assignment;
use crate::recording::entry::{self, RecordEntry};
use crate::recording::outcome::{self, FindingView, StoredAs};
use custos_core::chain::ChainBreak;
use custos_core::chain::book::Step;
use custos_core::digest::Sha256Digest;
use custos_core::lifecycle::AsCaseRecord;
use custos_core::record::Record;
use custos_core::rules::{self, RuleContext, Severity};
use std::collections::HashMap;

/// How a hash was already dealt with in this submission.
#[derive(Debug, Clone)]
enum Seen {
    Accepted(usize),
    Fork(usize),
    Held { chain: String, seq: u64 },
}

/// One submission's chains, and everything else its decisions read and queue.
pub(super) struct Batch {
    pub chains: HashMap<String, ChainSlot>,
    pub desk: Desk,
}

/// What a decision about one record reads and queues besides its chain.
pub(super) struct Desk {
    pub now_us: i64,
    pub load: Loader,
    pub cases: HashMap<String, CaseSlot>,
    seen: HashMap<Sha256Digest, Seen>,
    pub writes: Writes,
}

impl Batch {
    pub fn new(now_us: i64) -> Batch {
        Batch {
            chains: HashMap::new(),
            desk: Desk {
                now_us,
                load: Loader::new(now_us),
                cases: HashMap::new(),
                seen: HashMap::new(),
                writes: Writes::default(),
            },
        }
    }

    /// Offers an authenticated record to its chain: duplicate, held, fork, or on to its case.
    /// The record's signature is verified already.
    pub fn offer(
        &mut self,
        conn: &mut DbConnection,
        offered: Offered,
    ) -> Result<(Ident, Verdict), ApiError> {
        let desk = &mut self.desk;
        let record = &offered.record;
        let ident = Ident::of(record);
        let hash = record.hash();
        if let Some(seen) = desk.seen.get(&hash) {
            return Ok((ident, seen_verdict(seen)));
        }
        if let Some((stored_as, index)) = desk.load.stored_as(conn, &hash.to_hex())? {
            let log = LogIndex::Stored(index as u64);
            return Ok((ident, Verdict::Duplicate { stored_as, log }));
        }
        let case_id = ident.case.clone().unwrap_or_default();
        let chain = desk.load.chain(conn, &mut self.chains, record.chain())?;
        // A chain with accepted records means its case exists: a signer who may not record in
        // it hears what a case that does not exist answers, before anything about the chain.
        if chain.book.device().is_some() && desk.barred(conn, record.officer(), &case_id)? {
            return Ok((ident, unknown_case(&case_id, record)));
        }
        let verdict = match chain.book.step(record, MAX_HELD_AHEAD) {
            Ok(Step::Follows) => desk.admit(conn, offered, chain, &case_id)?,
            Ok(Step::OtherDevice { device }) => {
                let detail = format!("chain {} is written by device {device}", record.chain());
                refusal("chain.device", detail)
            }
            Ok(Step::TooFarAhead { missing_from }) => {
                let detail = format!(
                    "seq {} is more than {MAX_HELD_AHEAD} ahead of the chain's next seq {missing_from}",
                    record.seq()
                );
                refusal("chain.gap", detail)
            }
            Ok(Step::Ahead { .. }) => {
                // Held as for a case that does not exist, but not kept in a case its signer
                // may not record in, whose view would show it.
                let keep = !(desk.case_exists(conn, &case_id)?
                    && desk.barred(conn, record.officer(), &case_id)?);
                desk.hold(offered, chain, keep)
            }
            Ok(Step::Fork) => desk.fork(conn, offered, chain, &case_id)?,
            Ok(Step::Unlinked(fault)) => refusal("chain.prev", fault.to_string()),
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

    /// Offers the held records of `chain_id` whose predecessor is now its head, and then the
    /// ones after them, as long as the chain moves. Returns their outcomes.
    pub fn release(
        &mut self,
        conn: &mut DbConnection,
        chain_id: &str,
    ) -> Result<Vec<(Origin, Ident, Verdict)>, ApiError> {
        let mut outcomes = Vec::new();
        loop {
            let chain = self.desk.load.chain(conn, &mut self.chains, chain_id)?;
            let Some(ready) = chain.book.take_ready() else {
                break;
            };
            for held in ready {
                let hash = held.offered.record.hash();
                self.desk.seen.remove(&hash);
                if held.stored {
                    self.desk.writes.unheld.push(hash.to_hex());
                }
                let origin = held.offered.origin;
                let record = &held.offered.record;
                let earlier = if held.stored {
                    match self.desk.load.keys.for_record(conn, record)? {
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
}

impl Desk {
    /// Checks a record that may follow its chain's head against its case's lifecycle and the
    /// rules; accepts it unless a block finding refuses it.
    fn admit(
        &mut self,
        conn: &mut DbConnection,
        offered: Offered,
        chain: &mut ChainSlot,
        case_id: &str,
    ) -> Result<Verdict, ApiError> {
        let record = &offered.record;
        let Some(signer) = self.load.signers.get(conn, record.officer())? else {
            let detail = format!("officer {} is not a user", record.officer());
            return Ok(refusal("record.officer", detail));
        };
        let unit = Unit {
            id: &signer.org_id,
            path: &signer.org_path,
        };
        let case = self.load.case(conn, &mut self.cases, case_id, Some(unit))?;
        if case.state.records == 0 {
            if !(signer.opens_cases() && assignment::opens_a_case(record.kind())) {
                return Ok(unknown_case(case_id, record));
            }
            // The unit of the officer who opens a case owns it.
            case.row.org_id = signer.org_id.clone();
            case.org_path = signer.org_path.clone();
            case.rules = self.load.context.unit(conn, &signer.org_path)?;
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
        let assignment =
            self.load
                .signers
                .refuse_assignment(conn, &signer, &case.org_path, &typed)?;
        if let Some((check, detail)) = assignment {
            return Ok(refusal(check, detail));
        }
        let context = self
            .load
            .context
            .for_record(conn, &case.rules, &case.org_path, &typed)?;
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
            self.writes
                .acting
                .push((officer.to_owned(), case_id.to_owned()));
            if !case.officers.contains(officer) {
                case.new_officers.insert(officer.to_owned());
            }
        }
        let hash = chain
            .book
            .accept(record)
            .map_err(|error| ApiError::internal(format_args!("{error} after it was checked")))?;
        let hex = hash.to_hex();
        let entry = RecordEntry::new(record, case_id, &case.row.org_id, None);
        let slot = self.writes.leaf(entry::RECORD, &entry)?;
        let findings = findings
            .iter()
            .map(|finding| FindingRow {
                record_hash: hex.clone(),
                rule: finding.rule.to_owned(),
                case_id: case_id.to_owned(),
                severity: outcome::severity_text(finding.severity).to_owned(),
                detail: finding.detail.clone(),
                found_at_us: self.now_us,
                calendar_unpublished: finding.calendar_unpublished,
            })
            .collect();
        let row = super::write::record_row(&offered, case_id);
        self.writes.record(row, findings, slot, &offered.record);
        self.seen.insert(hash, Seen::Accepted(slot));
        Ok(Verdict::Accepted {
            slot,
            findings: views,
        })
    }

    /// Keeps a record whose predecessor has not arrived (unless `keep` is false: then it is
    /// only answered as held).
    fn hold(&mut self, offered: Offered, chain: &mut ChainSlot, keep: bool) -> Verdict {
        let chain_id = offered.record.chain().to_owned();
        let seq = offered.record.seq();
        let hash = offered.record.hash();
        if keep {
            chain.book.hold(HeldRecord {
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
        chain: &ChainSlot,
        case_id: &str,
    ) -> Result<Verdict, ApiError> {
        let record = &offered.record;
        let conflicts_with = match chain.book.accepted_at(record.seq()) {
            Some(hash) => hash.to_hex(),
            None => db::records::hash_at(conn, record.chain(), record.seq())?.ok_or_else(|| {
                ApiError::internal(format_args!(
                    "chain {} has no record at seq {}",
                    record.chain(),
                    record.seq()
                ))
            })?,
        };
        let case = self.load.case(conn, &mut self.cases, case_id, None)?;
        case.row.fork_count += 1;
        case.changed = true;
        let entry = RecordEntry::new(
            record,
            case_id,
            &case.row.org_id,
            Some(conflicts_with.clone()),
        );
        let slot = self.writes.leaf(entry::FORK, &entry)?;
        let row = ForkRow::of(
            super::write::record_row(&offered, case_id),
            conflicts_with.clone(),
        );
        self.writes.fork(row, slot);
        self.seen.insert(record.hash(), Seen::Fork(slot));
        Ok(Verdict::Fork {
            conflicts_with,
            slot,
        })
    }

    /// Whether the case `case_id` has accepted records, here or before.
    fn case_exists(&mut self, conn: &mut DbConnection, case_id: &str) -> Result<bool, ApiError> {
        match self.cases.get(case_id) {
            Some(case) => Ok(case.state.records > 0),
            None => Ok(self.load.case_row(conn, case_id)?.is_some()),
        }
    }

    /// Whether the signer `officer` may not record in the existing case `case_id`.
    fn barred(
        &mut self,
        conn: &mut DbConnection,
        officer: &str,
        case_id: &str,
    ) -> Result<bool, ApiError> {
        let Some(signer) = self.load.signers.get(conn, officer)? else {
            return Ok(true);
        };
        let case = self.load.case(conn, &mut self.cases, case_id, None)?;
        Ok(!signer.records_into(&case.org_path, &case.state.assigned)?)
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
