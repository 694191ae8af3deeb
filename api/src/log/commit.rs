//! Group commit: the writes of many requests that each append to the log, in one transaction
//! and one wait for the disk.
//!
//! Every node runs one committer, a thread fed by a channel. It takes whatever jobs are
//! waiting (up to [`MAX_JOBS`]; it never sleeps to gather more: jobs that arrive while a
//! batch commits make the next batch), opens one write transaction, locks the log head once,
//! runs each job in a savepoint of its own, hashes every leaf of the batch at once, commits,
//! and only then answers each job with its own result. A job that fails is rolled back to its
//! savepoint and answered with its own error; the others commit. A job that only appends
//! (a logged access: [`Committer::append_only`]) runs without a savepoint and sends no
//! statement of its own: its leaves and custody rows are written with the batch's others in
//! one statement each, so the committer's one connection spends its round trips per batch,
//! not per request. If the batch cannot commit
//! (a lost database, a full disk), every job that had succeeded gets that error, so nothing
//! is acknowledged that is not durable.
//!
//! Across nodes the log head's lock orders the batches (PostgreSQL's row lock, SQLite's
//! database write lock from `BEGIN IMMEDIATE`): one batch appends after another, never beside.

use super::appender::Appender;
use crate::db::{self, DbConnection, DbError, DbPool};
use crate::error::ApiError;
use prometheus::{Histogram, HistogramOpts, Registry};
use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;

/// Most jobs in one transaction. A batch holds the log head's lock while its jobs run, so
/// this bounds how long another node waits for it; with 64 requests waiting at once a
/// batch rarely reaches it.
pub const MAX_JOBS: usize = 256;

thread_local! {
    /// Set on a committer's thread: appending there outside the batch's [`Appender`] would
    /// give out indexes the batch gives out too.
    static COMMITTER_THREAD: Cell<bool> = const { Cell::new(false) };
}

/// Whether the current thread is a committer's (whose jobs must append through their
/// [`Appender`]).
pub(super) fn on_committer_thread() -> bool {
    COMMITTER_THREAD.get()
}

/// A node's committer: where jobs are sent.
pub struct Committer {
    jobs: mpsc::Sender<Box<dyn Job>>,
}

impl Committer {
    /// Starts the committer's thread, which ends once the committer is dropped.
    pub fn start(pool: DbPool, registry: &Registry) -> Committer {
        let batch_sizes = Histogram::with_opts(
            HistogramOpts::new(
                "custos_log_batch_jobs",
                "Jobs committed together by one group commit of the log",
            )
            .buckets(vec![1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0]),
        )
        .expect("valid metric");
        registry
            .register(Box::new(batch_sizes.clone()))
            .expect("metric names are unique");
        let (jobs, receiver) = mpsc::channel();
        std::thread::Builder::new()
            .name("custos-log-committer".to_owned())
            .spawn(move || serve(&pool, &receiver, &batch_sizes))
            .expect("the committer's thread starts");
        Committer { jobs }
    }

    /// Runs `work` in the next group commit and answers once it is durable. `work` does the
    /// request's writes and appends its entries through the [`Appender`]; its reads see the
    /// database as the batch's transaction does. It must not open a transaction of its own
    /// (`db::write_transaction`); `db::savepoint` gives it a savepoint.
    pub async fn commit<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConnection, &mut Appender) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        self.send(work, true).await
    }

    /// Runs `work`, which only appends (its reads were done before, on the request's own
    /// connection), in the next group commit and answers once it is durable. Its leaves go
    /// through [`Appender::append_later`]: no savepoint and no statement of its own.
    pub async fn append_only<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut Appender) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        self.send(
            move |_: &mut DbConnection, log: &mut Appender| work(log),
            false,
        )
        .await
    }

    async fn send<T, F>(&self, work: F, savepoint: bool) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConnection, &mut Appender) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let job = Typed {
            work: Some(work),
            savepoint,
            outcome: None,
            reply,
            span: tracing::Span::current(),
        };
        self.jobs
            .send(Box::new(job))
            .map_err(|_| ApiError::internal("the log committer has stopped"))?;
        answer
            .await
            .map_err(|_| ApiError::internal("the log committer dropped a job"))?
    }
}

