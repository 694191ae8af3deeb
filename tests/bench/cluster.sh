#!/usr/bin/env bash
# Bench of durable log appends (not a test: it prints figures and always runs to the end).
#
# Release build. 64 concurrent clients (wrk) read one small evidence item over and over:
# every read is a logged access (a `viewed` custody entry), so each answered request is one
# durable log append. Measured on
#   - one node on SQLite (WAL, synchronous = FULL),
#   - one node on PostgreSQL 15 with its durable defaults (fsync on, synchronous_commit on;
#     this script starts its own cluster, unlike tests/run-postgres.sh),
#   - two nodes on that PostgreSQL (one shared data directory and blob store), the clients
#     split between them,
# each printed as appends/s (log size grown over wall-clock time, read from the signed
# checkpoints), requests/s and p99 latency as wrk reports them, next to the same database's
# raw rate of single-row commits measured in the same run (one client committing one INSERT
# after another: Python's sqlite3 on the same file system, pgbench on the same cluster) and
# their ratio. Then records ingest through POST /api/v1/records on the durable PostgreSQL
# (tests/examples/ingest_bench.rs).
# Under tests/run-garage.sh (CUSTOS_BLOB_URL names its S3 store), it last times uploads of
# the same files to one node with local blobs and to one with the S3 store, as a ratio.
# Targets on 2 cores (issue 16): at least 5,000 appends/s on one node, two nodes no slower
# than one, p99 under 50 ms; records on PostgreSQL towards 8,000/s.
#
#   tests/bench/cluster.sh
#   BENCH_SECONDS=20 BENCH_CONNECTIONS=64 BENCH_RECORDS=20000 tests/bench/cluster.sh
#   tests/run-garage.sh tests/bench/cluster.sh
set -euo pipefail
# Only the upload comparison uses the S3 store; every other node keeps its blobs locally.
s3_url=${CUSTOS_BLOB_URL:-}
unset CUSTOS_BLOB_URL
upload_mib=${BENCH_UPLOAD_MIB:-32}
upload_count=${BENCH_UPLOADS:-4}

root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${BENCH_SECONDS:-10}
connections=${BENCH_CONNECTIONS:-64}
threads=${BENCH_THREADS:-2}
peer_commits=${BENCH_PEER_COMMITS:-3000}
records=${BENCH_RECORDS:-20000}
record_batch=${BENCH_RECORD_BATCH:-500}
record_clients=${BENCH_RECORD_CLIENTS:-4}
password="bench password 1"
pg_bin=/usr/lib/postgresql/15/bin

need() {
    if ! command -v "$1" >/dev/null; then
        if [[ $(id -u) -eq 0 ]]; then apt-get install -y --no-install-recommends "$2" >&2; else
            echo "cluster.sh: $1 missing; apt-get install $2" >&2; exit 2; fi
    fi
}
need wrk wrk
need curl curl
[[ -x $pg_bin/initdb ]] || need "$pg_bin/initdb" postgresql-15

(cd "$root" && cargo build --release -p custos-api >&2 &&
    cargo build --release -p custos-tests --example ingest_bench >&2)
target=${CARGO_TARGET_DIR:-$root/target}
custos="$target/release/custos"
ingest_bench="$target/release/examples/ingest_bench"

