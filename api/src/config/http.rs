//! Settings of the HTTP edge: how long a client may take to send a request (see `pacing`), and
//! whether browsers reach custos over TLS (the console's cookie).

use super::{ConfigError, FileSettings, Settings, invalid};
use std::time::Duration;

/// The flags and environment variables of [`HttpConfig`].
#[derive(clap::Args, Clone, Debug, Default)]
pub struct HttpSettings {
    /// Seconds a client may take to send a request's head [default: 5].
    #[arg(
        long,
        env = "CUSTOS_REQUEST_HEAD_TIMEOUT_SECS",
        global = true,
        value_name = "SECS"
    )]
    pub request_head_timeout_secs: Option<u64>,
    /// Seconds a client may take to send a request's body, evidence uploads excepted [default: 120].
    #[arg(
        long,
        env = "CUSTOS_REQUEST_BODY_TIMEOUT_SECS",
        global = true,
        value_name = "SECS"
    )]
    pub request_body_timeout_secs: Option<u64>,
    /// Bytes per second a request body must arrive at, uploads included, judged over each 10 s of waiting [default: 1024].
    #[arg(
        long,
        env = "CUSTOS_REQUEST_BODY_MIN_RATE",
        global = true,
        value_name = "BYTES"
    )]
    pub request_body_min_rate: Option<u64>,
    /// Marks the console's session cookie Secure; set it when browsers reach custos over TLS (directly or through a proxy) [default: false].
    #[arg(
        long,
        env = "CUSTOS_SECURE_COOKIES",
        global = true,
        value_name = "BOOL"
    )]
    pub secure_cookies: Option<bool>,
}

/// How long a client may take to send a request.
#[derive(Clone, Debug)]
pub struct HttpConfig {
    /// From the connection (or the end of the previous request) to a request's complete head.
    pub head_timeout: Duration,
    /// From a request's head to the end of its body, evidence uploads excepted.
    pub body_timeout: Duration,
    /// Waiting for a body's bytes is judged in windows of this length.
    pub body_rate_window: Duration,
    /// Bytes per second a body must arrive at, on average over each window, uploads included.
    pub body_min_rate: u64,
    /// Browsers reach custos over TLS: the console's cookie is sent only over it.
    pub secure_cookies: bool,
}

const HEAD_TIMEOUT: &str =
    "CUSTOS_REQUEST_HEAD_TIMEOUT_SECS (--request-head-timeout-secs, request_head_timeout_secs)";
const BODY_TIMEOUT: &str =
    "CUSTOS_REQUEST_BODY_TIMEOUT_SECS (--request-body-timeout-secs, request_body_timeout_secs)";
const BODY_MIN_RATE: &str =
    "CUSTOS_REQUEST_BODY_MIN_RATE (--request-body-min-rate, request_body_min_rate)";

impl HttpConfig {
    pub(super) fn load(settings: &Settings, file: &FileSettings) -> Result<Self, ConfigError> {
        let head = settings
            .http
            .request_head_timeout_secs
            .or(file.request_head_timeout_secs)
            .unwrap_or(5);
        if !(1..=3600).contains(&head) {
            return Err(invalid(HEAD_TIMEOUT, "must be 1 to 3600 seconds"));
        }
        let body = settings
            .http
            .request_body_timeout_secs
            .or(file.request_body_timeout_secs)
            .unwrap_or(120);
        if !(1..=24 * 3600).contains(&body) {
            return Err(invalid(BODY_TIMEOUT, "must be 1 second to 24 hours"));
        }
        let rate = settings
            .http
            .request_body_min_rate
            .or(file.request_body_min_rate)
            .unwrap_or(1024);
        if !(1..=1 << 30).contains(&rate) {
            return Err(invalid(
                BODY_MIN_RATE,
                "must be 1 to 1073741824 bytes per second",
            ));
        }
        Ok(HttpConfig {
            head_timeout: Duration::from_secs(head),
            body_timeout: Duration::from_secs(body),
            body_rate_window: Duration::from_secs(10),
            body_min_rate: rate,
            secure_cookies: settings
                .http
                .secure_cookies
                .or(file.secure_cookies)
                .unwrap_or(false),
        })
    }

    /// The bytes each window of waiting must bring.
    pub fn body_min_bytes_per_window(&self) -> u64 {
        (u128::from(self.body_min_rate) * self.body_rate_window.as_millis() / 1000) as u64
    }
}
