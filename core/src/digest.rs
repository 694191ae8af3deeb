//! SHA-256 digests of evidence content: the digest type, streaming hashing and its encodings.
//!
//! The compression function comes from `sha2`, which picks the SHA-NI (x86) or ARMv8 SHA2
//! instructions at run time when the processor has them, so no build flag is needed for
//! hardware speed on servers or phones.

use std::fmt;
use std::io::{ErrorKind, Read};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use sha2::digest::common::hazmat::{SerializableState, SerializedState};
use sha2::digest::typenum::Unsigned;
use sha2::{Digest as _, Sha256};

/// How many bytes `hash_reader` asks its reader for at a time.
///
/// Measured with `core/benches/compare.sh` on a file in the page cache (AMD EPYC, 512 KiB L2
/// per core): 16 to 128 KiB reads all hash at about the speed of `openssl dgst`, while 256 KiB
/// and larger made the kernel's copy into the buffer three times as costly (the edge lies at
/// about half the L2). 64 KiB stays clear of that edge on the 256 KiB L2 caches of phones and
/// older processors, and one GiB then costs only 16 384 reads.
pub const READ_CHUNK_BYTES: usize = 64 * 1024;

/// A SHA-256 digest; shown and serialised as 64 lowercase hex characters.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sha256Digest(pub [u8; 32]);

/// Why a text is not a digest.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseDigestError {
    #[error("digest is not 64 lowercase hex characters")]
    Hex,
    #[error("digest is not the padded base64 of 32 bytes")]
    Base64,
}

/// Why `hash_reader` did not produce a digest.
#[derive(Debug, thiserror::Error)]
pub enum DigestError {
    #[error("reading the content to hash failed")]
    Read(#[from] std::io::Error),
    #[error("hashing was cancelled")]
    Cancelled,
}

/// The digest of a whole content stream and how many bytes it had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HashedContent {
    pub digest: Sha256Digest,
    pub size: u64,
}

impl Sha256Digest {
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// Accepts only the canonical form (64 lowercase hex characters), so that one digest
    /// has exactly one spelling in records, URLs and database keys.
    pub fn from_hex(text: &str) -> Result<Self, ParseDigestError> {
        let canonical = text.len() == 64
            && text
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if !canonical {
            return Err(ParseDigestError::Hex);
        }
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(text, &mut bytes).map_err(|_| ParseDigestError::Hex)?;
        Ok(Self(bytes))
    }

    /// Standard base64 with padding, as in RFC 9530 `Repr-Digest` headers and log proofs.
    pub fn to_base64(&self) -> String {
        BASE64.encode(self.0)
    }

    pub fn from_base64(text: &str) -> Result<Self, ParseDigestError> {
        let bytes = BASE64.decode(text).map_err(|_| ParseDigestError::Base64)?;
        let bytes: [u8; 32] = bytes.try_into().map_err(|_| ParseDigestError::Base64)?;
        Ok(Self(bytes))
    }
}

impl fmt::Display for Sha256Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for Sha256Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Sha256Digest({self})")
    }
}

impl std::str::FromStr for Sha256Digest {
    type Err = ParseDigestError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::from_hex(text)
    }
}

impl serde::Serialize for Sha256Digest {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_hex())
    }
}

impl<'de> serde::Deserialize<'de> for Sha256Digest {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct HexVisitor;

        impl serde::de::Visitor<'_> for HexVisitor {
            type Value = Sha256Digest;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a SHA-256 digest as 64 lowercase hex characters")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Sha256Digest, E> {
                Sha256Digest::from_hex(text).map_err(E::custom)
            }
        }

        deserializer.deserialize_str(HexVisitor)
    }
}

/// The SHA-256 digest of bytes already in memory.
pub fn sha256(bytes: &[u8]) -> Sha256Digest {
    Sha256Digest(Sha256::digest(bytes).into())
}

/// Incremental SHA-256 for content that arrives in pieces (uploads, camera buffers).
#[derive(Clone, Default)]
pub struct EvidenceHasher {
    state: Sha256,
    bytes_hashed: u64,
}

/// Hashing as a byte sink, so `std::io::copy` can feed a hasher from any reader.
impl std::io::Write for EvidenceHasher {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl EvidenceHasher {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn update(&mut self, bytes: &[u8]) {
        self.state.update(bytes);
        self.bytes_hashed += bytes.len() as u64;
    }

    pub fn bytes_hashed(&self) -> u64 {
        self.bytes_hashed
    }

    pub fn finalize(self) -> Sha256Digest {
        Sha256Digest(self.state.finalize().into())
    }

    /// The whole hashing state (chaining value, block count, unhashed tail and byte count)
    /// as bytes, so that an upload's hash can be stored beside its durable offset and carried
    /// on after a restart or on another server without hashing the stored prefix again.
    ///
    /// The state is not secret but it is not a digest either: it reveals the tail of the
    /// content (fewer than 64 bytes), so it is kept with the upload, never published.
    pub fn save_state(&self) -> SavedHasherState {
        let mut saved = [0u8; SAVED_HASHER_STATE_BYTES];
        saved[0] = SAVED_STATE_FORMAT;
        saved[1..9].copy_from_slice(&self.bytes_hashed.to_be_bytes());
        saved[9..CHECKED_BYTES].copy_from_slice(self.state.serialize().as_slice());
        let check = saved_state_check(&saved[..CHECKED_BYTES]);
        saved[CHECKED_BYTES..].copy_from_slice(&check);
        SavedHasherState(saved)
    }

