//! Throughput of evidence hashing from memory: `hash_reader` against one-shot `sha256`, so
//! the cost of the reader loop shows next to the raw compression speed.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use custos_core::digest::{hash_reader, sha256};

const CONTENT_BYTES: usize = 64 << 20;

fn evidence_hashing(c: &mut Criterion) {
    let content: Vec<u8> = (0..CONTENT_BYTES).map(|i| (i * 31 % 251) as u8).collect();
    let mut group = c.benchmark_group("evidence_hashing");
    group.throughput(Throughput::Bytes(CONTENT_BYTES as u64));
    group.sample_size(20);
    group.bench_function("hash_reader_64MiB", |b| {
        b.iter(|| hash_reader(black_box(content.as_slice()), None).unwrap())
    });
    group.bench_function("sha256_one_shot_64MiB", |b| {
        b.iter(|| sha256(black_box(&content)))
    });
    group.finish();
}

criterion_group!(benches, evidence_hashing);
criterion_main!(benches);
