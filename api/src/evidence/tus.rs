//! The tus 1.0.0 protocol's headers and their parsing: versions, extensions, offsets,
//! lengths, `Upload-Metadata` and `Upload-Checksum` (tus.io/protocols/resumable-upload,
//! sections 3.2 core, 3.3 extensions).

use crate::error::{ApiError, ProblemType};
use actix_web::HttpRequest;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use custos_core::digest::Sha256Digest;
use std::collections::BTreeMap;

pub const TUS_RESUMABLE: &str = "Tus-Resumable";
pub const TUS_VERSION: &str = "1.0.0";
pub const TUS_EXTENSIONS: &str = "creation,creation-with-upload,termination,expiration,checksum";
pub const UPLOAD_OFFSET: &str = "Upload-Offset";
pub const UPLOAD_LENGTH: &str = "Upload-Length";
pub const UPLOAD_METADATA: &str = "Upload-Metadata";
pub const UPLOAD_EXPIRES: &str = "Upload-Expires";
pub const UPLOAD_CHECKSUM: &str = "Upload-Checksum";
/// The media type of PATCH bodies (section 3.2.2).
pub const OFFSET_OCTET_STREAM: &str = "application/offset+octet-stream";
/// Names the evidence item an upload became.
pub const EVIDENCE_ID: &str = "Custos-Evidence-Id";

/// Section 3.2: every request but OPTIONS names the protocol version; others get 412.
pub fn require_version(request: &HttpRequest) -> Result<(), ApiError> {
    match request.headers().get(TUS_RESUMABLE) {
        Some(value) if value.as_bytes() == TUS_VERSION.as_bytes() => Ok(()),
        Some(_) => Err(ApiError::new(
            ProblemType::TusVersion,
            "this server speaks tus 1.0.0 only",
        )),
        None => Err(ApiError::new(
            ProblemType::TusVersion,
            "missing Tus-Resumable: 1.0.0",
        )),
    }
}

/// A non-negative integer header (`Upload-Length`, `Upload-Offset`).
pub fn integer_header(request: &HttpRequest, name: &str) -> Result<Option<u64>, ApiError> {
    let Some(value) = request.headers().get(name) else {
        return Ok(None);
    };
    let text = value
        .to_str()
        .ok()
        .filter(|text| !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()));
    text.and_then(|text| text.parse::<u64>().ok())
        .filter(|&n| n <= i64::MAX as u64)
        .map(Some)
        .ok_or_else(|| {
            ApiError::new(
                ProblemType::InvalidHeader,
                format!("{name} must be a non-negative integer"),
            )
        })
}

/// Whether the request body is a tus PATCH body.
pub fn has_offset_octet_stream(request: &HttpRequest) -> bool {
    request
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case(OFFSET_OCTET_STREAM))
}

/// `Upload-Checksum: sha256 <base64>` (checksum extension); other algorithms are refused
/// with 400, as the extension requires.
pub fn checksum(request: &HttpRequest) -> Result<Option<Sha256Digest>, ApiError> {
    let Some(value) = request.headers().get(UPLOAD_CHECKSUM) else {
        return Ok(None);
    };
    let invalid = |detail: &str| ApiError::new(ProblemType::InvalidHeader, detail.to_owned());
    let text = value
        .to_str()
        .map_err(|_| invalid("Upload-Checksum is not ASCII"))?;
    let (algorithm, encoded) = text
        .trim()
        .split_once(' ')
        .ok_or_else(|| invalid("Upload-Checksum must be `sha256 <base64>`"))?;
    if algorithm != "sha256" {
        return Err(invalid("Upload-Checksum algorithm must be sha256"));
    }
    Sha256Digest::from_base64(encoded.trim())
        .map(Some)
        .map_err(|_| invalid("Upload-Checksum value is not the base64 of 32 bytes"))
}

/// Decoded `Upload-Metadata`: keys to values (a key without a value maps to empty bytes).
pub fn parse_metadata(header: &str) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let mut pairs = BTreeMap::new();
    for pair in header.split(',') {
        let pair = pair.trim();
        if pair.is_empty() {
            continue;
        }
        let mut words = pair.split(' ').filter(|word| !word.is_empty());
        let key = words.next().unwrap_or_default();
        let value = match words.next() {
            Some(encoded) => BASE64
                .decode(encoded)
                .map_err(|_| format!("metadata value of {key:?} is not base64"))?,
            None => Vec::new(),
        };
        if words.next().is_some() {
            return Err(format!("metadata pair {key:?} has more than one value"));
        }
        if !key.is_ascii() {
            return Err("metadata keys must be ASCII".to_owned());
        }
        if pairs.insert(key.to_owned(), value).is_some() {
            return Err(format!("metadata key {key:?} appears twice"));
        }
    }
    Ok(pairs)
}

