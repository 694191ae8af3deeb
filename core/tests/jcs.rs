//! RFC 8785 canonical JSON: reference vectors, refusals and invariants over generated values.

use std::collections::BTreeMap;
use std::path::Path;

use custos_core::jcs::{
    CanonicalError, MAX_SAFE_INTEGER, canonicalize, canonicalize_json, to_canonical,
};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// Checks one JSON text against its expected canonical bytes, through every entry point.
fn check(name: &str, input: &[u8], expected: &[u8]) {
    let shown = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    let canonical = canonicalize_json(input).unwrap_or_else(|error| panic!("{name}: {error}"));
    assert_eq!(shown(&canonical), shown(expected), "{name}");
    let value: Value = serde_json::from_slice(input).unwrap();
    assert_eq!(
        shown(&canonicalize(&value).unwrap()),
        shown(expected),
        "{name}: canonicalize"
    );
    assert_eq!(
        shown(&to_canonical(&value).unwrap()),
        shown(expected),
        "{name}: to_canonical"
    );
    assert_eq!(
        shown(&canonicalize_json(expected).unwrap()),
        shown(expected),
        "{name}: again"
    );
}

fn vectors_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/jcs")
}

#[test]
fn reference_vectors() {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(vectors_dir().join("input")).unwrap() {
        let input_path = entry.unwrap().path();
        let name = input_path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let input = std::fs::read(&input_path).unwrap();
        let expected = std::fs::read(vectors_dir().join("output").join(&name)).unwrap();
        check(&name, &input, &expected);
        names.push(name);
    }
    names.sort();
    let wanted = [
        "arrays",
        "custos-record",
        "french",
        "rfc8785-sorting",
        "rfc8785-strings-and-literals",
        "unicode",
        "weird",
    ];
    for name in wanted {
        assert!(
            names.contains(&format!("{name}.json")),
            "{name} missing from {names:?}"
        );
    }
}

#[derive(serde::Deserialize)]
struct EscapeFile {
    strings: Vec<EscapedString>,
}

#[derive(serde::Deserialize)]
struct EscapedString {
    code_point: u32,
    json: String,
}

#[test]
fn strings_escape_as_json_stringify() {
    let file: EscapeFile =
        serde_json::from_slice(&std::fs::read(vectors_dir().join("escapes.json")).unwrap())
            .unwrap();
    assert!(file.strings.len() > 128);
    for case in file.strings {
        let text = char::from_u32(case.code_point).unwrap().to_string();
        check(
            &format!("U+{:04X}", case.code_point),
            case.json.as_bytes(),
            case.json.as_bytes(),
        );
        let canonical = to_canonical(&text).unwrap();
        assert_eq!(
            String::from_utf8(canonical).unwrap(),
            case.json,
            "U+{:04X}",
            case.code_point
        );
    }
}

#[test]
fn integers_at_the_safe_limits() {
    check(
        "limits",
        b"[9007199254740991, -9007199254740991, 0, -1]",
        b"[9007199254740991,-9007199254740991,0,-1]",
    );
    assert_eq!(MAX_SAFE_INTEGER, 9_007_199_254_740_991);
}

/// The kind and JSON Pointer of a refusal, to compare with what a test expects.
fn refusal_of(error: &CanonicalError) -> (&'static str, &str) {
    match error {
        CanonicalError::Float { path } => ("float", path),
        CanonicalError::IntegerOutOfRange { path } => ("out of range", path),
        CanonicalError::DuplicateKey { path } => ("duplicate", path),
        CanonicalError::Parse(_) => ("parse", ""),
        CanonicalError::Serialize(_) => ("serialize", ""),
    }
}

/// Checks that `input` is refused for the reason `kind` at the JSON Pointer `path`, both from
/// text and (where `serde_json` can build the value) from a value.
fn check_refused(input: &str, kind: &str, path: &str) {
    let error = canonicalize_json(input.as_bytes()).expect_err(input);
    assert_eq!(refusal_of(&error), (kind, path), "{input}: {error}");
    if let Ok(value) = serde_json::from_str::<Value>(input)
        && kind != "duplicate"
    {
        let error = canonicalize(&value).expect_err(input);
        assert_eq!(
            refusal_of(&error),
            (kind, path),
            "{input}: canonicalize: {error}"
        );
    }
}

