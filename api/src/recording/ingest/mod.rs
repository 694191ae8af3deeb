//! One submission of signed records: each checked against its device, its chain, its case's
//! lifecycle and the statutory rules, then stored and logged, all in one write transaction.
//!
//! Four stages. [`authenticate`] runs first, outside the transaction: the strict parse, the
//! chain id, the officer, the device key at the record's time and the signature. [`ingest`]
//! then runs as a [`crate::log::commit`] job, under the database's write lock and the log
//! head's lock (so submissions from any number of workers and nodes are serial): [`load`]
//! reads ahead what the records need, [`decide`] offers each record to its chain (whose
//! bookkeeping, hold, fork and release of held records, is custos-core's
//! [`custos_core::chain::book::ChainBook`]) and case in the order submitted, releasing held
//! records whose gap fills, and [`write`] writes everything at the end.

mod authenticate;
mod decide;
mod load;
mod write;

pub use authenticate::{Authentic, Checked, authenticate};

use super::chain_id::case_of_chain;
use super::outcome::{FindingView, Outcome, RecordResult, StoredAs, SubmitResponse};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::log::Appender;
use custos_core::record::Record;

/// Most records in one submission.
pub const MAX_RECORDS_PER_SUBMISSION: usize = 1000;

/// How far ahead of its chain's head a record may be and still be held: a phone queues at
/// most a few thousand steps offline, and a seq far beyond that is a broken or hostile client
/// that would otherwise fill the held records without end.
pub const MAX_HELD_AHEAD: u64 = 10_000;

/// The stages after [`authenticate`], inside a [`crate::log::commit`] job: offers every authenticated record,
/// in order, and stores the outcome.
pub fn ingest(
    conn: &mut DbConnection,
    log: &mut Appender,
    checked: Checked,
    submitter: &str,
    now_us: i64,
) -> Result<SubmitResponse, ApiError> {
    crate::supervision::devices::records_after_revocation(conn, &checked.revoked, now_us)?;
    let checked = checked.items;
    let mut batch = decide::Batch::new(now_us);
    let hashes: Vec<String> = checked
        .iter()
        .filter_map(|item| item.as_ref().ok())
        .map(|authentic| authentic.record.hash().to_hex())
        .collect();
    batch.desk.load.look_up_stored(conn, hashes)?;
    let submitted: Vec<&Record> = checked
        .iter()
        .filter_map(|item| item.as_ref().ok())
        .map(|authentic| &authentic.record)
        .collect();
    batch.desk.load.read_ahead(conn, &submitted)?;
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
pub(super) fn refused(record: Option<&Record>, check: &str, detail: String) -> RecordResult {
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
pub(super) struct Ident {
    pub hash: Option<String>,
    pub chain: Option<String>,
    pub seq: Option<u64>,
    pub case: Option<String>,
}

impl Ident {
    pub fn of(record: &Record) -> Ident {
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
pub(super) enum Origin {
    /// This submission, at this index.
    Submitted(usize),
    /// Held from an earlier submission.
    Earlier,
}

/// A record on its way to its chain, with who sent it and when.
pub(super) struct Offered {
    pub record: Record,
    pub origin: Origin,
    pub received_at_us: i64,
    pub submitted_by: String,
}

/// An outcome whose log index may not be known until the leaves are appended.
#[derive(Debug, Clone)]
pub(super) enum Verdict {
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
pub(super) enum LogIndex {
    Stored(u64),
    /// The n-th leaf this submission appends.
    Slot(usize),
}

pub(super) fn refusal(check: &str, detail: impl Into<String>) -> Verdict {
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
