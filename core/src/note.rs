//! C2SP signed notes with Ed25519 (c2sp.org/signed-note), compatible with Go's
//! `golang.org/x/mod/sumdb/note`: signing, opening, verifier keys and the log's private key.
//!
//! A signed note is a text ending in a newline, a blank line, and one or more lines
//! `— NAME BASE64(KEY_ID ‖ SIGNATURE)`. A key is named by `NAME` and identified by
//! `KEY_ID` = the first 4 bytes of SHA-256(NAME ‖ 0x0A ‖ 0x01 ‖ PUBLIC KEY), big-endian.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

/// The signature type byte of Ed25519 keys (c2sp.org/signed-note, "Signature types").
const ALGORITHM_ED25519: u8 = 0x01;
/// Go's `note.Open` refuses notes with more signatures; C2SP requires accepting at least 16.
pub const MAX_SIGNATURES: usize = 100;
const SIGNATURE_PREFIX: &str = "\u{2014} ";
const PRIVATE_KEY_PREFIX: &str = "PRIVATE+KEY+";

/// Why a note, a key or a signature was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    #[error("malformed note: {0}")]
    Malformed(&'static str),
    #[error("note has more than {MAX_SIGNATURES} signatures")]
    TooManySignatures,
    #[error("invalid signature for key {name}+{key_id:08x}")]
    InvalidSignature { name: String, key_id: u32 },
    #[error("note has no signature from a known key")]
    NoKnownSignature,
    #[error("two different verifier keys share the name and key id {name}+{key_id:08x}")]
    AmbiguousVerifier { name: String, key_id: u32 },
    #[error("invalid key name {0:?}")]
    InvalidName(String),
    #[error("note text to sign is invalid: {0}")]
    InvalidText(&'static str),
    #[error("malformed verifier key: {0}")]
    MalformedVerifierKey(&'static str),
    #[error("malformed private key: {0}")]
    MalformedPrivateKey(&'static str),
    #[error("unknown key algorithm {0:#04x}")]
    UnknownAlgorithm(u8),
    #[error("key hash does not match the key name and public key")]
    KeyHashMismatch,
    #[error("no operating-system randomness for a new key")]
    Randomness,
}

/// A signer: a key name and an Ed25519 key (the log's checkpoint key).
#[derive(Clone)]
pub struct NoteSigner {
    name: String,
    key: SigningKey,
    key_id: u32,
}

impl std::fmt::Debug for NoteSigner {
    // Never print the seed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NoteSigner({}+{:08x})", self.name, self.key_id)
    }
}

impl NoteSigner {
    /// A signer from a 32-byte Ed25519 seed (RFC 8032 private key).
    pub fn from_seed(name: &str, seed: [u8; 32]) -> Result<Self, NoteError> {
        check_name(name)?;
        let key = SigningKey::from_bytes(&seed);
        let key_id = key_id(name, key.verifying_key().as_bytes());
        Ok(Self {
            name: name.to_owned(),
            key,
            key_id,
        })
    }

    /// A signer with a new key from the operating system's randomness.
    pub fn generate(name: &str) -> Result<Self, NoteError> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|_| NoteError::Randomness)?;
        Self::from_seed(name, seed)
    }

    /// Parses `PRIVATE+KEY+NAME+KEYHASH+BASE64(0x01 ‖ seed)`, the format of Go's
    /// `note.NewSigner`; the key hash must match the public key derived from the seed.
    pub fn from_private_key(text: &str) -> Result<Self, NoteError> {
        let malformed = NoteError::MalformedPrivateKey;
        let rest = text
            .strip_prefix(PRIVATE_KEY_PREFIX)
            .ok_or(malformed("missing PRIVATE+KEY+ prefix"))?;
        let parts = KeyParts::split(rest).map_err(malformed)?;
        let signer = Self::from_seed(parts.name, parts.ed25519_key(malformed)?)?;
        if signer.key_id != parts.key_id {
            return Err(NoteError::KeyHashMismatch);
        }
        Ok(signer)
    }

    /// The private key in the format [`NoteSigner::from_private_key`] reads. Secret.
    pub fn private_key(&self) -> String {
        let key = key_text(&self.name, self.key_id, self.key.as_bytes());
        format!("{PRIVATE_KEY_PREFIX}{key}")
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    /// The matching verifier.
    pub fn verifier(&self) -> NoteVerifier {
        NoteVerifier {
            name: self.name.clone(),
            key: self.key.verifying_key(),
            key_id: self.key_id,
        }
    }

    /// The public verifier key `NAME+KEYHASH+BASE64(0x01 ‖ public key)`.
    pub fn verifier_key(&self) -> String {
        self.verifier().verifier_key()
    }

    /// Signs `text` (which must end with a newline) into a signed note.
    pub fn sign(&self, text: &str) -> Result<String, NoteError> {
        sign_note(text, &[self])
    }

    fn signature_line(&self, text: &str) -> String {
        let mut bytes = Vec::with_capacity(68);
        bytes.extend_from_slice(&self.key_id.to_be_bytes());
        bytes.extend_from_slice(&self.key.sign(text.as_bytes()).to_bytes());
        format!("{SIGNATURE_PREFIX}{} {}\n", self.name, BASE64.encode(bytes))
    }
}

/// Signs `text` with every signer, one signature line each, in the order given.
pub fn sign_note(text: &str, signers: &[&NoteSigner]) -> Result<String, NoteError> {
    if text.is_empty() || !text.ends_with('\n') {
        return Err(NoteError::InvalidText("must end with a newline"));
    }
    if has_control_character(text) {
        return Err(NoteError::InvalidText("contains a control character"));
    }
    if signers.is_empty() {
        return Err(NoteError::InvalidText("no signer"));
    }
    let mut note = format!("{text}\n");
    for signer in signers {
        note.push_str(&signer.signature_line(text));
    }
    Ok(note)
}

/// A verifier: a key name and an Ed25519 public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteVerifier {
    name: String,
    key: VerifyingKey,
    key_id: u32,
}

