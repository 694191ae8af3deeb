//! The cross-language vector file: custos-core's answers, which the Kotlin and Python tests
//! reproduce byte for byte through the binding.
//!
//! After a deliberate change, `CUSTOS_FFI_BLESS=1 cargo test -p custos-ffi --test vectors`
//! rewrites `tests/vectors/ffi-vectors.json`; without it, this test fails when the file and
//! custos-core disagree.

use std::{env, fs};

use custos_core::digest;
use serde_json::{Value, json};

const VECTOR_FILE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/vectors/ffi-vectors.json"
);

/// Content is `pattern` (hex) repeated `repeat` times, so large files stay small here.
fn digests() -> Value {
    let all_bytes: Vec<u8> = (0..=255).collect();
    // 251 is prime, so its copies straddle every read boundary differently.
    let prime_run: Vec<u8> = (0..251).collect();
    let cases: [(&str, &[u8], u64); 4] = [
        ("empty", b"", 0),
        ("abc", b"abc", 1),
        ("one read and one pattern", &all_bytes, 1025),
        ("several reads", &prime_run, 12_000),
    ];
    cases
        .iter()
        .map(|&(name, pattern, repeat)| {
            let content = pattern.repeat(repeat as usize);
            let hashed = digest::hash_reader(content.as_slice(), None).unwrap();
            json!({
                "name": name,
                "pattern_hex": hex::encode(pattern),
                "repeat": repeat,
                "sha256": hashed.digest.to_hex(),
                "size": hashed.size,
            })
        })
        .collect()
}

fn vectors() -> Value {
    json!({
        "description": "custos-ffi cross-language vectors, generated from custos-core by mobile-ffi/tests/vectors.rs",
        "digests": digests(),
    })
}

#[test]
fn committed_vectors_are_what_core_computes() {
    let generated = serde_json::to_string_pretty(&vectors()).unwrap() + "\n";
    if env::var_os("CUSTOS_FFI_BLESS").is_some() {
        fs::write(VECTOR_FILE, &generated).unwrap();
    }
    let committed = fs::read_to_string(VECTOR_FILE).unwrap_or_default();
    assert!(
        committed == generated,
        "{VECTOR_FILE} is out of date: rerun with CUSTOS_FFI_BLESS=1 and review the diff"
    );
}
