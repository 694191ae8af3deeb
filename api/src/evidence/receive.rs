//! One request body into an upload (PATCH, or POST with creation-with-upload): streamed
//! through [`super::ingest`], committed every [`super::ingest::COMMIT_EVERY_BYTES`] and at
//! the end, each commit recorded in the database only once the store holds its bytes.

use super::ingest::{COMMIT_EVERY_BYTES, Committed, Ingest, IngestError, IngestStart};
use super::store::StagingError;
use crate::db::uploads::{self, CommitRecord, Upload};
use crate::db::{self, write_transaction, write_transaction_unsynced};
use crate::error::{ApiError, ProblemType};
use crate::state::AppState;
use actix_web::web;
use custos_core::digest::{SavedHasherState, Sha256Digest};
use futures_util::StreamExt;

/// Where the upload stands after the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Received {
    pub offset: u64,
    /// All bytes are in: the upload is `finishing` and should be finished now.
    pub complete: bool,
}

/// Receives `payload` at the upload's durable offset. With `checksum` (the tus checksum
/// extension) nothing is recorded unless the whole body matches it.
pub async fn receive(
    state: &AppState,
    upload: &Upload,
    payload: web::Payload,
    checksum: Option<Sha256Digest>,
    content_length: Option<u64>,
) -> Result<Received, ApiError> {
    let length = upload.length as u64;
    let offset = upload.upload_offset as u64;
    if content_length.is_some_and(|body| body > length - offset) {
        return Err(too_long());
    }
    let saved = SavedHasherState(
        upload
            .hash_state
            .as_slice()
            .try_into()
            .map_err(|_| ApiError::internal("stored hash state has the wrong length"))?,
    );
    // Held to the end of the request: see `ingest::AT_ONCE`.
    let _turn = state
        .evidence
        .ingests
        .acquire()
        .await
        .map_err(ApiError::internal)?;
    let mut ingest = Ingest::start(
        state.evidence.blobs.clone(),
        IngestStart {
            upload_id: upload.id.clone(),
            offset,
            length,
            state: saved,
            still_at_offset: still_at_offset(state, upload),
            hash_body: checksum.is_some(),
        },
    )
    .await
    .map_err(ingest_error)?;
    let received = stream_into(state, upload, &mut ingest, payload, checksum, offset).await;
    ingest.close().await;
    received
}

/// Streams the body through `ingest`, recording each commit; `offset` is the durable offset
/// the request started from.
async fn stream_into(
    state: &AppState,
    upload: &Upload,
    ingest: &mut Ingest,
    mut payload: web::Payload,
    checksum: Option<Sha256Digest>,
    mut offset: u64,
) -> Result<Received, ApiError> {
    let length = upload.length as u64;
    let mut interrupted = None;
    while let Some(chunk) = payload.next().await {
        match chunk {
            Ok(chunk) => {
                ingest.write(chunk).await.map_err(ingest_error)?;
                if checksum.is_none() && ingest.uncommitted >= COMMIT_EVERY_BYTES {
                    let committed = ingest.commit().await.map_err(ingest_error)?;
                    offset = record(state, upload, offset, committed).await?;
                }
            }
            Err(error) => {
                interrupted = Some(error);
                break;
            }
        }
    }
    if let Some(error) = interrupted {
        // The client is gone: keep what arrived (unless a checksum must cover the whole
        // body), so its next request resumes from there.
        if checksum.is_none() && ingest.uncommitted > 0 {
            let committed = ingest.commit().await.map_err(ingest_error)?;
            record(state, upload, offset, committed).await?;
        }
        return Err(ApiError::new(
            ProblemType::InvalidInput,
            format!("request body ended early: {error}"),
        ));
    }
    if ingest.uncommitted > 0 || ingest.received == 0 {
        let committed = ingest.commit().await.map_err(ingest_error)?;
        if let Some(expected) = checksum
            && committed.body_digest != Some(expected)
        {
            return Err(ApiError::new(
                ProblemType::ChecksumMismatch,
                format!(
                    "body has sha256 {}, Upload-Checksum says {}; nothing was appended",
                    committed
                        .body_digest
                        .map(|digest| digest.to_base64())
                        .unwrap_or_default(),
                    expected.to_base64()
                ),
            ));
        }
        offset = record(state, upload, offset, committed).await?;
    }
    Ok(Received {
        offset,
        complete: offset == length,
    })
}

