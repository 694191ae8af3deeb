#!/usr/bin/env bash
# Throughput of POST /api/v1/records (signature, chain, lifecycle and rule checks, log
# appends) through the real server, release build, on SQLite and then PostgreSQL.
#
#   tests/bench-records.sh [RECORDS] [BATCH] [CLIENTS]    (defaults: 10000 500 1)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p custos-tests --example ingest_bench
bench=target/release/examples/ingest_bench
"$bench" "$@"
CUSTOS_BENCH_BACKEND=postgres tests/run-postgres.sh "$bench" "$@"
