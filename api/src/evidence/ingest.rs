//! One request's bytes on their way into an upload: a thread of their own hashes them and
//! writes them to the staging sink while the async handler keeps reading the network, so
//! hashing, writing and receiving overlap on different cores.
//!
//! The handler asks for a commit every [`COMMIT_EVERY_BYTES`] and at the end; a commit hands
//! the bytes to the store and returns the hasher state that goes into the database with the
//! new offset. Only the commit that completes the upload waits for the disk: the others
//! leave that to `HEAD` (see [`super::durable`]), so a client sending many small requests
//! does not pay an `fdatasync` for each. Memory per request is the channel's few chunks plus
//! the sink's write buffer.

use super::store::{BlobStore, Durability, StagedPart, StagingError, StagingSink};
use actix_web::web::Bytes;
use custos_core::digest::{EvidenceHasher, SavedHasherState, Sha256Digest};
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};

/// Bytes between two commits of a long request, so a crash loses at most this much of it.
/// 64 MiB costs one small database write per 64 MiB, below the noise of the transfer.
pub const COMMIT_EVERY_BYTES: u64 = 64 * 1024 * 1024;

/// Request bodies a node writes into uploads at once; more wait their turn. Each writer costs
/// a thread, its queued chunks and the sink's buffer (together about 120 KiB beside what
/// actix holds for any connection): 200 docks sending at once took 23 MB more without this
/// bound. 16 keep a 2-core node's disk and hashing busy (one writer alone reaches the disk's
/// rate). A writer holds its turn only while its bytes flow at the configured minimum rate
/// (`pacing`), so slow clients cannot keep the others waiting for long.
pub const AT_ONCE: usize = 16;

/// Chunks queued between the network and the writing thread: enough to keep both busy
/// (the socket's own buffer holds more), few enough that 50 uploads at once hold little.
const QUEUED_CHUNKS: usize = 4;

/// What a commit handed to the store.
#[derive(Debug)]
pub struct Committed {
    /// Upload offset now committed; durable too when it is the upload's length.
    pub offset: u64,
    /// Hasher state of the upload's first `offset` bytes.
    pub state: SavedHasherState,
    /// The object-store part written since the previous commit, if any.
    pub part: Option<StagedPart>,
    /// SHA-256 of this request's body so far, when asked for (the checksum extension).
    pub body_digest: Option<Sha256Digest>,
    /// Digest of the whole upload, when `offset` is its length.
    pub upload_digest: Option<Sha256Digest>,
}

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error(transparent)]
    Staging(#[from] StagingError),
    #[error("the request carries more bytes than the upload's length")]
    TooLong,
    #[error("writing staged bytes failed: {0}")]
    Write(std::io::Error),
    #[error("the ingest thread stopped")]
    Stopped,
}

enum Command {
    Bytes(Bytes),
    Commit(oneshot::Sender<Result<Committed, IngestError>>),
}

/// The handler's side of one request's ingest.
pub struct Ingest {
    commands: mpsc::Sender<Command>,
    /// The thread's first error, reported when the channel closes.
    failure: Option<oneshot::Receiver<IngestError>>,
    /// Fires once the thread has let go of the staging sink (and with it the upload's lock).
    released: oneshot::Receiver<()>,
    pub received: u64,
    pub uncommitted: u64,
}

/// Where an upload stands when a request starts.
pub struct IngestStart {
    pub upload_id: String,
    pub offset: u64,
    pub length: u64,
    pub state: SavedHasherState,
    /// Whether the upload is still at `offset`, asked once the request holds the upload.
    pub still_at_offset: Box<dyn FnOnce() -> Result<bool, StagingError> + Send>,
    /// Hash the request's body on its own too, for `Upload-Checksum`; without one that
    /// second hash would only cost a core's worth of time per byte.
    pub hash_body: bool,
}

