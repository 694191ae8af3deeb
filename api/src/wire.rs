//! The connection beneath actix: the refusals actix-http writes by itself, before any
//! middleware or handler runs, leave as RFC 9457 problem+json like every other error.
//!
//! actix-http answers a request head it cannot parse with `400`, a head larger than its
//! buffer with `431` and a head that does not arrive in time with `408`, each with an empty
//! body and `connection: close`, and offers no hook to change them. Every response custos's
//! own code builds for these statuses carries a problem body, so a response head with one of
//! them and `content-length: 0` at the start of a write can only be the dispatcher's:
//! [`ProblemWire`] writes in its place the same status and headers with a problem body. It is
//! the last response of its connection (actix closes it), so nothing written later shifts.

use crate::error::{ApiError, PROBLEM_JSON, ProblemType};
use actix_web::http::StatusCode;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// A connection whose outgoing bytes pass through unchanged except for the dispatcher's
/// empty-bodied refusals.
pub struct ProblemWire<T> {
    inner: T,
    /// A replacement being written: its bytes, how many are written, and how many bytes of
    /// the caller's buffer it stands for.
    replacing: Option<Replacement>,
}

struct Replacement {
    bytes: Vec<u8>,
    written: usize,
    stands_for: usize,
}

impl<T> ProblemWire<T> {
    pub fn new(inner: T) -> Self {
        ProblemWire {
            inner,
            replacing: None,
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for ProblemWire<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for ProblemWire<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if this.replacing.is_none() {
            match replacement(buf) {
                Some((bytes, stands_for)) => {
                    this.replacing = Some(Replacement {
                        bytes,
                        written: 0,
                        stands_for,
                    })
                }
                None => return Pin::new(&mut this.inner).poll_write(cx, buf),
            }
        }
        // The caller retries with the same buffer until told it is written; the replacement
        // is reported written, as the bytes it stands for, only once all of it is.
        let replacing = this.replacing.as_mut().expect("set above");
        while replacing.written < replacing.bytes.len() {
            let written = ready!(
                Pin::new(&mut this.inner).poll_write(cx, &replacing.bytes[replacing.written..])
            )?;
            if written == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            replacing.written += written;
        }
        let stands_for = replacing.stands_for;
        this.replacing = None;
        Poll::Ready(Ok(stands_for))
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

/// The problem a dispatcher refusal of `status` stands for, or `None` for any other status.
fn refusal(status: u16) -> Option<ApiError> {
    let (problem, detail) = match status {
        400 => (
            ProblemType::MalformedRequest,
            "the request is not valid HTTP/1.1",
        ),
        408 => (
            ProblemType::RequestTimeout,
            "the request's head did not arrive in time",
        ),
        431 => (
            ProblemType::HeadersTooLarge,
            "the request's head is larger than the server accepts",
        ),
        _ => return None,
    };
    Some(ApiError::new(problem, detail))
}

/// When `buf` starts with an empty-bodied refusal's head: the bytes to write instead and the
/// length of the head they replace.
fn replacement(buf: &[u8]) -> Option<(Vec<u8>, usize)> {
    if !buf.starts_with(b"HTTP/1.1 4") {
        return None;
    }
    let mut headers = [httparse::EMPTY_HEADER; 16];
    let mut response = httparse::Response::new(&mut headers);
    let httparse::Status::Complete(head_len) = response.parse(buf).ok()? else {
        return None;
    };
    let error = refusal(response.code?)?;
    let empty = response
        .headers
        .iter()
        .any(|h| h.name.eq_ignore_ascii_case("content-length") && h.value == b"0");
    if !empty {
        return None;
    }
    let status = StatusCode::from_u16(response.code?).ok()?;
    let body = serde_json::to_vec(&error.body()).ok()?;
    let mut bytes = format!(
        "HTTP/1.1 {} {}\r\ncontent-type: {PROBLEM_JSON}\r\ncontent-length: {}\r\n",
        status.as_str(),
        status.canonical_reason().unwrap_or("Error"),
        body.len()
    )
    .into_bytes();
    for header in response.headers.iter() {
        if !header.name.eq_ignore_ascii_case("content-length") {
            bytes.extend_from_slice(header.name.as_bytes());
            bytes.extend_from_slice(b": ");
            bytes.extend_from_slice(header.value);
            bytes.extend_from_slice(b"\r\n");
        }
    }
    bytes.extend_from_slice(b"\r\n");
    bytes.extend_from_slice(&body);
    Some((bytes, head_len))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(bytes: &[u8]) -> (String, serde_json::Value) {
        let split = bytes.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
        (
            String::from_utf8(bytes[..split].to_vec()).unwrap(),
            serde_json::from_slice(&bytes[split..]).unwrap(),
        )
    }

    #[test]
    fn the_dispatchers_refusals_get_a_problem_body() {
        for (status, slug) in [
            ("400 Bad Request", "malformed-request"),
            ("408 Request Timeout", "request-timeout"),
            ("431 Request Header Fields Too Large", "headers-too-large"),
        ] {
            let head = format!(
                "HTTP/1.1 {status}\r\ncontent-length: 0\r\nconnection: close\r\ndate: Mon, 07 Dec 2026 03:17:16 GMT\r\n\r\n"
            );
            let (bytes, stands_for) = replacement(head.as_bytes()).expect(status);
            assert_eq!(stands_for, head.len());
            let (head, body) = problem(&bytes);
            assert!(
                head.starts_with(&format!("HTTP/1.1 {status}\r\n")),
                "{head}"
            );
            assert!(
                head.contains("content-type: application/problem+json\r\n"),
                "{head}"
            );
            assert!(head.contains("connection: close\r\n"), "{head}");
            assert!(head.contains("date: Mon, 07 Dec 2026"), "{head}");
            assert!(!head.contains("content-length: 0"), "{head}");
            assert!(body["type"].as_str().unwrap().ends_with(slug), "{body}");
            assert_eq!(body["status"], status[..3].parse::<u16>().unwrap());
        }
    }

    #[test]
    fn everything_else_passes_unchanged() {
        for head in [
            // Custos's own 400 carries its problem body.
            "HTTP/1.1 400 Bad Request\r\ncontent-length: 120\r\ncontent-type: application/problem+json\r\n\r\n",
            "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n",
            "HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n",
            // An incomplete head is never guessed at.
            "HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n",
            "{\"body\": \"HTTP/1.1 400\"}",
        ] {
            assert!(replacement(head.as_bytes()).is_none(), "{head}");
        }
    }

    #[tokio::test]
    async fn a_replacement_written_in_pieces_stands_for_the_whole_head() {
        use tokio::io::AsyncWriteExt;
        let head = b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\n\r\n";
        // A pipe of 7 bytes: the replacement goes out in many short writes.
        let (client, mut server) = tokio::io::duplex(7);
        let reader = tokio::spawn(async move {
            let mut all = Vec::new();
            tokio::io::AsyncReadExt::read_to_end(&mut server, &mut all)
                .await
                .unwrap();
            all
        });
        let mut wire = ProblemWire::new(client);
        wire.write_all(head).await.unwrap();
        wire.write_all(b"after").await.unwrap();
        wire.shutdown().await.unwrap();
        drop(wire);
        let all = reader.await.unwrap();
        let (bytes, _) = replacement(head).unwrap();
        assert_eq!(&all[..bytes.len()], &bytes[..]);
        assert_eq!(&all[bytes.len()..], b"after");
    }
}
