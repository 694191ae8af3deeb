//! Reading a range of an object as a blocking `Read`.

use super::{ObjectBlobs, object_error};
use actix_web::web::Bytes;
use futures_util::StreamExt;
use object_store::path::Path as ObjectPath;
use std::io::{self, Read};

/// `Read` over an object store's byte stream, driven by the store's runtime.
///
/// The store's client gives each request 30 s from connecting to the body's end and retries a
/// broken body only within the 10 s it retries requests, so a read longer than that (a large
/// video to a slow client) would break. When the stream fails after it delivered bytes, the
/// rest is asked for again in a new request, each with its own time; a stream that fails
/// before any byte fails the read.
pub(super) struct ObjectReader {
    blobs: ObjectBlobs,
    path: ObjectPath,
    /// The bytes still to come from the store.
    range: std::ops::Range<u64>,
    stream: futures_util::stream::BoxStream<'static, object_store::Result<Bytes>>,
    /// Whether the current stream delivered a byte.
    progressed: bool,
    pending: Bytes,
}

impl ObjectReader {
    pub(super) fn new(
        blobs: ObjectBlobs,
        path: ObjectPath,
        range: std::ops::Range<u64>,
        stream: futures_util::stream::BoxStream<'static, object_store::Result<Bytes>>,
    ) -> ObjectReader {
        ObjectReader {
            blobs,
            path,
            range,
            stream,
            progressed: false,
            pending: Bytes::new(),
        }
    }
}

impl Read for ObjectReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.pending.is_empty() {
            if self.range.is_empty() {
                return Ok(0);
            }
            match self.blobs.runtime.get().block_on(self.stream.next()) {
                Some(Ok(chunk)) => {
                    self.range.start += chunk.len() as u64;
                    self.progressed |= !chunk.is_empty();
                    self.pending = chunk;
                }
                Some(Err(error)) if !self.progressed => return Err(object_error(error)),
                Some(Err(error)) => {
                    tracing::info!(%error, offset = self.range.start, "object read resumed");
                    self.stream = self.blobs.stream_range(&self.path, self.range.clone())?;
                    self.progressed = false;
                }
                // As a file read past its end: the store's object is what it is.
                None => return Ok(0),
            }
        }
        let n = self.pending.len().min(buf.len());
        buf[..n].copy_from_slice(&self.pending.split_to(n));
        Ok(n)
    }
}