impl Ingest {
    /// Opens the staging sink (on the blocking pool) and starts the thread.
    pub async fn start(store: Arc<BlobStore>, start: IngestStart) -> Result<Ingest, IngestError> {
        let (ready_sender, ready) = oneshot::channel();
        let (commands, receiver) = mpsc::channel(QUEUED_CHUNKS);
        let (failure_sender, failure) = oneshot::channel();
        let (released_sender, released) = oneshot::channel();
        std::thread::Builder::new()
            .name("custos-ingest".to_owned())
            .spawn(move || {
                let opened = EvidenceHasher::restore(start.state.as_bytes())
                    .map_err(|error| IngestError::Write(std::io::Error::other(error.to_string())))
                    .and_then(|hasher| {
                        let sink = store.staging_sink(
                            &start.upload_id,
                            start.offset,
                            start.still_at_offset,
                        )?;
                        Ok((hasher, sink))
                    });
                let (hasher, sink) = match opened {
                    Ok(opened) => {
                        let _ = ready_sender.send(Ok(()));
                        opened
                    }
                    Err(error) => {
                        let _ = ready_sender.send(Err(error));
                        return;
                    }
                };
                let worker = Worker {
                    hasher,
                    body: start.hash_body.then(EvidenceHasher::new),
                    sink,
                    length: start.length,
                };
                // `run` owns the worker: the sink is closed when it returns.
                if let Err(error) = worker.run(receiver) {
                    let _ = failure_sender.send(error);
                }
                let _ = released_sender.send(());
            })
            .map_err(IngestError::Write)?;
        ready.await.map_err(|_| IngestError::Stopped)??;
        Ok(Ingest {
            commands,
            failure: Some(failure),
            released,
            received: 0,
            uncommitted: 0,
        })
    }

    pub async fn write(&mut self, chunk: Bytes) -> Result<(), IngestError> {
        let n = chunk.len() as u64;
        if self.commands.send(Command::Bytes(chunk)).await.is_err() {
            return Err(self.failure().await);
        }
        self.received += n;
        self.uncommitted += n;
        Ok(())
    }

    /// Commits everything written and returns what that is.
    pub async fn commit(&mut self) -> Result<Committed, IngestError> {
        let (reply, answer) = oneshot::channel();
        if self.commands.send(Command::Commit(reply)).await.is_err() {
            return Err(self.failure().await);
        }
        match answer.await {
            Ok(result) => {
                self.uncommitted = 0;
                result
            }
            Err(_) => Err(self.failure().await),
        }
    }

    /// Ends the request's ingest and waits until the staging sink is closed, so that the
    /// client's next request, which may come the moment this one is answered, finds the
    /// upload unlocked instead of a 423.
    pub async fn close(self) {
        let Ingest {
            commands, released, ..
        } = self;
        drop(commands);
        let _ = released.await;
    }

    async fn failure(&mut self) -> IngestError {
        match self.failure.take() {
            Some(failure) => failure.await.unwrap_or(IngestError::Stopped),
            None => IngestError::Stopped,
        }
    }
}

struct Worker {
    hasher: EvidenceHasher,
    body: Option<EvidenceHasher>,
    sink: Box<dyn StagingSink>,
    length: u64,
}

impl Worker {
    fn run(mut self, mut commands: mpsc::Receiver<Command>) -> Result<(), IngestError> {
        while let Some(command) = commands.blocking_recv() {
            match command {
                Command::Bytes(chunk) => {
                    if self.hasher.bytes_hashed() + chunk.len() as u64 > self.length {
                        return Err(IngestError::TooLong);
                    }
                    self.sink.write(&chunk).map_err(IngestError::Write)?;
                    self.hasher.update(&chunk);
                    if let Some(body) = &mut self.body {
                        body.update(&chunk);
                    }
                }
                Command::Commit(reply) => {
                    let committed = self.commit();
                    let failed = committed.is_err();
                    let _ = reply.send(committed);
                    if failed {
                        return Ok(());
                    }
                }
            }
        }
        Ok(())
    }

    fn commit(&mut self) -> Result<Committed, IngestError> {
        let offset = self.hasher.bytes_hashed();
        // The last bytes are synced before the upload turns into evidence.
        let durability = if offset == self.length {
            Durability::Now
        } else {
            Durability::Deferred
        };
        let part = self.sink.commit(durability).map_err(IngestError::Write)?;
        Ok(Committed {
            offset,
            state: self.hasher.save_state(),
            part,
            body_digest: self.body.clone().map(EvidenceHasher::finalize),
            upload_digest: (offset == self.length).then(|| self.hasher.clone().finalize()),
        })
    }
}
