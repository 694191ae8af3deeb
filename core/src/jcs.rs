//! RFC 8785 canonical JSON (JCS): the exact bytes custos hashes and signs.
//!
//! custos restricts JCS to integers: a signed object holds no floating-point numbers
//! (CONTRACT.md, canonical JSON), so every number is written as a plain decimal integer and
//! must survive the IEEE double that RFC 8785 section 3.2.2.3 makes of it. Object members are
//! sorted by the UTF-16 code units of their names (section 3.2.3) and strings are escaped as
//! ECMAScript `JSON.stringify` does (section 3.2.2.2). The sorting and number checks are done
//! here, not left to `serde_json`, so its `preserve_order` and `arbitrary_precision` features,
//! which another crate may switch on for the whole build, do not change the output; the one
//! difference is that `arbitrary_precision` reads the text `-0` as 0 instead of refusing it.

use std::collections::BTreeSet;
use std::fmt;
use std::io::Write as _;

use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::{Number, Value};

/// The largest integer an IEEE double holds exactly (2^53 - 1, ECMAScript
/// `Number.MAX_SAFE_INTEGER`); custos numbers lie within ±this.
pub const MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;

/// Why a value has no canonical form. Each `path` is a JSON Pointer (RFC 6901) to the
/// offending place, `""` being the whole value.
#[derive(Debug, thiserror::Error)]
pub enum CanonicalError {
    #[error("number at {path:?} is not an integer (signed json holds integers only)")]
    Float { path: String },
    #[error("integer at {path:?} is beyond ±(2^53-1), where json numbers lose precision")]
    IntegerOutOfRange { path: String },
    #[error("member name repeated at {path:?} (RFC 8785 requires unique names)")]
    DuplicateKey { path: String },
    #[error("invalid json: {0}")]
    Parse(#[from] serde_json::Error),
    #[error("value cannot be represented as json: {0}")]
    Serialize(#[source] serde_json::Error),
}

/// The canonical bytes of a JSON value.
pub fn canonicalize(value: &Value) -> Result<Vec<u8>, CanonicalError> {
    let mut out = Vec::new();
    write_value(value, &mut String::new(), &mut out)?;
    Ok(out)
}

/// The canonical bytes of a JSON text; also refuses objects that repeat a member name,
/// which `serde_json` would otherwise resolve silently by keeping the last one.
pub fn canonicalize_json(text: &[u8]) -> Result<Vec<u8>, CanonicalError> {
    canonicalize(&parse_unique(text)?)
}

/// Parses a JSON text into a value, refusing objects that repeat a member name (which the
/// value could no longer show). The value is not checked for a canonical form.
pub fn parse_unique(text: &[u8]) -> Result<Value, CanonicalError> {
    check_unique_names(text)?;
    Ok(serde_json::from_slice(text)?)
}

/// The canonical bytes of any serialisable value, through its `serde_json` form.
pub fn to_canonical<T: serde::Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, CanonicalError> {
    let value = serde_json::to_value(value).map_err(CanonicalError::Serialize)?;
    canonicalize(&value)
}

/// Writes `value`; `path` is its JSON Pointer, extended and restored around each child.
fn write_value(value: &Value, path: &mut String, out: &mut Vec<u8>) -> Result<(), CanonicalError> {
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(true) => out.extend_from_slice(b"true"),
        Value::Bool(false) => out.extend_from_slice(b"false"),
        Value::Number(number) => {
            let integer = safe_integer(number, path)?;
            write!(out, "{integer}").expect("writing to a Vec cannot fail");
        }
        Value::String(text) => write_string(text, out),
        Value::Array(items) => {
            out.push(b'[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(b',');
                }
                within(path, &index.to_string(), |path| {
                    write_value(item, path, out)
                })?;
            }
            out.push(b']');
        }
        Value::Object(members) => {
            let mut sorted: Vec<(&String, &Value)> = members.iter().collect();
            sorted.sort_unstable_by(|(a, _), (b, _)| a.encode_utf16().cmp(b.encode_utf16()));
            out.push(b'{');
            for (index, (name, member)) in sorted.into_iter().enumerate() {
                if index > 0 {
                    out.push(b',');
                }
                write_string(name, out);
                out.push(b':');
                within(path, name, |path| write_value(member, path, out))?;
            }
            out.push(b'}');
        }
    }
    Ok(())
}

/// Something that tracks the JSON Pointer of the place it is working on.
trait Located {
    fn path(&mut self) -> &mut String;
}

impl Located for String {
    fn path(&mut self) -> &mut String {
        self
    }
}

