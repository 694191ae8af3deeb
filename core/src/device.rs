//! Device keys: the Ed25519 keys that phones, recorders and docks sign records with, their
//! public keys as enrolled on the server, and the device ids derived from them.
//!
//! Everything that crosses the wire is parsed strictly, so that one device has exactly one
//! textual public key and one device id: base64 must be canonical (RFC 4648 section 3.5,
//! padding required, no stray bits), public keys must be the canonical encoding of a point
//! that is not of small order, and device ids are lowercase hex only.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};

use crate::digest::sha256;

/// Length of the secret seed that the phone keystore wraps (RFC 8032 section 5.1.5).
pub const SEED_LENGTH: usize = 32;
/// Length of a raw Ed25519 public key.
pub const PUBLIC_KEY_LENGTH: usize = 32;
/// Length of a raw Ed25519 signature.
pub const SIGNATURE_LENGTH: usize = 64;
/// Number of lowercase hex characters in a device id (the first 16 bytes of SHA-256).
pub const DEVICE_ID_LENGTH: usize = 32;

/// Why a device key, device id or signature was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeviceError {
    #[error("operating system randomness is unavailable: {0}")]
    Randomness(getrandom::Error),
    #[error("{what} must be {expected} bytes, got {actual}")]
    Length {
        what: &'static str,
        expected: usize,
        actual: usize,
    },
    #[error("{what} is not canonical padded base64")]
    Base64 { what: &'static str },
    #[error("public key is not the canonical encoding of an ed25519 point")]
    InvalidPublicKey,
    #[error("public key is a small-order point that signs anything")]
    WeakPublicKey,
    #[error("device id must be {DEVICE_ID_LENGTH} lowercase hex characters")]
    InvalidDeviceId,
    #[error("signature does not verify under the device key")]
    BadSignature,
}

/// The secret key of one device. It never leaves the device except as the seed that the
/// platform keystore wraps, so `Debug` shows only the device id.
#[derive(Clone)]
pub struct DeviceSigningKey {
    key: SigningKey,
    public_key: DevicePublicKey,
}

impl DeviceSigningKey {
    /// A new key from operating system randomness.
    pub fn generate() -> Result<Self, DeviceError> {
        let mut seed = [0u8; SEED_LENGTH];
        getrandom::fill(&mut seed).map_err(DeviceError::Randomness)?;
        let key = Self::from_seed(seed);
        seed.fill(0);
        Ok(key)
    }

    /// The key whose RFC 8032 secret key is `seed`.
    pub fn from_seed(seed: [u8; SEED_LENGTH]) -> Self {
        let key = SigningKey::from_bytes(&seed);
        let public_key = DevicePublicKey::from_verifying_key(key.verifying_key());
        Self { key, public_key }
    }

    /// Like [`Self::from_seed`] for seeds that arrive as a byte slice (from the keystore).
    pub fn from_seed_bytes(seed: &[u8]) -> Result<Self, DeviceError> {
        Ok(Self::from_seed(fixed_length("seed", seed)?))
    }

    /// The seed for the platform keystore to wrap; the caller must not store it in the clear.
    pub fn to_seed(&self) -> [u8; SEED_LENGTH] {
        self.key.to_bytes()
    }

    pub fn public_key(&self) -> &DevicePublicKey {
        &self.public_key
    }

    pub fn device_id(&self) -> &DeviceId {
        self.public_key.device_id()
    }

    /// The Ed25519 signature of `message` (deterministic, RFC 8032 section 5.1.6).
    pub fn sign(&self, message: &[u8]) -> [u8; SIGNATURE_LENGTH] {
        self.key.sign(message).to_bytes()
    }
}

impl fmt::Debug for DeviceSigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceSigningKey")
            .field("device", self.device_id())
            .finish_non_exhaustive()
    }
}

/// An enrolled device's public key, with its device id computed once.
#[derive(Clone, PartialEq, Eq)]
pub struct DevicePublicKey {
    key: VerifyingKey,
    device_id: DeviceId,
}

impl DevicePublicKey {
    fn from_verifying_key(key: VerifyingKey) -> Self {
        let digest = sha256(key.as_bytes()).to_hex();
        let device_id = DeviceId(digest[..DEVICE_ID_LENGTH].to_owned());
        Self { key, device_id }
    }

    /// Parses a raw public key, refusing non-canonical point encodings (which would give one
    /// key two device ids) and small-order points (which verify signatures on any message).
    pub fn from_bytes(bytes: &[u8; PUBLIC_KEY_LENGTH]) -> Result<Self, DeviceError> {
        let key = VerifyingKey::from_bytes(bytes).map_err(|_| DeviceError::InvalidPublicKey)?;
        if key.to_edwards().compress().to_bytes() != *bytes {
            return Err(DeviceError::InvalidPublicKey);
        }
        if key.is_weak() {
            return Err(DeviceError::WeakPublicKey);
        }
        Ok(Self::from_verifying_key(key))
    }

