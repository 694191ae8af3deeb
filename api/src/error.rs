//! The one HTTP error type: every failure leaves the server as RFC 9457 problem+json.
//!
//! Each [`ProblemType`] has a stable `type` URI under [`PROBLEM_BASE`]; clients match on it,
//! so a published slug never changes meaning. A 5xx response says only that an internal error
//! happened; its cause is logged (inside the request's span, so with its request id) when the
//! error is created and never serialised into a response.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::ServiceResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{HttpRequest, HttpResponse, ResponseError, error, web};
use serde::Serialize;
use std::fmt;
use utoipa::ToSchema;

/// Base of every problem `type` URI.
pub const PROBLEM_BASE: &str = "https://custos.dev/problems/";

/// The media type of every error body (RFC 9457 section 3).
pub const PROBLEM_JSON: &str = "application/problem+json";

/// What went wrong, as clients may branch on it. Add a variant (and one line in `describe`)
/// for each new thing a client can do something about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProblemType {
    NotFound,
    MethodNotAllowed,
    InvalidJson,
    InvalidPath,
    InvalidQuery,
    InvalidInput,
    /// A request actix-http could not parse as HTTP/1.1 (400; the connection is closed).
    MalformedRequest,
    /// A request head larger than the server accepts (431; the connection is closed).
    HeadersTooLarge,
    PayloadTooLarge,
    UnsupportedMediaType,
    Unauthorized,
    Forbidden,
    Conflict,
    LoginThrottled,
    DigestMismatch,
    /// A finished upload was stored with a metadata value no log entry can hold; its bytes
    /// are quarantined (422).
    MetadataRefused,
    /// tus: a request without `Tus-Resumable: 1.0.0` (412).
    TusVersion,
    /// A malformed or missing protocol header (`Upload-Offset`, `Upload-Checksum`, `Range`, ...).
    InvalidHeader,
    /// tus checksum extension: the body does not match `Upload-Checksum` (460).
    ChecksumMismatch,
    /// The resource existed and is gone for good (terminated or expired upload, disposed bytes).
    Gone,
    /// Another request is writing the same upload.
    Locked,
    RangeNotSatisfiable,
    /// The request's body did not arrive in time (408; the connection is closed).
    RequestTimeout,
    Unavailable,
    /// The disk (or the database's disk) is full; space must be freed (507).
    InsufficientStorage,
    Internal,
    /// A status produced outside the handlers (for example by actix itself) with no better type.
    HttpStatus(StatusCode),
}

impl ProblemType {
    /// (status, slug, title) of this problem type.
    fn describe(self) -> (StatusCode, &'static str, &'static str) {
        use ProblemType::*;
        match self {
            NotFound => (StatusCode::NOT_FOUND, "not-found", "Not found"),
            MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method-not-allowed",
                "Method not allowed",
            ),
            InvalidJson => (StatusCode::BAD_REQUEST, "invalid-json", "Invalid JSON body"),
            InvalidPath => (
                StatusCode::BAD_REQUEST,
                "invalid-path",
                "Invalid path parameter",
            ),
            InvalidQuery => (
                StatusCode::BAD_REQUEST,
                "invalid-query",
                "Invalid query string",
            ),
            InvalidInput => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid-input",
                "Invalid input",
            ),
            MalformedRequest => (
                StatusCode::BAD_REQUEST,
                "malformed-request",
                "Malformed request",
            ),
            HeadersTooLarge => (
                StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
                "headers-too-large",
                "Request headers too large",
            ),
            PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload-too-large",
                "Payload too large",
            ),
            UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "Unsupported media type",
            ),
            Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized", "Unauthorized"),
            Forbidden => (StatusCode::FORBIDDEN, "forbidden", "Forbidden"),
            Conflict => (StatusCode::CONFLICT, "conflict", "Conflict"),
            LoginThrottled => (
                StatusCode::TOO_MANY_REQUESTS,
                "login-throttled",
                "Too many failed logins",
            ),
            DigestMismatch => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "digest-mismatch",
                "Digest mismatch",
            ),
            MetadataRefused => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "metadata-refused",
                "Metadata refused",
            ),
            TusVersion => (
                StatusCode::PRECONDITION_FAILED,
                "tus-version",
                "Unsupported tus version",
            ),
            InvalidHeader => (StatusCode::BAD_REQUEST, "invalid-header", "Invalid header"),
            ChecksumMismatch => (
                StatusCode::from_u16(460).expect("460 is a valid status"),
                "checksum-mismatch",
                "Checksum mismatch",
            ),
            Gone => (StatusCode::GONE, "gone", "Gone"),
            Locked => (StatusCode::LOCKED, "locked", "Locked"),
            RangeNotSatisfiable => (
                StatusCode::RANGE_NOT_SATISFIABLE,
                "range-not-satisfiable",
                "Range not satisfiable",
            ),
            RequestTimeout => (
                StatusCode::REQUEST_TIMEOUT,
                "request-timeout",
                "Request timeout",
            ),
            Unavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "Service unavailable",
            ),
            InsufficientStorage => (
                StatusCode::INSUFFICIENT_STORAGE,
                "insufficient-storage",
                "Insufficient storage",
            ),
            Internal => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Internal error",
            ),
            HttpStatus(status) => (
                status,
                "http-status",
                status.canonical_reason().unwrap_or("Error"),
            ),
        }
    }

    pub fn status(self) -> StatusCode {
        self.describe().0
    }

    /// The stable `type` URI.
    pub fn uri(self) -> String {
        format!("{PROBLEM_BASE}{}", self.describe().1)
    }
}

