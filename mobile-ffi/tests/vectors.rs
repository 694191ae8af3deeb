//! The cross-language vector file: custos-core's answers, which the Kotlin and Python tests
//! reproduce byte for byte through the binding.
//!
//! After a deliberate change, `CUSTOS_FFI_BLESS=1 cargo test -p custos-ffi --test vectors`
//! rewrites `tests/vectors/ffi-vectors.json`; without it, this test fails when the file and
//! custos-core disagree.

use std::{env, fs};

use custos_core::chain::{ChainVerdict, verify_chain};
use custos_core::checkpoint::Checkpoint;
use custos_core::device::{self, DeviceSigningKey};
use custos_core::digest;
use custos_core::jcs;
use custos_core::lifecycle::CaseState;
use custos_core::merkle::MemoryLog;
use custos_core::note::NoteSigner;
use custos_core::record::{Record, UnsignedRecord};
use custos_core::rules::{self, RuleContext};
use serde_json::{Value, json};

const VECTOR_FILE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/vectors/ffi-vectors.json"
);
/// The log vectors of custos-core, from Go's sumdb/tlog and sumdb/note (also ../shared/vectors).
const TLOG_FILE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../core/tests/vectors/tlog.json"
);
/// The device key that signs every record here: seed bytes 0, 1, ..., 31.
const DEVICE_SEED: [u8; 32] = {
    let mut seed = [0u8; 32];
    let mut i = 0;
    while i < 32 {
        seed[i] = i as u8;
        i += 1;
    }
    seed
};

/// 0, 1, ..., 250: 251 is prime, so its copies straddle every read boundary differently.
fn prime_run() -> Vec<u8> {
    (0..251).collect()
}

