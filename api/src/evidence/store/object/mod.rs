//! Evidence in an object store (S3; memory in tests) through `object_store`.
//!
//! A request's bytes are staged as small objects of [`PIECE_BYTES`] each, put one after the
//! other as the request goes: `uploads/<id>/<stretch start>-<nonce>/<piece start>`, both
//! offsets zero-padded to 20 digits. A committed stretch is its prefix (ending in `/`), so
//! requests never write to the same object, any node can continue an upload from the
//! database's offset, and a request holds at most one piece in memory: S3's multipart
//! uploads would need 5 MiB parts buffered per upload (50 uploads at once: 250 MiB and
//! more). At completion the pieces are streamed in order into the content-addressed object
//! (one server-side copy when there is only one piece), a few completions at a time per node
//! ([`PROMOTIONS_AT_ONCE`]), since each holds a multipart part in memory.
//!
//! Every failure of the store other than a missing object is [`StoreUnavailable`], which the
//! HTTP edge answers 503 with `Retry-After`: the same request succeeds once the store is back.

mod reader;
mod sink;

pub use sink::ObjectSink;

use super::{Blobs, PROBE_TIMEOUT, StagedPart, StagingError, StagingSink};
use actix_web::web::Bytes;
use futures_util::StreamExt;
use object_store::path::Path as ObjectPath;
use object_store::{GetOptions, GetRange, ObjectStore, PutPayload, WriteMultipart};
use reader::ObjectReader;
use std::io::{self, Read};
use std::path::PathBuf;
use std::sync::Arc;

/// Bytes of one staged piece: what one request holds in memory while its bytes go to the
/// store. 1 MiB keeps 50 concurrent uploads near 50 MiB, and an S3 round trip per MiB is
/// small next to the MiB's transfer.
const PIECE_BYTES: usize = 1024 * 1024;
/// Size of each part of the multipart write that assembles a finished upload; S3 needs at
/// least 5 MiB per part but the last.
const PART_BYTES: usize = 5 * 1024 * 1024;
/// Completions assembling their object at once per node: each holds a part being filled
/// and one in flight (10 MiB).
const PROMOTIONS_AT_ONCE: usize = 2;

/// The object store failed (unreachable, timed out, or answered an error) for a reason
/// other than a missing object.
#[derive(Debug, thiserror::Error)]
#[error("the object store is unavailable: {0}")]
pub struct StoreUnavailable(object_store::Error);

/// A store error as an `io::Error`: `NotFound` for a missing object, else wrapping
/// [`StoreUnavailable`].
pub fn object_error(error: object_store::Error) -> io::Error {
    match error {
        object_store::Error::NotFound { .. } => io::Error::new(io::ErrorKind::NotFound, error),
        other => io::Error::other(StoreUnavailable(other)),
    }
}

#[derive(Clone)]
pub struct ObjectBlobs {
    store: Arc<dyn ObjectStore>,
    prefix: String,
    /// A runtime of its own: the blocking callers cannot borrow an actix worker's.
    runtime: Arc<BlobRuntime>,
    promotions: Arc<tokio::sync::Semaphore>,
}

/// Shuts its runtime down without waiting, so the store may be dropped anywhere (a tokio
/// runtime dropped inside an async context panics).
struct BlobRuntime(Option<tokio::runtime::Runtime>);

impl BlobRuntime {
    fn get(&self) -> &tokio::runtime::Runtime {
        self.0.as_ref().expect("runtime lives until drop")
    }
}

impl Drop for BlobRuntime {
    fn drop(&mut self) {
        if let Some(runtime) = self.0.take() {
            runtime.shutdown_background();
        }
    }
}

