//! The blob store's location as far as start-up needs it. Evidence storage itself
//! (object_store) and its readiness probe are in `evidence::store`.

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
