//! Conditional reads of the public routes (RFC 9110 §8.8.3, §13.1.2, §9.3.2): one entity tag
//! type, one parser of `If-None-Match`, one way to answer 200 or 304, and the route that
//! answers HEAD like GET. An outside portal (a provincial 公示 platform) mirroring the public
//! routes revalidates with `If-None-Match` and checks for changes with HEAD; every public route
//! answers through here so they cannot disagree on what matches.

use actix_web::http::header::{self, HeaderValue};
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, Route, guard, web};
use custos_core::digest::sha256;

use crate::error::ApiError;

/// An entity tag: its opaque part (without the quotes) and whether it is weak (`W/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityTag {
    weak: bool,
    opaque: String,
}

/// `etagc = %x21 / %x23-7E / obs-text`: what may stand between the quotes.
fn is_etagc(byte: u8) -> bool {
    byte == 0x21 || (0x23..=0x7e).contains(&byte) || byte >= 0x80
}

impl EntityTag {
    /// A strong tag for `value`; a character that may not stand in a tag (a quote, a space,
    /// a control) is dropped, which the callers' values (ids, digits, dots, hex) never hold.
    pub fn strong(value: impl AsRef<str>) -> EntityTag {
        EntityTag {
            weak: false,
            opaque: value
                .as_ref()
                .chars()
                .filter(|c| c.is_ascii() && is_etagc(*c as u8))
                .collect(),
        }
    }

    /// The strong tag of a representation's bytes: their SHA-256, for an answer computed
    /// whole at every request (statistics, lists), where no cheaper version exists.
    pub fn of_bytes(body: &[u8]) -> EntityTag {
        EntityTag::strong(sha256(body).to_hex())
    }

    /// Parses one tag, `"…"` or `W/"…"`, with nothing around it.
    pub fn parse(text: &str) -> Option<EntityTag> {
        match parse_tag(text.as_bytes())? {
            (tag, []) => Some(tag),
            _ => None,
        }
    }

    pub fn is_weak(&self) -> bool {
        self.weak
    }

    /// Strong comparison: both strong and the same opaque part.
    pub fn strong_eq(&self, other: &EntityTag) -> bool {
        !self.weak && !other.weak && self.opaque == other.opaque
    }

    /// Weak comparison: the same opaque part, weak or not (what `If-None-Match` uses).
    pub fn weak_eq(&self, other: &EntityTag) -> bool {
        self.opaque == other.opaque
    }

    pub fn header_value(&self) -> HeaderValue {
        let text = format!("{}\"{}\"", if self.weak { "W/" } else { "" }, self.opaque);
        // Only etagc bytes between the quotes (see `strong`): always a valid header value.
        HeaderValue::from_str(&text).unwrap_or(HeaderValue::from_static("\"\""))
    }
}

/// One tag at the start of `bytes`, and the rest.
fn parse_tag(bytes: &[u8]) -> Option<(EntityTag, &[u8])> {
    let (weak, rest) = match bytes {
        [b'W', b'/', rest @ ..] => (true, rest),
        rest => (false, rest),
    };
    let rest = rest.strip_prefix(b"\"")?;
    let end = rest.iter().position(|&b| !is_etagc(b))?;
    if rest[end] != b'"' {
        return None;
    }
    let opaque = std::str::from_utf8(&rest[..end]).ok()?.to_owned();
    Some((EntityTag { weak, opaque }, &rest[end + 1..]))
}

/// What a request's `If-None-Match` asks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum IfNoneMatch {
    /// Absent, or not valid (RFC 9110 §13.1: a recipient ignores a condition it cannot parse).
    #[default]
    Absent,
    /// `*`: any current representation.
    Any,
    /// The tags listed, over every field line.
    Tags(Vec<EntityTag>),
}

impl IfNoneMatch {
    pub fn of(request: &HttpRequest) -> IfNoneMatch {
        let mut lines = Vec::new();
        for value in request.headers().get_all(header::IF_NONE_MATCH) {
            match value.to_str() {
                Ok(text) => lines.push(text),
                Err(_) => return IfNoneMatch::Absent,
            }
        }
        IfNoneMatch::parse(&lines)
    }

    /// The field's lines, joined as one comma-separated list (RFC 9110 §5.3).
    pub fn parse(lines: &[&str]) -> IfNoneMatch {
        if lines.is_empty() {
            return IfNoneMatch::Absent;
        }
        let joined = lines.join(",");
        if joined.trim() == "*" {
            return IfNoneMatch::Any;
        }
        let mut tags = Vec::new();
        let mut rest = joined.as_bytes();
        loop {
            // Empty list elements and optional whitespace are allowed (RFC 9110 §5.6.1).
            rest = rest.trim_ascii_start();
            while let [b',', tail @ ..] = rest {
                rest = tail.trim_ascii_start();
            }
            if rest.is_empty() {
                break;
            }
            let Some((tag, tail)) = parse_tag(rest) else {
                return IfNoneMatch::Absent;
            };
            tags.push(tag);
            rest = tail.trim_ascii_start();
            match rest {
                [] => break,
                [b',', ..] => {}
                _ => return IfNoneMatch::Absent,
            }
        }
        if tags.is_empty() {
            IfNoneMatch::Absent
        } else {
            IfNoneMatch::Tags(tags)
        }
    }

