//! The server's secret keys, kept as files in the data directory.
//!
//! Each key is generated from OS randomness on first start, written with mode 0600 and reused
//! after. A key file that others may read is refused rather than used, because the log key
//! signs checkpoints for everyone and the token key mints any user's session.

use std::fs;
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// File name of the Ed25519 seed that signs log checkpoints.
pub const LOG_KEY_FILE: &str = "log-signing.key";
/// File name of the HMAC-SHA256 key that signs access tokens.
pub const TOKEN_KEY_FILE: &str = "token-signing.key";

/// The keys a running server needs.
#[derive(Clone)]
pub struct Keys {
    /// Ed25519 seed of the log's signed-note key.
    pub log_seed: [u8; 32],
    /// HS256 secret of access tokens.
    pub token_key: [u8; 32],
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keys { .. }")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("data directory {0}")]
    DataDir(#[from] crate::private::PrivateError),
    #[error("key file {path}: {reason}")]
    File { path: PathBuf, reason: String },
}

/// Loads both keys from `data_dir`, generating whichever is missing; the directory is
/// created, or narrowed, to mode 0700 first (`private`).
pub fn load_or_generate(data_dir: &Path) -> Result<Keys, KeyError> {
    crate::private::ensure_dir(data_dir)?;
    Ok(Keys {
        log_seed: load_or_generate_key(&data_dir.join(LOG_KEY_FILE))?,
        token_key: load_or_generate_key(&data_dir.join(TOKEN_KEY_FILE))?,
    })
}

/// Reads a 32-byte key stored as lowercase hex, or creates it.
///
/// Creation writes a temporary file and hard-links it into place, so two processes starting
/// at once agree on one key and a crash never leaves a half-written key behind.
fn load_or_generate_key(path: &Path) -> Result<[u8; 32], KeyError> {
    let fail = |reason: String| KeyError::File {
        path: path.to_owned(),
        reason,
    };
    if !path.exists() {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).map_err(|error| fail(format!("no OS randomness: {error}")))?;
        let temporary = path.with_extension(format!("tmp{}", std::process::id()));
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&temporary)
            .map_err(|error| fail(format!("cannot create: {error}")))?;
        file.write_all(format!("{}\n", hex::encode(key)).as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(|error| fail(format!("cannot write: {error}")))?;
        let linked = fs::hard_link(&temporary, path);
        let _ = fs::remove_file(&temporary);
        match linked {
            Ok(()) => return Ok(key),
            // Another process created it first: use theirs.
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(error) => return Err(fail(format!("cannot create: {error}"))),
        }
    }
    let metadata = fs::metadata(path).map_err(|error| fail(error.to_string()))?;
    let mode = metadata.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(fail(format!(
            "readable by others (mode {mode:04o}); run chmod 600 on it"
        )));
    }
    let text = fs::read_to_string(path).map_err(|error| fail(error.to_string()))?;
    let bytes = hex::decode(text.trim()).map_err(|_| fail("not hex".to_owned()))?;
    bytes
        .try_into()
        .map_err(|_| fail("expected 32 bytes as 64 hex characters".to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_generated_private_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let data_dir = dir.path().join("data");
        let first = load_or_generate(&data_dir).unwrap();
        for name in [LOG_KEY_FILE, TOKEN_KEY_FILE] {
            let mode = fs::metadata(data_dir.join(name))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "{name}");
        }
        let second = load_or_generate(&data_dir).unwrap();
        assert_eq!(first.log_seed, second.log_seed);
        assert_eq!(first.token_key, second.token_key);
        assert_ne!(first.log_seed, first.token_key);
    }

    #[test]
    fn a_key_readable_by_others_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        load_or_generate(dir.path()).unwrap();
        let path = dir.path().join(TOKEN_KEY_FILE);
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        let error = load_or_generate(dir.path()).unwrap_err();
        assert!(error.to_string().contains("chmod 600"), "{error}");
    }
}