work=$(mktemp -d -t custos-cluster.XXXXXX)
chmod 755 "$work"
servers=()
as_owner=()
if [[ $(id -u) -eq 0 ]]; then as_owner=(runuser -u postgres --); fi
cleanup() {
    for pid in "${servers[@]}"; do kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    if [[ -d $work/pg ]]; then "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
export RUST_LOG=${RUST_LOG:-warn}

# A PostgreSQL 15 cluster with the defaults a deployment keeps: fsync, synchronous_commit
# and full_page_writes on.
start_postgres() {
    local port
    port=$(free_port)
    mkdir -p "$work/pg"
    # As root the server runs as postgres, which must be able to write its log too.
    touch "$work/pg.log"
    if [[ ${#as_owner[@]} -gt 0 ]]; then chown postgres: "$work/pg" "$work/pg.log"; fi
    "${as_owner[@]}" "$pg_bin/initdb" -D "$work/pg" -U postgres --auth=trust -E UTF8 \
        --locale=C.UTF-8 >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log" >&2; exit 2; }
    "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w -o \
        "-p $port -k $work/pg -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null \
        || { cat "$work/pg.log" >&2; exit 2; }
    pg_url="postgres://postgres@127.0.0.1:$port/postgres"
    local settings
    settings=$(psql -X -At "$pg_url" -c "SELECT string_agg(name || '=' || setting, ' ' ORDER BY name)
        FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method')")
    echo "# PostgreSQL 15 on 127.0.0.1:$port: $settings"
}

# Single-row commits per second, one after another, in a WAL database with synchronous =
# FULL on the file system of the data directories.
sqlite_peer() {
    python3 - "$work/peer.db" "$peer_commits" <<'EOF'
import sqlite3, sys, time
path, n = sys.argv[1], int(sys.argv[2])
db = sqlite3.connect(path, isolation_level=None)
db.execute("PRAGMA journal_mode = WAL")
db.execute("PRAGMA synchronous = FULL")
db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, at INTEGER NOT NULL)")
start = time.perf_counter()
for i in range(n):
    db.execute("BEGIN IMMEDIATE")
    db.execute("INSERT INTO t (at) VALUES (?)", (i,))
    db.execute("COMMIT")
print(f"{n / (time.perf_counter() - start):.0f}")
EOF
}

# The same on PostgreSQL: pgbench, one client, one INSERT per transaction.
postgres_peer() {
    psql -X -q "$pg_url" -c "CREATE TABLE IF NOT EXISTS bench_peer (id BIGSERIAL PRIMARY KEY, at BIGINT NOT NULL)"
    echo "INSERT INTO bench_peer (at) VALUES (1);" >"$work/peer.sql"
    pgbench -n -c 1 -t "$peer_commits" -f "$work/peer.sql" "$pg_url" 2>/dev/null |
        awk '/^tps/ {printf "%.0f\n", $3}'
    psql -X -q "$pg_url" -c "DROP TABLE bench_peer"
}

# Initialises the data directory (and database) of a deployment with one officer.
initialise() {
    local org
    org=$(echo "$password" | "$custos" init --org "Bench City" --admin bench.admin --password-stdin |
        awk '/^organisation/ {print $2}')
    echo "$password" | "$custos" user add --username bench.officer --role officer --org "$org" \
        --password-stdin >/dev/null
}

# Starts a node on a free port; sets $base to its URL.
start_node() {
    local port
    port=$(free_port)
    CUSTOS_BIND="127.0.0.1:$port" "$custos" serve >>"$work/serve-$port.log" 2>&1 &
    servers+=($!)
    base="http://127.0.0.1:$port"
    for _ in $(seq 1 100); do
        curl -fs "$base/healthz" >/dev/null && return 0
        sleep 0.1
    done
    echo "cluster.sh: node on $port did not start" >&2; cat "$work/serve-$port.log" >&2; exit 2
}

# Logs the officer in at $1 and uploads a 1 KiB item; sets $token and $item.
prepare_item() {
    token=$(curl -fs -H 'content-type: application/json' \
        -d "{\"username\":\"bench.officer\",\"password\":\"$password\"}" "$1/api/v1/auth/login" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')
    head -c 1024 /dev/urandom >"$work/item.bin"
    local digest location
    digest=$(sha256sum "$work/item.bin" | cut -d' ' -f1)
    location=$(curl -fs -D - -o /dev/null -X POST -H "Authorization: Bearer $token" \
        -H 'Tus-Resumable: 1.0.0' -H 'Upload-Length: 1024' \
        -H "Upload-Metadata: sha256 $(printf %s "$digest" | base64 -w0)" "$1/api/v1/uploads" |
        awk 'tolower($1) == "location:" {print $2}' | tr -d '\r')
    if [[ $location != http* ]]; then location="$1$location"; fi
    item=$(curl -fs -D - -o /dev/null -X PATCH -H "Authorization: Bearer $token" \
        -H 'Tus-Resumable: 1.0.0' -H 'Upload-Offset: 0' \
        -H 'Content-Type: application/offset+octet-stream' --data-binary @"$work/item.bin" \
        "$location" | awk 'tolower($1) == "custos-evidence-id:" {print $2}' | tr -d '\r')
    [[ -n $item ]] || { echo "cluster.sh: the bench item did not upload" >&2; exit 2; }
    printf 'wrk.headers["Authorization"] = "Bearer %s"\n' "$token" >"$work/bearer.lua"
}

# The log size in the signed checkpoint at $1.
log_size() {
    curl -fs "$1/api/v1/log/checkpoint" | sed -n 2p
}

# wrk against each base URL at once, the connections split between them; prints one line.
# Arguments: label, peer commits/s, base URLs.
measure() {
    local label=$1 peer=$2
    shift 2
    local per=$((connections / $#)) before after started ended n=0 clients=()
    before=$(log_size "$1")
    started=$(date +%s.%N)
    for node in "$@"; do
        wrk -t"$threads" -c"$per" -d"${seconds}s" --latency -s "$work/bearer.lua" \
            "$node/api/v1/evidence/$item" >"$work/wrk-$n.out" &
        clients+=($!)
        n=$((n + 1))
    done
    for pid in "${clients[@]}"; do wait "$pid"; done
    ended=$(date +%s.%N)
    after=$(log_size "$1")
    local rps=0 p99s="" errors=0
    for i in $(seq 0 $((n - 1))); do
        rps=$(awk -v a="$rps" '/^Requests\/sec/ {print a + $2}' "$work/wrk-$i.out")
        p99s+="$(awk '$1 == "99%" {print $2}' "$work/wrk-$i.out") "
        errors=$((errors + $(awk '/Non-2xx/ {print $5; f=1} END {if (!f) print 0}' "$work/wrk-$i.out")))
    done
    local appends
    appends=$(awk -v a="$after" -v b="$before" -v s="$started" -v e="$ended" 'BEGIN {printf "%.0f", (a - b) / (e - s)}')
    printf '%-28s %7s appends/s  (%5.0f req/s, %d non-2xx)  p99 %-18s peer %6s commits/s  ratio %sx\n' \
        "$label" "$appends" "$rps" "$errors" "${p99s% }" "$peer" \
        "$(awk -v a="$appends" -v p="$peer" 'BEGIN {printf "%.2f", a / p}')"
}

echo "# $(nproc) cores; $connections concurrent reads of one 1 KiB item (each a logged access), wrk -t$threads, ${seconds}s per run; peer: $peer_commits single-row commits"

# One node, SQLite.
export CUSTOS_DATA_DIR="$work/sqlite-data"
unset CUSTOS_DATABASE_URL
initialise
start_node
prepare_item "$base"
sqlite_rate=$(sqlite_peer)
measure "1 node  SQLite" "$sqlite_rate" "$base"
kill -TERM "${servers[-1]}"; wait "${servers[-1]}" 2>/dev/null || true; unset 'servers[-1]'

# One node, then two nodes, on one durable PostgreSQL.
start_postgres
export CUSTOS_DATA_DIR="$work/pg-data" CUSTOS_DATABASE_URL="$pg_url"
initialise
start_node
first=$base
prepare_item "$first"
postgres_rate=$(postgres_peer)
measure "1 node  PostgreSQL" "$postgres_rate" "$first"
start_node
second=$base
postgres_rate=$(postgres_peer)
measure "2 nodes PostgreSQL" "$postgres_rate" "$first" "$second"
for pid in "${servers[@]}"; do kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
servers=()

# Records ingest on the same durable PostgreSQL (a schema of its own).
echo "# POST /api/v1/records on durable PostgreSQL: $records records, batches of $record_batch, $record_clients clients"
CUSTOS_BENCH_BACKEND=postgres CUSTOS_TEST_POSTGRES_URL="$pg_url" \
    "$ingest_bench" "$records" "$record_batch" "$record_clients"

# Uploads of the same files, one after another, each in one PATCH: local blobs, then S3.
upload_rate() {
    local total=0 i length digest location took
    for i in $(seq 1 "$upload_count"); do
        length=$(stat -c %s "$work/upload-$i.bin")
        digest=$(sha256sum "$work/upload-$i.bin" | cut -d' ' -f1)
        location=$(curl -fs -D - -o /dev/null -X POST -H "Authorization: Bearer $token" \
            -H 'Tus-Resumable: 1.0.0' -H "Upload-Length: $length" \
            -H "Upload-Metadata: sha256 $(printf %s "$digest" | base64 -w0)" "$1/api/v1/uploads" |
            awk 'tolower($1) == "location:" {print $2}' | tr -d '\r')
        if [[ $location != http* ]]; then location="$1$location"; fi
        took=$(curl -fs -o /dev/null -w '%{time_total}' -X PATCH -H "Authorization: Bearer $token" \
            -H 'Tus-Resumable: 1.0.0' -H 'Upload-Offset: 0' \
            -H 'Content-Type: application/offset+octet-stream' --data-binary @"$work/upload-$i.bin" \
            "$location")
        total=$(awk -v a="$total" -v b="$took" 'BEGIN {print a + b}')
    done
    awk -v t="$total" -v n="$upload_count" -v m="$upload_mib" 'BEGIN {printf "%.1f", n * m / t}'
}
if [[ -n $s3_url ]]; then
    echo "# uploads: $upload_count files of $upload_mib MiB, each in one PATCH, one after another"
    for i in $(seq 1 "$upload_count"); do head -c $((upload_mib << 20)) /dev/urandom >"$work/upload-$i.bin"; done
    export CUSTOS_DATA_DIR="$work/upload-local"
    unset CUSTOS_DATABASE_URL
    initialise
    start_node
    prepare_item "$base"
    local_rate=$(upload_rate "$base")
    kill -TERM "${servers[-1]}"; wait "${servers[-1]}" 2>/dev/null || true; unset 'servers[-1]'
    export CUSTOS_DATA_DIR="$work/upload-s3" CUSTOS_BLOB_URL="$s3_url/bench-$$"
    initialise
    start_node
    prepare_item "$base"
    s3_rate=$(upload_rate "$base")
    printf '%-28s %7s MiB/s local  %7s MiB/s S3  ratio S3/local %sx\n' "upload" "$local_rate" "$s3_rate" \
        "$(awk -v a="$s3_rate" -v b="$local_rate" 'BEGIN {printf "%.2f", a / b}')"
fi
