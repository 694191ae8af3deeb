//! Background work every node runs: expiring unfinished uploads, finishing uploads a crash
//! left `finishing`, removing settled staged bytes, deleting the bytes of disposals a crash
//! left pending, and analysing new items. All of it is claimed through the database, so
//! nodes share it without talking to each other. One item's failure never stops a pass
//! (see [`Sweeper`]).

use super::backoff::Backoff;
use super::custody::{CustodyEvent, event};
use super::{disposal, finish, media};
use crate::db;
use crate::db::uploads::{self, status};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::web;
use std::time::{Duration, Instant};

/// Uploads whose `finishing` state is older than this belong to a request that stopped.
const STALLED_FINISHING_US: i64 = 60 * 1_000_000;
/// Rows handled per pass of each sweep.
const BATCH: i64 = 100;

/// Runs the sweeps every `sweep_interval_ms` until the server stops.
pub async fn run(state: web::Data<AppState>) {
    let interval = Duration::from_millis(state.config.evidence.sweep_interval_ms.max(10));
    let mut sweeper = Sweeper::new(interval);
    loop {
        sweeper.pass(&state).await;
        while media::analyse_next(&state).await {}
        tokio::time::sleep(interval).await;
    }
}

/// The kinds of work a pass does, as named in logs and in the failure metric.
#[derive(Clone, Copy)]
enum Work {
    Expire,
    Finish,
    Disposal,
}

impl Work {
    fn name(self) -> &'static str {
        match self {
            Work::Expire => "expire",
            Work::Finish => "finish",
            Work::Disposal => "disposal",
        }
    }
}

/// The sweep of one node, with its record of the items that failed. Each item is tried on
/// its own: one that fails is logged, counted in `custos_evidence_sweep_failures_total` and
/// tried again after a back-off, and the rest of the pass goes on.
struct Sweeper {
    expire: Backoff,
    finish: Backoff,
    disposal: Backoff,
}

impl Sweeper {
    fn new(interval: Duration) -> Sweeper {
        Sweeper {
            expire: Backoff::new(interval),
            finish: Backoff::new(interval),
            disposal: Backoff::new(interval),
        }
    }

    async fn pass(&mut self, state: &AppState) {
        let started = Instant::now();
        let now_us = crate::clock::now_us();
        let skip = (
            self.expire.waiting(started),
            self.finish.waiting(started),
            self.disposal.waiting(started),
        );
        let listed = db::run(&state.pool, move |conn| {
            let (skip_expire, skip_finish, skip_disposal) = skip;
            Ok((
                uploads::expired_open(conn, now_us, BATCH, &skip_expire)?,
                uploads::stalled_finishing(
                    conn,
                    now_us - STALLED_FINISHING_US,
                    BATCH,
                    &skip_finish,
                )?,
                uploads::settled_with_staging(conn, BATCH)?,
                crate::db::evidence::pending_disposals(conn, BATCH, &skip_disposal)?,
                crate::db::log::head_size(conn)?,
            ))
        })
        .await;
        let (expired, stalled, settled, disposals, log_size) = match listed {
            Ok(listed) => listed,
            Err(error) => {
                // The database is away: the next pass asks again.
                tracing::warn!(%error, "evidence sweep could not list its work");
                return;
            }
        };
        state.evidence.metrics.log_size.set(log_size as i64);
        for id in &expired {
            let outcome = expire(state, id, None).await.map(drop);
            self.settle(state, Work::Expire, id, outcome);
        }
        for id in &stalled {
            let outcome = finish::finish(state, id).await.map(drop);
            self.settle(state, Work::Finish, id, outcome);
        }
        // Removal of staged bytes logs its own failures and leaves the row for the next pass;
        // a removal blocks nothing else.
        for id in &settled {
            finish::remove_staging(state, id).await;
        }
        for id in &disposals {
            let outcome = disposal::settle(state, id).await;
            self.settle(state, Work::Disposal, id, outcome);
        }
        self.expire.forget_unlisted(started, &expired);
        self.finish.forget_unlisted(started, &stalled);
        self.disposal.forget_unlisted(started, &disposals);
        let failing = self.expire.len() + self.finish.len() + self.disposal.len();
        state.evidence.metrics.sweep_failing.set(failing as i64);
    }

    /// Notes how one item's work went.
    fn settle(&mut self, state: &AppState, work: Work, id: &str, outcome: Result<(), ApiError>) {
        let backoff = match work {
            Work::Expire => &mut self.expire,
            Work::Finish => &mut self.finish,
            Work::Disposal => &mut self.disposal,
        };
        match outcome {
            Ok(()) => backoff.succeeded(id),
            Err(error) => {
                let wait = backoff.failed(id, Instant::now());
                state
                    .evidence
                    .metrics
                    .sweep_failures
                    .with_label_values(&[work.name()])
                    .inc();
                tracing::warn!(
                    work = work.name(),
                    item = id,
                    %error,
                    retry_in_ms = wait.as_millis() as u64,
                    "evidence sweep item failed; the rest of the pass goes on"
                );
            }
        }
    }
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
    let ended = crate::log::commit(state, move |conn, log| {
        let Some(upload) = uploads::find_unscoped(conn, &id)? else {
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
        crate::supervision::uploads::settled(conn, &id, now_us)?;
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
        record.log(conn, log)?;
        Ok(true)
    })
    .await?;
    if ended {
        finish::remove_staging(state, upload_id).await;
    }
    Ok(ended)
}
