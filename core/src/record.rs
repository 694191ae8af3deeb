//! Records of full-process recording: the signed JSON envelope of one step of an inspection
//! or case (CONTRACT.md section 3), how it is signed and hashed, and its strict parsing.
//!
//! The signing bytes are the RFC 8785 canonical JSON of the record without `sig`; the
//! signature and the record hash are both computed over exactly those bytes, and a parsed or
//! signed [`Record`] keeps them, so nothing is canonicalised twice.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::device::{
    DeviceError, DeviceId, DevicePublicKey, DeviceSigningKey, SIGNATURE_LENGTH,
    signature_from_base64, signature_to_base64,
};
use crate::digest::{Sha256Digest, sha256};
use crate::jcs::{CanonicalError, canonicalize, parse_unique, to_canonical};

/// The only record format version this crate reads and writes.
pub const RECORD_VERSION: u32 = 1;

/// The top-level members of a record, in canonical (RFC 8785) order.
const RECORD_FIELDS: [&str; 10] = [
    "at_us", "body", "chain", "device", "kind", "officer", "prev", "seq", "sig", "v",
];

/// Why a record could not be built, parsed or verified.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("record is not valid json: {0}")]
    Json(#[from] serde_json::Error),
    #[error("record is not canonicalisable json: {0}")]
    Canonical(#[from] CanonicalError),
    #[error("record is not a json object")]
    NotAnObject,
    #[error("record has unknown field {0:?}")]
    UnknownField(String),
    #[error("record lacks field {0:?}")]
    MissingField(&'static str),
    #[error("record version {0} is not supported (only {RECORD_VERSION})")]
    UnsupportedVersion(u32),
    #[error("record field {0:?} is empty")]
    EmptyField(&'static str),
    #[error("record signature: {0}")]
    Signature(#[from] DeviceError),
    #[error("record names device {record} but the key is of device {key}")]
    DeviceMismatch { record: DeviceId, key: DeviceId },
    #[error("evidence reference {index} in the record body is invalid: {reason}")]
    InvalidEvidence { index: usize, reason: String },
    #[error("record body member \"evidence\" is not a list")]
    EvidenceNotAList,
}

/// A record before it is signed: everything the signature covers.
///
/// `prev` must be present in JSON (as `null` at `seq` 0), not merely absent, so that a
/// record has one textual form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnsignedRecord {
    pub v: u32,
    pub chain: String,
    pub seq: u64,
    #[serde(deserialize_with = "required_prev")]
    pub prev: Option<Sha256Digest>,
    pub kind: String,
    pub at_us: i64,
    pub device: DeviceId,
    pub officer: String,
    pub body: Map<String, Value>,
}

fn required_prev<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Sha256Digest>, D::Error> {
    Option::deserialize(deserializer)
}

impl UnsignedRecord {
    /// Refuses what JSON typing alone lets through.
    fn validate(&self) -> Result<(), RecordError> {
        if self.v != RECORD_VERSION {
            return Err(RecordError::UnsupportedVersion(self.v));
        }
        for (name, value) in [
            ("chain", &self.chain),
            ("kind", &self.kind),
            ("officer", &self.officer),
        ] {
            if value.is_empty() {
                return Err(RecordError::EmptyField(name));
            }
        }
        Ok(())
    }

    /// The RFC 8785 canonical JSON of this record: what is signed and hashed. Fails on
    /// floats and on integers beyond ±(2^53−1) anywhere, as CONTRACT.md section 3 requires.
    pub fn signing_bytes(&self) -> Result<Vec<u8>, RecordError> {
        self.validate()?;
        Ok(to_canonical(self)?)
    }

    /// The record hash that the next record's `prev` names.
    pub fn hash(&self) -> Result<Sha256Digest, RecordError> {
        Ok(sha256(&self.signing_bytes()?))
    }

    /// Signs with the key of the device named in `device`; another device's key is refused.
    pub fn sign(self, key: &DeviceSigningKey) -> Result<Record, RecordError> {
        if key.device_id() != &self.device {
            return Err(RecordError::DeviceMismatch {
                record: self.device,
                key: key.device_id().clone(),
            });
        }
        let signing_bytes = self.signing_bytes()?;
        let sig = key.sign(&signing_bytes);
        Ok(Record::assemble(self, sig, signing_bytes))
    }

    /// The evidence that this record's body references.
    pub fn evidence_refs(&self) -> Result<Vec<EvidenceRef>, RecordError> {
        evidence_refs(&self.body)
    }
}

/// A record with its signature. The signature is not checked on construction (that needs
/// the device's key, see [`Record::verify_signature`] and the chain verifier), but the
/// content is well-formed and its signing bytes and hash are computed once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    content: UnsignedRecord,
    sig: [u8; SIGNATURE_LENGTH],
    signing_bytes: Vec<u8>,
    hash: Sha256Digest,
}

/// A record is its own handle where a handle is asked for (e.g. a [`crate::chain::book::ChainBook`]
/// holding bare records).
impl AsRef<Record> for Record {
    fn as_ref(&self) -> &Record {
        self
    }
}

impl Record {
    fn assemble(content: UnsignedRecord, sig: [u8; SIGNATURE_LENGTH], bytes: Vec<u8>) -> Self {
        let hash = sha256(&bytes);
        Self {
            content,
            sig,
            signing_bytes: bytes,
            hash,
        }
    }

    /// Puts a stored record back together from its content and signature, checking the
    /// content as parsing does.
    pub fn from_parts(
        content: UnsignedRecord,
        sig: [u8; SIGNATURE_LENGTH],
    ) -> Result<Self, RecordError> {
        let signing_bytes = content.signing_bytes()?;
        Ok(Self::assemble(content, sig, signing_bytes))
    }

    /// Parses a record strictly: one JSON object with exactly the contract's members, no
    /// repeated member names, no floats anywhere, `v` equal to 1, `body` an object and
    /// `sig` canonical base64. This is the entry point for untrusted bytes.
    pub fn from_json(bytes: &[u8]) -> Result<Self, RecordError> {
        // The text is parsed once (refusing repeated member names, which a parsed value no
        // longer shows) and canonicalised once, which reports a float or an out-of-range
        // integer as such wherever it is, before typing turns it into a less precise error.
        let value = parse_unique(bytes).map_err(|error| match error {
            CanonicalError::Parse(error) => RecordError::Json(error),
            error => RecordError::Canonical(error),
        })?;
        Self::from_value(value)
    }

    /// As [`Self::from_json`], from an already parsed JSON value (which can no longer show
    /// repeated member names).
    pub fn from_value(value: Value) -> Result<Self, RecordError> {
        let canonical = canonicalize(&value)?;
        let Value::Object(mut members) = value else {
            return Err(RecordError::NotAnObject);
        };
        if let Some(unknown) = members
            .keys()
            .find(|k| !RECORD_FIELDS.contains(&k.as_str()))
        {
            return Err(RecordError::UnknownField(unknown.clone()));
        }
        if let Some(missing) = RECORD_FIELDS.iter().find(|f| !members.contains_key(**f)) {
            return Err(RecordError::MissingField(missing));
        }
        let (sig, sig_text) = match members.remove("sig") {
            Some(Value::String(text)) => (signature_from_base64(&text)?, text),
            _ => {
                return Err(RecordError::Signature(DeviceError::Base64 {
                    what: "signature",
                }));
            }
        };
        let content: UnsignedRecord = serde_json::from_value(Value::Object(members))?;
        content.validate()?;
        // The signing bytes are the canonical record without its `sig` member. Typing the
        // members is exact (strict hex, ids and integers), so they equal the canonical form
        // of `content`; cutting them out of the canonical text saves a second
        // canonicalisation.
        let signing_bytes = match without_sig(&canonical, &sig_text) {
            Some(bytes) => bytes,
            None => content.signing_bytes()?,
        };
        Ok(Self::assemble(content, sig, signing_bytes))
    }

    /// The RFC 8785 canonical JSON of the whole record, `sig` included.
    pub fn to_json(&self) -> Vec<u8> {
        // `sig` sorts between `seq` and `v`, and `v` (an integer) is the last member of the
        // signing bytes, so the canonical record is the signing bytes with `sig` spliced in
        // before `v`; this avoids a second canonicalisation and cannot fail.
        let bytes = &self.signing_bytes;
        let v_at = bytes
            .windows(5)
            .rposition(|w| w == b",\"v\":")
            .unwrap_or(bytes.len() - 1);
        let sig = self.sig_base64();
        let mut json = Vec::with_capacity(bytes.len() + sig.len() + 9);
        json.extend_from_slice(&bytes[..v_at]);
        json.extend_from_slice(b",\"sig\":\"");
        json.extend_from_slice(sig.as_bytes());
        json.push(b'"');
        json.extend_from_slice(&bytes[v_at..]);
        json
    }

    /// Checks the signature with the key of the device the record names.
    pub fn verify_signature(&self, key: &DevicePublicKey) -> Result<(), RecordError> {
        if key.device_id() != &self.content.device {
            return Err(RecordError::DeviceMismatch {
                record: self.content.device.clone(),
                key: key.device_id().clone(),
            });
        }
        Ok(key.verify(&self.signing_bytes, &self.sig)?)
    }

    /// Everything the signature covers.
    pub fn content(&self) -> &UnsignedRecord {
        &self.content
    }

    pub fn into_content(self) -> UnsignedRecord {
        self.content
    }

    pub fn chain(&self) -> &str {
        &self.content.chain
    }

    pub fn seq(&self) -> u64 {
        self.content.seq
    }

    pub fn prev(&self) -> Option<&Sha256Digest> {
        self.content.prev.as_ref()
    }

    pub fn kind(&self) -> &str {
        &self.content.kind
    }

    pub fn at_us(&self) -> i64 {
        self.content.at_us
    }

    pub fn device(&self) -> &DeviceId {
        &self.content.device
    }

    pub fn officer(&self) -> &str {
        &self.content.officer
    }

    pub fn body(&self) -> &Map<String, Value> {
        &self.content.body
    }

    pub fn signature(&self) -> &[u8; SIGNATURE_LENGTH] {
        &self.sig
    }

    pub fn sig_base64(&self) -> String {
        signature_to_base64(&self.sig)
    }

    /// The canonical JSON of the record without `sig`: what was signed.
    pub fn signing_bytes(&self) -> &[u8] {
        &self.signing_bytes
    }

    /// SHA-256 of the signing bytes: what the next record's `prev` names.
    pub fn hash(&self) -> Sha256Digest {
        self.hash
    }

    /// The evidence that this record's body references.
    pub fn evidence_refs(&self) -> Result<Vec<EvidenceRef>, RecordError> {
        evidence_refs(&self.content.body)
    }
}

impl Serialize for Record {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Signed<'a> {
            #[serde(flatten)]
            content: &'a UnsignedRecord,
            sig: String,
        }
        Signed {
            content: &self.content,
            sig: self.sig_base64(),
        }
        .serialize(serializer)
    }
}

