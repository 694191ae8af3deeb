//! Records: known answers computed outside Rust (tests/vectors/records.py), strict parsing,
//! evidence references and signing with the wrong key.

use custos_core::device::DeviceSigningKey;
use custos_core::digest::Sha256Digest;
use custos_core::jcs::canonicalize;
use custos_core::record::{EvidenceRef, Record, RecordError, UnsignedRecord, evidence_refs};
use proptest::prelude::*;
use serde_json::{Value, json};

fn record_vectors() -> Value {
    let path = format!("{}/tests/vectors/records.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn test1_key() -> DeviceSigningKey {
    let seed = record_vectors()["seed"].as_str().unwrap().to_owned();
    DeviceSigningKey::from_seed_bytes(&hex::decode(seed).unwrap()).unwrap()
}

#[test]
fn records_match_known_answers() {
    let vectors = record_vectors();
    let key = test1_key();
    assert_eq!(
        key.device_id().as_str(),
        vectors["device"].as_str().unwrap()
    );
    let mut prev = None;
    for vector in vectors["records"].as_array().unwrap() {
        let text = |name: &str| vector[name].as_str().unwrap().to_owned();
        let parsed = Record::from_json(text("json").as_bytes()).unwrap();
        assert_eq!(parsed.signing_bytes(), text("signing_bytes").as_bytes());
        assert_eq!(parsed.hash().to_hex(), text("hash"));
        assert_eq!(parsed.sig_base64(), text("sig"));
        assert_eq!(
            String::from_utf8(parsed.to_json()).unwrap(),
            text("canonical")
        );
        assert_eq!(parsed.prev(), prev.as_ref());
        parsed.verify_signature(key.public_key()).unwrap();

        // Building and signing the same content gives the same bytes and signature.
        let built = parsed.content().clone().sign(&key).unwrap();
        assert_eq!(built, parsed);
        assert_eq!(parsed.content().hash().unwrap(), parsed.hash());
        prev = Some(parsed.hash());
    }
}

/// The name of an error's variant, so that tables can say which refusal they expect.
fn error_name(error: &RecordError) -> &'static str {
    match error {
        RecordError::Json(_) => "Json",
        RecordError::Canonical(_) => "Canonical",
        RecordError::NotAnObject => "NotAnObject",
        RecordError::UnknownField(_) => "UnknownField",
        RecordError::MissingField(_) => "MissingField",
        RecordError::UnsupportedVersion(_) => "UnsupportedVersion",
        RecordError::EmptyField(_) => "EmptyField",
        RecordError::Signature(_) => "Signature",
        RecordError::DeviceMismatch { .. } => "DeviceMismatch",
        RecordError::InvalidEvidence { .. } => "InvalidEvidence",
        RecordError::EvidenceNotAList => "EvidenceNotAList",
    }
}

/// Parses `input` and compares the outcome with `expected` (`Ok` or the error's variant).
fn check(input: &[u8], expected: Result<(), &str>) {
    let outcome = Record::from_json(input);
    let actual = outcome.as_ref().map(drop).map_err(error_name);
    assert_eq!(
        actual,
        expected,
        "{} -> {outcome:?}",
        String::from_utf8_lossy(input)
    );
}

/// The first known-answer record with `member` replaced by `value` (or removed for `None`).
fn altered(member: &str, value: Option<Value>) -> Vec<u8> {
    let vectors = record_vectors();
    let mut record: Value =
        serde_json::from_str(vectors["records"][0]["canonical"].as_str().unwrap()).unwrap();
    let object = record.as_object_mut().unwrap();
    match value {
        Some(value) => object.insert(member.to_owned(), value),
        None => object.remove(member),
    };
    serde_json::to_vec(&record).unwrap()
}

/// The first known-answer record with `prefix` (starting with `{`) in place of its `{`,
/// which repeats a member that the record already has.
fn repeated_member(prefix: &str) -> Vec<u8> {
    let vectors = record_vectors();
    let canonical = vectors["records"][0]["canonical"].as_str().unwrap();
    format!("{prefix}{}", &canonical[1..]).into_bytes()
}

