//! Which names, numbers and remarks custos accepts from clients.
//!
//! Names of units, people, issuing bodies and enforcement domains are letters (any script),
//! digits, spaces and the punctuation such names use (`-·・()（）、.,，`). Characters that
//! mean something to SQL, shells, paths or markup (`'";\/<>%*?|` and the like) are refused,
//! though every query is parameterised anyway: a name never needs them, and refusing them
//! keeps logs, exports and published lists free of surprises.

use crate::error::ApiError;

/// Longest name of a unit, person, issuing body or domain, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest remark (the reason for a certificate's status change), in characters.
pub const MAX_REMARK_CHARS: usize = 1000;
/// Longest certificate number.
pub const MAX_CERTIFICATE_NUMBER_CHARS: usize = 64;
/// Longest id a client can name; longer ones cannot exist.
pub const MAX_ID_CHARS: usize = 64;

/// Punctuation allowed in names besides letters, digits and single spaces.
const NAME_PUNCTUATION: &str = "-·・()（）、.,，";
/// Remarks may also use the sentence punctuation of Chinese text.
const REMARK_PUNCTUATION: &str = "-·・()（）、.,，。；：！？“”‘’《》";

/// Checks a name: 1 to [`MAX_NAME_CHARS`] characters of the allowed set, no leading,
/// trailing or doubled spaces.
pub fn check_name(field: &str, value: &str) -> Result<(), ApiError> {
    check_text(field, value, MAX_NAME_CHARS, NAME_PUNCTUATION)
}

/// Checks a remark: like a name, longer, with sentence punctuation.
pub fn check_remark(field: &str, value: &str) -> Result<(), ApiError> {
    check_text(field, value, MAX_REMARK_CHARS, REMARK_PUNCTUATION)
}

fn check_text(
    field: &str,
    value: &str,
    max_chars: usize,
    punctuation: &str,
) -> Result<(), ApiError> {
    let length = value.chars().count();
    if length == 0 || length > max_chars {
        return Err(ApiError::invalid_input(format!(
            "{field} must have 1 to {max_chars} characters"
        )));
    }
    if value.trim() != value || value.contains("  ") {
        return Err(ApiError::invalid_input(format!(
            "{field} must not have leading, trailing or doubled spaces"
        )));
    }
    let allowed = |c: char| c.is_alphanumeric() || c == ' ' || punctuation.contains(c);
    if !value.chars().all(allowed) {
        return Err(ApiError::invalid_input(format!(
            "{field} may contain only letters, digits, spaces and {punctuation}"
        )));
    }
    Ok(())
}

/// Longest id of a target in a 双随机 directory (a unified social credit code has 18).
pub const MAX_DIRECTORY_ID_CHARS: usize = 64;

/// Checks the id of a target in an inspection directory: 1 to [`MAX_DIRECTORY_ID_CHARS`]
/// letters (any script), digits, `-`, `_` or `.`; it is published in the draw's log entry.
pub fn check_directory_id(value: &str) -> Result<(), ApiError> {
    let length = value.chars().count();
    if (1..=MAX_DIRECTORY_ID_CHARS).contains(&length)
        && value
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        Ok(())
    } else {
        Err(ApiError::invalid_input(format!(
            "target {value:?} is not 1 to {MAX_DIRECTORY_ID_CHARS} letters, digits, -, _ or ."
        )))
    }
}

/// Checks a certificate number: ASCII letters, digits and `-`, as printed on the card.
pub fn check_certificate_number(value: &str) -> Result<(), ApiError> {
    if is_certificate_number(value) {
        Ok(())
    } else {
        Err(ApiError::invalid_input(format!(
            "certificate number must be 1 to {MAX_CERTIFICATE_NUMBER_CHARS} ASCII letters, digits or -"
        )))
    }
}