/// Runs `f` with the path extended by one reference token, then restores the path.
fn within<L: Located, T>(located: &mut L, token: &str, f: impl FnOnce(&mut L) -> T) -> T {
    let parent_len = located.path().len();
    push_token(located.path(), token);
    let result = f(located);
    located.path().truncate(parent_len);
    result
}

/// Appends one RFC 6901 reference token: `~` is written `~0` and `/` is written `~1`.
fn push_token(path: &mut String, token: &str) {
    path.push('/');
    path.push_str(&token.replace('~', "~0").replace('/', "~1"));
}

/// Accepts integers within ±(2^53 - 1). Anything written with a fraction or exponent is a
/// float, even `1.0` or `1e2`, and so is `-0`, which `serde_json` reads as an IEEE negative
/// zero (with its `arbitrary_precision` feature it reads `-0` as the integer 0 instead).
fn safe_integer(number: &Number, path: &str) -> Result<i64, CanonicalError> {
    match number.as_i64() {
        Some(integer) if integer.unsigned_abs() <= MAX_SAFE_INTEGER as u64 => Ok(integer),
        // With `arbitrary_precision` a number keeps its text, and only the text tells an
        // out-of-range float from a long integer.
        _ if number.is_f64() || number.to_string().contains(['.', 'e', 'E']) => {
            Err(CanonicalError::Float {
                path: path.to_owned(),
            })
        }
        _ => Err(CanonicalError::IntegerOutOfRange {
            path: path.to_owned(),
        }),
    }
}

/// Writes a string as ECMAScript `JSON.stringify` does: the two-character escapes for
/// backspace, tab, line feed, form feed, carriage return, quote and backslash, `\u00xx` with
/// lowercase hex for the other controls, and every other character as itself, `/` and
/// non-ASCII included (RFC 8785 section 3.2.2.2).
fn write_string(text: &str, out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(b'"');
    let bytes = text.as_bytes();
    let mut unwritten = 0;
    for (index, &byte) in bytes.iter().enumerate() {
        let short = match byte {
            0x08 => b'b',
            0x09 => b't',
            0x0a => b'n',
            0x0c => b'f',
            0x0d => b'r',
            b'"' | b'\\' => byte,
            0x00..=0x1f => 0,
            _ => continue,
        };
        out.extend_from_slice(&bytes[unwritten..index]);
        unwritten = index + 1;
        if short == 0 {
            let hex = [HEX[usize::from(byte >> 4)], HEX[usize::from(byte & 0xf)]];
            out.extend_from_slice(b"\\u00");
            out.extend_from_slice(&hex);
        } else {
            out.extend_from_slice(&[b'\\', short]);
        }
    }
    out.extend_from_slice(&bytes[unwritten..]);
    out.push(b'"');
}

/// Parses `text` once without building a value, to find an object that repeats a member
/// name (RFC 8785 section 3.1 requires I-JSON, whose RFC 7493 section 2.3 forbids that).
fn check_unique_names(text: &[u8]) -> Result<(), CanonicalError> {
    let mut scan = NameScan::default();
    let mut deserializer = serde_json::Deserializer::from_slice(text);
    let scanned = (&mut scan)
        .deserialize(&mut deserializer)
        .and_then(|()| deserializer.end());
    match (scanned, scan.duplicate) {
        (Ok(()), _) => Ok(()),
        (Err(_), Some(path)) => Err(CanonicalError::DuplicateKey { path }),
        (Err(error), None) => Err(CanonicalError::Parse(error)),
    }
}

/// A visitor over a whole JSON text that remembers where it is and where a name repeats.
#[derive(Default)]
struct NameScan {
    path: String,
    duplicate: Option<String>,
}

impl Located for NameScan {
    fn path(&mut self) -> &mut String {
        &mut self.path
    }
}

impl<'de> DeserializeSeed<'de> for &mut NameScan {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for &mut NameScan {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a json value")
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<(), A::Error> {
        let mut index = 0usize;
        while within(self, &index.to_string(), |scan| {
            items.next_element_seed(scan)
        })?
        .is_some()
        {
            index += 1;
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut members: A) -> Result<(), A::Error> {
        let mut names = BTreeSet::new();
        while let Some(name) = members.next_key::<String>()? {
            if names.contains(&name) {
                self.duplicate = Some(within(self, &name, |scan| scan.path.clone()));
                return Err(A::Error::custom("repeated member name"));
            }
            within(self, &name, |scan| members.next_value_seed(scan))?;
            names.insert(name);
        }
        Ok(())
    }
}