/// Content is `pattern` (hex) repeated `repeat` times, so large files stay small here.
fn digests() -> Value {
    let all_bytes: Vec<u8> = (0..=255).collect();
    let prime_run = prime_run();
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

/// The saved state of a hasher part-way through the "several reads" content, which an app
/// stores beside a partial capture; restoring it and hashing the rest gives the full digest.
fn hasher_state() -> Value {
    let content = prime_run().repeat(12_000);
    let prefix_size = 100_000;
    let mut hasher = digest::EvidenceHasher::new();
    hasher.update(&content[..prefix_size]);
    json!({
        "digest": "several reads",
        "prefix_size": prefix_size,
        "saved_hex": hex::encode(hasher.save_state().as_bytes()),
    })
}

fn device_key() -> Value {
    let key = DeviceSigningKey::from_seed(DEVICE_SEED);
    let message = b"custos device key vector";
    json!({
        "seed_hex": hex::encode(DEVICE_SEED),
        "public_key_base64": key.public_key().to_base64(),
        "device_id": key.device_id().to_string(),
        "message_hex": hex::encode(message),
        "signature_base64": device::signature_to_base64(&key.sign(message)),
    })
}

fn b64(hashes: &[digest::Sha256Digest]) -> Vec<String> {
    hashes.iter().map(digest::Sha256Digest::to_base64).collect()
}

/// Proofs and the signed checkpoint of the ten-leaf log of tlog.json, computed by custos-core
/// and checked here against the Go-generated answers in that file.
fn log() -> Value {
    let tlog: Value = serde_json::from_str(&fs::read_to_string(TLOG_FILE).unwrap()).unwrap();
    let mut memory_log = MemoryLog::new();
    let leaves: Vec<Vec<u8>> = tlog["leaves"]
        .as_array()
        .unwrap()
        .iter()
        .map(|leaf| hex::decode(leaf["data_hex"].as_str().unwrap()).unwrap())
        .collect();
    for leaf in &leaves {
        memory_log.append(leaf);
    }
    let inclusion: Vec<Value> = tlog["inclusion_proofs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|go| {
            let (index, size) = (
                go["leaf_index"].as_u64().unwrap(),
                go["tree_size"].as_u64().unwrap(),
            );
            let proof = b64(&memory_log.prove_inclusion(index, size).unwrap().hashes);
            let root = memory_log.root_at(size).unwrap().to_base64();
            assert_eq!(json!(proof), go["proof_b64"]);
            assert_eq!(json!(root), go["root_b64"]);
            json!({
                "index": index,
                "size": size,
                "leaf_hex": hex::encode(&leaves[index as usize]),
                "leaf_hash": memory_log.leaf_hash(index).unwrap().to_base64(),
                "proof": proof,
                "root_hash": root,
            })
        })
        .collect();
    let consistency: Vec<Value> = tlog["consistency_proofs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|go| {
            let (old_size, new_size) = (
                go["old_size"].as_u64().unwrap(),
                go["new_size"].as_u64().unwrap(),
            );
            let proof = b64(&memory_log
                .prove_consistency(old_size, new_size)
                .unwrap()
                .hashes);
            assert_eq!(json!(proof), go["proof_b64"]);
            json!({
                "old_size": old_size,
                "new_size": new_size,
                "old_root_hash": memory_log.root_at(old_size).unwrap().to_base64(),
                "new_root_hash": memory_log.root_at(new_size).unwrap().to_base64(),
                "proof": proof,
            })
        })
        .collect();
    let go_note = &tlog["signed_note"];
    let seed: [u8; 32] = hex::decode(go_note["ed25519_seed_hex"].as_str().unwrap())
        .unwrap()
        .try_into()
        .unwrap();
    let signer = NoteSigner::from_seed(go_note["key_name"].as_str().unwrap(), seed).unwrap();
    let checkpoint = Checkpoint::new(
        go_note["origin"].as_str().unwrap(),
        memory_log.size(),
        memory_log.root(),
    );
    let signed_checkpoint = checkpoint.sign(&signer).unwrap();
    assert_eq!(json!(signed_checkpoint), go_note["signed_note"]);
    assert_eq!(json!(signer.verifier_key()), go_note["verifier_key"]);
    json!({
        "inclusion": inclusion,
        "consistency": consistency,
        "checkpoint": {
            "signed": signed_checkpoint,
            "verifier_key": signer.verifier_key(),
            "origin": checkpoint.origin,
            "size": checkpoint.size,
            "root_hash": checkpoint.root_hash.to_base64(),
        },
    })
}

