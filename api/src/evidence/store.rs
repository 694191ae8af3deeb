//! Where evidence bytes live: staged uploads, the content-addressed store, quarantine and
//! derived files, on the local disk (direct file system calls) or in an object store (S3 or,
//! in tests, memory) through `object_store`.
//!
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

use super::object::ObjectBlobs;
use crate::config::BlobLocation;
use custos_core::digest::Sha256Digest;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::os::fd::AsRawFd;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where a committed stretch of an upload was staged in an object store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StagedPart {
    pub start: u64,
    pub end: u64,
    pub key: String,
}

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

pub enum BlobStore {
    Local(LocalBlobs),
    Object(ObjectBlobs),
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
            BlobLocation::Local(root) => Ok(BlobStore::Local(LocalBlobs { root: root.clone() })),
            BlobLocation::Memory => Ok(BlobStore::Object(ObjectBlobs::new(
                Arc::new(object_store::memory::InMemory::new()),
                "",
            )?)),
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
                Ok(BlobStore::Object(ObjectBlobs::new(
                    Arc::new(store),
                    prefix,
                )?))
            }
        }
    }

    /// A sink appending to `upload_id`'s staged bytes from `offset`, the upload's committed
    /// offset; whatever lies beyond it (written by a request that never committed) is
    /// discarded.
    ///
    /// On the local disk, `still_at_offset` is asked, once the upload is this request's alone, whether
    /// `offset` is still the upload's offset; if not ([`StagingError::Moved`]) nothing
    /// is touched. Without that check a request that read the offset while an earlier request
    /// was still committing would cut off bytes already reported as received.
    pub fn staging_sink(
        &self,
        upload_id: &str,
        offset: u64,
        still_at_offset: impl FnOnce() -> Result<bool, StagingError>,
    ) -> Result<Box<dyn StagingSink>, StagingError> {
        match self {
            BlobStore::Local(local) => Ok(Box::new(local.staging_sink(
                upload_id,
                offset,
                still_at_offset,
            )?)),
            BlobStore::Object(object) => Ok(Box::new(object.staging_sink(upload_id, offset))),
        }
    }

    /// Makes an upload's staged bytes durable and says how many there are: `None` for an
    /// object store, whose committed parts are durable already.
    pub fn sync_staged(&self, upload_id: &str) -> io::Result<Option<u64>> {
        match self {
            BlobStore::Local(local) => local.sync_staged(upload_id).map(Some),
            BlobStore::Object(_) => Ok(None),
        }
    }

    /// Reads the first `length` bytes staged for `upload_id` on the local disk.
    pub fn read_staged(&self, upload_id: &str, length: u64) -> io::Result<impl Read + use<>> {
        match self {
            BlobStore::Local(local) => Ok(File::open(local.staging_path(upload_id))?.take(length)),
            BlobStore::Object(_) => Err(io::Error::other(
                "an object store's staged parts are read through their keys",
            )),
        }
    }

    /// Copies or links a finished upload's staged bytes to `key`. Idempotent: bytes already
    /// at `key` are the same bytes, since the key is their digest.
    pub fn promote(
        &self,
        upload_id: &str,
        parts: &[StagedPart],
        length: u64,
        key: &str,
    ) -> io::Result<()> {
        match self {
            BlobStore::Local(local) => local.promote(upload_id, length, key),
            BlobStore::Object(object) => object.promote(parts, length, key),
        }
    }

    /// Where an upload's bytes are staged, on the local disk.
    pub fn local_staging_path(&self, upload_id: &str) -> Option<PathBuf> {
        match self {
            BlobStore::Local(local) => Some(local.staging_path(upload_id)),
            BlobStore::Object(_) => None,
        }
    }

    /// Removes an upload's staged bytes, if any.
    pub fn remove_staging(&self, upload_id: &str) -> io::Result<()> {
        match self {
            BlobStore::Local(local) => remove_if_present(&local.staging_path(upload_id)),
            BlobStore::Object(object) => object.remove_prefix(&format!("uploads/{upload_id}/")),
        }
    }

    /// A reader of `range` of the object at `key`.
    pub fn read_range(
        &self,
        key: &str,
        range: std::ops::Range<u64>,
    ) -> io::Result<Box<dyn Read + Send>> {
        match self {
            BlobStore::Local(local) => {
                let mut file = File::open(local.path(key))?;
                file.seek(SeekFrom::Start(range.start))?;
                Ok(Box::new(file.take(range.end - range.start)))
            }
            BlobStore::Object(object) => object.read_range(key, range),
        }
    }

    pub fn put_small(&self, key: &str, bytes: Vec<u8>) -> io::Result<()> {
        match self {
            BlobStore::Local(local) => local.put_small(key, &bytes),
            BlobStore::Object(object) => object.put_small(key, bytes),
        }
    }

    pub fn get_small(&self, key: &str) -> io::Result<Vec<u8>> {
        match self {
            BlobStore::Local(local) => fs::read(local.path(key)),
            BlobStore::Object(object) => object.get_small(key),
        }
    }

    /// Readiness: a local root is a writable directory; an object store answers a metadata
    /// request (a missing object is an answer) within [`PROBE_TIMEOUT`], so a dead S3
    /// endpoint fails the probe instead of waiting out the client's retries.
    pub fn probe(&self) -> io::Result<()> {
        match self {
            BlobStore::Local(local) => {
                let metadata = fs::metadata(&local.root)?;
                if !metadata.is_dir() {
                    return Err(io::Error::other(format!(
                        "{} is not a directory",
                        local.root.display()
                    )));
                }
                if metadata.permissions().readonly() {
                    return Err(io::Error::other(format!(
                        "{} is read-only",
                        local.root.display()
                    )));
                }
                Ok(())
            }
            BlobStore::Object(object) => object.probe(),
        }
    }

    /// The keys under `prefix` (whole path segments), in no particular order: what an
    /// operator or a test sees in the store.
    pub fn keys(&self, prefix: &str) -> io::Result<Vec<String>> {
        match self {
            BlobStore::Local(local) => {
                let mut keys = Vec::new();
                local.walk(prefix, &mut keys)?;
                Ok(keys)
            }
            BlobStore::Object(object) => object.keys(prefix),
        }
    }

    /// Deletes the object at `key`; a missing object is not an error.
    pub fn delete(&self, key: &str) -> io::Result<()> {
        match self {
            BlobStore::Local(local) => remove_if_present(&local.path(key)),
            BlobStore::Object(object) => object.delete(key),
        }
    }
}

