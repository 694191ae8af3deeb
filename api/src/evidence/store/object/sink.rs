//! A request's bytes staged in an object store, one piece at a time.

use super::{ObjectBlobs, PIECE_BYTES};
use crate::evidence::store::{Durability, StagedPart, StagingSink};
use actix_web::web::BytesMut;
use object_store::PutPayload;
use std::io;

/// One request's bytes into pieces of its stretch. Pieces put before a commit that never
/// comes are orphans under the upload's prefix, removed with it.
pub struct ObjectSink {
    blobs: ObjectBlobs,
    upload_id: String,
    /// Upload offset of the stretch's first byte.
    start: u64,
    /// Upload offset just past the last byte written to the sink.
    end: u64,
    /// The current stretch's prefix, once it has a byte.
    stretch: Option<String>,
    /// Bytes of the piece not yet put, which ends at `end`.
    piece: BytesMut,
}

impl ObjectSink {
    /// A sink for `upload_id` from `durable_offset`, the upload's committed offset.
    pub(super) fn new(blobs: ObjectBlobs, upload_id: &str, durable_offset: u64) -> ObjectSink {
        ObjectSink {
            blobs,
            upload_id: upload_id.to_owned(),
            start: durable_offset,
            end: durable_offset,
            stretch: None,
            piece: BytesMut::new(),
        }
    }

    fn put_piece(&mut self) -> io::Result<()> {
        // `write` names the stretch before it adds a byte to a piece.
        let Some(stretch) = self.stretch.as_ref() else {
            return Err(io::Error::other("a piece without a stretch"));
        };
        let piece_start = self.end - self.piece.len() as u64;
        let path = self.blobs.path(&format!("{stretch}{piece_start:020}"));
        let bytes = self.piece.split().freeze();
        self.blobs
            .run(self.blobs.store.put(&path, PutPayload::from(bytes)))
            .map(drop)
    }
}

impl StagingSink for ObjectSink {
    fn write(&mut self, mut bytes: &[u8]) -> io::Result<()> {
        if self.stretch.is_none() {
            self.stretch = Some(format!(
                "uploads/{}/{:020}-{}/",
                self.upload_id,
                self.start,
                nonce()?
            ));
        }
        while !bytes.is_empty() {
            if self.piece.capacity() == 0 {
                self.piece.reserve(PIECE_BYTES);
            }
            let take = bytes.len().min(PIECE_BYTES - self.piece.len());
            self.piece.extend_from_slice(&bytes[..take]);
            self.end += take as u64;
            bytes = &bytes[take..];
            if self.piece.len() == PIECE_BYTES {
                self.put_piece()?;
            }
        }
        Ok(())
    }

    /// A put piece is durable once the store acknowledged it, so both durabilities are one.
    fn commit(&mut self, _: Durability) -> io::Result<Option<StagedPart>> {
        if !self.piece.is_empty() {
            self.put_piece()?;
        }
        let Some(key) = self.stretch.take() else {
            return Ok(None);
        };
        let part = StagedPart {
            start: self.start,
            end: self.end,
            key,
        };
        self.start = self.end;
        Ok(Some(part))
    }
}

fn nonce() -> io::Result<String> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).map_err(io::Error::other)?;
    Ok(hex::encode(bytes))
}
