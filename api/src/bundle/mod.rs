//! Case bundles: everything needed to check a case offline, without custos or its database
//! (CONTRACT.md section 1, `custos verify BUNDLE`).
//!
//! A bundle holds the case's signed records and fork evidence, each with its exact log leaf
//! and an inclusion proof against one signed checkpoint, the log's verifier key, the public
//! keys of the devices that signed, and the evidence digests the records reference.
//! [`export`] builds one from the database; [`verify`] checks one with custos-core alone.

pub mod export;
pub mod verify;

use crate::recording::view::EvidenceView;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

/// The `format` of bundles this version writes and reads.
pub const BUNDLE_FORMAT: &str = "custos-case-bundle/1";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseBundle {
    /// Always [`BUNDLE_FORMAT`].
    pub format: String,
    pub case: String,
    /// The unit the case belongs to.
    pub org: String,
    /// Server clock when the bundle was made.
    pub exported_at_us: i64,
    /// The C2SP signed checkpoint every inclusion proof is against.
    pub checkpoint: String,
    /// The log's signed-note verifier key, as the server publishes it. A verifier should pin
    /// the key it trusts instead of taking this one on faith.
    pub verifier_key: String,
    /// The devices that signed the records.
    pub devices: Vec<BundleDevice>,
    /// Accepted records in log order.
    pub records: Vec<LoggedRecord>,
    /// Fork evidence in log order.
    pub forks: Vec<LoggedRecord>,
    /// The evidence the records reference, by digest.
    pub evidence: Vec<EvidenceView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BundleDevice {
    pub id: String,
    /// Base64 of the 32 raw Ed25519 public key bytes.
    pub public_key: String,
}

/// A signed record with its log entry and the proof that the entry is in the log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoggedRecord {
    /// The signed record (CONTRACT.md, Records).
    #[schema(value_type = Object)]
    pub record: Value,
    pub log_index: u64,
    /// Base64 of the exact leaf bytes (RFC 8785 JSON of the `record` or `fork` entry).
    pub leaf: String,
    /// RFC 6962 audit path of the leaf against the checkpoint, base64 hashes leaf to root.
    pub inclusion: Vec<String>,
}
