//! Case records for the apps: canonical JSON (RFC 8785), building and signing a record,
//! parsing and verifying one, and verifying a whole case chain.
//!
//! Records travel as their canonical JSON text; a body is given and returned as JSON text
//! too, so the apps need no JSON model of their own for what is signed.

use std::collections::HashMap;
use std::sync::Arc;

use custos_core::chain::{self, ChainVerdict as CoreVerdict};
use custos_core::device::{DeviceId, DevicePublicKey, signature_from_base64};
use custos_core::digest::Sha256Digest;
use custos_core::jcs;
use custos_core::record::{RECORD_VERSION, Record, UnsignedRecord};
use serde_json::{Map, Value};

use crate::device::DeviceSigningKey;
use crate::error::Result;

/// The RFC 8785 canonical form of a JSON text. Refuses floats, integers beyond ±(2^53−1) and
/// repeated member names, which custos never signs.
#[uniffi::export]
pub fn canonicalize_json(json: String) -> Result<String> {
    Ok(utf8(jcs::canonicalize_json(json.as_bytes())?))
}

/// Everything a record's signature covers (CONTRACT.md section 3), `v` aside: custos writes
/// and reads only version 1.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RecordContent {
    pub chain: String,
    pub seq: u64,
    /// Lowercase hex hash of the previous record; `None` at `seq` 0.
    pub prev: Option<String>,
    pub kind: String,
    /// Device clock in microseconds since the Unix epoch, UTC.
    pub at_us: i64,
    /// Device id of the signing device.
    pub device: String,
    pub officer: String,
    /// The body as a JSON object text; returned in canonical form.
    pub body_json: String,
}

impl TryFrom<RecordContent> for UnsignedRecord {
    type Error = crate::CustosError;

    fn try_from(content: RecordContent) -> Result<Self> {
        Ok(Self {
            v: RECORD_VERSION,
            chain: content.chain,
            seq: content.seq,
            prev: content
                .prev
                .as_deref()
                .map(Sha256Digest::from_hex)
                .transpose()?,
            kind: content.kind,
            at_us: content.at_us,
            device: DeviceId::parse(&content.device)?,
            officer: content.officer,
            body: parse_body(&content.body_json)?,
        })
    }
}

/// Parses a body through its canonical form, so a repeated member name is refused instead
/// of silently resolved.
fn parse_body(body_json: &str) -> Result<Map<String, Value>> {
    let canonical = jcs::canonicalize_json(body_json.as_bytes())?;
    Ok(serde_json::from_slice(&canonical)?)
}

/// The canonical bytes a record with this content is signed over, for apps whose key lives in
/// a hardware keystore; `CaseRecord.assemble` then adds the keystore's signature.
#[uniffi::export]
pub fn record_signing_bytes(content: RecordContent) -> Result<Vec<u8>> {
    Ok(UnsignedRecord::try_from(content)?.signing_bytes()?)
}

/// Signs a record with this device's key; `content.device` must be the key's device id.
#[uniffi::export]
pub fn sign_record(content: RecordContent, key: Arc<DeviceSigningKey>) -> Result<Arc<CaseRecord>> {
    let record = UnsignedRecord::try_from(content)?.sign(key.core())?;
    Ok(Arc::new(CaseRecord(record)))
}

/// One signed record of a case chain.
#[derive(uniffi::Object)]
pub struct CaseRecord(Record);

#[uniffi::export]
impl CaseRecord {
    /// Parses a record strictly (the entry point for records from storage or the network);
    /// the signature is checked by `verify_signature` or `verify_chain`.
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>> {
        Ok(Arc::new(Self(Record::from_json(json.as_bytes())?)))
    }

    /// A record from its content and a base64 signature made over `record_signing_bytes`.
    #[uniffi::constructor]
    pub fn assemble(content: RecordContent, sig_base64: String) -> Result<Arc<Self>> {
        let sig = signature_from_base64(&sig_base64)?;
        Ok(Arc::new(Self(Record::from_parts(
            content.try_into()?,
            sig,
        )?)))
    }

    /// The canonical JSON of the whole record, `sig` included.
    pub fn to_json(&self) -> String {
        utf8(self.0.to_json())
    }

    /// The record hash (lowercase hex) that the next record's `prev` names.
    pub fn hash(&self) -> String {
        self.0.hash().to_hex()
    }

    pub fn signing_bytes(&self) -> Vec<u8> {
        self.0.signing_bytes().to_vec()
    }

    pub fn sig_base64(&self) -> String {
        self.0.sig_base64()
    }

    pub fn content(&self) -> Result<RecordContent> {
        let content = self.0.content();
        Ok(RecordContent {
            chain: content.chain.clone(),
            seq: content.seq,
            prev: content.prev.map(|prev| prev.to_hex()),
            kind: content.kind.clone(),
            at_us: content.at_us,
            device: content.device.to_string(),
            officer: content.officer.clone(),
            body_json: utf8(jcs::to_canonical(&content.body)?),
        })
    }

    /// Checks the signature with the enrolled public key (base64) of the record's device.
    pub fn verify_signature(&self, public_key_base64: String) -> Result<()> {
        let key = DevicePublicKey::from_base64(&public_key_base64)?;
        Ok(self.0.verify_signature(&key)?)
    }
}

impl CaseRecord {
    pub(crate) fn core(&self) -> &Record {
        &self.0
    }
}

/// The outcome of verifying a case chain.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum ChainVerdict {
    /// Records `0..length` are authentic and linked; `head` is the last one's hash (hex).
    Valid { head: String, length: u64 },
    /// The first `seq` at which the chain is not valid, and why.
    Broken { seq: u64, fault: String },
}

impl From<CoreVerdict> for ChainVerdict {
    fn from(verdict: CoreVerdict) -> Self {
        match verdict {
            CoreVerdict::Valid { head, length } => Self::Valid {
                head: head.to_hex(),
                length,
            },
            CoreVerdict::Broken { seq, fault } => Self::Broken {
                seq,
                fault: fault.to_string(),
            },
        }
    }
}

/// Verifies the records of case chain `chain`, in any order, against the enrolled public keys
/// (base64) of the devices that may have signed them.
#[uniffi::export]
pub fn verify_chain(
    chain: String,
    records: Vec<Arc<CaseRecord>>,
    device_public_keys: Vec<String>,
) -> Result<ChainVerdict> {
    let keys = device_public_keys
        .iter()
        .map(|text| {
            let key = DevicePublicKey::from_base64(text)?;
            Ok((key.device_id().clone(), key))
        })
        .collect::<Result<HashMap<_, _>>>()?;
    let verdict = chain::verify_chain(&chain, records.iter().map(|record| &record.0), |device| {
        keys.get(device).cloned()
    });
    Ok(verdict.into())
}

/// Canonical JSON is UTF-8 by construction, so the conversion never replaces anything.
fn utf8(bytes: Vec<u8>) -> String {
    String::from_utf8_lossy(&bytes).into_owned()
}