impl ObjectBlobs {
    pub fn new(store: Arc<dyn ObjectStore>, prefix: &str) -> io::Result<ObjectBlobs> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("custos-blobs")
            .enable_all()
            .build()?;
        Ok(ObjectBlobs {
            store,
            prefix: prefix.trim_matches('/').to_owned(),
            runtime: Arc::new(BlobRuntime(Some(runtime))),
            promotions: Arc::new(tokio::sync::Semaphore::new(PROMOTIONS_AT_ONCE)),
        })
    }

    fn path(&self, key: &str) -> ObjectPath {
        if self.prefix.is_empty() {
            ObjectPath::from(key)
        } else {
            ObjectPath::from(format!("{}/{key}", self.prefix))
        }
    }

    /// Runs `work` on the store's runtime; every caller is a blocking thread.
    fn run<T>(
        &self,
        work: impl std::future::Future<Output = object_store::Result<T>>,
    ) -> io::Result<T> {
        self.runtime.get().block_on(work).map_err(object_error)
    }

    fn open_sink(&self, upload_id: &str, durable_offset: u64) -> ObjectSink {
        ObjectSink::new(self.clone(), upload_id, durable_offset)
    }

    /// Assembles a finished upload's staged stretches at `key`. Idempotent: bytes already at
    /// `key` are the same bytes, since the key is their digest.
    fn assemble(&self, parts: &[StagedPart], length: u64, key: &str) -> io::Result<()> {
        let target = self.path(key);
        self.runtime.get().block_on(async {
            let _turn = self.promotions.acquire().await.map_err(io::Error::other)?;
            match self.store.head(&target).await {
                Ok(_) => return Ok(()),
                Err(object_store::Error::NotFound { .. }) => {}
                Err(error) => return Err(object_error(error)),
            }
            let covered = parts
                .iter()
                .try_fold(0, |offset, part| (part.start == offset).then_some(part.end));
            if covered != Some(length) {
                return Err(io::Error::other("staged parts do not cover the upload"));
            }
            let mut pieces = Vec::new();
            for part in parts {
                pieces.extend(self.pieces(part).await?);
            }
            match pieces.as_slice() {
                // S3 refuses to complete a multipart upload of no parts.
                [] => {
                    let empty = PutPayload::default();
                    return self
                        .store
                        .put(&target, empty)
                        .await
                        .map(drop)
                        .map_err(object_error);
                }
                [only] => return self.store.copy(only, &target).await.map_err(object_error),
                _ => {}
            }
            let upload = self
                .store
                .put_multipart(&target)
                .await
                .map_err(object_error)?;
            let mut writer = WriteMultipart::new_with_chunk_size(upload, PART_BYTES);
            for piece in &pieces {
                let mut stream = self
                    .store
                    .get(piece)
                    .await
                    .map_err(object_error)?
                    .into_stream();
                while let Some(chunk) = stream.next().await {
                    let chunk = chunk.map_err(object_error)?;
                    writer.wait_for_capacity(1).await.map_err(object_error)?;
                    writer.write(&chunk);
                }
            }
            writer.finish().await.map(drop).map_err(object_error)
        })
    }

    /// The objects holding a committed stretch, in order, checked to cover it exactly. A
    /// stretch staged before pieces existed is one object whose key does not end in `/`.
    async fn pieces(&self, part: &StagedPart) -> io::Result<Vec<ObjectPath>> {
        if !part.key.ends_with('/') {
            return Ok(vec![self.path(&part.key)]);
        }
        let mut listing = self.store.list(Some(&self.path(&part.key)));
        let mut found = Vec::new();
        while let Some(meta) = listing.next().await {
            let meta = meta.map_err(object_error)?;
            let start = meta
                .location
                .filename()
                .and_then(|name| name.parse::<u64>().ok())
                .ok_or_else(|| io::Error::other(format!("stray object {}", meta.location)))?;
            found.push((start, meta.size, meta.location));
        }
        found.sort_by_key(|(start, _, _)| *start);
        let mut offset = part.start;
        for (start, size, location) in &found {
            if *start != offset {
                return Err(io::Error::other(format!(
                    "piece {location} is not at {offset}"
                )));
            }
            offset += size;
        }
        if offset != part.end {
            return Err(io::Error::other(format!(
                "the pieces of {} end at {offset}, not {}",
                part.key, part.end
            )));
        }
        Ok(found.into_iter().map(|(_, _, location)| location).collect())
    }

    fn remove_prefix(&self, prefix: &str) -> io::Result<()> {
        self.run(async {
            let mut listing = self.store.list(Some(&self.path(prefix)));
            let mut keys = Vec::new();
            while let Some(meta) = listing.next().await {
                keys.push(meta?.location);
            }
            for key in keys {
                match self.store.delete(&key).await {
                    Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                    Err(error) => return Err(error),
                }
            }
            Ok(())
        })
    }

    fn stream_range(
        &self,
        path: &ObjectPath,
        range: std::ops::Range<u64>,
    ) -> io::Result<futures_util::stream::BoxStream<'static, object_store::Result<Bytes>>> {
        let options = GetOptions {
            range: Some(GetRange::Bounded(range)),
            ..GetOptions::default()
        };
        Ok(self.run(self.store.get_opts(path, options))?.into_stream())
    }
}

impl Blobs for ObjectBlobs {
    fn staging_sink(
        &self,
        upload_id: &str,
        offset: u64,
        // Each request stages its own objects: nothing an earlier request wrote is cut off.
        _still_at_offset: Box<dyn FnOnce() -> Result<bool, StagingError> + Send>,
    ) -> Result<Box<dyn StagingSink>, StagingError> {
        Ok(Box::new(self.open_sink(upload_id, offset)))
    }

    /// Committed parts are durable already.
    fn sync_staged(&self, _upload_id: &str) -> io::Result<Option<u64>> {
        Ok(None)
    }

    fn read_staged(&self, _upload_id: &str, _length: u64) -> io::Result<Box<dyn Read + Send>> {
        Err(io::Error::other(
            "an object store's staged parts are read through their keys",
        ))
    }

    fn promote(
        &self,
        _upload_id: &str,
        parts: &[StagedPart],
        length: u64,
        key: &str,
    ) -> io::Result<()> {
        self.assemble(parts, length, key)
    }

    fn local_staging_path(&self, _upload_id: &str) -> Option<PathBuf> {
        None
    }

