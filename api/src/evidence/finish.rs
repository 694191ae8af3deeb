//! Turning a fully received upload into an evidence item: its bytes to their content address
//! (verified) or to quarantine, the item row, and its first custody event, restartably.
//!
//! An upload ends in quarantine when its bytes differ from the declared digest, or when it
//! was stored with a time no log entry can hold (accepted before creation checked times): a
//! finish that could never succeed would leave the client with a permanent error after
//! sending every byte, so the bytes are kept and the client is told why.

use super::custody::{CustodyEvent, event};
use super::store::{BlobStore, Shelf, content_key};
use super::tus::{self, EvidenceMetadata};
use crate::db::DbPool;
use crate::db::evidence::{self as items, Evidence, Media, status};
use crate::db::uploads::{self, Upload, status as upload_status};
use crate::db::{self, write_transaction};
use crate::error::ApiError;
use crate::state::AppState;
use custos_core::digest::Sha256Digest;
use std::sync::Arc;

/// An upload turned into an item.
#[derive(Debug)]
pub struct Finished {
    pub item: Evidence,
    /// The metadata key whose stored value no log entry can hold, when that quarantined it.
    pub refused: Option<&'static str>,
}

/// Finishes upload `upload_id` (which must be `finishing` or already `completed`) and
/// returns its item. Safe to run twice at once: promotion is idempotent and only one
/// transaction can move the upload from `finishing` to `completed`.
pub async fn finish(state: &AppState, upload_id: &str) -> Result<Finished, ApiError> {
    let id = upload_id.to_owned();
    let (upload, parts) = db::run(&state.pool, move |conn| {
        let upload = uploads::find_unscoped(conn, &id)?
            .ok_or_else(|| ApiError::internal(format_args!("upload {id} vanished")))?;
        let parts = uploads::parts(conn, &id)?;
        Ok((upload, parts))
    })
    .await?;
    let refused =
        EvidenceMetadata::stored_time_refused(upload.captured_at_us, upload.device_clock_us);
    if upload.status == upload_status::COMPLETED {
        let item = completed_item(state, &upload).await?;
        return Ok(Finished { item, refused });
    }
    if upload.status != upload_status::FINISHING {
        return Err(ApiError::internal(format_args!(
            "upload {} is {}, not finishing",
            upload.id, upload.status
        )));
    }
    let computed = upload
        .computed_sha256
        .as_deref()
        .map(Sha256Digest::from_hex)
        .transpose()
        .ok()
        .flatten()
        .ok_or_else(|| ApiError::internal("finishing upload without a digest"))?;
    let verified = computed.to_hex() == upload.declared_sha256 && refused.is_none();
    let shelf = if verified {
        Shelf::Verified
    } else {
        Shelf::Quarantined
    };
    let key = content_key(shelf, &computed);
    // Promotion leaves bytes already at `key` as they are, so it runs twice: before the
    // transaction, so that a copy into an object store holds no database lock, and inside it
    // (below), where it finds them in place unless a disposal took them meanwhile.
    let promote = {
        let (blobs, staged_id, length) = (
            state.evidence.blobs.clone(),
            upload.id.clone(),
            upload.length as u64,
        );
        let key = key.clone();
        Arc::new(move || {
            blobs
                .promote(&staged_id, &parts, length, &key)
                .map_err(|error| ApiError::io("promoting upload", &error))
        })
    };
    let promote_first = promote.clone();
    actix_web::web::block(move || promote_first()).await??;

    let now_us = crate::clock::now_us();
    let bound_us = state.config.evidence.clock_skew_bound_us;
    let pending = upload.clone();
    let item = db::run(&state.pool, move |conn| {
        write_transaction(conn, |conn| {
            let Some(current) = uploads::find_unscoped(conn, &pending.id)? else {
                return Err(ApiError::internal("upload vanished"));
            };
            if current.status == upload_status::COMPLETED {
                let id = current.evidence_id.unwrap_or_default();
                return items::find(conn, &id)?
                    .ok_or_else(|| ApiError::internal("completed upload without item"));
            }
            let (item, media_row) =
                new_item(&pending, &computed, key.clone(), verified, now_us, bound_us);
            items::insert(conn, &item, &media_row)?;
            crate::supervision::evidence::received(conn, &item, now_us)?;
            crate::supervision::unnamed::received(conn, &item)?;
            received_event(&item, refused).append(conn)?;
            // The append holds the log's head lock until commit, which a disposal's deletion
            // of the same bytes takes too (`disposal`): if one deleted them since they were
            // promoted, they are promoted again from staging before the item commits.
            promote()?;
            if !uploads::mark_completed(conn, &pending.id, &item.id, now_us)? {
                return Err(ApiError::internal(
                    "upload left finishing during completion",
                ));
            }
            crate::supervision::uploads::settled(conn, &pending.id, now_us)?;
            Ok(item)
        })
    })
    .await?;
    let outcome = if verified {
        status::VERIFIED
    } else {
        status::QUARANTINED
    };
    state
        .evidence
        .metrics
        .uploads_finished
        .with_label_values(&[outcome])
        .inc();
    // Freeing a recording's blocks takes the file system about a second per 2 GiB on the
    // bench machine (measured with `rm`); the client need not wait for it, and the sweep
    // finishes a removal that a stop interrupts.
    actix_web::rt::spawn(remove_staged(
        state.evidence.blobs.clone(),
        state.pool.clone(),
        upload.id.clone(),
    ));
    Ok(Finished { item, refused })
}

