//! Where evidence bytes live: staged uploads, the content-addressed store, quarantine and
//! derived files, on the local disk (direct file system calls) or in an object store (S3 or,
//! in tests, memory) through `object_store`.
//!
//! One trait, [`Blobs`], with the two implementations: [`LocalBlobs`] and [`ObjectBlobs`].
//! Every method blocks; callers run them on the blocking thread pool, never on an async
//! worker. Keys are the same in both stores:
//!
//! | key | holds |
//! |---|---|
//! | `uploads/<upload id>` | local: the staged bytes of an unfinished upload, one file |
//! | `uploads/<upload id>/<start>-<nonce>` | object store: one staged part per committed stretch |
//! | `sha256/ab/cd/<hex>` | verified evidence, once per digest |
//! | `quarantine/sha256/ab/cd/<hex>` | bytes whose digest differs from the declared one |
//! | `derived/thumbnails/<hex>.jpg` | thumbnails (never evidence) |

mod local;
mod object;

pub use local::{LocalBlobs, lock_staged};
pub use object::{ObjectBlobs, StoreUnavailable};

use crate::config::BlobLocation;
use custos_core::digest::Sha256Digest;
use std::io::{self, Read};
use std::path::PathBuf;
use std::sync::Arc;

pub use crate::db::uploads::StagedPart;

/// Writes one request's bytes into an upload's staging area.
pub trait StagingSink: Send {
    fn write(&mut self, bytes: &[u8]) -> io::Result<()>;
    /// Hands everything written so far to the store, so that the next request (and, after a
    /// crash of the server process, the restarted one) finds it; with [`Durability::Now`]
    /// the bytes also survive a crash of the machine. An object store's parts are durable
    /// once written and it returns the part; the local store has one file per upload and
    /// returns `None`.
    fn commit(&mut self, durability: Durability) -> io::Result<Option<StagedPart>>;
}

/// Whether a commit waits until its bytes would survive a power loss.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Durability {
    /// In the kernel's page cache: enough for a crash of the server process. Used between
    /// the requests of an upload, which `HEAD` and the upload's last request make durable.
    Deferred,
    /// On the disk (`fdatasync`).
    Now,
}

/// Why a request may not write an upload's staged bytes.
#[derive(Debug, thiserror::Error)]
pub enum StagingError {
    #[error("another request is writing this upload")]
    Busy,
    #[error("the upload's offset moved after this request read it")]
    Moved,
    /// Fewer bytes are staged than the upload's offset says: the machine crashed before
    /// they reached the disk. `HEAD` rewinds the upload to what is there.
    #[error("only {staged} bytes are staged, fewer than the upload's offset")]
    Lost { staged: u64 },
    #[error("the database is unavailable: {0}")]
    Unavailable(String),
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// How long `/readyz` waits for an object store.
pub const PROBE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);
/// How long a request to an object store is retried before its failure is answered.
const STORE_RETRY_FOR: std::time::Duration = std::time::Duration::from_secs(10);

/// What the evidence services ask of a store. Every method blocks.
pub trait Blobs: Send + Sync {
    /// A sink appending to `upload_id`'s staged bytes from `offset`, the upload's committed
    /// offset; whatever lies beyond it (written by a request that never committed) is
    /// discarded.
    ///
    /// On the local disk, `still_at_offset` is asked, once the upload is this request's alone, whether
    /// `offset` is still the upload's offset; if not ([`StagingError::Moved`]) nothing
    /// is touched. Without that check a request that read the offset while an earlier request
    /// was still committing would cut off bytes already reported as received.
    fn staging_sink(
        &self,
        upload_id: &str,
        offset: u64,
        still_at_offset: Box<dyn FnOnce() -> Result<bool, StagingError> + Send>,
    ) -> Result<Box<dyn StagingSink>, StagingError>;

    /// Makes an upload's staged bytes durable and says how many there are: `None` for an
    /// object store, whose committed parts are durable already.
    fn sync_staged(&self, upload_id: &str) -> io::Result<Option<u64>>;

    /// Reads the first `length` bytes staged for `upload_id` on the local disk.
    fn read_staged(&self, upload_id: &str, length: u64) -> io::Result<Box<dyn Read + Send>>;

    /// Copies or links a finished upload's staged bytes (on the local disk, its one file; in
    /// an object store, `parts`) to `key`. Idempotent: bytes already at `key` are the same
    /// bytes, since the key is their digest.
    fn promote(
        &self,
        upload_id: &str,
        parts: &[StagedPart],
        length: u64,
        key: &str,
    ) -> io::Result<()>;

    /// Where an upload's bytes are staged, on the local disk.
    fn local_staging_path(&self, upload_id: &str) -> Option<PathBuf>;

    /// Removes an upload's staged bytes, if any.
    fn remove_staging(&self, upload_id: &str) -> io::Result<()>;