    fn remove_staging(&self, upload_id: &str) -> io::Result<()> {
        self.remove_prefix(&format!("uploads/{upload_id}/"))
    }

    fn keys(&self, prefix: &str) -> io::Result<Vec<String>> {
        self.run(async {
            let mut listing = self.store.list(Some(&self.path(prefix)));
            let mut keys = Vec::new();
            while let Some(meta) = listing.next().await {
                let location = meta?.location.to_string();
                let key = location
                    .strip_prefix(&self.prefix)
                    .map_or(location.as_str(), |key| key.trim_start_matches('/'));
                keys.push(key.to_owned());
            }
            Ok(keys)
        })
    }

    fn read_range(
        &self,
        key: &str,
        range: std::ops::Range<u64>,
    ) -> io::Result<Box<dyn Read + Send>> {
        if range.is_empty() {
            return Ok(Box::new(io::empty()));
        }
        let path = self.path(key);
        let stream = self.stream_range(&path, range.clone())?;
        Ok(Box::new(ObjectReader::new(
            self.clone(),
            path,
            range,
            stream,
        )))
    }

    fn put_small(&self, key: &str, bytes: Vec<u8>) -> io::Result<()> {
        self.run(self.store.put(&self.path(key), PutPayload::from(bytes)))
            .map(drop)
    }

    fn get_small(&self, key: &str) -> io::Result<Vec<u8>> {
        self.run(async {
            let result = self.store.get(&self.path(key)).await?;
            result.bytes().await.map(|bytes| bytes.to_vec())
        })
    }

    /// Deletes the object at `key`; a missing object is not an error.
    fn delete(&self, key: &str) -> io::Result<()> {
        match self.run(self.store.delete(&self.path(key))) {
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }

    /// The store answers a metadata request (a missing object is an answer) within
    /// [`PROBE_TIMEOUT`], so a dead endpoint fails the probe instead of waiting out the
    /// client's retries.
    fn probe(&self) -> io::Result<()> {
        let key = self.path("readyz");
        let head = self.store.head(&key);
        let answer = self
            .runtime
            .get()
            .block_on(async { tokio::time::timeout(PROBE_TIMEOUT, head).await });
        match answer {
            Err(_) => Err(io::Error::new(
                io::ErrorKind::TimedOut,
                format!("no answer within {} s", PROBE_TIMEOUT.as_secs()),
            )),
            Ok(Ok(_)) | Ok(Err(object_store::Error::NotFound { .. })) => Ok(()),
            Ok(Err(error)) => Err(object_error(error)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::store::Durability;

    fn blobs() -> ObjectBlobs {
        ObjectBlobs::new(Arc::new(object_store::memory::InMemory::new()), "custos").unwrap()
    }

    fn read(blobs: &ObjectBlobs, key: &str, length: u64) -> Vec<u8> {
        let mut bytes = Vec::new();
        blobs
            .read_range(key, 0..length)
            .unwrap()
            .read_to_end(&mut bytes)
            .unwrap();
        bytes
    }

    #[test]
    fn stretches_of_many_pieces_promote_in_order() {
        // Written from a plain thread, as the ingest thread writes: no runtime around it.
        let blobs = blobs();
        let bytes: Vec<u8> = (0..13 * 1024 * 1024 + 7).map(|i| (i % 251) as u8).collect();
        let mut sink = blobs.open_sink("u1", 0);
        let mut parts = Vec::new();
        for (n, chunk) in bytes.chunks(300_001).enumerate() {
            sink.write(chunk).unwrap();
            if n % 20 == 19 {
                parts.extend(sink.commit(Durability::Deferred).unwrap());
            }
        }
        parts.extend(sink.commit(Durability::Now).unwrap());
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[0].start, 0);
        assert_eq!(parts[2].end, bytes.len() as u64);
        let length = bytes.len() as u64;
        blobs.assemble(&parts, length, "sha256/whole").unwrap();
        assert_eq!(read(&blobs, "sha256/whole", length), bytes);
        // Done once: a second promotion finds the bytes in place.
        blobs.assemble(&parts, length, "sha256/whole").unwrap();
        blobs.remove_prefix("uploads/u1/").unwrap();
        assert_eq!(read(&blobs, "sha256/whole", length), bytes);
    }

    #[test]
    fn a_single_piece_is_copied_and_a_missing_one_refused() {
        let blobs = blobs();
        let mut sink = blobs.open_sink("u2", 0);
        sink.write(b"small evidence").unwrap();
        let part = sink.commit(Durability::Now).unwrap().unwrap();
        blobs
            .assemble(std::slice::from_ref(&part), 14, "sha256/small")
            .unwrap();
        assert_eq!(read(&blobs, "sha256/small", 14), b"small evidence");
        blobs.remove_prefix("uploads/u2/").unwrap();
        // The pieces are gone: a stretch that no longer covers its bytes is an error.
        assert!(blobs.assemble(&[part], 14, "sha256/other").is_err());
    }
}