async fn completed_item(state: &AppState, upload: &Upload) -> Result<Evidence, ApiError> {
    let evidence_id = upload.evidence_id.clone().unwrap_or_default();
    db::run(&state.pool, move |conn| {
        items::find(conn, &evidence_id)?
            .ok_or_else(|| ApiError::internal("completed upload without item"))
    })
    .await
}

/// Deletes an upload's staged bytes and notes it; failures are left for the sweep.
pub async fn remove_staging(state: &AppState, upload_id: &str) {
    remove_staged(
        state.evidence.blobs.clone(),
        state.pool.clone(),
        upload_id.to_owned(),
    )
    .await;
}

async fn remove_staged(blobs: Arc<BlobStore>, pool: DbPool, upload_id: String) {
    let id = upload_id.clone();
    let removed = actix_web::web::block(move || blobs.remove_staging(&id)).await;
    if !matches!(removed, Ok(Ok(()))) {
        tracing::warn!(upload = upload_id, "staged bytes not removed yet");
        return;
    }
    let id = upload_id.clone();
    let cleared = db::run(&pool, move |conn| {
        uploads::clear_staging(conn, &id).map_err(ApiError::from)
    })
    .await;
    if cleared.is_err() {
        tracing::warn!(upload = upload_id, "staging flag not cleared");
    }
}

/// The device's clock against the server's: the device clock sent at upload creation
/// compared with the server clock at that moment, and a capture time in the future.
pub fn clock_skew(upload: &Upload, received_at_us: i64, bound_us: i64) -> (Option<i64>, bool) {
    let skew = upload
        .device_clock_us
        .map(|device| device - upload.created_at_us);
    let skewed = skew.is_some_and(|skew| skew.abs() > bound_us);
    let captured_in_future = upload
        .captured_at_us
        .is_some_and(|captured| captured > received_at_us + bound_us);
    (skew, skewed || captured_in_future)
}

fn new_item(
    upload: &Upload,
    computed: &Sha256Digest,
    blob_key: String,
    verified: bool,
    now_us: i64,
    bound_us: i64,
) -> (Evidence, Media) {
    // A time no log entry can hold is left out of the item; the upload row keeps the
    // metadata as sent.
    let upload = &Upload {
        captured_at_us: upload.captured_at_us.filter(|&at| tus::time_in_range(at)),
        device_clock_us: upload.device_clock_us.filter(|&at| tus::time_in_range(at)),
        ..upload.clone()
    };
    let (clock_skew_us, clock_skew_flagged) = clock_skew(upload, now_us, bound_us);
    let analysable = verified
        && (upload
            .kind
            .as_deref()
            .is_some_and(|kind| kind != "document")
            || upload.content_type.as_deref().is_some_and(|content_type| {
                ["image/", "video/", "audio/"]
                    .iter()
                    .any(|prefix| content_type.starts_with(prefix))
            }));
    let id = db::new_id();
    let media_row = Media::new(&id, analysable);
    let item = Evidence {
        id,
        upload_id: upload.id.clone(),
        sha256: computed.to_hex(),
        declared_sha256: upload.declared_sha256.clone(),
        size: upload.length,
        kind: upload.kind.clone(),
        content_type: upload.content_type.clone(),
        filename: upload.filename.clone(),
        status: if verified {
            status::VERIFIED
        } else {
            status::QUARANTINED
        }
        .to_owned(),
        blob_key: Some(blob_key),
        org_id: upload.org_id.clone(),
        uploader_id: upload.uploader_id.clone(),
        officer_id: upload.officer_id.clone(),
        device_id: upload.device_id.clone(),
        case_id: upload.case_id.clone(),
        captured_at_us: upload.captured_at_us,
        device_clock_us: upload.device_clock_us,
        received_at_us: now_us,
        clock_skew_us,
        clock_skew_flagged,
        sealed: false,
        held: false,
    };
    (item, media_row)
}

fn received_event(item: &Evidence, refused: Option<&'static str>) -> CustodyEvent {
    let digest_matches = item.sha256 == item.declared_sha256;
    let name = match refused {
        Some(_) => event::METADATA_REFUSED,
        None if digest_matches => event::RECEIVED,
        None => event::DIGEST_MISMATCH,
    };
    let event = CustodyEvent::new(name, item.received_at_us)
        .evidence(&item.id)
        .upload(&item.upload_id)
        .actor(&item.uploader_id)
        .fact("sha256", item.sha256.as_str())
        .fact("size", item.size)
        .fact("officer", item.officer_id.as_str())
        .fact("org", item.org_id.as_str())
        .fact("status", item.status.as_str())
        .fact_opt("device", item.device_id.clone())
        .fact_opt("case", item.case_id.clone())
        .fact_opt("kind", item.kind.clone())
        .fact_opt("captured_at_us", item.captured_at_us)
        .fact_opt("device_clock_us", item.device_clock_us)
        .fact_opt("clock_skew_us", item.clock_skew_us)
        .fact_opt("refused", refused);
    if digest_matches {
        event
    } else {
        event.fact("declared_sha256", item.declared_sha256.as_str())
    }
}
