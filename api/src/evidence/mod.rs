//! Evidence ingest and custody: resumable uploads (tus 1.0.0), verification against the
//! capturing device's digest, the content-addressed store, quarantine, background analysis
//! and the custody events that go into the log.
//!
//! # Storage design
//!
//! A server node keeps nothing of its own: every upload's state is a database row and its
//! bytes are in the blob store, so any node can take any request of any upload, and a node
//! that dies (even `kill -9`) loses nothing that was reported.
//!
//! * **`HEAD` reports what is durable.** A request's bytes stream through a thread of their
//!   own ([`ingest`]) that hashes them and writes them to the upload's staging area. Every
//!   [`ingest::COMMIT_EVERY_BYTES`] and at the end of the request the bytes are committed
//!   (on disk: handed to the kernel; in S3: a finished part object) and only then is the new
//!   offset written to the database, in one statement together with the SHA-256 state of the
//!   bytes up to it ([`custos_core::digest::EvidenceHasher::save_state`], 122 bytes). A crash
//!   of the server process loses nothing committed. Only the commit that completes the
//!   upload waits for the disk (`fdatasync`, and a synced database commit); the others do
//!   not, because a phone or dock sending 8 MiB requests would otherwise wait for the disk's
//!   flush on every one of them (about a third of the time per request on the bench machine,
//!   `tests/bench/upload.sh`). `HEAD` makes the staged bytes durable before it answers
//!   ([`durable`]), so the offset it reports survives a crash of the machine too; if such a
//!   crash took back bytes the database still counts, `HEAD` rewinds the upload to the bytes
//!   on disk (their hash state computed again) and a request at the lost offset gets 409.
//!   On the local disk, write-back is started every MiB (`sync_file_range`), so the final
//!   `fdatasync` waits only for the tail. A request that dies between writing and recording
//!   leaves bytes beyond the offset, which the next request discards before it writes, once
//!   it holds the upload's lock and the database confirms the offset it read is still
//!   current (a request that read it while an earlier one was still committing gets 409 and
//!   touches nothing).
//! * **No re-hashing on resume.** The saved hash state lets a resumed upload carry on hashing
//!   from its offset on any node, after any restart: resuming a 17 GiB recording at 16 GiB
//!   costs nothing, where re-hashing the prefix would take longer than a 4G phone's next
//!   request (about 10 s per GiB on a 2-core server that is also receiving).
//! * **Local disk (the default): one file per upload, finished by a hard link.** Staged bytes
//!   are `uploads/<id>` inside the blob directory, appended in place; one writer at a time
//!   is enforced with `flock` (423 for a second one). When the last byte is in, the file is
//!   made read-only and hard-linked to its content address `sha256/ab/cd/<hex>` (or under
//!   `quarantine/`), an O(1) step: copying a 2 GiB recording again would double the disk
//!   traffic of every upload. The same digest is stored once; a second upload of the same
//!   bytes only adds an item.
//! * **Object stores (S3; memory in tests): small objects per committed stretch.** A
//!   request's bytes go to the store as 1 MiB pieces under a stretch prefix of its own
//!   ([`object`]), so requests never share an object, a stale request cannot clobber a newer
//!   one, and the database's conditional offset update decides which stretch counts. Any
//!   node continues any upload. At completion the pieces are streamed in order into the
//!   content-addressed object with a multipart upload (one server-side copy for a single
//!   piece), then deleted.
//! * **Completion is restartable.** The commit that reaches the upload's length also stores
//!   the digest and moves the upload to `finishing`; promotion to the content address is
//!   idempotent, and one write transaction then inserts the item, appends its `received` or
//!   `digest_mismatch` custody event to the log and marks the upload `completed`. A crash in
//!   between is finished by the next request for the upload or by any node's sweep
//!   ([`worker`]).
//! * **Disposal keeps the history, then removes the bytes.** The item's status, its
//!   `disposed` event and a pending deletion commit together; the bytes go afterwards
//!   ([`disposal`]), kept while another item holds the same digest.
//! * **Memory is flat.** A request holds at most 4 network chunks in its queue and a
//!   64 KiB write buffer (object stores: one 1 MiB piece; a completion assembling its
//!   object holds 10 MiB, two at a time per node); nothing ever holds a file.

pub mod backoff;
pub mod custody;
pub mod disposal;
pub mod durable;
pub mod finish;
pub mod ingest;
pub mod media;
pub mod metrics;
pub mod receive;
pub mod reclaim;
pub mod scope;
pub mod store;
pub mod tus;
pub mod worker;

use std::sync::Arc;

/// What the evidence routes share: the blob store and the ingest metrics.
pub struct Services {
    pub blobs: Arc<store::BlobStore>,
    pub metrics: metrics::EvidenceMetrics,
    /// One permit per request body being written into an upload ([`ingest::AT_ONCE`]).
    pub ingests: Arc<tokio::sync::Semaphore>,
}

impl Services {
    pub fn new(blobs: store::BlobStore, registry: &prometheus::Registry) -> Services {
        Services {
            blobs: Arc::new(blobs),
            metrics: metrics::EvidenceMetrics::register(registry),
            ingests: Arc::new(tokio::sync::Semaphore::new(ingest::AT_ONCE)),
        }
    }
}
