//! The one error type the apps see, and the single place core errors are mapped to it.

use custos_core::digest::{DigestError, ParseDigestError};

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
}

pub type Result<T> = std::result::Result<T, CustosError>;

fn invalid_input(error: impl std::fmt::Display) -> CustosError {
    CustosError::InvalidInput {
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
