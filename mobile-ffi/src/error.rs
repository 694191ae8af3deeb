//! The one error type the apps see, and the single place core errors are mapped to it.

use custos_core::checkpoint::CheckpointError;
use custos_core::device::DeviceError;
use custos_core::digest::{DigestError, ParseDigestError, RestoreStateError};
use custos_core::draw::DrawError;
use custos_core::jcs::CanonicalError;
use custos_core::lifecycle::RecordRefused;
use custos_core::merkle::ProofError;
use custos_core::note::NoteError;
use custos_core::publicity::NoticeError;
use custos_core::record::RecordError;

/// What went wrong, by what the app can do about it. `reason` is for logs and support: it
/// names the failed step and never carries evidence content or personal data.
#[derive(Debug, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum CustosError {
    /// The evidence file could not be opened or read; the app may retry or ask the officer.
    #[error("io: {reason}")]
    Io { reason: String },
    /// The caller's progress listener asked to stop.
    #[error("cancelled: {reason}")]
    Cancelled { reason: String },
    /// An argument is malformed (key, digest, JSON, record) or an object was used after it
    /// was finished: a bug in the calling app or corrupt stored data.
    #[error("invalid input: {reason}")]
    InvalidInput { reason: String },
    /// A signature, proof or checkpoint does not verify: treat the data as tampered with.
    #[error("verification failed: {reason}")]
    VerificationFailed { reason: String },
    /// The platform could not provide what core needs (operating system randomness).
    #[error("platform: {reason}")]
    Platform { reason: String },
}

pub type Result<T> = std::result::Result<T, CustosError>;

fn invalid_input(error: impl std::fmt::Display) -> CustosError {
    CustosError::InvalidInput {
        reason: error.to_string(),
    }
}

fn verification_failed(error: impl std::fmt::Display) -> CustosError {
    CustosError::VerificationFailed {
        reason: error.to_string(),
    }
}

fn platform(error: impl std::fmt::Display) -> CustosError {
    CustosError::Platform {
        reason: error.to_string(),
    }
}

impl From<std::io::Error> for CustosError {
    fn from(error: std::io::Error) -> Self {
        // The OS message names the failure (not found, permission denied), never the path.
        Self::Io {
            reason: error.to_string(),
        }
    }
}

impl From<DigestError> for CustosError {
    fn from(error: DigestError) -> Self {
        match &error {
            DigestError::Read(source) => Self::Io {
                reason: format!("{error}: {source}"),
            },
            DigestError::Cancelled => Self::Cancelled {
                reason: error.to_string(),
            },
        }
    }
}

impl From<ParseDigestError> for CustosError {
    fn from(error: ParseDigestError) -> Self {
        invalid_input(error)
    }
}

impl From<DeviceError> for CustosError {
    fn from(error: DeviceError) -> Self {
        match error {
            DeviceError::BadSignature => verification_failed(error),
            DeviceError::Randomness(_) => platform(error),
            _ => invalid_input(error),
        }
    }
}

impl From<ProofError> for CustosError {
    fn from(error: ProofError) -> Self {
        match error {
            ProofError::WrongLength | ProofError::RootMismatch => verification_failed(error),
            _ => invalid_input(error),
        }
    }
}

impl From<NoteError> for CustosError {
    fn from(error: NoteError) -> Self {
        match error {
            NoteError::InvalidSignature { .. } | NoteError::NoKnownSignature => {
                verification_failed(error)
            }
            NoteError::Randomness => platform(error),
            _ => invalid_input(error),
        }
    }
}

impl From<CheckpointError> for CustosError {
    fn from(error: CheckpointError) -> Self {
        match error {
            CheckpointError::Note(note_error) => note_error.into(),
            CheckpointError::Malformed(_) => invalid_input(error),
        }
    }
}

impl From<CanonicalError> for CustosError {
    fn from(error: CanonicalError) -> Self {
        invalid_input(error)
    }
}

impl From<RecordError> for CustosError {
    fn from(error: RecordError) -> Self {
        match error {
            RecordError::Signature(device_error) => device_error.into(),
            _ => invalid_input(error),
        }
    }
}

impl From<RecordRefused> for CustosError {
    fn from(error: RecordRefused) -> Self {
        // The case's own records do not follow the lifecycle: corrupt or foreign data.
        invalid_input(error)
    }
}

impl From<serde_json::Error> for CustosError {
    fn from(error: serde_json::Error) -> Self {
        invalid_input(error)
    }
}

impl From<RestoreStateError> for CustosError {
    fn from(error: RestoreStateError) -> Self {
        invalid_input(error)
    }
}

impl From<DrawError> for CustosError {
    fn from(error: DrawError) -> Self {
        invalid_input(error)
    }
}

impl From<NoticeError> for CustosError {
    fn from(error: NoticeError) -> Self {
        // Names what is missing (a decision, the party), never the party's data.
        invalid_input(error)
    }
}