    /// Like [`Self::from_bytes`] for keys that arrive as a byte slice.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, DeviceError> {
        Self::from_bytes(&fixed_length("public key", bytes)?)
    }

    /// Parses the base64 of the 32 raw bytes, as public keys travel (CONTRACT.md section 3).
    pub fn from_base64(text: &str) -> Result<Self, DeviceError> {
        Self::from_bytes(&decode_base64_fixed("public key", text)?)
    }

    pub fn to_base64(&self) -> String {
        BASE64.encode(self.key.as_bytes())
    }

    pub fn as_bytes(&self) -> &[u8; PUBLIC_KEY_LENGTH] {
        self.key.as_bytes()
    }

    pub fn device_id(&self) -> &DeviceId {
        &self.device_id
    }

    /// Checks `signature` over `message` with `verify_strict`, which also refuses
    /// non-canonical and small-order `R` values, so a signature cannot be altered into a
    /// second valid signature of the same message (RFC 8032 section 5.1.7, with the
    /// malleability checks of section 8.4).
    pub fn verify(
        &self,
        message: &[u8],
        signature: &[u8; SIGNATURE_LENGTH],
    ) -> Result<(), DeviceError> {
        self.key
            .verify_strict(message, &Signature::from_bytes(signature))
            .map_err(|_| DeviceError::BadSignature)
    }
}

impl fmt::Debug for DevicePublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DevicePublicKey({})", self.to_base64())
    }
}

impl serde::Serialize for DevicePublicKey {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_base64())
    }
}

impl<'de> serde::Deserialize<'de> for DevicePublicKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::from_base64(&text).map_err(serde::de::Error::custom)
    }
}

/// A device id: the first 32 lowercase hex characters of SHA-256 of the raw public key.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DeviceId(String);

