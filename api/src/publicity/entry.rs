//! The log entries of publicity: `publication` (the masked notice of a decision, approved and
//! published) and `withdrawal` (the decision was changed, revoked or declared void; the
//! publication stays in the log and shows as withdrawn). Masked content and ids only: names
//! and identity numbers of natural persons never reach a leaf.

use custos_core::lifecycle::DecisionChange;
use custos_core::publicity::PublicNotice;
use custos_core::rules::LocalDate;
use serde::{Deserialize, Serialize};

/// The `type` of publication entries.
pub const PUBLICATION: &str = "publication";
/// The `type` of withdrawal entries.
pub const WITHDRAWAL: &str = "withdrawal";

/// `{"type":"publication","publication":ID,"org":ID,"case":ID,"notice":{…},"approver":ID,
/// ["automatic":true,] "last_day":"YYYY-MM-DD","at_us":INT}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicationEntry {
    pub publication: String,
    pub org: String,
    pub case: String,
    /// The public notice exactly as published (custos-core `PublicNotice`).
    pub notice: PublicNotice,
    /// User id of the reviewer or admin who approved it or, when `automatic`, of the officer
    /// whose decision record it was published with.
    pub approver: String,
    /// Published with the decision under the unit's `auto_publish` setting, not approved.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub automatic: bool,
    /// The last day it was due by, on the unit's calendar.
    pub last_day: LocalDate,
    /// Server clock, integer microseconds since the Unix epoch.
    pub at_us: i64,
}

/// `{"type":"withdrawal","publication":ID,"org":ID,"case":ID,"published_index":N,
/// "change":"changed"|"revoked"|"void","reason":TEXT,"changed_at_us":INT,"actor":ID,
/// "last_day":"YYYY-MM-DD","at_us":INT}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WithdrawalEntry {
    pub publication: String,
    pub org: String,
    pub case: String,
    /// Log index of the publication entry withdrawn.
    pub published_index: u64,
    pub change: DecisionChange,
    /// The `decision.changed` record's reason, masked like the notice.
    pub reason: String,
    /// When the decision was changed (the record's time).
    pub changed_at_us: i64,
    pub actor: String,
    /// The last day it was due by (three working days, Art. 48).
    pub last_day: LocalDate,
    pub at_us: i64,
}

/// A stored leaf read back without its `type`.
pub fn parse<T: serde::de::DeserializeOwned>(leaf: &[u8]) -> Result<T, serde_json::Error> {
    let mut value: serde_json::Value = serde_json::from_slice(leaf)?;
    if let Some(object) = value.as_object_mut() {
        object.remove("type");
    }
    serde_json::from_value(value)
}
