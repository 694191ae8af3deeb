//! Freeing an open upload's staged bytes before its termination is written, for the one case
//! where the termination cannot be written first: the disk is full, most likely with those
//! very bytes, and the database (SQLite in the data directory) cannot commit anything.
//!
//! The bytes go while this request holds the upload's lock (no other request is writing them)
//! and the database still says the upload is open (it is not evidence yet: a complete upload
//! is `finishing`, and its bytes are never touched). The upload stays open with its old
//! offset until the termination commits; a `HEAD` or `PATCH` meanwhile finds fewer bytes
//! staged than the offset and rewinds it, exactly as after a machine crash, so nothing is
//! ever reported that is not on the disk.

use super::store::{StagingError, lock_staged};
use crate::db::uploads::{self, status};
use crate::error::{ApiError, ProblemType};
use crate::state::AppState;
use actix_web::web;
use std::fs::File;
use std::io;

/// Removes `upload_id`'s staged bytes if it is still open. Nothing to do for an object store,
/// which does not share the server's disk.
pub async fn free_staged(state: &AppState, upload_id: &str) -> Result<(), ApiError> {
    let Some(path) = state.evidence.blobs.local_staging_path(upload_id) else {
        return Ok(());
    };
    let pool = state.pool.clone();
    let id = upload_id.to_owned();
    web::block(move || -> Result<(), ApiError> {
        let file = match File::open(&path) {
            Ok(file) => file,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(error) => return Err(ApiError::io("opening staged bytes", &error)),
        };
        lock_staged(&file).map_err(|error| match error {
            StagingError::Busy => ApiError::new(
                ProblemType::Locked,
                "another request is writing this upload; retry when it ends",
            ),
            other => ApiError::internal(other),
        })?;
        // A read (it needs no room on the disk) of an upload the handler found in reach.
        let mut conn = pool.get().map_err(ApiError::unavailable)?;
        let open = uploads::find_unscoped(&mut conn, &id)?
            .is_some_and(|upload| upload.status == status::OPEN);
        if open {
            // The space returns when `file`, the last descriptor, closes below.
            std::fs::remove_file(&path)
                .or_else(|error| match error.kind() {
                    io::ErrorKind::NotFound => Ok(()),
                    _ => Err(error),
                })
                .map_err(|error| ApiError::io("removing staged bytes", &error))?;
            tracing::warn!(
                upload = id,
                "staged bytes freed before the termination was written: the disk is full"
            );
        }
        drop(file);
        Ok(())
    })
    .await?
}
