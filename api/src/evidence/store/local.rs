//! Evidence on the local disk: direct file system calls, one staged file per upload.

use super::{Blobs, Durability, StagedPart, StagingError, StagingSink};
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::os::fd::AsRawFd;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Evidence on the local disk. Staged uploads live in the same directory tree as the
/// content-addressed files, so finishing an upload is a hard link, not a copy.
pub struct LocalBlobs {
    root: PathBuf,
}

impl LocalBlobs {
    pub fn new(root: PathBuf) -> LocalBlobs {
        LocalBlobs { root }
    }

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

    fn open_sink(
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

    fn link_staged(&self, upload_id: &str, length: u64, key: &str) -> io::Result<()> {
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
}

impl Blobs for LocalBlobs {
    fn staging_sink(
        &self,
        upload_id: &str,
        offset: u64,
        still_at_offset: Box<dyn FnOnce() -> Result<bool, StagingError> + Send>,
    ) -> Result<Box<dyn StagingSink>, StagingError> {
        Ok(Box::new(self.open_sink(
            upload_id,
            offset,
            still_at_offset,
        )?))
    }

    fn sync_staged(&self, upload_id: &str) -> io::Result<Option<u64>> {
        match File::open(self.staging_path(upload_id)) {
            Ok(file) => {
                file.sync_data()?;
                Ok(Some(file.metadata()?.len()))
            }
            // Created by the upload's first request; an upload none has reached has none.
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(Some(0)),
            Err(error) => Err(error),
        }
    }

    fn read_staged(&self, upload_id: &str, length: u64) -> io::Result<Box<dyn Read + Send>> {
        Ok(Box::new(
            File::open(self.staging_path(upload_id))?.take(length),
        ))
    }

    fn promote(
        &self,
        upload_id: &str,
        _parts: &[StagedPart],
        length: u64,
        key: &str,
    ) -> io::Result<()> {
        self.link_staged(upload_id, length, key)
    }

    fn local_staging_path(&self, upload_id: &str) -> Option<PathBuf> {
        Some(self.staging_path(upload_id))
    }

    fn remove_staging(&self, upload_id: &str) -> io::Result<()> {
        remove_if_present(&self.staging_path(upload_id))
    }

    fn read_range(
        &self,
        key: &str,
        range: std::ops::Range<u64>,
    ) -> io::Result<Box<dyn Read + Send>> {
        let mut file = File::open(self.path(key))?;
        file.seek(SeekFrom::Start(range.start))?;
        Ok(Box::new(file.take(range.end - range.start)))
    }

    fn put_small(&self, key: &str, bytes: Vec<u8>) -> io::Result<()> {
        let target = self.path(key);
        create_parent_dirs(&target)?;
        let temporary = target.with_extension(format!("tmp{}", std::process::id()));
        let mut file = File::create(&temporary)?;
        file.write_all(&bytes)?;
        file.sync_data()?;
        fs::rename(&temporary, &target)?;
        sync_parent(&target)
    }

    fn get_small(&self, key: &str) -> io::Result<Vec<u8>> {
        fs::read(self.path(key))
    }

    /// The root is a writable directory.
    fn probe(&self) -> io::Result<()> {
        let metadata = fs::metadata(&self.root)?;
        if !metadata.is_dir() {
            return Err(io::Error::other(format!(
                "{} is not a directory",
                self.root.display()
            )));
        }
        if metadata.permissions().readonly() {
            return Err(io::Error::other(format!(
                "{} is read-only",
                self.root.display()
            )));
        }
        Ok(())
    }

    fn keys(&self, prefix: &str) -> io::Result<Vec<String>> {
        let mut keys = Vec::new();
        self.walk(prefix, &mut keys)?;
        Ok(keys)
    }

    fn delete(&self, key: &str) -> io::Result<()> {
        remove_if_present(&self.path(key))
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
    let parent = parent_of(path)?;
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
pub fn lock_staged(file: &File) -> Result<(), StagingError> {
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
    File::open(parent_of(path)?)?.sync_all()
}

/// The directory holding `path`: every key's path is below the store's root.
fn parent_of(path: &Path) -> io::Result<&Path> {
    path.parent()
        .ok_or_else(|| io::Error::other(format!("{} has no parent", path.display())))
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

    fn local() -> (tempfile::TempDir, LocalBlobs) {
        let root = tempfile::tempdir().unwrap();
        let store = LocalBlobs::new(root.path().to_owned());
        (root, store)
    }

    fn write(store: &LocalBlobs, offset: u64, bytes: &[u8]) -> Result<(), StagingError> {
        let mut sink = store.staging_sink("u1", offset, Box::new(|| Ok(true)))?;
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
        let stale = store.staging_sink("u1", 600, Box::new(|| Ok(false)));
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
        let mut sink = store.staging_sink("u1", 0, Box::new(|| Ok(true))).unwrap();
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
        let lost = store.staging_sink("u1", 800, Box::new(|| Ok(true)));
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
        let first = store.staging_sink("u1", 0, Box::new(|| Ok(true))).unwrap();
        assert!(matches!(
            store.staging_sink("u1", 0, Box::new(|| Ok(true))),
            Err(StagingError::Busy)
        ));
        drop(first);
        assert!(store.staging_sink("u1", 0, Box::new(|| Ok(true))).is_ok());
    }
}