/// Deserialises through [`Record::from_value`]; prefer [`Record::from_json`] for untrusted
/// bytes, which also refuses repeated member names.
impl<'de> Deserialize<'de> for Record {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::from_value(Value::deserialize(deserializer)?).map_err(serde::de::Error::custom)
    }
}

/// The canonical record `canonical` with its top-level `sig` member (whose value is `sig`)
/// removed: removing a member from a sorted object leaves it sorted, so this is the canonical
/// form of the rest. `sig` sorts after every member but `v`, an integer, so the member is the
/// last occurrence of its text and only `,"v":N}` may follow it; `None` if the text is not so.
fn without_sig(canonical: &[u8], sig: &str) -> Option<Vec<u8>> {
    let member = format!(",\"sig\":\"{sig}\"");
    let at = canonical
        .windows(member.len())
        .rposition(|w| w == member.as_bytes())?;
    let rest = &canonical[at + member.len()..];
    let version = rest.strip_prefix(b",\"v\":")?.strip_suffix(b"}")?;
    if version.is_empty() || !version.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut bytes = Vec::with_capacity(canonical.len() - member.len());
    bytes.extend_from_slice(&canonical[..at]);
    bytes.extend_from_slice(rest);
    Some(bytes)
}

/// A reference from a record body to an evidence item, by digest:
/// `{"sha256":HEX,"size":INT,"kind":STRING}` inside the body's `evidence` list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceRef {
    pub sha256: Sha256Digest,
    pub size: u64,
    pub kind: String,
}

/// The evidence references of a record body: none if it has no `evidence` member, otherwise
/// every entry of that list, each with lowercase hex `sha256`, integer `size`, non-empty
/// `kind` and nothing else.
pub fn evidence_refs(body: &Map<String, Value>) -> Result<Vec<EvidenceRef>, RecordError> {
    let Some(list) = body.get("evidence") else {
        return Ok(Vec::new());
    };
    let Value::Array(entries) = list else {
        return Err(RecordError::EvidenceNotAList);
    };
    let invalid = |index, reason: String| RecordError::InvalidEvidence { index, reason };
    entries
        .iter()
        .enumerate()
        .map(|(index, entry)| {
            let evidence =
                EvidenceRef::deserialize(entry).map_err(|e| invalid(index, e.to_string()))?;
            if evidence.kind.is_empty() {
                return Err(invalid(index, "kind is empty".to_owned()));
            }
            Ok(evidence)
        })
        .collect()
}
