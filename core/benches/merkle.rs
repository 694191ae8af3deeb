//! Log throughput: appends, roots, and inclusion and consistency proofs at a million leaves.

use std::hint::black_box;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use custos_core::checkpoint::Checkpoint;
use custos_core::merkle::{
    MemoryLog, leaf_hash, prove_consistency, prove_inclusion, stored_hashes_for_leaf, tree_hash,
    verify_consistency, verify_inclusion,
};
use custos_core::note::{NoteSigner, open_note};

const MILLION: u64 = 1_000_000;
/// How many leaves one append measurement adds.
const APPEND_BATCH: u64 = 100_000;

/// A leaf about the size of a custody-event entry's canonical JSON.
fn entry(index: u64) -> Vec<u8> {
    format!(
        r#"{{"at_us":1700000000000000,"case":"c-{index:08}","device":"0123456789abcdef0123456789abcdef","evidence":"{:064x}","kind":"received","type":"custody"}}"#,
        index
    )
    .into_bytes()
}

fn million_leaf_log() -> MemoryLog {
    let mut log = MemoryLog::with_capacity(MILLION as usize);
    for index in 0..MILLION {
        log.append_leaf_hash(leaf_hash(&index.to_be_bytes()));
    }
    log
}

/// Indexes spread over `0..below` by a fixed xorshift sequence.
fn spread(count: usize, below: u64) -> Vec<u64> {
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    (0..count)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % below
        })
        .collect()
}

fn append(c: &mut Criterion) {
    let entries: Vec<Vec<u8>> = (0..APPEND_BATCH).map(entry).collect();
    let mut group = c.benchmark_group("append");
    group.throughput(Throughput::Elements(APPEND_BATCH));
    group.sample_size(20);
    group.bench_function("memory log, 200-byte entries", |b| {
        b.iter_batched(
            || MemoryLog::with_capacity(APPEND_BATCH as usize),
            |mut log| {
                for bytes in &entries {
                    log.append(bytes);
                }
                log
            },
            BatchSize::LargeInput,
        )
    });
    group.bench_function("stored hashes into a vector", |b| {
        b.iter_batched(
            || Vec::with_capacity(2 * APPEND_BATCH as usize),
            |mut stored| {
                for (index, bytes) in entries.iter().enumerate() {
                    let new = stored_hashes_for_leaf(index as u64, bytes, &stored[..])
                        .expect("earlier hashes are stored");
                    stored.extend(new);
                }
                stored
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

fn proofs(c: &mut Criterion) {
    let log = million_leaf_log();
    let stored = log.stored_hashes();
    let root = log.root();
    let indexes = spread(1024, MILLION);
    let old_sizes: Vec<u64> = spread(1024, MILLION - 1).iter().map(|n| n + 1).collect();
    let mut group = c.benchmark_group("million-leaf log");

    group.bench_function("tree hash", |b| {
        b.iter(|| tree_hash(black_box(MILLION), stored))
    });

    let mut next = indexes.iter().cycle();
    group.bench_function("prove inclusion", |b| {
        b.iter(|| prove_inclusion(*next.next().expect("cycle"), MILLION, stored))
    });
    let inclusion: Vec<_> = indexes
        .iter()
        .map(|&index| {
            let proof = prove_inclusion(index, MILLION, stored).expect("in range");
            (log.leaf_hash(index).expect("leaf"), proof)
        })
        .collect();
    let mut next = inclusion.iter().cycle();
    group.bench_function("verify inclusion", |b| {
        b.iter(|| {
            let (leaf, proof) = next.next().expect("cycle");
            verify_inclusion(proof.index, proof.size, leaf, &proof.hashes, &root)
        })
    });

    let mut next = old_sizes.iter().cycle();
    group.bench_function("prove consistency", |b| {
        b.iter(|| prove_consistency(*next.next().expect("cycle"), MILLION, stored))
    });
    let consistency: Vec<_> = old_sizes
        .iter()
        .map(|&old_size| {
            let proof = prove_consistency(old_size, MILLION, stored).expect("sizes");
            (log.root_at(old_size).expect("size"), proof)
        })
        .collect();
    let mut next = consistency.iter().cycle();
    group.bench_function("verify consistency", |b| {
        b.iter(|| {
            let (old_root, proof) = next.next().expect("cycle");
            verify_consistency(proof.old_size, MILLION, old_root, &root, &proof.hashes)
        })
    });
    group.finish();
}

fn checkpoints(c: &mut Criterion) {
    let signer = NoteSigner::from_seed("custos.local/log", [7; 32]).expect("name");
    let checkpoint = Checkpoint::new("custos.local/log", MILLION, leaf_hash(b"root"));
    let signed = checkpoint.sign(&signer).expect("signs");
    let verifiers = [signer.verifier()];
    let mut group = c.benchmark_group("checkpoint");
    group.bench_function("sign", |b| b.iter(|| checkpoint.sign(&signer)));
    group.bench_function("open", |b| {
        b.iter(|| open_note(black_box(&signed), &verifiers))
    });
    group.finish();
}

criterion_group!(benches, append, proofs, checkpoints);
criterion_main!(benches);
