//! The offset `HEAD` reports. Requests between an upload's first and last commit their bytes
//! to the page cache only (see [`super::ingest`]), so `HEAD` first makes the staged bytes
//! durable: a client resuming from the offset it gets never resumes past bytes a crash of
//! the machine could still take back.
//!
//! After such a crash the database may hold an offset beyond the bytes that reached the
//! disk. Then the upload is rewound to the bytes that are there, with its hash state
//! computed again from them, and the client resends the rest.

use crate::db::uploads::{self, Upload, status};
use crate::db::{self, write_transaction};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::web;
use custos_core::digest::EvidenceHasher;

/// Makes `upload`'s committed bytes durable and returns the offset to resume from.
pub async fn durable_offset(state: &AppState, upload: &Upload) -> Result<u64, ApiError> {
    let offset = upload.upload_offset as u64;
    // A finishing or finished upload's last commit was synced before it was recorded.
    if upload.status != status::OPEN || offset == 0 {
        return Ok(offset);
    }
    let blobs = state.evidence.blobs.clone();
    let id = upload.id.clone();
    // fsync is where a file system with delayed allocation reports ENOSPC.
    let staged = web::block(move || blobs.sync_staged(&id))
        .await?
        .map_err(|error| ApiError::io("syncing staged bytes", &error))?;
    match staged {
        Some(staged) if staged < offset => rewind(state, upload, staged).await,
        _ => Ok(offset),
    }
}

/// Moves `upload` back to the `staged` bytes that survived.
async fn rewind(state: &AppState, upload: &Upload, staged: u64) -> Result<u64, ApiError> {
    tracing::warn!(
        upload = %upload.id,
        offset = upload.upload_offset,
        staged,
        "the upload's last bytes did not reach the disk before a crash; rewinding it"
    );
    let blobs = state.evidence.blobs.clone();
    let id = upload.id.clone();
    let hash_state = web::block(move || {
        let mut hasher = EvidenceHasher::new();
        let read = std::io::copy(&mut blobs.read_staged(&id, staged)?, &mut hasher)?;
        if read != staged {
            return Err(std::io::Error::other(format!(
                "staged bytes shrank from {staged} to {read} while being read"
            )));
        }
        Ok(hasher.save_state())
    })
    .await?
    .map_err(ApiError::internal)?;
    let id = upload.id.clone();
    let from = upload.upload_offset as u64;
    let rewound = db::run(&state.pool, move |conn| {
        write_transaction(conn, |conn| {
            uploads::rewind(
                conn,
                &id,
                from,
                staged,
                hash_state.as_bytes(),
                crate::clock::now_us(),
            )
            .map_err(ApiError::from)
        })
    })
    .await?;
    if !rewound {
        return Err(ApiError::conflict(
            "the upload changed while its lost bytes were being accounted for; HEAD again",
        ));
    }
    Ok(staged)
}
