//! Deleting a disposed item's bytes. The disposal itself (the item's status, its `disposed`
//! custody event and a pending row) commits in one transaction; the bytes go after it, by
//! the disposing request at once or, if that request's node stopped in between, by any
//! node's sweep. Bytes that another item still holds (a second capture with the same digest)
//! are kept.
//!
//! Deleting a content address and finishing an upload into the same address must not
//! interleave, or a new item could be left without its bytes. Both hold the log's head lock
//! while they decide: finishing takes it anyway to log its `received` event and then checks
//! that its bytes are still there (promoting them again from staging if not), and the
//! deletion takes it before it looks for other items holding the bytes.

use crate::db::evidence as items;
use crate::db::{self, write_transaction};
use crate::error::ApiError;
use crate::state::AppState;

/// Deletes the bytes `evidence_id`'s disposal left to delete, unless another item holds them.
pub async fn settle(state: &AppState, evidence_id: &str) -> Result<(), ApiError> {
    let blobs = state.evidence.blobs.clone();
    let id = evidence_id.to_owned();
    db::run(&state.pool, move |conn| {
        write_transaction(conn, |conn| {
            let Some(key) = items::pending_disposal(conn, &id)? else {
                return Ok(());
            };
            db::log::lock_head(conn)?;
            if !items::blob_in_use(conn, &key)? {
                blobs
                    .delete(&key)
                    .map_err(|error| ApiError::io("deleting disposed bytes", &error))?;
            }
            items::forget_disposal(conn, &id)?;
            Ok(())
        })
    })
    .await
}