/// Asks the database whether `upload` is still open at the offset it was read with.
fn still_at_offset(
    state: &AppState,
    upload: &Upload,
) -> Box<dyn FnOnce() -> Result<bool, StagingError> + Send> {
    let pool = state.pool.clone();
    let (id, offset) = (upload.id.clone(), upload.upload_offset);
    let unavailable = |error: &dyn std::fmt::Display| StagingError::Unavailable(error.to_string());
    Box::new(move || {
        let mut conn = pool.get().map_err(|error| unavailable(&error))?;
        let current =
            uploads::find_unscoped(&mut conn, &id).map_err(|error| unavailable(&error))?;
        Ok(current.is_some_and(|current| {
            current.status == uploads::status::OPEN && current.upload_offset == offset
        }))
    })
}

/// Writes a commit's offset and hash state; returns the new offset. Only the commit that
/// completes the upload waits for the database's disk: an earlier one that a crash of the
/// machine takes back leaves the offset behind the staged bytes, which is safe (the next
/// request cuts them off, the client resends them), while a completed upload becomes
/// evidence the client was told is stored.
async fn record(
    state: &AppState,
    upload: &Upload,
    from_offset: u64,
    committed: Committed,
) -> Result<u64, ApiError> {
    let to_offset = committed.offset;
    let id = upload.id.clone();
    let recorded = db::run(&state.pool, move |conn| {
        let complete = committed.upload_digest.is_some();
        let work = |conn: &mut db::DbConnection| {
            let record = CommitRecord {
                from_offset,
                to_offset,
                hash_state: committed.state.as_bytes(),
                part: committed.part.as_ref(),
                computed_sha256: committed.upload_digest.map(|digest| digest.to_hex()),
                now_us: crate::clock::now_us(),
            };
            uploads::record_commit(conn, &id, &record).map_err(ApiError::from)
        };
        if complete {
            write_transaction(conn, work)
        } else {
            write_transaction_unsynced(conn, work)
        }
    })
    .await?;
    if !recorded {
        return Err(ApiError::conflict(
            "the upload changed during this request (terminated, expired or written by another)",
        ));
    }
    state
        .evidence
        .metrics
        .upload_bytes
        .inc_by(to_offset - from_offset);
    Ok(to_offset)
}

fn too_long() -> ApiError {
    ApiError::new(
        ProblemType::PayloadTooLarge,
        "the body goes past the upload's Upload-Length",
    )
}

fn ingest_error(error: IngestError) -> ApiError {
    match error {
        IngestError::TooLong => too_long(),
        IngestError::Staging(StagingError::Busy) => ApiError::new(
            ProblemType::Locked,
            "another request is writing this upload; retry when it ends",
        ),
        IngestError::Staging(StagingError::Moved) => ApiError::conflict(
            "an earlier request moved the upload's offset meanwhile; HEAD for the current one",
        ),
        IngestError::Staging(StagingError::Lost { staged }) => ApiError::conflict(format!(
            "the server's machine went down before the upload's last bytes reached its disk \
             ({staged} are there); HEAD for the offset to resume from"
        )),
        IngestError::Staging(StagingError::Unavailable(cause)) => ApiError::unavailable(cause),
        // ENOSPC or EDQUOT on the staged file is 507; nothing past the last commit counts.
        IngestError::Staging(StagingError::Io(error)) | IngestError::Write(error) => {
            ApiError::io("staging an upload's bytes", &error)
        }
        other => ApiError::internal(other),
    }
}
