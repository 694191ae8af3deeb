//! The data directory and the SQLite database files, which hold every party's data: only the
//! user custos runs as may read them.
//!
//! A missing data directory is created 0700 and a missing database file 0600 before SQLite
//! opens it; SQLite gives the `-wal` and `-shm` files it creates the mode of the database
//! file, so they are 0600 too. A directory or database file found open to group or others
//! (made by hand, or by a custos before this check) is narrowed to 0700 / 0600 with a
//! warning rather than refused: unlike a key (`keys`), which may have leaked and must be
//! replaced by the operator, there is nothing to replace here, and narrowing a mode is always
//! safe, so refusing would only stop the server over something it can correct itself. Where
//! the mode cannot be changed (another owner), start-up fails naming the path.

use std::fs;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

const DIR_MODE: u32 = 0o700;
const FILE_MODE: u32 = 0o600;

/// A path custos cannot make private.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct PrivateError {
    pub path: PathBuf,
    pub reason: String,
}

/// Creates `dir` (mode 0700) if missing, or narrows an existing one open to group or others.
pub fn ensure_dir(dir: &Path) -> Result<(), PrivateError> {
    fs::DirBuilder::new()
        .recursive(true)
        .mode(DIR_MODE)
        .create(dir)
        .map_err(|error| fail(dir, format!("cannot create directory: {error}")))?;
    narrow(dir, DIR_MODE)
}

/// Creates the SQLite database file at `path` (mode 0600) if missing, and narrows it and any
/// `-wal`/`-shm` file beside it that group or others may open. Call before SQLite opens it.
pub fn ensure_database_files(path: &Path) -> Result<(), PrivateError> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        // Only created here, never narrowed: a database outside the data directory may sit in
        // a directory shared with other things; its files are private either way.
        fs::DirBuilder::new()
            .recursive(true)
            .mode(DIR_MODE)
            .create(parent)
            .map_err(|error| fail(parent, format!("cannot create directory: {error}")))?;
    }
    // An empty file is an empty SQLite database; `mode` applies only if it is created.
    fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .mode(FILE_MODE)
        .open(path)
        .map_err(|error| fail(path, format!("cannot create: {error}")))?;
    narrow(path, FILE_MODE)?;
    for suffix in ["-wal", "-shm"] {
        let mut companion = path.as_os_str().to_owned();
        companion.push(suffix);
        let companion = PathBuf::from(companion);
        if companion.exists() {
            narrow(&companion, FILE_MODE)?;
        }
    }
    Ok(())
}

/// Sets `path` to `mode` if group or others have any access to it.
fn narrow(path: &Path, mode: u32) -> Result<(), PrivateError> {
    let metadata = fs::metadata(path).map_err(|error| fail(path, error.to_string()))?;
    let found = metadata.permissions().mode() & 0o777;
    if found & 0o077 == 0 {
        return Ok(());
    }
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).map_err(|error| {
        fail(
            path,
            format!("open to other users (mode {found:04o}) and cannot be changed: {error}; run chmod {mode:o} on it"),
        )
    })?;
    tracing::warn!(
        path = %path.display(),
        "was open to other users (mode {found:04o}); changed to {mode:04o}"
    );
    Ok(())
}

fn fail(path: &Path, reason: String) -> PrivateError {
    PrivateError {
        path: path.to_owned(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn new_paths_are_private_and_open_ones_are_narrowed() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        ensure_dir(&data).unwrap();
        assert_eq!(mode(&data), 0o700);
        let database = data.join("custos.db");
        ensure_database_files(&database).unwrap();
        assert_eq!(mode(&database), 0o600);

        let wal = data.join("custos.db-wal");
        fs::write(&wal, b"").unwrap();
        for (path, open) in [(&data, 0o755), (&database, 0o644), (&wal, 0o640)] {
            fs::set_permissions(path, fs::Permissions::from_mode(open)).unwrap();
        }
        ensure_dir(&data).unwrap();
        ensure_database_files(&database).unwrap();
        assert_eq!(
            (mode(&data), mode(&database), mode(&wal)),
            (0o700, 0o600, 0o600)
        );
    }
}