#[test]
fn parsing_is_strict() {
    let upper_hex = "87C820913EF5DDF1008F0000000000000000000000000000000000000000000A";
    let cases: Vec<(Vec<u8>, Result<(), &str>)> = vec![
        (altered("v", Some(json!(1))), Ok(())),
        (altered("extra", Some(json!(1))), Err("UnknownField")),
        (altered("prev", None), Err("MissingField")),
        (altered("sig", None), Err("MissingField")),
        (altered("body", None), Err("MissingField")),
        (altered("v", Some(json!(2))), Err("UnsupportedVersion")),
        (altered("v", Some(json!(0))), Err("UnsupportedVersion")),
        (altered("v", Some(json!(1.0))), Err("Canonical")),
        (altered("v", Some(json!("1"))), Err("Json")),
        (altered("at_us", Some(json!(1.5e15))), Err("Canonical")),
        (
            altered("body", Some(json!({"a": [{"b": 0.5}]}))),
            Err("Canonical"),
        ),
        (
            altered("seq", Some(json!(9007199254740992u64))),
            Err("Canonical"),
        ),
        (altered("seq", Some(json!(-1))), Err("Json")),
        (altered("body", Some(json!([]))), Err("Json")),
        (altered("body", Some(json!("note"))), Err("Json")),
        (altered("body", Some(json!(null))), Err("Json")),
        (altered("body", Some(json!({}))), Ok(())),
        (altered("prev", Some(json!(upper_hex))), Err("Json")),
        (altered("prev", Some(json!("87c8"))), Err("Json")),
        (
            altered("device", Some(json!("21FE31DFA154A261626BF854046FD227"))),
            Err("Json"),
        ),
        (altered("device", Some(json!("21fe31df"))), Err("Json")),
        (altered("officer", Some(json!(17))), Err("Json")),
        (altered("kind", Some(json!(""))), Err("EmptyField")),
        (altered("chain", Some(json!(""))), Err("EmptyField")),
        (altered("sig", Some(json!("AAAA"))), Err("Signature")),
        (altered("sig", Some(json!(42))), Err("Signature")),
        (
            altered("sig", Some(json!(format!("{}=", "A".repeat(87))))),
            Err("Signature"),
        ),
        (
            repeated_member("{\"kind\":\"case.closed\","),
            Err("Canonical"),
        ),
        (
            repeated_member("{\"body\":{\"a\":1,\"a\":1},"),
            Err("Canonical"),
        ),
        (b"[1]".to_vec(), Err("NotAnObject")),
        (b"null".to_vec(), Err("NotAnObject")),
        (b"{\"v\":1,".to_vec(), Err("Json")),
        (b"".to_vec(), Err("Json")),
    ];
    for (input, expected) in cases {
        check(&input, expected);
    }
}