impl DeviceId {
    /// Parses a device id; only the exact form that [`DevicePublicKey::device_id`] produces is
    /// accepted, so that string comparison of ids is identity of devices.
    pub fn parse(text: &str) -> Result<Self, DeviceError> {
        let well_formed = text.len() == DEVICE_ID_LENGTH
            && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        if well_formed {
            Ok(Self(text.to_owned()))
        } else {
            Err(DeviceError::InvalidDeviceId)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for DeviceId {
    type Error = DeviceError;

    fn try_from(text: String) -> Result<Self, DeviceError> {
        Self::parse(&text)
    }
}

impl From<DeviceId> for String {
    fn from(id: DeviceId) -> String {
        id.0
    }
}

impl std::str::FromStr for DeviceId {
    type Err = DeviceError;

    fn from_str(text: &str) -> Result<Self, DeviceError> {
        Self::parse(text)
    }
}

impl fmt::Display for DeviceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for DeviceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DeviceId({})", self.0)
    }
}

/// The base64 form of a signature, as it travels in a record's `sig`.
pub fn signature_to_base64(signature: &[u8; SIGNATURE_LENGTH]) -> String {
    BASE64.encode(signature)
}

/// Parses a signature from canonical base64 of its 64 raw bytes.
pub fn signature_from_base64(text: &str) -> Result<[u8; SIGNATURE_LENGTH], DeviceError> {
    decode_base64_fixed("signature", text)
}

/// Decodes canonical base64 of exactly `N` bytes. The standard engine already requires
/// padding and zero trailing bits; it does not accept whitespace or the URL-safe alphabet.
fn decode_base64_fixed<const N: usize>(
    what: &'static str,
    text: &str,
) -> Result<[u8; N], DeviceError> {
    let bytes = BASE64
        .decode(text)
        .map_err(|_| DeviceError::Base64 { what })?;
    fixed_length(what, &bytes)
}

fn fixed_length<const N: usize>(what: &'static str, bytes: &[u8]) -> Result<[u8; N], DeviceError> {
    bytes.try_into().map_err(|_| DeviceError::Length {
        what,
        expected: N,
        actual: bytes.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One check for every textual input of this module: `Ok` carries the normalised output.
    fn check(kind: &str, input: &str, expected: Result<&str, DeviceError>) {
        let actual = match kind {
            "public key" => DevicePublicKey::from_base64(input).map(|k| k.device_id().to_string()),
            "device id" => DeviceId::parse(input).map(|id| id.to_string()),
            "signature" => signature_from_base64(input).map(|s| signature_to_base64(&s)),
            other => panic!("unknown check kind {other}"),
        };
        assert_eq!(
            actual.as_deref().map_err(Clone::clone),
            expected,
            "{kind} {input:?}"
        );
    }

    // Public key of RFC 8032 TEST 1 and its id (coreutils sha256sum, see tests/vectors).
    const TEST1_PUBLIC: &str = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
    const TEST1_ID: &str = "21fe31dfa154a261626bf854046fd227";

    #[test]
    fn public_keys_parse_strictly() {
        let not_base64 = Err(DeviceError::Base64 { what: "public key" });
        let short = Err(DeviceError::Length {
            what: "public key",
            expected: 32,
            actual: 31,
        });
        let cases = [
            (TEST1_PUBLIC, Ok(TEST1_ID)),
            // The last digit's two low bits must be zero ('o' = 0b101000, 'p' sets one).
            (
                "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURp=",
                not_base64.clone(),
            ),
            (
                "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo",
                not_base64.clone(),
            ),
            (
                "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo=",
                not_base64.clone(),
            ),
            (" 11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=", not_base64),
            ("11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHUQ==", short),
            // The identity point (y = 1) has order 1.
            (
                "AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
                Err(DeviceError::WeakPublicKey),
            ),
            // y = p + 1 is a non-canonical encoding of the identity point.
            (
                "7v///////////////////////////////////////38=",
                Err(DeviceError::InvalidPublicKey),
            ),
            // y = 2 is not on the curve.
            (
                "AgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
                Err(DeviceError::InvalidPublicKey),
            ),
        ];
        for (input, expected) in cases {
            check("public key", input, expected);
        }
    }

    #[test]
    fn device_ids_parse_strictly() {
        check("device id", TEST1_ID, Ok(TEST1_ID));
        for bad in [
            "21FE31DFA154A261626BF854046FD227",
            "21fe31dfa154a261626bf854046fd22",
            "21fe31dfa154a261626bf854046fd2270",
            "21fe31dfa154a261626bf854046fd22g",
            "",
        ] {
            check("device id", bad, Err(DeviceError::InvalidDeviceId));
        }
    }

    #[test]
    fn signatures_parse_strictly() {
        let zero = signature_to_base64(&[0u8; SIGNATURE_LENGTH]);
        check("signature", &zero, Ok(&zero));
        check(
            "signature",
            &zero[..zero.len() - 4],
            Err(DeviceError::Length {
                what: "signature",
                expected: 64,
                actual: 63,
            }),
        );
        check(
            "signature",
            "not base64!",
            Err(DeviceError::Base64 { what: "signature" }),
        );
    }

    #[test]
    fn generated_keys_round_trip_through_the_seed() {
        let key = DeviceSigningKey::generate().unwrap();
        let restored = DeviceSigningKey::from_seed(key.to_seed());
        assert_eq!(restored.public_key(), key.public_key());
        assert_ne!(
            key.to_seed(),
            DeviceSigningKey::generate().unwrap().to_seed()
        );
        assert_eq!(
            DeviceSigningKey::from_seed_bytes(&[1u8; 31]).unwrap_err(),
            DeviceError::Length {
                what: "seed",
                expected: 32,
                actual: 31
            }
        );
        let debug = format!("{key:?}");
        assert!(!debug.contains(&hex::encode(key.to_seed())), "{debug}");
    }

    #[test]
    fn a_signature_verifies_only_for_its_message_and_key() {
        let key = DeviceSigningKey::from_seed([7u8; SEED_LENGTH]);
        let other = DeviceSigningKey::from_seed([8u8; SEED_LENGTH]);
        let signature = key.sign(b"custody event");
        assert_eq!(
            key.public_key().verify(b"custody event", &signature),
            Ok(())
        );
        assert_eq!(
            key.public_key().verify(b"custody event!", &signature),
            Err(DeviceError::BadSignature)
        );
        assert_eq!(
            other.public_key().verify(b"custody event", &signature),
            Err(DeviceError::BadSignature)
        );
    }

    #[test]
    fn serde_uses_the_wire_forms() {
        let key = DeviceSigningKey::from_seed([7u8; SEED_LENGTH]);
        let json = serde_json::to_string(key.public_key()).unwrap();
        assert_eq!(json, format!("\"{}\"", key.public_key().to_base64()));
        let back: DevicePublicKey = serde_json::from_str(&json).unwrap();
        assert_eq!(&back, key.public_key());
        let id: DeviceId = serde_json::from_str(&format!("\"{TEST1_ID}\"")).unwrap();
        assert_eq!(id.as_str(), TEST1_ID);
        assert!(serde_json::from_str::<DeviceId>("\"21FE31DFA154A261626BF854046FD227\"").is_err());
    }
}
