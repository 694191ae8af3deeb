//! The log's entries, as a verifier reads them (docs/formats.md, Log entries): every leaf is
//! the RFC 8785 JSON of an entry object with its `type`. The server builds its leaves through
//! these types, and verifiers (`custos verify`, the phone, outside auditors) parse them back.
//!
//! Entries hold ids, hashes, kinds and times only: no names, addresses or other personal data.

pub mod admin;
pub mod custody;
pub mod draw;
pub mod record;
pub mod review;

use crate::jcs::{self, CanonicalError};
use serde::Serialize;
use serde_json::Value;

/// Why an entry has no leaf bytes.
#[derive(Debug, thiserror::Error)]
pub enum LeafError {
    #[error("log entry must be a JSON object without its own \"type\"")]
    NotAnObject,
    #[error("log entry is not canonical JSON: {0}")]
    Canonical(#[from] CanonicalError),
}

/// The exact bytes of the log leaf of `entry`: the RFC 8785 JSON of its object with
/// `"type": entry_type` added. A verifier rebuilds a leaf this way from the entry it expects.
pub fn leaf_bytes(entry_type: &str, entry: &impl Serialize) -> Result<Vec<u8>, LeafError> {
    let Value::Object(mut object) =
        serde_json::to_value(entry).map_err(|_| LeafError::NotAnObject)?
    else {
        return Err(LeafError::NotAnObject);
    };
    if object
        .insert("type".to_owned(), Value::from(entry_type))
        .is_some()
    {
        return Err(LeafError::NotAnObject);
    }
    Ok(jcs::canonicalize(&Value::Object(object))?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_leaf_is_the_canonical_object_with_its_type() {
        let leaf = leaf_bytes("admin", &json!({"z": 1, "a": "x"})).unwrap();
        assert_eq!(leaf, br#"{"a":"x","type":"admin","z":1}"#);
    }

    #[test]
    fn what_is_not_an_object_or_names_its_own_type_has_no_leaf() {
        assert!(matches!(
            leaf_bytes("admin", &json!([1])),
            Err(LeafError::NotAnObject)
        ));
        assert!(matches!(
            leaf_bytes("admin", &json!({"type": "draw"})),
            Err(LeafError::NotAnObject)
        ));
        assert!(matches!(
            leaf_bytes("admin", &json!({"n": 1u64 << 60})),
            Err(LeafError::Canonical(_))
        ));
    }
}
