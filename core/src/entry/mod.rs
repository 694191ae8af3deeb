//! The log's entries, as a verifier reads them (docs/formats.md, Log entries): every leaf is
//! the RFC 8785 JSON of an entry object with its `type`. The server builds its leaves through
//! these types, and verifiers (`custos verify`, the phone, outside auditors) parse them back.
//!
//! Entries hold ids, hashes, kinds and times only: no names, addresses or other personal data.

pub mod custody;
pub mod draw;
pub mod record;