impl NoteVerifier {
    pub fn new(name: &str, public_key: &[u8; 32]) -> Result<Self, NoteError> {
        check_name(name)?;
        let key = VerifyingKey::from_bytes(public_key)
            .map_err(|_| NoteError::MalformedVerifierKey("not an Ed25519 public key"))?;
        Ok(Self {
            name: name.to_owned(),
            key,
            key_id: key_id(name, public_key),
        })
    }

    /// Parses `NAME+KEYHASH+BASE64(0x01 ‖ public key)` strictly: a valid name, exactly 8
    /// lowercase hex digits, canonical padded base64 of 33 bytes, algorithm 0x01, a valid
    /// Ed25519 point and a key hash matching the name and key.
    pub fn from_verifier_key(text: &str) -> Result<Self, NoteError> {
        let malformed = NoteError::MalformedVerifierKey;
        let parts = KeyParts::split(text).map_err(malformed)?;
        let verifier = Self::new(parts.name, &parts.ed25519_key(malformed)?)?;
        if verifier.key_id != parts.key_id {
            return Err(NoteError::KeyHashMismatch);
        }
        Ok(verifier)
    }

    pub fn verifier_key(&self) -> String {
        key_text(&self.name, self.key_id, self.key.as_bytes())
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    pub fn public_key(&self) -> [u8; 32] {
        self.key.to_bytes()
    }

    fn verifies(&self, text: &str, signature: &[u8]) -> bool {
        let Ok(signature) = <[u8; 64]>::try_from(signature) else {
            return false;
        };
        self.key
            .verify_strict(text.as_bytes(), &Signature::from_bytes(&signature))
            .is_ok()
    }
}

/// One signature line of a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteSignature {
    pub name: String,
    pub key_id: u32,
    /// The base64 exactly as in the note: key id and signature bytes.
    pub base64: String,
}

/// An opened note: its text and its signatures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The signed text, ending with its newline.
    pub text: String,
    /// Signatures that verified with a known key (at least one).
    pub signatures: Vec<NoteSignature>,
    /// Signatures by keys not among the verifiers, ignored as C2SP requires.
    pub unverified: Vec<NoteSignature>,
}

/// Opens a signed note, following Go's `note.Open`: the note must be UTF-8 without control
/// characters other than newline, its signature block must follow the last blank line and
/// be well formed, every signature by a known key (same name and key id) must verify, and at
/// least one must. Signatures by unknown keys are kept in [`Note::unverified`].
pub fn open_note(signed: impl AsRef<[u8]>, verifiers: &[NoteVerifier]) -> Result<Note, NoteError> {
    let malformed = NoteError::Malformed;
    let signed = std::str::from_utf8(signed.as_ref()).map_err(|_| malformed("not valid utf-8"))?;
    if has_control_character(signed) {
        return Err(malformed("contains a control character"));
    }
    let split = signed
        .rfind("\n\n")
        .ok_or(malformed("no blank line before the signatures"))?;
    let (text, block) = (&signed[..=split], &signed[split + 2..]);
    if block.is_empty() || !block.ends_with('\n') {
        return Err(malformed(
            "signature block is empty or lacks its final newline",
        ));
    }
    let mut note = Note {
        text: text.to_owned(),
        signatures: Vec::new(),
        unverified: Vec::new(),
    };
    for (count, line) in block.split_terminator('\n').enumerate() {
        if count == MAX_SIGNATURES {
            return Err(NoteError::TooManySignatures);
        }
        let (signature, signature_bytes) = parse_signature_line(line)?;
        let Some(verifier) = find_verifier(verifiers, &signature.name, signature.key_id)? else {
            if !note.unverified.contains(&signature) {
                note.unverified.push(signature);
            }
            continue;
        };
        // Unlike Go, which checks only the first signature per key, every signature by a
        // known key is checked (C2SP: verifiers MUST verify them).
        if !verifier.verifies(text, &signature_bytes) {
            return Err(NoteError::InvalidSignature {
                name: signature.name,
                key_id: signature.key_id,
            });
        }
        let seen = note
            .signatures
            .iter()
            .any(|known| known.name == signature.name && known.key_id == signature.key_id);
        if !seen {
            note.signatures.push(signature);
        }
    }
    if note.signatures.is_empty() {
        return Err(NoteError::NoKnownSignature);
    }
    Ok(note)
}