/// Evidence on the local disk. Staged uploads live in the same directory tree as the
/// content-addressed files, so finishing an upload is a hard link, not a copy.
pub struct LocalBlobs {
    root: PathBuf,
}

impl LocalBlobs {
    fn path(&self, key: &str) -> PathBuf {
        self.root.join(key)
    }

    /// Adds the keys of the files at or under `key` to `keys`.
    fn walk(&self, key: &str, keys: &mut Vec<String>) -> io::Result<()> {
        let path = self.path(key.trim_matches('/'));
        let metadata = match fs::metadata(&path) {
            Ok(metadata) => metadata,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(error) => return Err(error),
        };
        if !metadata.is_dir() {
            keys.push(key.trim_matches('/').to_owned());
            return Ok(());
        }
        for entry in fs::read_dir(&path)? {
            let name = entry?.file_name();
            let below = format!("{}/{}", key.trim_matches('/'), name.to_string_lossy());
            self.walk(below.trim_start_matches('/'), keys)?;
        }
        Ok(())
    }

    fn staging_path(&self, upload_id: &str) -> PathBuf {
        self.root.join("uploads").join(upload_id)
    }

    fn staging_sink(
        &self,
        upload_id: &str,
        offset: u64,
        still_at_offset: impl FnOnce() -> Result<bool, StagingError>,
    ) -> Result<LocalSink, StagingError> {
        let path = self.staging_path(upload_id);
        let created = create_parent_dirs(&path)?;
        let file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(&path)?;
        if created || offset == 0 {
            sync_parent(&path)?;
        }
        lock_staged(&file)?;
        if !still_at_offset()? {
            return Err(StagingError::Moved);
        }
        let staged = file.metadata()?.len();
        if staged < offset {
            return Err(StagingError::Lost { staged });
        }
        file.set_len(offset)?;
        let mut writer = BufWriter::with_capacity(WRITE_BUFFER_BYTES, file);
        writer.seek(SeekFrom::Start(offset))?;
        Ok(LocalSink {
            writer,
            end: offset,
            writeback_from: offset,
        })
    }

    fn sync_staged(&self, upload_id: &str) -> io::Result<u64> {
        match File::open(self.staging_path(upload_id)) {
            Ok(file) => {
                file.sync_data()?;
                Ok(file.metadata()?.len())
            }
            // Created by the upload's first request; an upload none has reached has none.
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(0),
            Err(error) => Err(error),
        }
    }

