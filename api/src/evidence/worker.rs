//! Background work every node runs: expiring unfinished uploads, finishing uploads a crash
//! left `finishing`, removing settled staged bytes, deleting the bytes of disposals a crash
//! left pending, and analysing new items. All of it is
//! claimed through the database, so nodes share it without talking to each other.

use super::custody::{CustodyEvent, event};
use super::{disposal, finish, media};
use crate::db::uploads::{self, status};
use crate::db::{self, write_transaction};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::web;
use std::time::Duration;

/// Uploads whose `finishing` state is older than this belong to a request that stopped.
const STALLED_FINISHING_US: i64 = 60 * 1_000_000;
/// Rows handled per pass of each sweep.
const BATCH: i64 = 100;

/// Runs the sweeps every `sweep_interval_ms` until the server stops.
pub async fn run(state: web::Data<AppState>) {
    let interval = Duration::from_millis(state.config.evidence.sweep_interval_ms.max(10));
    loop {
        if let Err(error) = sweep(&state).await {
            tracing::warn!(%error, "evidence sweep failed");
        }
        while media::analyse_next(&state).await {}
        tokio::time::sleep(interval).await;
    }
}

/// One pass of the upload sweeps.
pub async fn sweep(state: &AppState) -> Result<(), ApiError> {
    let now_us = crate::clock::now_us();
    let (expired, stalled, settled, log_size) = db::run(&state.pool, move |conn| {
        Ok((
            uploads::expired_open(conn, now_us, BATCH)?,
            uploads::stalled_finishing(conn, now_us - STALLED_FINISHING_US, BATCH)?,
            uploads::settled_with_staging(conn, BATCH)?,
            crate::db::log::head_size(conn)?,
        ))
    })
    .await?;
    state.evidence.metrics.log_size.set(log_size as i64);
    for id in expired {
        expire(state, &id, None).await?;
    }
    for id in stalled {
        finish::finish(state, &id).await?;
    }
    for id in settled {
        finish::remove_staging(state, &id).await;
    }
    disposal::settle_pending(state, BATCH).await
}

/// Ends an open upload: `expired` when `actor` is `None` (its time is up), `terminated` by
/// `actor` otherwise. The event is logged and the staged bytes removed. Returns `false` if
/// the upload was no longer open (or, for expiry, not yet due).
pub async fn expire(
    state: &AppState,
    upload_id: &str,
    actor: Option<&str>,
) -> Result<bool, ApiError> {
    let id = upload_id.to_owned();
    let actor = actor.map(str::to_owned);
    let now_us = crate::clock::now_us();
    let ended = db::run(&state.pool, move |conn| {
        write_transaction(conn, |conn| {
            let Some(upload) = uploads::find(conn, &id)? else {
                return Ok(false);
            };
            let due = actor.is_some() || upload.expires_at_us <= now_us;
            if upload.status != status::OPEN || !due {
                return Ok(false);
            }
            let (to, name) = match actor {
                Some(_) => (status::TERMINATED, event::UPLOAD_TERMINATED),
                None => (status::EXPIRED, event::UPLOAD_EXPIRED),
            };
            if !uploads::transition(conn, &id, &[status::OPEN], to, now_us)? {
                return Ok(false);
            }
            let mut record = CustodyEvent::new(name, now_us)
                .upload(&id)
                .fact("sha256", upload.declared_sha256.as_str())
                .fact("offset", upload.upload_offset)
                .fact("length", upload.length)
                .fact("officer", upload.officer_id.as_str())
                .fact("org", upload.org_id.as_str());
            if let Some(actor) = &actor {
                record = record.actor(actor);
            }
            record.append(conn)?;
            Ok(true)
        })
    })
    .await?;
    if ended {
        finish::remove_staging(state, upload_id).await;
    }
    Ok(ended)
}