/// JSON texts and their RFC 8785 forms, then texts custos refuses to canonicalise.
fn jcs() -> Value {
    let canonical = [
        (
            "member order by UTF-16 code units",
            r#"{"\ue000":1,"\ud83d\ude00":2,"b":3,"a":4,"\u00e9":5}"#,
        ),
        (
            "escapes and literals",
            "{ \"s\" : \"tab\\t nl\\n quote\\\" slash/ \\u001f \\u00e9\u{20ac}\", \"t\": true, \"n\": null }",
        ),
        (
            "nested arrays and integers",
            r#"[ {"z": [3, 2, {"y": -9007199254740991}]}, 0, 9007199254740991, [] ]"#,
        ),
        (
            "record body",
            r#"{"evidence":[{"sha256":"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad","size":3,"kind":"photo"}],"lat_e7":399042000,"note":"现场检查"}"#,
        ),
    ];
    let refused = [
        ("float", r#"{"speed":1.5}"#),
        ("integer beyond 2^53-1", r#"{"n":9007199254740992}"#),
        ("repeated member name", r#"{"a":1,"a":2}"#),
        ("not json", r#"{"a":"#),
    ];
    let canonical: Vec<Value> = canonical
        .iter()
        .map(|(name, input)| {
            let output = jcs::canonicalize_json(input.as_bytes()).unwrap();
            json!({"name": name, "input": input, "canonical": String::from_utf8(output).unwrap()})
        })
        .collect();
    let refused: Vec<Value> = refused
        .iter()
        .map(|(name, input)| {
            let reason = jcs::canonicalize_json(input.as_bytes())
                .unwrap_err()
                .to_string();
            json!({"name": name, "input": input, "reason": reason})
        })
        .collect();
    json!({"canonical": canonical, "refused": refused})
}

/// A three-step case chain signed with the vector device key.
fn case_records() -> Vec<Record> {
    let key = DeviceSigningKey::from_seed(DEVICE_SEED);
    let bodies = [
        (
            "inspection.started",
            json!({"place": "市场监管现场", "lat_e7": 399042000, "lon_e7": 1164074000}),
        ),
        (
            "evidence.captured",
            json!({"evidence": [{"sha256": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "size": 3, "kind": "photo"}]}),
        ),
        ("inspection.closed", json!({"fine_fen": 50000})),
    ];
    let mut prev = None;
    bodies
        .into_iter()
        .enumerate()
        .map(|(seq, (kind, body))| {
            let record = UnsignedRecord {
                v: 1,
                chain: "case-2026-0001".into(),
                seq: seq as u64,
                prev,
                kind: kind.into(),
                at_us: 1_767_225_600_000_000 + seq as i64 * 60_000_000,
                device: key.device_id().clone(),
                officer: "officer-0042".into(),
                body: body.as_object().unwrap().clone(),
            }
            .sign(&key)
            .unwrap();
            prev = Some(record.hash());
            record
        })
        .collect()
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap()
}

fn records(case_records: &[Record]) -> Value {
    case_records
        .iter()
        .map(|record| {
            let content = record.content();
            json!({
                "chain": content.chain,
                "seq": content.seq,
                "prev": content.prev.map(|prev| prev.to_hex()),
                "kind": content.kind,
                "at_us": content.at_us,
                "device": content.device.to_string(),
                "officer": content.officer,
                "body_json": text(jcs::to_canonical(&content.body).unwrap()),
                "signing_bytes": text(record.signing_bytes().to_vec()),
                "sig": record.sig_base64(),
                "hash": record.hash().to_hex(),
                "json": text(record.to_json()),
            })
        })
        .collect()
}

/// The chain as given, then broken in known ways, with core's verdict on each.
fn chains(case_records: &[Record]) -> Value {
    let key = DeviceSigningKey::from_seed(DEVICE_SEED);
    let public_key = key.public_key().clone();
    let mut altered = case_records.to_vec();
    let mut content = altered[1].content().clone();
    content.body.insert("note".into(), json!("added later"));
    altered[1] = Record::from_parts(content, *case_records[1].signature()).unwrap();
    let without_second = vec![case_records[0].clone(), case_records[2].clone()];
    let cases: [(&str, &[Record], bool); 4] = [
        ("valid", case_records, true),
        ("second record altered after signing", &altered, true),
        ("second record missing", &without_second, true),
        ("device not enrolled", case_records, false),
    ];
    cases
        .iter()
        .map(|&(name, chain_records, enrolled)| {
            let keys: Vec<String> = if enrolled {
                vec![public_key.to_base64()]
            } else {
                vec![]
            };
            let verdict = match verify_chain("case-2026-0001", chain_records, |device| {
                (enrolled && device == public_key.device_id()).then(|| public_key.clone())
            }) {
                ChainVerdict::Valid { head, length } => {
                    json!({"valid": {"head": head.to_hex(), "length": length}})
                }
                ChainVerdict::Broken { seq, fault } => {
                    json!({"broken": {"seq": seq, "fault": fault.to_string()}})
                }
            };
            json!({
                "name": name,
                "chain": "case-2026-0001",
                "records": chain_records.iter().map(|r| text(r.to_json())).collect::<Vec<_>>(),
                "device_public_keys": keys,
                "verdict": verdict,
            })
        })
        .collect()
}

/// Officers a and b hold market-supervision certificates for 2024 to 2027.
const RULE_CONTEXT: &str = r#"{"certificates":[
    {"number":"CERT-1","holder":"officer-a","domains":["market-supervision"],"valid_from":"2024-01-01","valid_until":"2027-12-31","status":"valid"},
    {"number":"CERT-2","holder":"officer-b","domains":["market-supervision"],"valid_from":"2024-01-01","valid_until":"2027-12-31","status":"valid"}]}"#;
/// 2025-03-03 (a Monday) 10:00 China Standard Time.
const MONDAY_10H_US: i64 = 1_740_967_200_000_000;
const DAY_US: i64 = 86_400_000_000;

fn case_record(
    seq: u64,
    prev: Option<digest::Sha256Digest>,
    kind: &str,
    day: i64,
    body: Value,
) -> UnsignedRecord {
    UnsignedRecord {
        v: 1,
        chain: "case-2025-0007".into(),
        seq,
        prev,
        kind: kind.into(),
        at_us: MONDAY_10H_US + day * DAY_US,
        device: DeviceSigningKey::from_seed(DEVICE_SEED).device_id().clone(),
        officer: "officer-a".into(),
        body: body.as_object().unwrap().clone(),
    }
}

fn findings_json(findings: &[rules::Finding]) -> Value {
    serde_json::to_value(findings).unwrap()
}

/// A case filed on Monday 2026-11-02, whose 90 days to decide end in 2027, a year the built-in
/// calendar does not cover (the deadline is flagged `calendar_unpublished`).
const FILED_DAY: i64 = 609;

/// A filed case and candidate next steps: lawful, with one officer, with an uncertified
/// officer, without the credentials shown, of an unknown kind; with the findings and open
/// deadlines core computes.
fn rule_checks() -> Value {
    let context: RuleContext = serde_json::from_str(RULE_CONTEXT).unwrap();
    let filed = case_record(0, None, "case.filed", FILED_DAY, json!({"domain": "market-supervision", "category": "food-safety", "party_kind": "organisation"}))
        .sign(&DeviceSigningKey::from_seed(DEVICE_SEED))
        .unwrap();
    let state = CaseState::from_records([&filed]).unwrap();
    let photo = json!({"sha256": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "size": 3, "kind": "photo"});
    let candidates = [
        (
            "lawful investigation",
            "investigation.record",
            json!({"officers": ["officer-b"], "credentials_shown": true, "evidence": [photo]}),
        ),
        (
            "one officer",
            "investigation.record",
            json!({"officers": [], "credentials_shown": true, "evidence": [photo]}),
        ),
        (
            "uncertified officer",
            "investigation.record",
            json!({"officers": ["officer-x"], "credentials_shown": true, "evidence": [photo]}),
        ),
        (
            "credentials not recorded",
            "investigation.record",
            json!({"officers": ["officer-b"], "evidence": [photo]}),
        ),
        ("unknown kind", "case.reopened", json!({})),
    ];
    let candidates: Vec<Value> = candidates
        .into_iter()
        .map(|(name, kind, body)| {
            let candidate = case_record(1, Some(filed.hash()), kind, FILED_DAY + 1, body);
            let findings = rules::check(&state, &candidate, &context);
            let mut vector = serde_json::to_value(&candidate).unwrap();
            vector["name"] = json!(name);
            vector["body_json"] = json!(text(jcs::to_canonical(&candidate.body).unwrap()));
            vector["findings"] = findings_json(&findings);
            vector
        })
        .collect();
    json!({
        "rule_context_json": RULE_CONTEXT,
        "case_records": [text(filed.to_json())],
        "candidates": candidates,
        "open_deadlines": serde_json::to_value(rules::open_deadlines(&state, &context)).unwrap(),
    })
}

/// A seizure and a suspected crime in the record kinds of 行政强制法 and the transfer regulation:
/// filed on Monday 2025-03-03, measure m1 seized urgently on the spot on day 1 (unapproved) and
/// a crime reported to the head on day 2; candidate records of the new kinds with the findings
/// core gives them, and the case's open deadlines (the measure's 30 days, its approval within
/// 24 hours, the head's decision within 3 days).
fn compulsion_and_transfer() -> Value {
    let key = DeviceSigningKey::from_seed(DEVICE_SEED);
    let context: RuleContext = serde_json::from_str(RULE_CONTEXT).unwrap();
    let video = json!({"sha256": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "size": 3, "kind": "video"});
    let measure = json!({"measure": "m1", "urgent": true, "party_present": true, "record_signed_by": "party",
        "decision_handed_over": true, "inventory_handed_over": true});
    let steps = [
        (
            "case.filed",
            0,
            json!({"domain": "market-supervision", "category": "food-safety", "party_kind": "organisation"}),
        ),
        (
            "investigation.record",
            1,
            json!({"officers": ["officer-b"], "credentials_shown": true, "act": "seizure",
            "evidence": [video], "compulsion": measure}),
        ),
        (
            "transfer.reported",
            2,
            json!({"suspicion": "销售假冒注册商标的商品，货值金额超过五万元", "officers": ["officer-b"]}),
        ),
    ];
    let mut records: Vec<Record> = Vec::new();
    for (seq, (kind, day, body)) in steps.into_iter().enumerate() {
        let prev = records.last().map(Record::hash);
        records.push(
            case_record(seq as u64, prev, kind, day, body)
                .sign(&key)
                .unwrap(),
        );
    }
    let state = CaseState::from_records(&records).unwrap();
    let candidates = [
        (
            "urgent seizure approved after 24 hours",
            "compulsion.approved",
            3,
            json!({"measure": "m1", "approved_by": "head"}),
        ),
        (
            "urgent seizure approved within 24 hours",
            "compulsion.approved",
            2,
            json!({"measure": "m1", "approved_by": "head"}),
        ),
        (
            "seizure extended by 31 days",
            "compulsion.extended",
            3,
            json!({"measure": "m1", "approved_by": "head", "days": 31, "reasons": "案情复杂，需进一步调查", "party_notified": true}),
        ),
        (
            "seizure released",
            "compulsion.ended",
            3,
            json!({"measure": "m1", "outcome": "released"}),
        ),
        (
            "transfer decided after 3 days",
            "transfer.decided",
            6,
            json!({"approved": true, "decided_by": "head"}),
        ),
        (
            "transfer declined without reasons",
            "transfer.decided",
            3,
            json!({"approved": false, "decided_by": "head"}),
        ),
        (
            "materials handed over with no case at the police",
            "transfer.handed_over",
            3,
            json!({"filing_notice": "公（经）立字〔2025〕7号", "notice_received_on": "2025-03-05"}),
        ),
        (
            "police filing of a case never transferred",
            "transfer.police_filed",
            3,
            json!({"filing_notice": "公（经）立字〔2025〕7号", "filed_on": "2025-03-05", "notice_received_on": "2025-03-05"}),
        ),
        (
            "transfer made before the head approved it",
            "transfer.made",
            3,
            json!({"police": "某县公安局", "materials": ["transfer_letter", "investigation_report", "inventory"]}),
        ),
        (
            "legal review by an investigator finds the facts unclear",
            "review.legal",
            3,
            json!({"reviewer": "officer-b", "outcome": "problems_found", "opinion": "违法事实不清、证据不足", "facts_unclear": true}),
        ),
        (
            "money handed in for a receipt never issued",
            "collection.handed_in",
            3,
            json!({"receipts": ["R-9"]}),
        ),
    ];
    let candidates: Vec<Value> = candidates
        .into_iter()
        .map(|(name, kind, day, body)| {
            let prev = records.last().map(Record::hash);
            let candidate = case_record(records.len() as u64, prev, kind, day, body);
            let findings = rules::check(&state, &candidate, &context);
            let mut vector = serde_json::to_value(&candidate).unwrap();
            vector["name"] = json!(name);
            vector["body_json"] = json!(text(jcs::to_canonical(&candidate.body).unwrap()));
            vector["findings"] = findings_json(&findings);
            vector
        })
        .collect();
    json!({
        "case_records": records.iter().map(|r| text(r.to_json())).collect::<Vec<_>>(),
        "candidates": candidates,
        "open_deadlines": serde_json::to_value(rules::open_deadlines(&state, &context)).unwrap(),
        "police_filed": police_filed(),
    })
}

/// A case transferred to the police (移送规定 Art. 5) and filed by them (Art. 12): filed on
/// Monday 2025-03-03, reported and approved on day 1, transferred on day 2, the police's 立案通知书
/// received on Thursday 2025-03-06 and recorded on day 3. The handover of the materials is open,
/// due by Sunday 2025-03-09 (3 calendar days); candidate handovers on that day and the day after.
fn police_filed() -> Value {
    let key = DeviceSigningKey::from_seed(DEVICE_SEED);
    let context: RuleContext = serde_json::from_str(RULE_CONTEXT).unwrap();
    let steps = [
        (
            "case.filed",
            0,
            json!({"domain": "market-supervision", "category": "food-safety", "party_kind": "organisation"}),
        ),
        (
            "transfer.reported",
            1,
            json!({"suspicion": "销售假冒注册商标的商品，货值金额超过五万元", "officers": ["officer-b"]}),
        ),
        (
            "transfer.decided",
            1,
            json!({"approved": true, "decided_by": "head"}),
        ),
        (
            "transfer.made",
            2,
            json!({"police": "某县公安局", "materials": ["transfer_letter", "investigation_report", "inventory"]}),
        ),
        (
            "transfer.police_filed",
            3,
            json!({"filing_notice": "公（经）立字〔2025〕7号", "filed_on": "2025-03-05", "notice_received_on": "2025-03-06"}),
        ),
    ];
    let mut records: Vec<Record> = Vec::new();
    for (seq, (kind, day, body)) in steps.into_iter().enumerate() {
        let prev = records.last().map(Record::hash);
        records.push(
            case_record(seq as u64, prev, kind, day, body)
                .sign(&key)
                .unwrap(),
        );
    }
    let state = CaseState::from_records(&records).unwrap();
    let handover =
        json!({"filing_notice": "公（经）立字〔2025〕7号", "notice_received_on": "2025-03-06"});
    let candidates = [
        ("materials handed over on the third day", 6),
        ("materials handed over on the fourth day", 7),
    ];
    let candidates: Vec<Value> = candidates
        .into_iter()
        .map(|(name, day)| {
            let prev = records.last().map(Record::hash);
            let candidate = case_record(
                records.len() as u64,
                prev,
                "transfer.handed_over",
                day,
                handover.clone(),
            );
            let findings = rules::check(&state, &candidate, &context);
            let mut vector = serde_json::to_value(&candidate).unwrap();
            vector["name"] = json!(name);
            vector["body_json"] = json!(text(jcs::to_canonical(&candidate.body).unwrap()));
            vector["findings"] = findings_json(&findings);
            vector
        })
        .collect();
    json!({
        "case_records": records.iter().map(|r| text(r.to_json())).collect::<Vec<_>>(),
        "candidates": candidates,
        "open_deadlines": serde_json::to_value(rules::open_deadlines(&state, &context)).unwrap(),
    })
}

/// Members issue 18 added to older kinds, in a case filed on Monday 2025-03-03 whose evidence
/// was preserved (p1) on day 1: the preservation resolved by a seizure carrying its measure
/// (行政强制法 Arts. 18, 24) or stating none, and a notice whose penalty lists the provisions the
/// act breaches (penalty.breached_norms, 行政处罚法 Art. 29), fined under the higher one or
/// under a lower one. With the findings core gives them and the case's open deadlines.
fn penalty_and_preservation() -> Value {
    let key = DeviceSigningKey::from_seed(DEVICE_SEED);
    let context: RuleContext = serde_json::from_str(RULE_CONTEXT).unwrap();
    let photo = json!({"sha256": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "size": 3, "kind": "photo"});
    let video = json!({"sha256": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "size": 3, "kind": "video"});
    let steps = [
        (
            "case.filed",
            0,
            json!({"domain": "market-supervision", "category": "food-safety", "party_kind": "organisation"}),
        ),
        (
            "investigation.record",
            1,
            json!({"officers": ["officer-b"], "credentials_shown": true, "evidence": [photo]}),
        ),
        (
            "evidence.preserved",
            1,
            json!({"preservation": "p1", "approved_by": "head", "officers": ["officer-b"],
            "credentials_shown": true, "evidence": [photo]}),
        ),
    ];
    let mut records: Vec<Record> = Vec::new();
    for (seq, (kind, day, body)) in steps.into_iter().enumerate() {
        let prev = records.last().map(Record::hash);
        records.push(
            case_record(seq as u64, prev, kind, day, body)
                .sign(&key)
                .unwrap(),
        );
    }
    let state = CaseState::from_records(&records).unwrap();
    let seized = |compulsion: Option<Value>| {
        let mut body = json!({"preservation": "p1", "outcome": "seized", "officers": ["officer-b"],
            "credentials_shown": true, "evidence": [video]});
        if let Some(measure) = compulsion {
            body["compulsion"] = measure;
        }
        body
    };
    let measure = json!({"measure": "m2", "approved_by": "head", "party_present": true,
        "record_signed_by": "party", "decision_handed_over": true, "inventory_handed_over": true});
    let notice = |applied_higher: bool| {
        json!({"facts": "销售超过保质期的食品", "reasons": "经调查核实", "legal_basis": "食品安全法 第一百二十四条",
            "penalty": {"fine_fen": 5_000_000, "breached_norms": [
                {"law": "食品安全法 第一百二十四条", "max_fine_fen": 10_000_000, "applied": applied_higher},
                {"law": "产品质量法 第四十九条", "max_fine_fen": 6_000_000, "applied": !applied_higher}]},
            "rights": ["statement", "defence", "hearing"], "method": "direct"})
    };
    let candidates = [
        (
            "preservation resolved by a seizure with its measure",
            "evidence.preservation_resolved",
            2,
            seized(Some(measure)),
        ),
        (
            "preservation resolved by a seizure stating no measure",
            "evidence.preservation_resolved",
            2,
            seized(None),
        ),
        (
            "notice fining under the provision with the higher fine",
            "notice.served",
            3,
            notice(true),
        ),
        (
            "notice fining under a provision with a lower fine",
            "notice.served",
            3,
            notice(false),
        ),
    ];
    let candidates: Vec<Value> = candidates
        .into_iter()
        .map(|(name, kind, day, body)| {
            let prev = records.last().map(Record::hash);
            let candidate = case_record(records.len() as u64, prev, kind, day, body);
            let findings = rules::check(&state, &candidate, &context);
            let mut vector = serde_json::to_value(&candidate).unwrap();
            vector["name"] = json!(name);
            vector["body_json"] = json!(text(jcs::to_canonical(&candidate.body).unwrap()));
            vector["findings"] = findings_json(&findings);
            vector
        })
        .collect();
    json!({
        "case_records": records.iter().map(|r| text(r.to_json())).collect::<Vec<_>>(),
        "candidates": candidates,
        "open_deadlines": serde_json::to_value(rules::open_deadlines(&state, &context)).unwrap(),
    })
}

fn vectors() -> Value {
    let case_records = case_records();
    json!({
        "description": "custos-ffi cross-language vectors, generated from custos-core by mobile-ffi/tests/vectors.rs",
        "digests": digests(),
        "hasher_state": hasher_state(),
        "device_key": device_key(),
        "jcs": jcs(),
        "records": records(&case_records),
        "chains": chains(&case_records),
        "rules": rule_checks(),
        "compulsion_and_transfer": compulsion_and_transfer(),
        "penalty_and_preservation": penalty_and_preservation(),
        "log": log(),
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
