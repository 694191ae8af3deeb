//! The one HTTP error type: every failure leaves the server as RFC 9457 problem+json.
//!
//! Each [`ProblemType`] has a stable `type` URI under [`PROBLEM_BASE`]; clients match on it,
//! so a published slug never changes meaning. A 5xx response says only that an internal error
//! happened; its cause is kept with the error (boxed, with its source chain) and logged when
//! the response is built, inside the request's span (so with its request id), even when the
//! error was made on a blocking thread outside it; it is never serialised into a response.

mod edge;
mod problem;

pub use edge::{ensure_problem, extractor_config, json_error, not_found, path_error, query_error};
pub use problem::{PROBLEM_BASE, PROBLEM_JSON, Problem, ProblemType};

use actix_web::body::BoxBody;
use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpResponse, ResponseError};
use std::error::Error;
use std::fmt;
use std::sync::Arc;

/// What went wrong inside, for the log only.
pub type Cause = Arc<dyn Error + Send + Sync>;

/// A cause known only by its text.
#[derive(Debug)]
struct Message(String);

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Error for Message {}

/// A cause and its sources, `outer: inner: innermost`.
struct Chain<'a>(&'a (dyn Error + 'static));

impl fmt::Display for Chain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = self.0.source();
        while let Some(error) = source {
            write!(f, ": {error}")?;
            source = error.source();
        }
        Ok(())
    }
}

/// `Retry-After` of a 507: freeing space takes an operator, so clients need not retry often.
pub const INSUFFICIENT_STORAGE_RETRY_SECS: u64 = 10;

/// An error on its way to the client. Cloning shares the cause (a failed group commit answers
/// every job of its batch with the same error).
#[derive(Debug, Clone)]
pub struct ApiError {
    pub problem: ProblemType,
    pub detail: String,
    /// Seconds for a `Retry-After` header (429, 503).
    pub retry_after: Option<u64>,
    /// What went wrong inside (5xx): logged with the response, never sent.
    pub cause: Option<Cause>,
}

/// Result type of handlers.
pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(problem: ProblemType, detail: impl Into<String>) -> Self {
        ApiError {
            problem,
            detail: detail.into(),
            retry_after: None,
            cause: None,
        }
    }

    /// Keeps `cause` with the error, for the log.
    pub fn caused_by(mut self, cause: impl Error + Send + Sync + 'static) -> Self {
        self.cause = Some(Arc::new(cause));
        self
    }

    fn described(self, cause: impl fmt::Display) -> Self {
        self.caused_by(Message(cause.to_string()))
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(ProblemType::NotFound, detail)
    }

    pub fn invalid_input(detail: impl Into<String>) -> Self {
        Self::new(ProblemType::InvalidInput, detail)
    }

    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Self::new(ProblemType::Unauthorized, detail)
    }

    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(ProblemType::Forbidden, detail)
    }

    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::new(ProblemType::Conflict, detail)
    }

    /// An internal failure: the cause is kept for the log, and the client learns only that
    /// an internal error happened.
    pub fn internal(cause: impl fmt::Display) -> Self {
        Self::new(ProblemType::Internal, "internal error").described(cause)
    }

    /// The service cannot answer now (database pool exhausted, store unreachable).
    pub fn unavailable(cause: impl fmt::Display) -> Self {
        let mut error = Self::new(ProblemType::Unavailable, "service unavailable, retry later")
            .described(cause);
        error.retry_after = Some(1);
        error
    }

    /// A write found the disk full (ENOSPC, EDQUOT, or the database saying so). Nothing was
    /// stored; the same request succeeds once an operator frees space, so clients retry.
    pub fn insufficient_storage(cause: impl fmt::Display) -> Self {
        let mut error = Self::new(
            ProblemType::InsufficientStorage,
            "the server's storage is full; nothing was stored, retry later",
        )
        .described(cause);
        error.retry_after = Some(INSUFFICIENT_STORAGE_RETRY_SECS);
        error
    }

    /// An I/O failure: 507 when the disk is full, 503 when the object store is away, else
    /// internal.
    pub fn io(context: &str, error: &std::io::Error) -> Self {
        if crate::faults::is_storage_full(error) {
            Self::insufficient_storage(format_args!("{context}: {error}"))
        } else if crate::faults::is_store_unavailable(error) {
            Self::unavailable(format_args!("{context}: {error}"))
        } else {
            Self::internal(format_args!("{context}: {error}"))
        }
    }

    pub fn with_retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    pub fn body(&self) -> Problem {
        let (status, _, title) = self.problem.describe();
        Problem {
            problem_type: self.problem.uri(),
            title: title.to_owned(),
            status: status.as_u16(),
            detail: self.detail.clone(),
        }
    }

    /// Logs the cause, if any, in the current span: call where the response is built.
    pub fn log_cause(&self) {
        if let Some(cause) = &self.cause {
            tracing::error!(problem = %self.problem.uri(), cause = %Chain(cause.as_ref()), "{}", self.detail);
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.problem.uri(), self.detail)?;
        if let Some(cause) = &self.cause {
            write!(f, " ({})", Chain(cause.as_ref()))?;
        }
        Ok(())
    }
}

