//! Records per second: signing (canonical JSON, Ed25519, SHA-256), parsing, signature
//! verification and whole-chain verification, on a body the size of a typical case step.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use custos_core::chain::{ChainVerdict, verify_chain};
use custos_core::device::{DeviceId, DevicePublicKey, DeviceSigningKey};
use custos_core::record::{Record, UnsignedRecord};
use serde_json::json;

const CHAIN: &str = "case-2024-0001";
const CHAIN_LENGTH: u64 = 1000;

fn step(key: &DeviceSigningKey, seq: u64, prev: Option<&Record>) -> UnsignedRecord {
    let body = json!({
        "case_no": "城管罚字〔2024〕第0001号",
        "location": {"lat_e7": 399_042_000, "lon_e7": 1_164_074_000, "address": "朝阳区建国路 88 号"},
        "officers": ["officer-17", "officer-23"],
        "note": "现场检查发现占道经营，已拍照取证并告知当事人陈述申辩权利。",
        "evidence": [
            {"sha256": "beb3b6d2a4e13cc4c4fb7f5a55cd1c86b9063cb0437aafe410a7f45cb8ba5aaf", "size": 2_481_733, "kind": "photo"},
            {"sha256": "87c820913ef5ddf1008f5b1d1e2f8d4b3c8a1f0e9d7c6b5a4f3e2d1c0b9a8f7e", "size": 48_112_902, "kind": "video"}
        ]
    });
    UnsignedRecord {
        v: 1,
        chain: CHAIN.to_owned(),
        seq,
        prev: prev.map(Record::hash),
        kind: "investigation.evidence".to_owned(),
        at_us: 1_717_200_000_000_000 + seq as i64 * 1_000_000,
        device: key.device_id().clone(),
        officer: "officer-17".to_owned(),
        body: body.as_object().unwrap().clone(),
    }
}

fn records(c: &mut Criterion) {
    let key = DeviceSigningKey::from_seed([7; 32]);
    let unsigned = step(&key, 0, None);
    let record = unsigned.clone().sign(&key).unwrap();
    let json = record.to_json();

    let mut group = c.benchmark_group("record");
    group.throughput(Throughput::Elements(1));
    group.bench_function("sign_and_hash", |b| {
        b.iter(|| black_box(unsigned.clone()).sign(&key).unwrap().hash())
    });
    group.bench_function("parse", |b| {
        b.iter(|| Record::from_json(black_box(&json)).unwrap())
    });
    group.bench_function("verify_signature", |b| {
        b.iter(|| {
            black_box(&record)
                .verify_signature(key.public_key())
                .unwrap()
        })
    });
    group.finish();

    let mut chain: Vec<Record> = Vec::new();
    for seq in 0..CHAIN_LENGTH {
        let next = step(&key, seq, chain.last()).sign(&key).unwrap();
        chain.push(next);
    }
    let public = key.public_key().clone();
    let key_of = |id: &DeviceId| -> Option<DevicePublicKey> {
        (id == public.device_id()).then(|| public.clone())
    };
    let mut group = c.benchmark_group("chain");
    group.throughput(Throughput::Elements(CHAIN_LENGTH));
    group.sample_size(20);
    group.bench_function("verify_1000", |b| {
        b.iter(|| {
            let verdict = verify_chain(CHAIN, black_box(&chain), key_of);
            assert!(matches!(verdict, ChainVerdict::Valid { .. }));
        })
    });
    group.finish();
}

criterion_group!(benches, records);
criterion_main!(benches);