#[test]
fn floats_are_refused_where_they_stand() {
    check_refused("1.0", "float", "");
    check_refused("-0", "float", "");
    check_refused("[1e2]", "float", "/0");
    check_refused(r#"{"a": {"b": [0, 0.5]}}"#, "float", "/a/b/1");
    check_refused(r#"{"a/b": {"c~d": 2E-3}}"#, "float", "/a~1b/c~0d");
    // The RFC 8785 section 3.2.2 example: its first number is the first float found.
    check_refused(
        r#"{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
            "literals": [null, true, false]}"#,
        "float",
        "/numbers/0",
    );
    // The reference implementation's cases left out of the vectors for their floats.
    check_refused(
        r#"{"1": {"f": {"f": "hi","F": 5} ,"\n": 56.0}}"#,
        "float",
        "/1/\n",
    );
}

#[test]
fn integers_beyond_double_precision_are_refused() {
    check_refused("9007199254740992", "out of range", "");
    check_refused("[-9007199254740992]", "out of range", "/0");
    check_refused(r#"{"seq": 18446744073709551615}"#, "out of range", "/seq");
    // Longer than u64: plain serde_json reads it as a double and so refuses it as a float;
    // with its `arbitrary_precision` feature it is an integer out of range. Either way it
    // is refused.
    let error = canonicalize_json(b"[18446744073709551616]").unwrap_err();
    assert!(
        matches!(refusal_of(&error), ("float" | "out of range", "/0")),
        "{error}"
    );
}

#[test]
fn repeated_member_names_are_refused() {
    check_refused(r#"{"a": 1, "a": 1}"#, "duplicate", "/a");
    check_refused(
        r#"[0, {"x": {"y": 1, "z": [], "y": 2}}]"#,
        "duplicate",
        "/1/x/y",
    );
    check_refused(r#"{"\u0061": 1, "a": 2}"#, "duplicate", "/a");
    check_refused(r#"{"a~/": 1, "a~/": 2}"#, "duplicate", "/a~0~1");
    // Equal names in different objects are fine.
    check(
        "siblings",
        br#"[{"a": 1}, {"a": 2}]"#,
        br#"[{"a":1},{"a":2}]"#,
    );
}

#[test]
fn malformed_json_is_refused() {
    for input in [
        "",
        "[1,]",
        r#"{"a": 1} {"b": 2}"#,
        r#"{"a": 1"#,
        r#"["\ud800"]"#,
        "[01]",
        "NaN",
        "[\"\u{1}\"]",
    ] {
        check_refused(input, "parse", "");
    }
}

#[test]
fn serialisable_values_canonicalise_through_to_canonical() {
    #[derive(serde::Serialize)]
    struct Evidence {
        size: u64,
        kind: &'static str,
        lat_e7: Option<i32>,
    }
    let evidence = Evidence {
        size: 5,
        kind: "photo",
        lat_e7: None,
    };
    assert_eq!(
        to_canonical(&evidence).unwrap(),
        br#"{"kind":"photo","lat_e7":null,"size":5}"#
    );

    let float = to_canonical(&json!({ "at": 1.5 })).unwrap_err();
    assert!(
        matches!(&float, CanonicalError::Float { path } if path == "/at"),
        "{float}"
    );

    let non_string_keys = BTreeMap::from([(vec![1u8], 1)]);
    let error = to_canonical(&non_string_keys).unwrap_err();
    assert!(matches!(error, CanonicalError::Serialize(_)), "{error}");
}

/// Deterministic choices for rendering one value in many equivalent texts (SplitMix64).
struct Choices(u64);

impl Choices {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) % below as u64) as usize
    }

    fn whitespace(&mut self, text: &mut String) {
        text.push_str(["", "", " ", "\n", "\t", "\r\n  "][self.next(6)]);
    }
}

/// Writes `value` as valid but non-canonical JSON: members shuffled, whitespace between
/// tokens, and characters escaped in any of the ways JSON allows.
fn render(value: &Value, choices: &mut Choices, text: &mut String) {
    choices.whitespace(text);
    match value {
        Value::Null | Value::Bool(_) | Value::Number(_) => text.push_str(&value.to_string()),
        Value::String(string) => render_string(string, choices, text),
        Value::Array(items) => {
            text.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    text.push(',');
                }
                render(item, choices, text);
            }
            choices.whitespace(text);
            text.push(']');
        }
        Value::Object(members) => {
            let mut shuffled: Vec<_> = members.iter().collect();
            for index in (1..shuffled.len()).rev() {
                shuffled.swap(index, choices.next(index + 1));
            }
            text.push('{');
            for (index, (name, member)) in shuffled.into_iter().enumerate() {
                if index > 0 {
                    text.push(',');
                }
                choices.whitespace(text);
                render_string(name, choices, text);
                choices.whitespace(text);
                text.push(':');
                render(member, choices, text);
            }
            choices.whitespace(text);
            text.push('}');
        }
    }
    choices.whitespace(text);
}