impl Error for ApiError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.cause
            .as_deref()
            .map(|cause| cause as &(dyn Error + 'static))
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.problem.status()
    }

    fn error_response(&self) -> HttpResponse<BoxBody> {
        self.log_cause();
        let mut response = HttpResponse::build(self.status_code());
        response.content_type(PROBLEM_JSON);
        if let Some(seconds) = self.retry_after {
            response.insert_header((header::RETRY_AFTER, seconds.to_string()));
        }
        if self.problem == ProblemType::Unauthorized {
            // RFC 6750 section 3: a 401 names the scheme the client should use.
            response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        response.json(self.body())
    }
}

impl From<crate::db::DbError> for ApiError {
    /// A full database disk is 507 and a database out of reach 503, both with `Retry-After`;
    /// anything else from the database (a missing row or a unique conflict the caller did not
    /// expect, a bug) is internal. The error stays the cause, with diesel's as its source.
    fn from(error: crate::db::DbError) -> Self {
        use crate::db::DbError;
        match error {
            DbError::Full(_) => ApiError::insufficient_storage("database").caused_by(error),
            DbError::Unreachable(_) | DbError::Pool(_) | DbError::Connect { .. } => {
                ApiError::unavailable("database").caused_by(error)
            }
            DbError::NotFound
            | DbError::Conflict(_)
            | DbError::Query(_)
            | DbError::Migration(_) => ApiError::internal("database").caused_by(error),
        }
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(error: actix_web::error::BlockingError) -> Self {
        ApiError::internal(format_args!("blocking pool: {error}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::sync::Mutex;

    /// Everything logged while `work` runs.
    fn logged(work: impl FnOnce()) -> String {
        #[derive(Clone, Default)]
        struct Buffer(Arc<Mutex<Vec<u8>>>);
        impl Write for Buffer {
            fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(bytes);
                Ok(bytes.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let buffer = Buffer::default();
        let writer = buffer.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        tracing::subscriber::with_default(subscriber, work);
        let bytes = buffer.0.lock().unwrap().clone();
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn an_internal_cause_is_kept_and_logged_with_the_response_not_before() {
        let io = std::io::Error::other("disk on fire");
        let mut error = None;
        let made = logged(|| error = Some(ApiError::internal("x").caused_by(io)));
        assert_eq!(made, "", "nothing is logged where the error is made");
        let error = error.unwrap();
        assert_eq!(error.source().unwrap().to_string(), "disk on fire");
        assert!(error.to_string().ends_with("(disk on fire)"), "{error}");
        let shared = error.clone();
        let answered = logged(|| drop(shared.error_response()));
        assert!(answered.contains("disk on fire"), "{answered}");
        assert_eq!(error.body().detail, "internal error");
    }

    #[test]
    fn a_described_cause_keeps_its_text() {
        let error = ApiError::unavailable(format_args!("database: {}", "connection refused"));
        assert_eq!(error.retry_after, Some(1));
        assert!(logged(|| drop(error.error_response())).contains("database: connection refused"));
        assert!(ApiError::not_found("no case").cause.is_none());
    }
}