    fn promote(&self, upload_id: &str, length: u64, key: &str) -> io::Result<()> {
        let target = self.path(key);
        let staged = self.staging_path(upload_id);
        create_parent_dirs(&target)?;
        match fs::metadata(&staged) {
            Ok(metadata) if metadata.len() >= length => {
                if metadata.len() > length {
                    OpenOptions::new()
                        .write(true)
                        .open(&staged)?
                        .set_len(length)?;
                }
                // The original is never edited: read-only for everyone from here on.
                fs::set_permissions(&staged, fs::Permissions::from_mode(0o400))?;
                match fs::hard_link(&staged, &target) {
                    Ok(()) => sync_parent(&target),
                    Err(error) if error.kind() == io::ErrorKind::AlreadyExists => Ok(()),
                    Err(error) => Err(error),
                }
            }
            Ok(metadata) => Err(io::Error::other(format!(
                "staged upload has {} of {length} bytes",
                metadata.len()
            ))),
            // Promoted by an earlier attempt that then stopped.
            Err(error) if error.kind() == io::ErrorKind::NotFound && target.exists() => Ok(()),
            Err(error) => Err(error),
        }
    }

    fn put_small(&self, key: &str, bytes: &[u8]) -> io::Result<()> {
        let target = self.path(key);
        create_parent_dirs(&target)?;
        let temporary = target.with_extension(format!("tmp{}", std::process::id()));
        let mut file = File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_data()?;
        fs::rename(&temporary, &target)?;
        sync_parent(&target)
    }
}

/// Buffer between request chunks and `write(2)`, which each upload in flight holds: a
/// gigabyte costs 16 thousand system calls (tens of milliseconds), and 200 uploads at once
/// hold 13 MB of it.
const WRITE_BUFFER_BYTES: usize = 64 * 1024;

/// Bytes handed to the kernel after which their write-back to the disk is started, so the
/// disk works while the network and the hasher go on, and the `fdatasync` that ends an
/// upload (or answers a `HEAD`) finds little left to write: at most this much and what the
/// disk has not finished. Without it, a server with a lot of memory keeps gigabytes dirty
/// until that `fdatasync`, which then stalls for the time the disk needs to write them all.
const WRITEBACK_EVERY_BYTES: u64 = 1024 * 1024;

struct LocalSink {
    writer: BufWriter<File>,
    /// Upload offset just past the last byte written to the sink.
    end: u64,
    /// Upload offset from which write-back has not been started yet.
    writeback_from: u64,
}

impl StagingSink for LocalSink {
    fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.writer.write_all(bytes)?;
        self.end += bytes.len() as u64;
        let in_kernel = self.end - self.writer.buffer().len() as u64;
        if in_kernel - self.writeback_from >= WRITEBACK_EVERY_BYTES {
            start_writeback(
                self.writer.get_ref(),
                self.writeback_from,
                in_kernel - self.writeback_from,
            );
            self.writeback_from = in_kernel;
        }
        Ok(())
    }

    fn commit(&mut self, durability: Durability) -> io::Result<Option<StagedPart>> {
        self.writer.flush()?;
        match durability {
            Durability::Now => self.writer.get_ref().sync_data()?,
            // The tail too heads for the disk now, so whatever syncs it later waits less.
            Durability::Deferred => start_writeback(
                self.writer.get_ref(),
                self.writeback_from,
                self.end - self.writeback_from,
            ),
        }
        self.writeback_from = self.end;
        Ok(None)
    }
}

