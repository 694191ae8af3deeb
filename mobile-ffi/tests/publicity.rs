//! The notice preview the apps get is the one core builds, masked, from signed records.

use custos_core::device::DeviceSigningKey;
use custos_core::record::UnsignedRecord;
use custos_ffi::publicity::preview_public_notice;
use custos_ffi::record::CaseRecord;
use serde_json::{Value, json};

fn signed(bodies: &[(&str, Value)]) -> Vec<std::sync::Arc<CaseRecord>> {
    let key = DeviceSigningKey::from_seed([7; 32]);
    let mut prev = None;
    bodies
        .iter()
        .enumerate()
        .map(|(seq, (kind, body))| {
            let record = UnsignedRecord {
                v: 1,
                chain: "case-1/phone".into(),
                seq: seq as u64,
                prev,
                kind: (*kind).into(),
                at_us: 1_772_416_800_000_000 + seq as i64 * 86_400_000_000,
                device: key.device_id().clone(),
                officer: "officer-1".into(),
                body: body.as_object().expect("object").clone(),
            }
            .sign(&key)
            .expect("signed");
            prev = Some(record.hash());
            CaseRecord::from_json(String::from_utf8(record.to_json()).expect("utf-8"))
                .expect("parses")
        })
        .collect()
}

#[test]
fn the_preview_is_masked() {
    let records = signed(&[
        (
            "case.filed",
            json!({"domain": "d", "category": "c", "party_kind": "person",
                   "party": {"name": "司马光", "id_number": "11010519491231002X"}}),
        ),
        (
            "notice.served",
            json!({"facts": "司马光砸缸", "reasons": "r", "legal_basis": "b",
                   "penalty": {"fine_fen": 10000}, "rights": ["statement"], "method": "direct"}),
        ),
        (
            "decision.issued",
            json!({"document_number": "罚〔2026〕1号", "penalty": {"fine_fen": 10000}}),
        ),
    ]);
    let notice = preview_public_notice(
        records,
        "case-1".into(),
        "unit-1".into(),
        "某局".into(),
        "{}".into(),
    )
    .expect("decided");
    let notice: Value = serde_json::from_str(&notice).expect("json");
    assert_eq!(notice["party"]["name"], "司马*");
    assert_eq!(notice["facts"], "司马*砸缸");
    assert_eq!(notice["penalty"]["fine_fen"], 10000);
    assert!(!notice.to_string().contains("11010519491231002X"));
}