    /// Whether a GET of the representation tagged `current` is answered 304 (§13.1.2: weak
    /// comparison; `*` matches whenever the resource exists, as it does once tagged).
    pub fn matches(&self, current: &EntityTag) -> bool {
        match self {
            IfNoneMatch::Absent => false,
            IfNoneMatch::Any => true,
            IfNoneMatch::Tags(tags) => tags.iter().any(|tag| tag.weak_eq(current)),
        }
    }
}

/// 304 with the tag, nothing else.
pub fn not_modified(tag: &EntityTag) -> HttpResponse {
    HttpResponse::NotModified()
        .insert_header((header::ETAG, tag.header_value()))
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .finish()
}

/// 304 when the request's `If-None-Match` matches `tag`, else 200 with `body`; either carries
/// the tag and asks caches to revalidate.
pub fn respond(
    request: &HttpRequest,
    tag: &EntityTag,
    content_type: &'static str,
    body: Bytes,
) -> HttpResponse {
    if IfNoneMatch::of(request).matches(tag) {
        return not_modified(tag);
    }
    HttpResponse::Ok()
        .insert_header((header::ETAG, tag.header_value()))
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .content_type(content_type)
        .body(body)
}

/// `value` as JSON, tagged with the SHA-256 of those bytes: for answers computed whole.
pub fn respond_json(
    request: &HttpRequest,
    value: &impl serde::Serialize,
) -> Result<HttpResponse, ApiError> {
    let body = serde_json::to_vec(value).map_err(ApiError::internal)?;
    let tag = EntityTag::of_bytes(&body);
    Ok(respond(
        request,
        &tag,
        "application/json",
        Bytes::from(body),
    ))
}

/// The route of a public GET resource: answers GET and HEAD alike. actix-web's HTTP/1 encoder
/// writes a HEAD answer's headers (status, ETag, Content-Length of the body it would have
/// sent) and drops the body, so the handler needs to know nothing of HEAD.
pub fn get_or_head() -> Route {
    web::route().guard(guard::Any(guard::Get()).or(guard::Head()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(text: &str) -> EntityTag {
        EntityTag::parse(text).unwrap()
    }

    #[test]
    fn comparison_follows_rfc_9110_table() {
        // RFC 9110 §8.8.3.2's example table.
        let cases = [
            (r#"W/"1""#, r#"W/"1""#, false, true),
            (r#"W/"1""#, r#"W/"2""#, false, false),
            (r#"W/"1""#, r#""1""#, false, true),
            (r#""1""#, r#""1""#, true, true),
        ];
        for (a, b, strong, weak) in cases {
            assert_eq!(tag(a).strong_eq(&tag(b)), strong, "{a} {b} strong");
            assert_eq!(tag(a).weak_eq(&tag(b)), weak, "{a} {b} weak");
        }
    }

    #[test]
    fn tags_parse_and_print_back() {
        assert!(tag(r#"W/"x""#).is_weak());
        assert!(!tag(r#""x""#).is_weak());
        assert_eq!(tag(r#""a,b""#).header_value(), r#""a,b""#);
        assert_eq!(EntityTag::strong("org.12").header_value(), r#""org.12""#);
        assert_eq!(EntityTag::strong("a\" b").header_value(), r#""ab""#);
        for bad in ["x", "\"x", "w/\"x\"", "\"x\" ", "\"a b\"", ""] {
            assert_eq!(EntityTag::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn if_none_match_lists_span_lines_and_allow_commas_in_tags() {
        let current = EntityTag::strong("a,b");
        assert!(IfNoneMatch::parse(&[r#""x", W/"a,b""#]).matches(&current));
        assert!(IfNoneMatch::parse(&[r#""x""#, r#" , "a,b" ,"#]).matches(&current));
        assert!(!IfNoneMatch::parse(&[r#""x", "a""#]).matches(&current));
        assert!(IfNoneMatch::parse(&["*"]).matches(&current));
        assert!(IfNoneMatch::parse(&[" * "]).matches(&current));
    }

    #[test]
    fn absent_or_invalid_if_none_match_never_matches() {
        let current = EntityTag::strong("a");
        assert_eq!(IfNoneMatch::parse(&[]), IfNoneMatch::Absent);
        for bad in [&["a"][..], &[r#""a" "b""#], &[r#""a", *"#], &[""], &[","]] {
            let parsed = IfNoneMatch::parse(bad);
            assert_eq!(parsed, IfNoneMatch::Absent, "{bad:?}");
            assert!(!parsed.matches(&current));
        }
    }

    #[test]
    fn a_tag_of_bytes_is_their_digest() {
        assert_eq!(EntityTag::of_bytes(b"x"), EntityTag::of_bytes(b"x"));
        assert_ne!(EntityTag::of_bytes(b"x"), EntityTag::of_bytes(b"y"));
        assert!(!EntityTag::of_bytes(b"x").is_weak());
    }
}