/// Asks the kernel to start writing `length` bytes of `file` from `offset` to the disk,
/// without waiting (Linux `sync_file_range` with `SYNC_FILE_RANGE_WRITE`). Only a hint:
/// durability comes from an `fdatasync` (the upload's last commit, or `HEAD`), so a failure
/// here changes nothing.
fn start_writeback(file: &File, offset: u64, length: u64) {
    #[cfg(target_os = "linux")]
    // SAFETY: sync_file_range takes a valid open descriptor and integers, no pointers.
    unsafe {
        libc::sync_file_range(
            file.as_raw_fd(),
            offset as libc::off64_t,
            length as libc::off64_t,
            libc::SYNC_FILE_RANGE_WRITE,
        );
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (file, offset, length);
}

/// Creates missing parent directories; says whether any was created.
fn create_parent_dirs(path: &Path) -> io::Result<bool> {
    let parent = path.parent().expect("keys have a parent");
    if parent.is_dir() {
        return Ok(false);
    }
    fs::create_dir_all(parent)?;
    // New directory entries are durable only once each new directory's parent is synced.
    let mut directory = parent;
    while let Some(above) = directory.parent() {
        File::open(above)?.sync_all()?;
        if above.is_dir() && above != parent {
            break;
        }
        directory = above;
    }
    Ok(true)
}

/// Takes the lock of an upload's staged file, held until `file` closes. One writer per
/// upload, across processes and (on a shared file system) nodes: a second request while the
/// first still runs is refused, never interleaved.
pub(super) fn lock_staged(file: &File) -> Result<(), StagingError> {
    // SAFETY: flock takes a valid open descriptor and no pointers.
    let locked = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if locked != 0 {
        let error = io::Error::last_os_error();
        return Err(if error.kind() == io::ErrorKind::WouldBlock {
            StagingError::Busy
        } else {
            StagingError::Io(error)
        });
    }
    Ok(())
}

/// fsync of the directory holding `path`, so a new or renamed entry survives a crash.
fn sync_parent(path: &Path) -> io::Result<()> {
    File::open(path.parent().expect("keys have a parent"))?.sync_all()
}

fn remove_if_present(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use object_store::ObjectStore;

    fn object_blobs(store: impl ObjectStore) -> BlobStore {
        BlobStore::Object(ObjectBlobs::new(Arc::new(store), "custos").unwrap())
    }

    #[test]
    fn probe_passes_a_reachable_store_and_fails_a_dead_one() {
        let root = tempfile::tempdir().unwrap();
        let local = BlobStore::open(&BlobLocation::Local(root.path().to_owned())).unwrap();
        local.probe().unwrap();
        fs::remove_dir(root.path()).unwrap();
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

    fn local() -> (tempfile::TempDir, BlobStore) {
        let root = tempfile::tempdir().unwrap();
        let store = BlobStore::Local(LocalBlobs {
            root: root.path().to_owned(),
        });
        (root, store)
    }

    fn write(store: &BlobStore, offset: u64, bytes: &[u8]) -> Result<(), StagingError> {
        let mut sink = store.staging_sink("u1", offset, || Ok(true))?;
        sink.write(bytes)?;
        sink.commit(Durability::Now)?;
        Ok(())
    }

    #[test]
    fn a_request_that_read_a_stale_offset_cuts_nothing_off() {
        let (root, store) = local();
        write(&store, 0, &[1; 800]).unwrap();
        let staged = root.path().join("uploads/u1");
        // The database has moved on to 800 since this request read 600.
        let stale = store.staging_sink("u1", 600, || Ok(false));
        assert!(matches!(stale, Err(StagingError::Moved)));
        assert_eq!(fs::metadata(&staged).unwrap().len(), 800);
        // Bytes beyond the durable offset (a request that never committed) are discarded.
        write(&store, 700, &[2; 10]).unwrap();
        let bytes = fs::read(&staged).unwrap();
        assert_eq!(bytes.len(), 710);
        assert_eq!(&bytes[690..], [[1; 10], [2; 10]].concat());
    }

    #[test]
    fn long_writes_keep_every_byte_in_order() {
        // Several write-back hints go out on the way; none may change what is written.
        let (root, store) = local();
        let bytes: Vec<u8> = (0..3 * 1024 * 1024 + 5).map(|i| (i % 251) as u8).collect();
        let mut sink = store.staging_sink("u1", 0, || Ok(true)).unwrap();
        for piece in bytes.chunks(100_000) {
            sink.write(piece).unwrap();
        }
        sink.commit(Durability::Deferred).unwrap();
        drop(sink);
        assert_eq!(fs::read(root.path().join("uploads/u1")).unwrap(), bytes);
    }

    #[test]
    fn bytes_lost_in_a_crash_of_the_machine_are_reported_not_padded() {
        let (root, store) = local();
        write(&store, 0, &[1; 800]).unwrap();
        // The database says 800, but the machine went down with the tail in its page cache.
        let staged = root.path().join("uploads/u1");
        OpenOptions::new()
            .write(true)
            .open(&staged)
            .unwrap()
            .set_len(300)
            .unwrap();
        assert_eq!(store.sync_staged("u1").unwrap(), Some(300));
        let lost = store.staging_sink("u1", 800, || Ok(true));
        assert!(matches!(lost, Err(StagingError::Lost { staged: 300 })));
        assert_eq!(fs::metadata(&staged).unwrap().len(), 300);
        let mut prefix = Vec::new();
        store
            .read_staged("u1", 200)
            .unwrap()
            .read_to_end(&mut prefix)
            .unwrap();
        assert_eq!(prefix, [1; 200]);
        assert_eq!(store.sync_staged("u2").unwrap(), Some(0));
    }

    #[test]
    fn one_writer_at_a_time() {
        let (_root, store) = local();
        let first = store.staging_sink("u1", 0, || Ok(true)).unwrap();
        assert!(matches!(
            store.staging_sink("u1", 0, || Ok(true)),
            Err(StagingError::Busy)
        ));
        drop(first);
        assert!(store.staging_sink("u1", 0, || Ok(true)).is_ok());
    }
}
