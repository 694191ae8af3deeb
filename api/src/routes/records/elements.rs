//! The body of `POST /api/v1/records`: read under a byte limit, checked one submission at a time,
//! split into its elements without building them.
//!
//! A process checks one submission at a time (records are written one submission at a time
//! anyway, under the log head's lock), so the memory of parsed submissions is bounded for the
//! whole process, not only per request. Bodies are read before the turn is taken, each under
//! the byte limit: an officer's phone trickling its batch over a bad network holds up nobody
//! else's submission.
//!
//! Each element stays the exact text it was sent as, borrowed from the body (its own strict
//! parse must see repeated member names), so finding them allocates one slice per element.
//! The elements are counted while the array is read, and the JSON values inside them are
//! counted before anything is parsed into a tree: a body of a million tiny elements, or of
//! records whose bodies hold a million tiny values each, is refused before it can cost memory
//! many times its own size.

use crate::error::{ApiError, ProblemType};
use actix_web::web::{Bytes, BytesMut, Payload};
use actix_web::{HttpRequest, http::header};
use futures_util::StreamExt;
use serde::de::{self, DeserializeSeed, SeqAccess, Visitor};
use serde_json::value::RawValue;
use std::cell::Cell;
use std::fmt;
use tokio::sync::{Semaphore, SemaphorePermit};

/// Submissions checked at once in this process.
static SUBMISSIONS: Semaphore = Semaphore::const_new(1);

/// Reads the whole body (413 naming the limit as soon as `Content-Length` or the bytes
/// received go past `limit`), then waits for this submission's turn. The permit is held until
/// the submission's records are written.
pub async fn read_body(
    request: &HttpRequest,
    mut payload: Payload,
    limit: usize,
) -> Result<(SemaphorePermit<'static>, Bytes), ApiError> {
    let too_large = || {
        ApiError::new(
            ProblemType::PayloadTooLarge,
            format!("a submission is at most {limit} bytes"),
        )
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse::<usize>().ok());
    if declared.is_some_and(|length| length > limit) {
        return Err(too_large());
    }
    let mut body = BytesMut::with_capacity(declared.unwrap_or(64 * 1024));
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|error| {
            ApiError::new(
                ProblemType::InvalidJson,
                format!("the body could not be read: {error}"),
            )
        })?;
        if body.len() + chunk.len() > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    let permit = SUBMISSIONS
        .acquire()
        .await
        .map_err(|error| ApiError::internal(format_args!("submission permit: {error}")))?;
    Ok((permit, body.freeze()))
}

/// Most JSON values (objects, arrays, members' values, elements, scalars) in one submission:
/// 256 per record on average, where a record has a few dozen. A parsed value costs about
/// 64 bytes whatever its text, so this bounds the parsed records to about 16 MiB.
pub const MAX_VALUES_PER_SUBMISSION: usize = 256 * 1024;

/// The elements of `body`, a JSON array of at most `max_elements` elements: 400 if it is not
/// a JSON array, 413 naming the limit past `max_elements` elements (found as soon as the
/// element after the last allowed one is read) or past [`MAX_VALUES_PER_SUBMISSION`] values.
pub fn elements(body: &[u8], max_elements: usize) -> Result<Vec<&RawValue>, ApiError> {
    let too_many = Cell::new(false);
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let parsed = CountedArray {
        max: max_elements,
        too_many: &too_many,
    }
    .deserialize(&mut deserializer)
    .and_then(|elements| deserializer.end().map(|()| elements));
    match parsed {
        Ok(elements) => {
            let values = count_values(body);
            if values > MAX_VALUES_PER_SUBMISSION {
                return Err(ApiError::new(
                    ProblemType::PayloadTooLarge,
                    format!(
                        "the submission holds {values} JSON values; at most \
                         {MAX_VALUES_PER_SUBMISSION} per request"
                    ),
                ));
            }
            Ok(elements)
        }
        Err(_) if too_many.get() => Err(ApiError::new(
            ProblemType::PayloadTooLarge,
            format!(
                "more than {max_elements} records submitted; at most {max_elements} per request"
            ),
        )),
        Err(error) => Err(ApiError::new(
            ProblemType::InvalidJson,
            format!("expected a JSON array of records: {error}"),
        )),
    }
}

/// Reads a JSON array into borrowed elements and stops at the first element past `max`.
struct CountedArray<'a> {
    max: usize,
    too_many: &'a Cell<bool>,
}

impl<'de> DeserializeSeed<'de> for CountedArray<'_> {
    type Value = Vec<&'de RawValue>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for CountedArray<'_> {
    type Value = Vec<&'de RawValue>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a JSON array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut elements = Vec::new();
        while let Some(element) = seq.next_element::<&'de RawValue>()? {
            if elements.len() == self.max {
                self.too_many.set(true);
                return Err(de::Error::custom("too many elements"));
            }
            elements.push(element);
        }
        Ok(elements)
    }
}

/// An upper bound of the number of JSON values in `text`, from one pass over its bytes:
/// every value but the first follows a `,`, a `:` or an opening bracket outside strings. The
/// count is only a bound for text that is not JSON, which parsing refuses anyway.
fn count_values(text: &[u8]) -> usize {
    let mut values = 1;
    let mut in_string = false;
    let mut escaped = false;
    for &byte in text {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
        } else {
            match byte {
                b'"' => in_string = true,
                b',' | b':' | b'[' | b'{' => values += 1,
                _ => {}
            }
        }
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(body: &str, max: usize, expected: Result<&[&str], (u16, &str)>) {
        match (elements(body.as_bytes(), max), expected) {
            (Ok(got), Ok(want)) => {
                let got: Vec<&str> = got.iter().map(|raw| raw.get()).collect();
                assert_eq!(got, want, "{body}");
            }
            (Err(error), Err((status, detail))) => {
                assert_eq!(error.problem.status().as_u16(), status, "{body}");
                assert!(error.detail.contains(detail), "{}: {body}", error.detail);
            }
            (got, want) => panic!("{body}: got {got:?}, want {want:?}"),
        }
    }

    #[test]
    fn arrays_are_split_counted_and_bounded() {
        check("[]", 3, Ok(&[]));
        check(
            r#" [ {"a": [1, {"b":"]"}]} , "x\"," ,2 ] "#,
            3,
            Ok(&[r#"{"a": [1, {"b":"]"}]}"#, r#""x\",""#, "2"]),
        );
        check("[1,2,3,4]", 3, Err((413, "more than 3 records")));
        check("{}", 3, Err((400, "expected a JSON array")));
        check("[1,2", 3, Err((400, "expected a JSON array")));
        check("[1] [2]", 3, Err((400, "expected a JSON array")));
        let many = format!("[[{}0]]", "0,".repeat(MAX_VALUES_PER_SUBMISSION));
        check(&many, 3, Err((413, "JSON values")));
        let strings = format!(r#"["{}"]"#, ",:[{".repeat(MAX_VALUES_PER_SUBMISSION));
        check(&strings, 3, Ok(&[strings[1..strings.len() - 1].as_ref()]));
    }
}