    /// Carries on from a state `save_state` produced. Refuses bytes of the wrong length or
    /// format, bytes whose check does not match (a damaged row or file), and states whose
    /// byte count disagrees with the blocks and tail they hold.
    pub fn restore(saved: &[u8]) -> Result<Self, RestoreStateError> {
        let saved: &[u8; SAVED_HASHER_STATE_BYTES] =
            saved.try_into().map_err(|_| RestoreStateError::Length)?;
        if saved[0] != SAVED_STATE_FORMAT {
            return Err(RestoreStateError::Format(saved[0]));
        }
        if saved_state_check(&saved[..CHECKED_BYTES]) != saved[CHECKED_BYTES..] {
            return Err(RestoreStateError::Damaged);
        }
        let bytes_hashed = u64::from_be_bytes(saved[1..9].try_into().expect("8 bytes"));
        let sha256_state = &saved[9..CHECKED_BYTES];
        // Layout of sha2 0.11's `Sha256` state: eight chaining words, the count of compressed
        // 64-byte blocks (u64 little-endian), then the buffer's fill (0 to 63) and 63 bytes.
        let blocks = u64::from_le_bytes(sha256_state[32..40].try_into().expect("8 bytes"));
        let tail = u64::from(sha256_state[40]);
        if blocks.checked_mul(64).and_then(|n| n.checked_add(tail)) != Some(bytes_hashed) {
            return Err(RestoreStateError::Inconsistent);
        }
        let serialized = SerializedState::<Sha256>::try_from(sha256_state)
            .map_err(|_| RestoreStateError::Length)?;
        let state =
            Sha256::deserialize(&serialized).map_err(|_| RestoreStateError::Inconsistent)?;
        Ok(Self {
            state,
            bytes_hashed,
        })
    }
}

/// Size of a saved hashing state: format byte, byte count, the SHA-256 state (104 bytes in
/// sha2 0.11) and an 8-byte check.
pub const SAVED_HASHER_STATE_BYTES: usize = 1 + 8 + SHA256_STATE_BYTES + 8;

const SHA256_STATE_BYTES: usize = 104;
const _: () = assert!(
    <<Sha256 as SerializableState>::SerializedStateSize as Unsigned>::USIZE == SHA256_STATE_BYTES
);
const CHECKED_BYTES: usize = SAVED_HASHER_STATE_BYTES - 8;
/// Format 1 is sha2 0.11's serialisation; a dependency upgrade that changes it must bump this
/// and keep reading format 1, since saved states outlive the process that wrote them.
const SAVED_STATE_FORMAT: u8 = 1;

/// An `EvidenceHasher` frozen mid-stream; see `EvidenceHasher::save_state`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct SavedHasherState(pub [u8; SAVED_HASHER_STATE_BYTES]);

impl SavedHasherState {
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for SavedHasherState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The tail of the content is in the state; debug output names only the byte count.
        let bytes_hashed = u64::from_be_bytes(self.0[1..9].try_into().expect("8 bytes"));
        write!(f, "SavedHasherState {{ bytes_hashed: {bytes_hashed} }}")
    }
}

/// Why saved bytes do not restore a hasher.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RestoreStateError {
    #[error("saved hashing state has the wrong length")]
    Length,
    #[error("saved hashing state has unknown format {0}")]
    Format(u8),
    #[error("saved hashing state is damaged")]
    Damaged,
    #[error("saved hashing state is inconsistent")]
    Inconsistent,
}

/// The check guards against storage damage, not against a forger: whoever can rewrite the
/// upload row can rewrite the bytes too, and the final digest is compared with the one the
/// capturing device declared.
fn saved_state_check(checked: &[u8]) -> [u8; 8] {
    let mut hasher = Sha256::new();
    hasher.update(b"custos evidence hasher state\n");
    hasher.update(checked);
    let digest = hasher.finalize();
    digest[..8].try_into().expect("8 bytes")
}

/// Hashes everything `reader` yields, in `READ_CHUNK_BYTES` pieces through one buffer, so
/// memory stays constant however large the evidence is.
///
/// After each piece `progress` (if any) gets the number of bytes hashed so far; returning
/// `false` stops the work with `DigestError::Cancelled`. Reads interrupted by a signal are
/// retried.
pub fn hash_reader<R: Read>(
    mut reader: R,
    mut progress: Option<&mut dyn FnMut(u64) -> bool>,
) -> Result<HashedContent, DigestError> {
    let mut hasher = EvidenceHasher::new();
    let mut chunk = vec![0u8; READ_CHUNK_BYTES];
    loop {
        let n_read = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n_read) => n_read,
            Err(error) if error.kind() == ErrorKind::Interrupted => continue,
            Err(error) => return Err(DigestError::Read(error)),
        };
        hasher.update(&chunk[..n_read]);
        if let Some(report) = progress.as_mut()
            && !report(hasher.bytes_hashed())
        {
            return Err(DigestError::Cancelled);
        }
    }
    Ok(HashedContent {
        size: hasher.bytes_hashed(),
        digest: hasher.finalize(),
    })
}