/// Commits batches until every sender is gone.
fn serve(pool: &DbPool, receiver: &mpsc::Receiver<Box<dyn Job>>, batch_sizes: &Histogram) {
    COMMITTER_THREAD.set(true);
    while let Ok(first) = receiver.recv() {
        let mut jobs = vec![first];
        while jobs.len() < MAX_JOBS {
            match receiver.try_recv() {
                Ok(job) => jobs.push(job),
                Err(_) => break,
            }
        }
        batch_sizes.observe(jobs.len() as f64);
        // A panic outside a job (jobs' own are caught) drops the batch's answers, which its
        // callers see as an internal error; the connection, left in its transaction, is
        // discarded by the pool; the next batch goes on.
        let _ = catch_unwind(AssertUnwindSafe(|| commit_batch(pool, jobs)));
    }
}

fn commit_batch(pool: &DbPool, mut jobs: Vec<Box<dyn Job>>) {
    let outcome = pool
        .get()
        .map_err(ApiError::unavailable)
        .and_then(|mut conn| db::write_transaction(&mut conn, |conn| run_jobs(conn, &mut jobs)));
    for job in jobs {
        job.answer(outcome.as_ref().map(|_| ()));
    }
}

/// Runs every job in its savepoint, then hashes the batch's leaves; an error fails the batch.
fn run_jobs(conn: &mut DbConnection, jobs: &mut [Box<dyn Job>]) -> Result<(), ApiError> {
    let mut log = Appender::locked(conn)?;
    for job in jobs.iter_mut() {
        let mark = log.mark();
        let ran = if job.savepoint() {
            db::savepoint(conn, |conn| job.run(conn, &mut log))
        } else {
            job.run(conn, &mut log)
        };
        match ran {
            Ok(()) => {}
            Err(Rollback::Job) => log.rewind(mark),
            // The savepoint could be neither released nor rolled back: the transaction is lost.
            Err(Rollback::Database(error)) => return Err(error.into()),
        }
        db::transaction_intact(conn)?;
    }
    if log.appended() > 0 {
        log.finish(conn)?;
    }
    Ok(())
}

/// Why a job's savepoint ended in a rollback.
enum Rollback {
    /// The job failed; its error waits for its answer.
    Job,
    /// Ending the savepoint failed.
    Database(DbError),
}

impl From<DbError> for Rollback {
    fn from(error: DbError) -> Rollback {
        Rollback::Database(error)
    }
}

/// One request's work with the channel its answer goes back on.
trait Job: Send {
    /// Whether the job sends statements of its own, to be rolled back if it fails.
    fn savepoint(&self) -> bool;
    fn run(&mut self, conn: &mut DbConnection, log: &mut Appender) -> Result<(), Rollback>;
    /// Answers with the job's outcome, or the batch's error if the job succeeded but its
    /// batch did not commit.
    fn answer(self: Box<Self>, batch: Result<(), &ApiError>);
}

struct Typed<T, F> {
    work: Option<F>,
    savepoint: bool,
    outcome: Option<Result<T, ApiError>>,
    reply: tokio::sync::oneshot::Sender<Result<T, ApiError>>,
    /// The request's span, so what the job logs keeps its request id.
    span: tracing::Span,
}

impl<T, F> Job for Typed<T, F>
where
    F: FnOnce(&mut DbConnection, &mut Appender) -> Result<T, ApiError> + Send,
    T: Send,
{
    fn savepoint(&self) -> bool {
        self.savepoint
    }

    fn run(&mut self, conn: &mut DbConnection, log: &mut Appender) -> Result<(), Rollback> {
        let _entered = self.span.enter();
        let Some(work) = self.work.take() else {
            return Err(Rollback::Job);
        };
        let outcome = catch_unwind(AssertUnwindSafe(|| work(conn, log)))
            .unwrap_or_else(|_| Err(ApiError::internal("a log job panicked")));
        let failed = outcome.is_err();
        self.outcome = Some(outcome);
        if failed { Err(Rollback::Job) } else { Ok(()) }
    }

    fn answer(self: Box<Self>, batch: Result<(), &ApiError>) {
        let _entered = self.span.enter();
        let answer = match (self.outcome, batch) {
            (Some(Err(own)), _) => Err(own),
            (Some(Ok(value)), Ok(())) => Ok(value),
            (Some(Ok(_)) | None, Err(error)) => Err(error.clone()),
            (None, Ok(())) => Err(ApiError::internal("a log job never ran")),
        };
        // A caller that went away no longer needs its answer; its writes stay committed.
        let _ = self.reply.send(answer);
    }
}