    /// A reader of `range` of the object at `key`.
    fn read_range(
        &self,
        key: &str,
        range: std::ops::Range<u64>,
    ) -> io::Result<Box<dyn Read + Send>>;

    fn put_small(&self, key: &str, bytes: Vec<u8>) -> io::Result<()>;

    fn get_small(&self, key: &str) -> io::Result<Vec<u8>>;

    /// Readiness: a local root is a writable directory; an object store answers a metadata
    /// request (a missing object is an answer) within [`PROBE_TIMEOUT`], so a dead S3
    /// endpoint fails the probe instead of waiting out the client's retries.
    fn probe(&self) -> io::Result<()>;

    /// The keys under `prefix` (whole path segments), in no particular order: what an
    /// operator or a test sees in the store.
    fn keys(&self, prefix: &str) -> io::Result<Vec<String>>;

    /// Deletes the object at `key`; a missing object is not an error.
    fn delete(&self, key: &str) -> io::Result<()>;
}

/// The store the configuration names, used through [`Blobs`].
pub struct BlobStore(Box<dyn Blobs>);

impl std::ops::Deref for BlobStore {
    type Target = dyn Blobs;

    fn deref(&self) -> &(dyn Blobs + 'static) {
        &*self.0
    }
}

/// Kind of bytes a content key holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shelf {
    Verified,
    Quarantined,
}

/// `sha256/ab/cd/<hex>`, or the same under `quarantine/`.
pub fn content_key(shelf: Shelf, digest: &Sha256Digest) -> String {
    let hex = digest.to_hex();
    let key = format!("sha256/{}/{}/{hex}", &hex[..2], &hex[2..4]);
    match shelf {
        Shelf::Verified => key,
        Shelf::Quarantined => format!("quarantine/{key}"),
    }
}

pub fn thumbnail_key(digest: &Sha256Digest) -> String {
    format!("derived/thumbnails/{}.jpg", digest.to_hex())
}

impl BlobStore {
    /// Opens the store the configuration names. S3 settings beyond bucket and prefix
    /// (region, endpoint, credentials) come from the standard `AWS_*` environment variables.
    pub fn open(location: &BlobLocation) -> io::Result<BlobStore> {
        match location {
            BlobLocation::Local(root) => Ok(BlobStore(Box::new(LocalBlobs::new(root.clone())))),
            BlobLocation::Memory => Ok(BlobStore(Box::new(ObjectBlobs::new(
                Arc::new(object_store::memory::InMemory::new()),
                "",
            )?))),
            BlobLocation::S3 { bucket, prefix } => {
                let store = object_store::aws::AmazonS3Builder::from_env()
                    .with_bucket_name(bucket)
                    .with_retry(object_store::RetryConfig {
                        // A store that is away fails the request within about this long,
                        // answered 503 with Retry-After, rather than after the default 3
                        // minutes, which outlasts every client's patience.
                        retry_timeout: STORE_RETRY_FOR,
                        ..object_store::RetryConfig::default()
                    })
                    .build()
                    .map_err(io::Error::other)?;
                Ok(BlobStore(Box::new(ObjectBlobs::new(
                    Arc::new(store),
                    prefix,
                )?)))
            }
        }
    }

    /// Creates a local blob directory (mode 0700) if missing, before the store is opened.
    pub fn prepare(location: &BlobLocation) -> io::Result<()> {
        use std::os::unix::fs::DirBuilderExt;
        match location {
            BlobLocation::Local(path) => std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(path),
            BlobLocation::S3 { .. } | BlobLocation::Memory => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use object_store::ObjectStore;

    fn object_blobs(store: impl ObjectStore) -> BlobStore {
        BlobStore(Box::new(
            ObjectBlobs::new(Arc::new(store), "custos").unwrap(),
        ))
    }

    #[test]
    fn probe_passes_a_reachable_store_and_fails_a_dead_one() {
        let root = tempfile::tempdir().unwrap();
        let local = BlobStore::open(&BlobLocation::Local(root.path().to_owned())).unwrap();
        local.probe().unwrap();
        std::fs::remove_dir(root.path()).unwrap();
        assert_eq!(local.probe().unwrap_err().kind(), io::ErrorKind::NotFound);

        object_blobs(object_store::memory::InMemory::new())
            .probe()
            .unwrap();

        // An S3 endpoint on a loopback port nobody listens on.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dead = object_store::aws::AmazonS3Builder::new()
            .with_endpoint(format!("http://127.0.0.1:{port}"))
            .with_allow_http(true)
            .with_bucket_name("evidence")
            .with_region("us-east-1")
            .with_access_key_id("custos")
            .with_secret_access_key("custos")
            .with_retry(object_store::RetryConfig {
                max_retries: 1,
                ..Default::default()
            })
            .build()
            .unwrap();
        assert!(object_blobs(dead).probe().is_err());
    }
}
