//! The log entries of full-process recording: `record` for an accepted record and `fork` for
//! the evidence of a fork. Ids, hashes, kinds and times only: the log carries no personal
//! data (CONTRACT.md, Log), and the record hash commits to everything else.

use crate::record::Record;
use serde::{Deserialize, Serialize};

/// `type` of the entry of an accepted record.
pub const RECORD: &str = "record";
/// `type` of the entry of fork evidence.
pub const FORK: &str = "fork";

/// `{"type":"record"|"fork","case":…,"org":…,"chain":…,"seq":…,"hash":…,"prev":…,"kind":…,
/// "at_us":…,"device":…,"officer":…}`, plus `conflicts_with` for a fork.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordEntry {
    pub case: String,
    /// The case's organisation, for scoping reads of the entry.
    pub org: String,
    pub chain: String,
    pub seq: u64,
    pub hash: String,
    pub prev: Option<String>,
    pub kind: String,
    pub at_us: i64,
    pub device: String,
    pub officer: String,
    /// For a fork: the hash of the record accepted at the same seq.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conflicts_with: Option<String>,
}

impl RecordEntry {
    pub fn new(record: &Record, case: &str, org: &str, conflicts_with: Option<String>) -> Self {
        RecordEntry {
            case: case.to_owned(),
            org: org.to_owned(),
            chain: record.chain().to_owned(),
            seq: record.seq(),
            hash: record.hash().to_hex(),
            prev: record.prev().map(|prev| prev.to_hex()),
            kind: record.kind().to_owned(),
            at_us: record.at_us(),
            device: record.device().as_str().to_owned(),
            officer: record.officer().to_owned(),
            conflicts_with,
        }
    }

    /// Whether this entry is the one of `record` in `case`: the fields that name the record
    /// agree with it.
    pub fn names(&self, record: &Record, case: &str) -> bool {
        *self == RecordEntry::new(record, case, &self.org, self.conflicts_with.clone())
    }
}

/// A leaf as stored: the entry with its `type`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct TypedEntry {
    #[serde(rename = "type")]
    pub entry_type: String,
    #[serde(flatten)]
    pub entry: RecordEntry,
}