/// Latest time a client may send (`captured_at_us`, `device_clock_us`): the last microsecond
/// of 2099 UTC. Later years are a broken clock, not a capture; the limit also keeps every time
/// well inside the integers a log entry can hold (2^53 - 1 µs falls in 2255).
pub const MAX_TIME_US: i64 = 4_102_444_799_999_999;

/// Longest text value (`filename`, `content_type`), in bytes of UTF-8.
pub const MAX_TEXT_BYTES: usize = 1024;

/// Longest id value (`device`, `wearer`, `case`), in ASCII letters, digits and `-`.
pub const MAX_ID_BYTES: usize = 64;

/// The evidence fields of `Upload-Metadata` (CONTRACT.md, resumable uploads). Keys custos
/// does not know are ignored, as clients add their own (`filetype`, `name`, ...).
///
/// Every value that ends up in a custody entry is checked here, where it enters, so that the
/// entry of a finished upload is always one the log can hold: a client learns at creation
/// (400 naming the key) rather than after sending every byte.
/// [`EvidenceMetadata::stored_time_refused`] applies the same limits to an upload already stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EvidenceMetadata {
    pub sha256: Option<Sha256Digest>,
    pub filename: Option<String>,
    pub content_type: Option<String>,
    pub kind: Option<String>,
    pub captured_at_us: Option<i64>,
    /// The device's clock when it created the upload (custos addition).
    pub device_clock_us: Option<i64>,
    pub device: Option<String>,
    pub wearer: Option<String>,
    pub case: Option<String>,
}

pub const KINDS: [&str; 4] = ["photo", "video", "audio", "document"];

impl EvidenceMetadata {
    pub fn parse(header: &str) -> Result<EvidenceMetadata, String> {
        let pairs = parse_metadata(header)?;
        let text = |key: &str| -> Result<Option<String>, String> {
            match pairs.get(key) {
                None => Ok(None),
                Some(bytes) => {
                    let text = String::from_utf8(bytes.clone())
                        .map_err(|_| format!("metadata {key} is not UTF-8"))?;
                    if text.chars().any(char::is_control) || text.len() > MAX_TEXT_BYTES {
                        return Err(format!(
                            "metadata {key} must be at most {MAX_TEXT_BYTES} bytes of UTF-8 \
                             without control characters"
                        ));
                    }
                    Ok(Some(text))
                }
            }
        };
        let integer = |key: &str| -> Result<Option<i64>, String> {
            text(key)?
                .map(|text| {
                    text.parse::<i64>()
                        .ok()
                        .filter(|&n| time_in_range(n) && !text.starts_with('+'))
                        .ok_or_else(|| time_error(key))
                })
                .transpose()
        };
        let id = |key: &str| -> Result<Option<String>, String> {
            text(key)?
                .map(|id| {
                    if is_id(&id) {
                        Ok(id)
                    } else {
                        Err(format!(
                            "metadata {key} is not an id (1 to {MAX_ID_BYTES} ASCII letters, \
                             digits or -)"
                        ))
                    }
                })
                .transpose()
        };
        let sha256 = text("sha256")?
            .map(|hex| {
                Sha256Digest::from_hex(&hex)
                    .map_err(|_| "metadata sha256 must be 64 lowercase hex characters".to_owned())
            })
            .transpose()?;
        let kind = text("kind")?;
        if let Some(kind) = &kind
            && !KINDS.contains(&kind.as_str())
        {
            return Err(format!(
                "metadata kind {kind:?} is not one of photo, video, audio, document"
            ));
        }
        Ok(EvidenceMetadata {
            sha256,
            filename: text("filename")?,
            content_type: text("content_type")?,
            kind,
            captured_at_us: integer("captured_at_us")?,
            device_clock_us: integer("device_clock_us")?,
            device: id("device")?,
            wearer: id("wearer")?,
            case: id("case")?,
        })
    }

    /// The first time of an upload stored before times were limited (up to `i64::MAX` then,
    /// which no log entry can hold) that [`parse`](Self::parse) would refuse now, by its key.
    /// Every other stored value passed the same checks it would today.
    pub fn stored_time_refused(
        captured_at_us: Option<i64>,
        device_clock_us: Option<i64>,
    ) -> Option<&'static str> {
        [
            ("captured_at_us", captured_at_us),
            ("device_clock_us", device_clock_us),
        ]
        .into_iter()
        .find(|(_, value)| value.is_some_and(|n| !time_in_range(n)))
        .map(|(key, _)| key)
    }
}

