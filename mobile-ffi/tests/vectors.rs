//! The cross-language vector file: custos-core's answers, which the Kotlin and Python tests
//! reproduce byte for byte through the binding.
//!
//! After a deliberate change, `CUSTOS_FFI_BLESS=1 cargo test -p custos-ffi --test vectors`
//! rewrites `tests/vectors/ffi-vectors.json`; without it, this test fails when the file and
//! custos-core disagree.

use std::{env, fs};

use custos_core::checkpoint::Checkpoint;
use custos_core::device::{self, DeviceSigningKey};
use custos_core::digest;
use custos_core::merkle::MemoryLog;
use custos_core::note::NoteSigner;
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

fn vectors() -> Value {
    json!({
        "description": "custos-ffi cross-language vectors, generated from custos-core by mobile-ffi/tests/vectors.rs",
        "digests": digests(),
        "device_key": device_key(),
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
