//! Evidence digests for the apps: a file hashed by path with progress, an incremental hasher
//! for content that arrives in pieces, and the digest of bytes in memory.

use std::fs::File;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use custos_core::digest as core;

use crate::error::{CustosError, Result};
use crate::progress::{HashProgress, ThrottledProgress};

/// The digest of a whole piece of evidence: lowercase hex SHA-256 and its size in bytes.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HashedEvidence {
    pub sha256: String,
    pub size: u64,
}

impl From<core::HashedContent> for HashedEvidence {
    fn from(hashed: core::HashedContent) -> Self {
        Self {
            sha256: hashed.digest.to_hex(),
            size: hashed.size,
        }
    }
}

/// Hashes the file at `path` in constant memory.
///
/// `progress`, if given, hears from the hash about every `report_every_bytes` (0: after each
/// read) and cancels it by returning false. Reporting is spaced out because every call into
/// the app's runtime costs far more than hashing a read's worth of bytes.
#[uniffi::export]
pub fn hash_file(
    path: String,
    progress: Option<Box<dyn HashProgress>>,
    report_every_bytes: u64,
) -> Result<HashedEvidence> {
    let file = File::open(path)?;
    let hashed = match progress {
        None => core::hash_reader(file, None)?,
        Some(listener) => {
            let mut throttled = ThrottledProgress::new(listener.as_ref(), report_every_bytes);
            core::hash_reader(
                file,
                Some(&mut |bytes_hashed| throttled.report(bytes_hashed)),
            )?
        }
    };
    Ok(hashed.into())
}

/// The lowercase hex SHA-256 of bytes already in memory.
#[uniffi::export]
pub fn sha256_hex(bytes: Vec<u8>) -> String {
    core::sha256(&bytes).to_hex()
}

/// Incremental SHA-256 for camera and recorder pipelines that feed frames as they come.
/// Safe to share between threads; `finish` ends it, and later calls fail.
#[derive(uniffi::Object)]
pub struct EvidenceHasher {
    state: Mutex<Option<core::EvidenceHasher>>,
}

#[uniffi::export]
impl EvidenceHasher {
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Self::holding(core::EvidenceHasher::new())
    }

    /// Carries on from bytes `save_state` returned, e.g. after the app was stopped mid-capture.
    #[uniffi::constructor]
    pub fn restore(saved_state: Vec<u8>) -> Result<Arc<Self>> {
        Ok(Self::holding(core::EvidenceHasher::restore(&saved_state)?))
    }

    pub fn update(&self, bytes: Vec<u8>) -> Result<()> {
        running(self.lock().as_mut())?.update(&bytes);
        Ok(())
    }

    pub fn bytes_hashed(&self) -> Result<u64> {
        Ok(running(self.lock().as_ref())?.bytes_hashed())
    }

    /// The hashing state so far, to store beside the partial file. It holds the last few
    /// bytes of content (under 64), so it stays on the device with the file.
    pub fn save_state(&self) -> Result<Vec<u8>> {
        Ok(running(self.lock().as_ref())?
            .save_state()
            .as_bytes()
            .to_vec())
    }

    pub fn finish(&self) -> Result<HashedEvidence> {
        let hasher = running(self.lock().take())?;
        Ok(core::HashedContent {
            size: hasher.bytes_hashed(),
            digest: hasher.finalize(),
        }
        .into())
    }
}

impl EvidenceHasher {
    fn holding(hasher: core::EvidenceHasher) -> Arc<Self> {
        Arc::new(Self {
            state: Mutex::new(Some(hasher)),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Option<core::EvidenceHasher>> {
        // Nothing panics while holding the lock, so a poisoned state is still a whole one.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn running<T>(state: Option<T>) -> Result<T> {
    state.ok_or_else(|| CustosError::InvalidInput {
        reason: "evidence hasher already finished".into(),
    })
}