/// RFC 9457 problem details body.
#[derive(Debug, Serialize, serde::Deserialize, ToSchema)]
pub struct Problem {
    /// Stable URI naming the kind of problem.
    #[serde(rename = "type")]
    pub problem_type: String,
    pub title: String,
    pub status: u16,
    /// Human-readable explanation of this occurrence.
    pub detail: String,
}

/// `Retry-After` of a 507: freeing space takes an operator, so clients need not retry often.
pub const INSUFFICIENT_STORAGE_RETRY_SECS: u64 = 10;

/// An error on its way to the client.
#[derive(Debug)]
pub struct ApiError {
    pub problem: ProblemType,
    pub detail: String,
    /// Seconds for a `Retry-After` header (429, 503).
    pub retry_after: Option<u64>,
}

/// Result type of handlers.
pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(problem: ProblemType, detail: impl Into<String>) -> Self {
        ApiError {
            problem,
            detail: detail.into(),
            retry_after: None,
        }
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

    /// An internal failure: the cause is logged here, in the request's span, and the
    /// client learns only that an internal error happened.
    pub fn internal(cause: impl fmt::Display) -> Self {
        tracing::error!(cause = %cause, "internal error");
        Self::new(ProblemType::Internal, "internal error")
    }

    /// The service cannot answer now (database pool exhausted, store unreachable).
    pub fn unavailable(cause: impl fmt::Display) -> Self {
        tracing::error!(cause = %cause, "service unavailable");
        let mut error = Self::new(ProblemType::Unavailable, "service unavailable, retry later");
        error.retry_after = Some(1);
        error
    }

    /// A write found the disk full (ENOSPC, EDQUOT, or the database saying so). Nothing was
    /// stored; the same request succeeds once an operator frees space, so clients retry.
    pub fn insufficient_storage(cause: impl fmt::Display) -> Self {
        tracing::error!(cause = %cause, "insufficient storage");
        let mut error = Self::new(
            ProblemType::InsufficientStorage,
            "the server's storage is full; nothing was stored, retry later",
        );
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
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.problem.uri(), self.detail)
    }
}

