//! `GET /api/v1/evidence/{id}/content`: the original bytes, whole or one range (RFC 9110
//! section 14), with `Repr-Digest` (RFC 9530) and a strong `ETag`, both of the whole
//! representation. The access is logged as `downloaded`, with its range, before any byte
//! leaves.

use super::{Client, access_event};
use crate::access::Action;
use crate::auth::Caller;
use crate::db::evidence::status;
use crate::error::{ApiError, ApiResult, Problem, ProblemType};
use crate::evidence::custody::event;
use crate::evidence::scope::reachable_item;
use crate::log;
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use custos_core::digest::Sha256Digest;
use std::io::Read;
use std::ops::Range;

/// Bytes per chunk of the response body.
const CHUNK_BYTES: usize = 256 * 1024;

#[utoipa::path(get, path = "/api/v1/evidence/{id}/content", tag = "evidence",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "Evidence item id", pattern = "^[0-9a-f-]{1,64}$"),
        ("Range" = Option<String>, Header, description = "One range: bytes=A-B, bytes=A- or bytes=-N"),
    ),
    responses(
        (status = 200, description = "The whole original", content_type = "application/octet-stream"),
        (status = 206, description = "The requested range", content_type = "application/octet-stream"),
        (status = 403, description = "Sealed: only supervisors and admins read sealed items", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such item in the caller's scope", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "Disposed: the bytes are gone, the history stays", body = Problem, content_type = "application/problem+json"),
        (status = 416, description = "Range outside the item or more than one range", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn content(
    request: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let client = Client::of(&request);
    let range_header = request
        .headers()
        .get(header::RANGE)
        .map(|value| value.to_str().map(str::to_owned))
        .transpose()
        .map_err(|_| ApiError::new(ProblemType::InvalidHeader, "Range is not ASCII"))?;
    let (item, range) = log::commit(&state, move |conn, log| {
        let item = reachable_item(conn, &caller, Action::ReadEvidence, &id)?;
        if item.status == status::DISPOSED {
            return Err(ApiError::new(
                ProblemType::Gone,
                "the item was disposed of: its bytes are gone, its custody history stays",
            ));
        }
        if item.sealed {
            // The caller reads the item already, so a 403 here tells it nothing new.
            reachable_item(conn, &caller, Action::ReadSealedEvidence, &id)?;
        }
        let size = item.size as u64;
        let range = match &range_header {
            Some(text) => Some(parse_range(text, size)?),
            None => None,
        };
        let shown = range.clone().map_or_else(
            || "all".to_owned(),
            |range| format!("{}-{}", range.start, range.end.saturating_sub(1)),
        );
        access_event(event::DOWNLOADED, &caller, &item, &client)
            .fact("range", shown)
            .log(conn, log)?;
        Ok((item, range))
    })
    .await?;

    let size = item.size as u64;
    let digest = Sha256Digest::from_hex(&item.sha256).map_err(ApiError::internal)?;
    let key = item
        .blob_key
        .clone()
        .ok_or_else(|| ApiError::internal("item without bytes"))?;
    let mut response = match &range {
        Some(range) => {
            let mut partial = HttpResponse::PartialContent();
            partial.insert_header((
                header::CONTENT_RANGE,
                format!("bytes {}-{}/{size}", range.start, range.end - 1),
            ));
            partial
        }
        None => HttpResponse::Ok(),
    };
    let range = range.unwrap_or(0..size);
    response
        .insert_header((header::ACCEPT_RANGES, "bytes"))
        .insert_header(("Repr-Digest", format!("sha-256=:{}:", digest.to_base64())))
        .insert_header((header::ETAG, format!("\"{}\"", digest.to_hex())))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .content_type(served_content_type(item.content_type.as_deref()))
        .no_chunking(range.end - range.start);
    let body = stream_range(state.evidence.blobs.clone(), key, range);
    Ok(response.streaming(body))
}

/// The declared content type if it is a plain `type/subtype`, else octet-stream: what a
/// device declared is not trusted to be a well-formed header.
fn served_content_type(declared: Option<&str>) -> &str {
    let plain = |text: &str| {
        let token = |part: &str| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b))
        };
        text.split_once('/')
            .is_some_and(|(kind, subtype)| token(kind) && token(subtype))
    };
    declared
        .filter(|text| plain(text))
        .unwrap_or("application/octet-stream")
}

/// Parses one byte range of RFC 9110 section 14.1.2 against `size`.
pub fn parse_range(text: &str, size: u64) -> Result<Range<u64>, ApiError> {
    let unsatisfiable = |detail: &str| {
        ApiError::new(
            ProblemType::RangeNotSatisfiable,
            format!("{detail} (size {size})"),
        )
    };
    let spec = text
        .trim()
        .strip_prefix("bytes=")
        .ok_or_else(|| unsatisfiable("only bytes ranges are served"))?;
    if spec.contains(',') {
        return Err(unsatisfiable("only one range per request is served"));
    }
    let (first, last) = spec
        .split_once('-')
        .ok_or_else(|| unsatisfiable("malformed range"))?;
    let number = |text: &str| -> Result<u64, ApiError> {
        let text = text.trim();
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(unsatisfiable("malformed range"));
        }
        text.parse().map_err(|_| unsatisfiable("malformed range"))
    };
    let range = if first.trim().is_empty() {
        let suffix = number(last)?;
        size.saturating_sub(suffix)..size
    } else {
        let start = number(first)?;
        let end = if last.trim().is_empty() {
            size
        } else {
            number(last)?.saturating_add(1).min(size)
        };
        start..end
    };
    if range.start >= range.end || range.start >= size {
        return Err(unsatisfiable("range outside the item"));
    }
    Ok(range)
}

/// The bytes of `range`, read on a thread of their own in `CHUNK_BYTES` pieces; at most a few
/// pieces wait in memory, whatever the size.
fn stream_range(
    blobs: std::sync::Arc<crate::evidence::store::BlobStore>,
    key: String,
    range: Range<u64>,
) -> impl futures_util::Stream<Item = Result<web::Bytes, std::io::Error>> {
    let (sender, receiver) = tokio::sync::mpsc::channel::<Result<web::Bytes, std::io::Error>>(4);
    std::thread::spawn(move || {
        let mut reader = match blobs.read_range(&key, range) {
            Ok(reader) => reader,
            Err(error) => {
                let _ = sender.blocking_send(Err(error));
                return;
            }
        };
        loop {
            let mut chunk = vec![0u8; CHUNK_BYTES];
            let item = match reader.read(&mut chunk) {
                Ok(0) => return,
                Ok(n) => {
                    chunk.truncate(n);
                    Ok(web::Bytes::from(chunk))
                }
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(error) => Err(error),
            };
            let failed = item.is_err();
            if sender.blocking_send(item).is_err() || failed {
                return;
            }
        }
    });
    futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|item| (item, receiver))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, size: u64, expected: Option<Range<u64>>) {
        assert_eq!(parse_range(text, size).ok(), expected, "{text} of {size}");
    }

    #[test]
    fn single_ranges_parse_as_rfc_9110_says() {
        check("bytes=0-99", 1000, Some(0..100));
        check("bytes=500-", 1000, Some(500..1000));
        check("bytes=-100", 1000, Some(900..1000));
        check("bytes=-2000", 1000, Some(0..1000));
        check("bytes=900-5000", 1000, Some(900..1000));
        check("bytes=1000-", 1000, None);
        check("bytes=5-4", 1000, None);
        check("bytes=0-1,5-6", 1000, None);
        check("items=0-1", 1000, None);
        check("bytes=a-b", 1000, None);
        check("bytes=-0", 1000, None);
    }
}
