//! The blob store's location as far as start-up and readiness need it. Evidence storage
//! itself (object_store) builds on this.

use crate::config::BlobLocation;

/// Creates a local blob directory (mode 0700) if missing.
pub fn prepare(location: &BlobLocation) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    match location {
        BlobLocation::Local(path) => std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(path),
        BlobLocation::S3 { .. } | BlobLocation::Memory => Ok(()),
    }
}

/// Readiness: the local directory exists and is writable. An S3 store is probed by the
/// evidence store once it exists; until then it counts as reachable.
pub fn probe(location: &BlobLocation) -> Result<(), String> {
    match location {
        BlobLocation::Local(path) => {
            let metadata =
                std::fs::metadata(path).map_err(|error| format!("{}: {error}", path.display()))?;
            if !metadata.is_dir() {
                return Err(format!("{} is not a directory", path.display()));
            }
            if metadata.permissions().readonly() {
                return Err(format!("{} is read-only", path.display()));
            }
            Ok(())
        }
        BlobLocation::S3 { .. } | BlobLocation::Memory => Ok(()),
    }
}