impl std::error::Error for ApiError {}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.problem.status()
    }

    fn error_response(&self) -> HttpResponse<BoxBody> {
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

impl From<diesel::result::Error> for ApiError {
    fn from(error: diesel::result::Error) -> Self {
        use crate::faults::{DatabaseFault, database_fault};
        match database_fault(&error) {
            Some(DatabaseFault::Full) => {
                ApiError::insufficient_storage(format_args!("database: {error}"))
            }
            Some(DatabaseFault::Unreachable) => {
                ApiError::unavailable(format_args!("database: {error}"))
            }
            None => ApiError::internal(format_args!("database: {error}")),
        }
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(error: actix_web::error::BlockingError) -> Self {
        ApiError::internal(format_args!("blocking pool: {error}"))
    }
}

/// JSON body extractor errors → 400/413/415 problems (never a 5xx).
pub fn json_error(error: error::JsonPayloadError, _: &HttpRequest) -> actix_web::Error {
    use error::JsonPayloadError as E;
    let problem = match &error {
        E::OverflowKnownLength { .. } | E::Overflow { .. } => {
            ApiError::new(ProblemType::PayloadTooLarge, error.to_string())
        }
        E::ContentType => ApiError::new(
            ProblemType::UnsupportedMediaType,
            "expected Content-Type: application/json",
        ),
        E::Deserialize(inner) => ApiError::new(ProblemType::InvalidJson, inner.to_string()),
        _ => ApiError::new(ProblemType::InvalidJson, error.to_string()),
    };
    problem.into()
}

/// Path extractor errors → 400 `invalid-path`.
pub fn path_error(error: error::PathError, _: &HttpRequest) -> actix_web::Error {
    ApiError::new(ProblemType::InvalidPath, error.to_string()).into()
}

/// Query extractor errors → 400 `invalid-query`.
pub fn query_error(error: error::QueryPayloadError, _: &HttpRequest) -> actix_web::Error {
    ApiError::new(ProblemType::InvalidQuery, error.to_string()).into()
}

/// The app's fallback for unmatched paths.
pub async fn not_found(request: HttpRequest) -> Result<HttpResponse, ApiError> {
    Err(ApiError::not_found(format!(
        "no route for {}",
        request.path()
    )))
}

/// Rewrites any error response that is not already problem+json (actix's own 405, 400 from
/// a malformed header, ...) into one, keeping its status and headers.
pub fn ensure_problem<B: MessageBody + 'static>(
    response: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes() == PROBLEM_JSON.as_bytes());
    // The console's pages answer failures with HTML pages of their own.
    let is_console_page = response.request().path().starts_with("/console/")
        && response
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|value| value.as_bytes().starts_with(b"text/html"));
    if is_problem || is_console_page {
        return Ok(ErrorHandlerResponse::Response(
            response.map_into_left_body(),
        ));
    }
    let status = response.status();
    let problem = match status {
        StatusCode::METHOD_NOT_ALLOWED => ApiError::new(
            ProblemType::MethodNotAllowed,
            format!("{} is not allowed here", response.request().method()),
        ),
        StatusCode::NOT_FOUND => {
            ApiError::not_found(format!("no route for {}", response.request().path()))
        }
        StatusCode::INTERNAL_SERVER_ERROR => ApiError::internal(format_args!(
            "unstructured 500 from {}",
            response.request().path()
        )),
        _ => ApiError::new(
            ProblemType::HttpStatus(status),
            status.canonical_reason().unwrap_or("error"),
        ),
    };
    let body = serde_json::to_vec(&problem.body()).unwrap_or_default();
    let (request, mut response) = response.into_parts();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    let response = ServiceResponse::new(request, response.set_body(body))
        .map_into_boxed_body()
        .map_into_right_body();
    Ok(ErrorHandlerResponse::Response(response))
}

/// Extractor configuration that routes every extractor failure through [`ApiError`].
pub fn extractor_config(cfg: &mut web::ServiceConfig) {
    cfg.app_data(
        web::JsonConfig::default()
            .limit(64 * 1024)
            .error_handler(json_error),
    )
    .app_data(web::PathConfig::default().error_handler(path_error))
    .app_data(web::QueryConfig::default().error_handler(query_error));
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::body::to_bytes;

    /// Renders `error` and checks status, headers and body.
    async fn check(
        error: ApiError,
        status: u16,
        headers: &[(&str, &str)],
        body: serde_json::Value,
    ) {
        let response = error.error_response();
        assert_eq!(response.status().as_u16(), status);
        assert_eq!(
            response.headers().get(header::CONTENT_TYPE).unwrap(),
            PROBLEM_JSON
        );
        for (name, value) in headers {
            assert_eq!(response.headers().get(*name).unwrap(), *value, "{name}");
        }
        let bytes = to_bytes(response.into_body()).await.unwrap();
        let got: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(got, body);
    }

    #[actix_web::test]
    async fn problems_render_as_rfc_9457() {
        check(
            ApiError::internal("disk on fire at /srv/custos/secret"),
            500,
            &[],
            serde_json::json!({"type": "https://custos.dev/problems/internal",
                "title": "Internal error", "status": 500, "detail": "internal error"}),
        )
        .await;
        check(
            ApiError::unauthorized("access token expired"),
            401,
            &[("www-authenticate", "Bearer")],
            serde_json::json!({"type": "https://custos.dev/problems/unauthorized",
                "title": "Unauthorized", "status": 401, "detail": "access token expired"}),
        )
        .await;
        check(
            ApiError::new(ProblemType::LoginThrottled, "wait").with_retry_after(30),
            429,
            &[("retry-after", "30")],
            serde_json::json!({"type": "https://custos.dev/problems/login-throttled",
                "title": "Too many failed logins", "status": 429, "detail": "wait"}),
        )
        .await;
    }
}
