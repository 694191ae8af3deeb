//! The log entry of a 双随机 draw: `{"type":"draw",…}` with everything needed to redo it:
//! the canonical inputs (ids, the task's name and domain, counts), the seed and what went
//! into it, and the result. Ids only: no names or other personal data of targets or
//! inspectors.

use crate::digest::Sha256Digest;
use crate::draw::{DrawInputs, DrawResult};
use serde::{Deserialize, Serialize};

/// The `type` of draw entries.
pub const DRAW: &str = "draw";

/// `{"type":"draw","draw":ID,"org":ID,"actor":ID,"inputs":{…},"log_size":N,
/// "log_root_sha256":HEX,"inputs_sha256":HEX,"seed":HEX,"result":{…},"at_us":INT}`.
///
/// `log_size` is this entry's own index: the seed is drawn from the log as it stood just
/// before the entry was appended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrawEntry {
    pub draw: String,
    pub org: String,
    /// User id of the supervisor or admin who made the draw.
    pub actor: String,
    pub inputs: DrawInputs,
    pub log_size: u64,
    /// Root hash of the log's first `log_size` leaves.
    pub log_root_sha256: Sha256Digest,
    /// SHA-256 of the RFC 8785 bytes of `inputs`.
    pub inputs_sha256: Sha256Digest,
    pub seed: Sha256Digest,
    pub result: DrawResult,
    /// Server clock, integer microseconds since the Unix epoch.
    pub at_us: i64,
}

/// A stored leaf of type `draw` read back: the entry without its `type`.
pub fn parse(leaf: &[u8]) -> Result<DrawEntry, serde_json::Error> {
    let mut value: serde_json::Value = serde_json::from_slice(leaf)?;
    if let Some(object) = value.as_object_mut() {
        object.remove("type");
    }
    serde_json::from_value(value)
}
