//! The log's checkpoints: C2SP tlog-checkpoint bodies (c2sp.org/tlog-checkpoint), signed as
//! C2SP signed notes.
//!
//! A body is the origin line, the tree size in decimal, the base64 root hash, then optional
//! non-empty extension lines, each ending with a newline.

use crate::digest::Sha256Digest;
use crate::note::{Note, NoteError, NoteSigner, NoteVerifier, open_note};

/// Why a checkpoint body was refused or could not be signed or opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckpointError {
    #[error("malformed checkpoint: {0}")]
    Malformed(&'static str),
    #[error(transparent)]
    Note(#[from] NoteError),
}

/// A log's tree head: which log (origin), how many leaves and their RFC 6962 root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub origin: String,
    pub size: u64,
    pub root_hash: Sha256Digest,
    /// Opaque extension lines, without their newlines; C2SP discourages them.
    pub extensions: Vec<String>,
}

impl Checkpoint {
    pub fn new(origin: impl Into<String>, size: u64, root_hash: Sha256Digest) -> Self {
        Self {
            origin: origin.into(),
            size,
            root_hash,
            extensions: Vec::new(),
        }
    }

    /// The note text. Refuses what [`Checkpoint::parse`] would refuse, so that every body
    /// custos signs reads back as the same checkpoint.
    pub fn to_body(&self) -> Result<String, CheckpointError> {
        check_line(&self.origin, ORIGIN)?;
        check_size(self.size)?;
        let mut body = format!(
            "{}\n{}\n{}\n",
            self.origin,
            self.size,
            self.root_hash.to_base64()
        );
        for extension in &self.extensions {
            check_line(extension, EXTENSION)?;
            body.push_str(extension);
            body.push('\n');
        }
        Ok(body)
    }

    /// Parses a body strictly: at least three lines, each non-empty and free of control
    /// characters, the body ending with a newline, the size in decimal without leading zeros
    /// (and at most 2^63 - 1, the largest Go's `tlog` reads), the root as canonical padded
    /// base64 of 32 bytes.
    pub fn parse(body: &str) -> Result<Self, CheckpointError> {
        let malformed = CheckpointError::Malformed;
        let text = body
            .strip_suffix('\n')
            .ok_or(malformed("body must end with a newline"))?;
        let mut lines = text.split('\n');
        let (Some(origin), Some(size), Some(root)) = (lines.next(), lines.next(), lines.next())
        else {
            return Err(malformed("body needs origin, size and root hash lines"));
        };
        check_line(origin, ORIGIN)?;
        let size = parse_size(size)?;
        let root_hash = parse_root(root)?;
        let extensions = lines
            .map(|line| check_line(line, EXTENSION).map(|()| line.to_owned()))
            .collect::<Result<_, _>>()?;
        Ok(Self {
            origin: origin.to_owned(),
            size,
            root_hash,
            extensions,
        })
    }

    /// The signed note of this checkpoint.
    pub fn sign(&self, signer: &NoteSigner) -> Result<String, CheckpointError> {
        Ok(signer.sign(&self.to_body()?)?)
    }

    /// Opens a signed checkpoint with the given verifiers (see [`open_note`]) and parses its
    /// body. The caller still checks that the origin is the log it expects.
    pub fn open(
        signed: impl AsRef<[u8]>,
        verifiers: &[NoteVerifier],
    ) -> Result<(Self, Note), CheckpointError> {
        let note = open_note(signed, verifiers)?;
        Ok((Self::parse(&note.text)?, note))
    }

    /// What every verifier of a custos answer does first: parses the log's verifier key,
    /// opens the signed checkpoint with it, and checks the checkpoint is that log's.
    pub fn open_with_key(
        signed: impl AsRef<[u8]>,
        verifier_key: &str,
    ) -> Result<(Self, NoteVerifier), OpenFailure> {
        let verifier = NoteVerifier::from_verifier_key(verifier_key.trim()).map_err(|error| {
            OpenFailure::VerifierKey {
                reason: error.to_string(),
            }
        })?;
        let (checkpoint, _) =
            Self::open(signed, std::slice::from_ref(&verifier)).map_err(|error| {
                OpenFailure::Checkpoint {
                    reason: error.to_string(),
                }
            })?;
        if checkpoint.origin != verifier.name() {
            return Err(OpenFailure::Origin {
                origin: checkpoint.origin,
                key_name: verifier.name().to_owned(),
            });
        }
        Ok((checkpoint, verifier))
    }
}

/// Why [`Checkpoint::open_with_key`] found no checkpoint of the key's log; bundle and custody
/// verdicts carry these as their own variants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenFailure {
    VerifierKey { reason: String },
    Checkpoint { reason: String },
    Origin { origin: String, key_name: String },
}

/// The messages for an empty line and for a control character in one kind of line.
type LineFaults = (&'static str, &'static str);
const ORIGIN: LineFaults = ("empty origin", "control character in origin");
const EXTENSION: LineFaults = (
    "empty extension line",
    "control character in extension line",
);

fn check_line(line: &str, (empty, control): LineFaults) -> Result<(), CheckpointError> {
    if line.is_empty() {
        return Err(CheckpointError::Malformed(empty));
    }
    if line.contains(|c: char| c < ' ') {
        return Err(CheckpointError::Malformed(control));
    }
    Ok(())
}

fn check_size(size: u64) -> Result<(), CheckpointError> {
    if size > i64::MAX as u64 {
        return Err(CheckpointError::Malformed("tree size exceeds 2^63 - 1"));
    }
    Ok(())
}

fn parse_size(line: &str) -> Result<u64, CheckpointError> {
    let malformed = CheckpointError::Malformed;
    if line.is_empty() || !line.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed("tree size must be decimal digits"));
    }
    if line.len() > 1 && line.starts_with('0') {
        return Err(malformed("tree size has a leading zero"));
    }
    let size = line
        .parse::<u64>()
        .map_err(|_| malformed("tree size exceeds 2^63 - 1"))?;
    check_size(size)?;
    Ok(size)
}

fn parse_root(line: &str) -> Result<Sha256Digest, CheckpointError> {
    // Padded base64 with zero trailing bits only, so each root has exactly one spelling.
    Sha256Digest::from_base64(line)
        .map_err(|_| CheckpointError::Malformed("root hash is not the padded base64 of 32 bytes"))
}