fn render_string(string: &str, choices: &mut Choices, text: &mut String) {
    text.push('"');
    for c in string.chars() {
        let must_escape = c < ' ' || c == '"' || c == '\\';
        match (must_escape, choices.next(3)) {
            (false, 0) => text.push(c),
            (_, 1) if c == '/' => text.push_str("\\/"),
            (_, 1) if "\u{8}\u{c}\n\r\t\"\\".contains(c) => {
                text.push_str(&serde_json::to_string(&c.to_string()).unwrap()[1..3]);
            }
            _ => {
                for unit in c.encode_utf16(&mut [0; 2]) {
                    let upper = choices.next(2) == 0;
                    let escaped = if upper {
                        format!("\\u{unit:04X}")
                    } else {
                        format!("\\u{unit:04x}")
                    };
                    text.push_str(&escaped);
                }
            }
        }
    }
    text.push('"');
}

/// Names and strings drawn where JSON escaping and UTF-16 ordering are easy to get wrong.
fn tricky_text() -> impl Strategy<Value = String> {
    let tricky_char = prop_oneof![
        proptest::char::range('a', 'c'),
        proptest::char::range('\u{0}', '\u{1f}'),
        Just('"'),
        Just('\\'),
        Just('/'),
        Just('~'),
        proptest::char::range('\u{7f}', '\u{a0}'),
        proptest::char::range('\u{4e00}', '\u{4e02}'),
        proptest::char::range('\u{e000}', '\u{e001}'),
        proptest::char::range('\u{ff61}', '\u{ffff}'),
        proptest::char::range('\u{10000}', '\u{10001}'),
        proptest::char::range('\u{1f600}', '\u{1f601}'),
        any::<char>(),
    ];
    prop::collection::vec(tricky_char, 0..6).prop_map(String::from_iter)
}

/// JSON values custos can sign: integers within ±(2^53 - 1), no floats.
fn signable_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).prop_map(Value::from),
        (-3i64..3).prop_map(Value::from),
        tricky_text().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(tricky_text(), inner, 0..6)
                .prop_map(|members| Value::Object(Map::from_iter(members))),
        ]
    })
}

proptest! {
    #[test]
    fn output_parses_back_to_the_same_value(value in signable_value()) {
        let canonical = canonicalize(&value).unwrap();
        prop_assert_eq!(serde_json::from_slice::<Value>(&canonical).unwrap(), value);
    }

    #[test]
    fn canonicalising_is_idempotent(value in signable_value()) {
        let canonical = canonicalize(&value).unwrap();
        prop_assert_eq!(canonicalize_json(&canonical).unwrap(), canonical);
    }

    #[test]
    fn member_order_whitespace_and_escapes_do_not_matter(
        value in signable_value(),
        seed in any::<u64>(),
    ) {
        let mut text = String::new();
        render(&value, &mut Choices(seed), &mut text);
        prop_assert_eq!(canonicalize_json(text.as_bytes()).unwrap(), canonicalize(&value).unwrap());
    }

    #[test]
    fn a_float_anywhere_is_refused(value in signable_value(), float in -1e9f64..1e9) {
        let wrapped = json!({ "body": [value, { "lat": float }] });
        let error = canonicalize(&wrapped).unwrap_err();
        prop_assert!(matches!(&error, CanonicalError::Float { path } if path == "/body/1/lat"), "{}", error);
    }
}
