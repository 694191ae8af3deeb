//! Request bodies that do not arrive in time: a slow or stalled client must not hold a
//! connection and a worker's attention for ever.
//!
//! Every request body is read through [`Paced`]. While the server waits for the client, each
//! window of waiting must bring at least the configured number of bytes, and a body that is
//! not an evidence upload must be complete within the body timeout. Only time spent waiting
//! for the client counts towards a window, so a server busy with what it already received
//! (an upload writing to disk) never blames the client. A request that fails either check is
//! answered 408 `request-timeout` and its connection closed. Uploads have no total timeout:
//! they may take hours, as long as bytes keep flowing. The time a client may take to send a
//! request's head is actix's `client_request_timeout` (see `server`).

use crate::config::HttpConfig;
use crate::error::{ApiError, ProblemType};
use crate::state::AppState;
use actix_web::body::MessageBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::ConnectionType;
use actix_web::middleware::Next;
use actix_web::web::Bytes;
use actix_web::{Error, HttpMessage, ResponseError, web};
use futures_util::Stream;
use std::cell::Cell;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::time::{Instant, Sleep};

/// Requests under this path are evidence uploads: no total body timeout.
const UPLOADS: &str = "/api/v1/uploads";

/// Middleware: reads the body through [`Paced`], and answers 408 when it was too slow.
pub async fn pace(
    mut request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let config = request
        .app_data::<web::Data<AppState>>()
        .map(|state| state.config.http.clone());
    let timed_out = Rc::new(Cell::new(false));
    if let Some(config) = config {
        let payload = request.take_payload();
        if !matches!(payload, Payload::None) {
            let total = (!request.path().starts_with(UPLOADS)).then_some(config.body_timeout);
            let paced = Paced::new(payload, &config, total, timed_out.clone());
            let stream: Pin<Box<dyn Stream<Item = Result<Bytes, PayloadError>>>> = Box::pin(paced);
            request.set_payload(Payload::from(stream));
        }
    }
    let response = next.call(request).await?;
    if !timed_out.get() {
        return Ok(response.map_into_left_body());
    }
    let error = ApiError::new(
        ProblemType::RequestTimeout,
        "the request body did not arrive in time",
    );
    let mut answer = error.error_response();
    answer.head_mut().set_connection_type(ConnectionType::Close);
    let (request, _) = response.into_parts();
    Ok(ServiceResponse::new(request, answer).map_into_right_body())
}

/// A request body that fails with a timeout when its client is too slow (module doc).
struct Paced {
    inner: Payload,
    timer: Pin<Box<Sleep>>,
    /// When the whole body must have arrived, if ever.
    deadline: Option<Instant>,
    window: Duration,
    min_bytes_per_window: u64,
    /// Waiting for the client in the current window, before the current wait.
    waited: Duration,
    /// Since when the current wait for the client lasts.
    waiting_since: Option<Instant>,
    bytes: u64,
    timed_out: Rc<Cell<bool>>,
    finished: bool,
}

impl Paced {
    fn new(
        inner: Payload,
        config: &HttpConfig,
        total: Option<Duration>,
        timed_out: Rc<Cell<bool>>,
    ) -> Self {
        let now = Instant::now();
        Paced {
            inner,
            timer: Box::pin(tokio::time::sleep_until(now + config.body_rate_window)),
            deadline: total.map(|total| now + total),
            window: config.body_rate_window,
            min_bytes_per_window: config.body_min_bytes_per_window(),
            waited: Duration::ZERO,
            waiting_since: None,
            bytes: 0,
            timed_out,
            finished: false,
        }
    }

    /// Ends the current wait at `now`; true when the window is over and brought too little,
    /// or the body's deadline passed.
    fn too_slow(&mut self, now: Instant) -> bool {
        if let Some(since) = self.waiting_since.take() {
            self.waited += now - since;
        }
        if self.deadline.is_some_and(|deadline| now >= deadline) {
            return true;
        }
        if self.waited >= self.window {
            if self.bytes < self.min_bytes_per_window {
                return true;
            }
            self.waited = Duration::ZERO;
            self.bytes = 0;
        }
        false
    }

    fn fail(&mut self) -> Poll<Option<Result<Bytes, PayloadError>>> {
        self.finished = true;
        self.timed_out.set(true);
        let error = std::io::Error::new(std::io::ErrorKind::TimedOut, "request body too slow");
        Poll::Ready(Some(Err(PayloadError::Io(error))))
    }
}

impl Stream for Paced {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.finished {
            return Poll::Ready(None);
        }
        match Pin::new(&mut this.inner).poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                this.bytes += chunk.len() as u64;
                if this.too_slow(Instant::now()) {
                    return this.fail();
                }
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Ready(other) => {
                this.finished = other.is_none();
                Poll::Ready(other)
            }
            Poll::Pending => loop {
                // Wake when the window would end if nothing arrives, or at the deadline.
                let now = Instant::now();
                let since = *this.waiting_since.get_or_insert(now);
                let mut wake = now + this.window.saturating_sub(this.waited + (now - since));
                if let Some(deadline) = this.deadline {
                    wake = wake.min(deadline);
                }
                this.timer.as_mut().reset(wake);
                if this.timer.as_mut().poll(cx).is_pending() {
                    return Poll::Pending;
                }
                if this.too_slow(Instant::now()) {
                    return this.fail();
                }
            },
        }
    }
}