pub fn is_certificate_number(value: &str) -> bool {
    (1..=MAX_CERTIFICATE_NUMBER_CHARS).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// Whether `value` could be a row id (a UUID as the server writes it). Anything else cannot
/// name an existing row, so it is answered like an unknown id without a query.
pub fn is_row_id(value: &str) -> bool {
    (1..=MAX_ID_CHARS).contains(&value.len())
        && value
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f' | b'-'))
}

/// An id as a client sends it, in a path or a body: parsing refuses anything that cannot name
/// a row (400), so no query ever sees a NUL byte or a wildcard from a client.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(try_from = "String")]
pub struct RowId(String);

impl RowId {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl TryFrom<String> for RowId {
    type Error = String;

    fn try_from(text: String) -> Result<RowId, String> {
        if is_row_id(&text) {
            Ok(RowId(text))
        } else {
            Err(format!(
                "an id is 1 to {MAX_ID_CHARS} lowercase hex digits or -"
            ))
        }
    }
}

impl std::ops::Deref for RowId {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

/// Integers of request bodies as JSON Schema counts them: `5` or `5.0` (a number with a zero
/// fraction is an integer there, so a client built from the OpenAPI document may send one).
/// Only for fields the server reads; a hashed or signed object never takes such a number
/// (CONTRACT.md section 3).
pub mod integral {
    use serde::de::{Deserialize, Deserializer, Error};

    fn integer<E: Error>(number: serde_json::Number) -> Result<i64, E> {
        if let Some(integer) = number.as_i64() {
            return Ok(integer);
        }
        match number.as_f64() {
            Some(x) if x.fract() == 0.0 && x.abs() <= custos_core::jcs::MAX_SAFE_INTEGER as f64 => {
                Ok(x as i64)
            }
            _ => Err(E::custom(format!("{number} is not an integer"))),
        }
    }

    /// An optional `i64` member (with `#[serde(default)]`): absent or `null` is `None`.
    pub fn optional_i64<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<i64>, D::Error> {
        match Option::<serde_json::Number>::deserialize(deserializer)? {
            None => Ok(None),
            Some(number) => integer(number).map(Some),
        }
    }

    /// A `u64` member.
    pub fn u64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
        let integer = integer(serde_json::Number::deserialize(deserializer)?)?;
        u64::try_from(integer).map_err(|_| D::Error::custom(format!("{integer} is negative")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(field: &str, value: &str, expected: Result<(), &str>) {
        let actual = match field {
            "name" => check_name(field, value),
            "remark" => check_remark(field, value),
            "number" => check_certificate_number(value),
            other => panic!("unknown field {other}"),
        };
        assert_eq!(
            actual.map_err(|error| error.detail),
            expected.map_err(str::to_owned),
            "{field} {value:?}"
        );
    }

    #[test]
    fn names_remarks_and_numbers() {
        let only = "name may contain only letters, digits, spaces and -·・()（）、.,，";
        let spaces = "name must not have leading, trailing or doubled spaces";
        let cases = [
            ("name", "城管执法局", Ok(())),
            ("name", "First District (East) Street Office", Ok(())),
            ("name", "张三·李", Ok(())),
            ("name", "", Err("name must have 1 to 200 characters")),
            ("name", " a", Err(spaces)),
            ("name", "a  b", Err(spaces)),
            ("name", "x'; DROP TABLE users; --", Err(only)),
            ("name", "../../etc/passwd", Err(only)),
            ("name", "a%", Err(only)),
            ("name", "a\u{0}b", Err(only)),
            ("name", "<script>", Err(only)),
            ("remark", "违反规定，暂扣证件。", Ok(())),
            (
                "remark",
                "a;b",
                Err(
                    "remark may contain only letters, digits, spaces and -·・()（）、.,，。；：！？“”‘’《》",
                ),
            ),
            ("number", "4401-000012345", Ok(())),
            (
                "number",
                "44 01",
                Err("certificate number must be 1 to 64 ASCII letters, digits or -"),
            ),
            (
                "number",
                "４４",
                Err("certificate number must be 1 to 64 ASCII letters, digits or -"),
            ),
        ];
        for (field, value, expected) in cases {
            check(field, value, expected);
        }
        assert!(check_name("name", &"名".repeat(200)).is_ok());
        assert!(check_name("name", &"名".repeat(201)).is_err());
    }

    #[test]
    fn row_ids() {
        let good = "019ab0c4-7f3e-7a51-9c2d-0123456789ab";
        assert_eq!(RowId::try_from(good.to_owned()).unwrap().as_str(), good);
        for bad in ["", "' OR 1=1 --", "..%2F", "ABC", "a\u{0}", &"a".repeat(65)] {
            assert!(!is_row_id(bad), "{bad}");
            assert!(RowId::try_from(bad.to_owned()).is_err(), "{bad}");
        }
    }
}