#[test]
fn evidence_references_are_typed() {
    let digest = "beb3b6d2a4e13cc4c4fb7f5a55cd1c86b9063cb0437aafe410a7f45cb8ba5aaf";
    let photo = EvidenceRef {
        sha256: Sha256Digest::from_hex(digest).unwrap(),
        size: 17,
        kind: "photo".to_owned(),
    };
    let check = |body: Value, expected: Result<Vec<EvidenceRef>, &str>| {
        let body = body.as_object().unwrap().clone();
        let actual = evidence_refs(&body);
        let actual = actual.as_ref().map(Clone::clone).map_err(error_name);
        assert_eq!(actual, expected, "{body:?}");
    };
    check(json!({}), Ok(vec![]));
    check(json!({"evidence": []}), Ok(vec![]));
    check(
        json!({"evidence": [{"sha256": digest, "size": 17, "kind": "photo"}]}),
        Ok(vec![photo.clone()]),
    );
    check(
        json!({"evidence": [photo, photo]}),
        Ok(vec![photo.clone(), photo.clone()]),
    );
    let upper = digest.to_uppercase();
    for bad in [
        json!({"sha256": upper, "size": 17, "kind": "photo"}),
        json!({"sha256": &digest[1..], "size": 17, "kind": "photo"}),
        json!({"sha256": digest, "size": -1, "kind": "photo"}),
        json!({"sha256": digest, "size": "17", "kind": "photo"}),
        json!({"sha256": digest, "size": 17, "kind": ""}),
        json!({"sha256": digest, "size": 17}),
        json!({"sha256": digest, "size": 17, "kind": "photo", "name": "a.jpg"}),
        json!(digest),
    ] {
        check(json!({"evidence": [photo, bad]}), Err("InvalidEvidence"));
    }
    check(
        json!({"evidence": {"sha256": digest}}),
        Err("EvidenceNotAList"),
    );

    let vectors = record_vectors();
    let record = vectors["records"][0]["json"].as_str().unwrap();
    let record = Record::from_json(record.as_bytes()).unwrap();
    assert_eq!(record.evidence_refs().unwrap(), vec![photo]);
}

#[test]
fn only_the_named_device_signs_and_verifies() {
    let key = test1_key();
    let other = DeviceSigningKey::from_seed([3u8; 32]);
    let vectors = record_vectors();
    let record = vectors["records"][0]["json"].as_str().unwrap();
    let record = Record::from_json(record.as_bytes()).unwrap();

    let refused = record.content().clone().sign(&other).unwrap_err();
    assert_eq!(error_name(&refused), "DeviceMismatch");
    let refused = record.verify_signature(other.public_key()).unwrap_err();
    assert_eq!(error_name(&refused), "DeviceMismatch");

    let mut content = record.content().clone();
    content.device = other.device_id().clone();
    let resigned = content.sign(&other).unwrap();
    let refused = resigned.verify_signature(key.public_key()).unwrap_err();
    assert_eq!(error_name(&refused), "DeviceMismatch");

    // The old signature over the new content does not verify.
    let forged = Record::from_parts(resigned.content().clone(), *record.signature()).unwrap();
    let refused = forged.verify_signature(other.public_key()).unwrap_err();
    assert_eq!(error_name(&refused), "Signature");
}

fn arbitrary_body() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        (-(1i64 << 53) + 1..(1i64 << 53)).prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::from),
    ];
    let tree = leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map("\\PC{0,6}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    });
    prop::collection::btree_map("\\PC{0,6}", tree, 0..4)
        .prop_map(|m| Value::Object(m.into_iter().collect()))
}

proptest! {
    /// `to_json` splices `sig` into the signing bytes; it must equal canonicalising the
    /// whole record, and parse back (cutting `sig` out again) to the same record.
    #[test]
    fn to_json_is_the_canonical_record(
        body in arbitrary_body(),
        seq in 0u64..(1 << 53),
        at_us in -(1i64 << 53) + 1..(1i64 << 53),
        prev in proptest::option::of(any::<[u8; 32]>()),
        kind in "\\PC{1,10}",
    ) {
        let key = DeviceSigningKey::from_seed([9u8; 32]);
        let record = UnsignedRecord {
            v: 1,
            chain: "case-1".to_owned(),
            seq,
            prev: prev.map(Sha256Digest),
            kind,
            at_us,
            device: key.device_id().clone(),
            officer: "officer-1".to_owned(),
            body: body.as_object().unwrap().clone(),
        }
        .sign(&key)
        .unwrap();
        let json = record.to_json();
        let value = serde_json::to_value(&record).unwrap();
        prop_assert_eq!(&json, &canonicalize(&value).unwrap());
        prop_assert_eq!(&Record::from_json(&json).unwrap(), &record);
        // Parsed from any spelling, the signing bytes are those the device signed.
        let pretty = serde_json::to_vec_pretty(&value).unwrap();
        prop_assert_eq!(Record::from_json(&pretty).unwrap(), record);
    }
}