/// Whether a time can be sent and logged: 0 to [`MAX_TIME_US`].
pub fn time_in_range(at_us: i64) -> bool {
    (0..=MAX_TIME_US).contains(&at_us)
}

/// Why metadata time `key` was refused.
pub fn time_error(key: &str) -> String {
    format!(
        "metadata {key} must be integer microseconds since 1970 UTC, from 0 to {MAX_TIME_US} \
         (the end of 2099)"
    )
}

fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_BYTES
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(pairs: &[(&str, &str)]) -> String {
        pairs
            .iter()
            .map(|(key, value)| format!("{key} {}", BASE64.encode(value)))
            .collect::<Vec<_>>()
            .join(",")
    }

    fn check(header: &str, expected: Result<EvidenceMetadata, &str>) {
        match (EvidenceMetadata::parse(header), expected) {
            (Ok(got), Ok(want)) => assert_eq!(got, want, "{header}"),
            (Err(got), Err(want)) => assert!(got.contains(want), "{got} lacks {want}"),
            (got, want) => panic!("{header}: got {got:?}, want {want:?}"),
        }
    }

    #[test]
    fn metadata_parses_as_tus_and_contract_say() {
        let hex = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        check(
            &encode(&[
                ("sha256", hex),
                ("kind", "photo"),
                ("captured_at_us", "1700000000000000"),
                ("filetype", "x"),
            ]),
            Ok(EvidenceMetadata {
                sha256: Some(Sha256Digest::from_hex(hex).unwrap()),
                kind: Some("photo".into()),
                captured_at_us: Some(1_700_000_000_000_000),
                ..Default::default()
            }),
        );
        check("is_confidential", Ok(EvidenceMetadata::default()));
        check(
            &encode(&[("filename", "现场照片.jpg")]),
            Ok(EvidenceMetadata {
                filename: Some("现场照片.jpg".into()),
                ..Default::default()
            }),
        );
        check(
            &encode(&[("sha256", &hex.to_uppercase())]),
            Err("lowercase hex"),
        );
        check(&encode(&[("kind", "sketch")]), Err("kind"));
        check(&encode(&[("captured_at_us", "1.5")]), Err("integer"));
        check(&encode(&[("captured_at_us", "-1")]), Err("integer"));
        let last = MAX_TIME_US.to_string();
        let past = (MAX_TIME_US + 1).to_string();
        check(
            &encode(&[("captured_at_us", &last), ("device_clock_us", &last)]),
            Ok(EvidenceMetadata {
                captured_at_us: Some(MAX_TIME_US),
                device_clock_us: Some(MAX_TIME_US),
                ..Default::default()
            }),
        );
        check(&encode(&[("captured_at_us", &past)]), Err("captured_at_us"));
        check(
            &encode(&[("device_clock_us", &past)]),
            Err("device_clock_us"),
        );
        check(
            &encode(&[("captured_at_us", &i64::MAX.to_string())]),
            Err("2099"),
        );
        let longest = "名".repeat(MAX_TEXT_BYTES / 3) + "a";
        assert_eq!(longest.len(), MAX_TEXT_BYTES);
        check(
            &encode(&[("filename", &longest)]),
            Ok(EvidenceMetadata {
                filename: Some(longest.clone()),
                ..Default::default()
            }),
        );
        check(
            &encode(&[("filename", &(longest + "a"))]),
            Err("1024 bytes"),
        );
        check(
            &encode(&[("case", &"c".repeat(MAX_ID_BYTES + 1))]),
            Err("not an id"),
        );
        assert_eq!(
            EvidenceMetadata::stored_time_refused(Some(0), Some(MAX_TIME_US)),
            None
        );
        assert_eq!(
            EvidenceMetadata::stored_time_refused(Some(-1), Some(1 << 53)),
            Some("captured_at_us")
        );
        assert_eq!(
            EvidenceMetadata::stored_time_refused(None, Some(i64::MAX)),
            Some("device_clock_us")
        );
        check(&encode(&[("wearer", "a b")]), Err("not an id"));
        check("sha256 !!!", Err("not base64"));
        check(
            &format!("{0},{0}", encode(&[("kind", "photo")])),
            Err("twice"),
        );
    }
}