/// A signature line's name, key id and base64, and the signature bytes after the key id.
fn parse_signature_line(line: &str) -> Result<(NoteSignature, Vec<u8>), NoteError> {
    let malformed = NoteError::Malformed;
    let rest = line.strip_prefix(SIGNATURE_PREFIX).ok_or(malformed(
        "signature line must start with an em dash and a space",
    ))?;
    let (name, base64) = rest
        .split_once(' ')
        .ok_or(malformed("signature line has no signature"))?;
    if !is_valid_name(name) {
        return Err(malformed("invalid key name in signature line"));
    }
    let raw = BASE64
        .decode(base64)
        .map_err(|_| malformed("signature is not base64"))?;
    if raw.len() < 5 {
        return Err(malformed("signature too short"));
    }
    let signature = NoteSignature {
        name: name.to_owned(),
        key_id: u32::from_be_bytes([raw[0], raw[1], raw[2], raw[3]]),
        base64: base64.to_owned(),
    };
    Ok((signature, raw[4..].to_vec()))
}

/// The verifier for a name and key id; `None` if unknown, an error if two different keys
/// claim it (as Go's `VerifierList` does).
fn find_verifier<'a>(
    verifiers: &'a [NoteVerifier],
    name: &str,
    key_id: u32,
) -> Result<Option<&'a NoteVerifier>, NoteError> {
    let mut matching = verifiers
        .iter()
        .filter(|verifier| verifier.name == name && verifier.key_id == key_id);
    let Some(first) = matching.next() else {
        return Ok(None);
    };
    if matching.any(|other| other.key != first.key) {
        return Err(NoteError::AmbiguousVerifier {
            name: name.to_owned(),
            key_id,
        });
    }
    Ok(Some(first))
}

/// A key name: non-empty, no Unicode white space, no `+` (c2sp.org/signed-note).
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty() && !name.contains(|c: char| c.is_whitespace() || c == '+')
}

fn check_name(name: &str) -> Result<(), NoteError> {
    if !is_valid_name(name) {
        return Err(NoteError::InvalidName(name.to_owned()));
    }
    Ok(())
}

fn has_control_character(text: &str) -> bool {
    text.contains(|c: char| c < ' ' && c != '\n')
}

/// KEY_ID = SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[..4], big-endian.
fn key_id(name: &str, public_key: &[u8; 32]) -> u32 {
    let mut hasher = Sha256::new();
    hasher.update(name.as_bytes());
    hasher.update([b'\n', ALGORITHM_ED25519]);
    hasher.update(public_key);
    let digest = hasher.finalize();
    u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]])
}

/// `NAME+KEYHASH+BASE64(0x01 ‖ key)`, the shape of verifier keys and (after `PRIVATE+KEY+`)
/// of private keys.
fn key_text(name: &str, key_id: u32, key: &[u8; 32]) -> String {
    let mut typed = [0u8; 33];
    typed[0] = ALGORITHM_ED25519;
    typed[1..].copy_from_slice(key);
    format!("{name}+{key_id:08x}+{}", BASE64.encode(typed))
}

/// The `NAME+KEYHASH+BASE64` shape shared by verifier and private keys.
struct KeyParts<'a> {
    name: &'a str,
    key_id: u32,
    base64: &'a str,
}

impl<'a> KeyParts<'a> {
    fn split(text: &'a str) -> Result<Self, &'static str> {
        let (name, rest) = text.split_once('+').ok_or("missing key hash")?;
        let (hash, base64) = rest.split_once('+').ok_or("missing key data")?;
        if !is_valid_name(name) {
            return Err("invalid key name");
        }
        if hash.len() != 8 || !hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return Err("key hash must be 8 lowercase hex digits");
        }
        let key_id = u32::from_str_radix(hash, 16).map_err(|_| "key hash is not hex")?;
        Ok(Self {
            name,
            key_id,
            base64,
        })
    }

    /// The 32 key bytes after the Ed25519 type byte; `malformed` names the kind of key.
    fn ed25519_key(&self, malformed: fn(&'static str) -> NoteError) -> Result<[u8; 32], NoteError> {
        let typed = BASE64
            .decode(self.base64)
            .map_err(|_| malformed("key data is not canonical base64"))?;
        let (&algorithm, key) = typed.split_first().ok_or(malformed("empty key data"))?;
        if algorithm != ALGORITHM_ED25519 {
            return Err(NoteError::UnknownAlgorithm(algorithm));
        }
        key.try_into()
            .map_err(|_| malformed("an Ed25519 key has 32 bytes"))
    }
}
