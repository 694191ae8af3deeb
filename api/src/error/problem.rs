//! The problem types clients branch on and the RFC 9457 body they come in.

use actix_web::http::StatusCode;
use serde::Serialize;
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
    pub(super) fn describe(self) -> (StatusCode, &'static str, &'static str) {
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
