#!/usr/bin/env bash
# Bench of the anonymous publicity routes (not a test: it prints figures and always runs to
# the end). Builds the release seeding example, which starts the real server on SQLite and
# publishes N decision notices in one unit (one through the API, the rest through the same log
# append and rows the approval route writes), then drives GET /api/v1/public/decisions with wrk
# for a bounded time:
#   - the first page of 20 and of 100 notices (three indexed queries and the leaves of a page)
#   - a page of 20 near the end of the list (since = a recent log index)
#   - a conditional request whose If-None-Match is the unit's ETag: 304 after one index read
# and prints requests/s and the 99th percentile latency of each.
# Target (issue 15): at least 5,000 requests/s with p99 under 20 ms, 100,000 notices, SQLite.
#
#   tests/bench/publicity.sh                 # 100,000 notices
#   BENCH_NOTICES=10000 BENCH_SECONDS=5 tests/bench/publicity.sh
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
notices=${BENCH_NOTICES:-100000}
seconds=${BENCH_SECONDS:-15}
connections=${BENCH_CONNECTIONS:-32}
threads=${BENCH_THREADS:-1}

if ! command -v wrk >/dev/null; then
    echo "publicity.sh: wrk missing; apt-get install wrk" >&2
    exit 2
fi
(cd "$root" && cargo build --release -p custos-tests --example publicity_bench >&2)
target=${CARGO_TARGET_DIR:-$root/target}
work=$(mktemp -d -t custos-publicity-bench.XXXXXX)
mkfifo "$work/stdin"
server_pid=
cleanup() {
    exec 3>&- 2>/dev/null || true
    if [[ -n $server_pid ]]; then wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

export RUST_LOG=${RUST_LOG:-warn}
"$target/release/examples/publicity_bench" "$notices" <"$work/stdin" >"$work/out" 2>"$work/err" &
server_pid=$!
exec 3>"$work/stdin"
for _ in $(seq 1 36000); do
    [[ -s $work/out ]] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/err" >&2; exit 1; }
    sleep 0.1
done
read -r base org <"$work/out"
grep -h seeded "$work/err" >&2 || true
list="/api/v1/public/decisions?org_id=$org"
etag=$(curl -fs -D - -o /dev/null "$base$list&limit=20" | awk 'tolower($1) == "etag:" {print $2}' | tr -d '\r')
# The ETag is "ORG.LATEST": the log index of the unit's latest change.
last=${etag##*.}
last=${last%\"}
cat >"$work/plain.lua" <<'LUA'
LUA
cat >"$work/conditional.lua" <<LUA
wrk.headers["If-None-Match"] = '$etag'
LUA

run() {
    local label=$1 script=$2 path=$3
    local out rps p99 other
    out=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency -s "$script" "$base$path")
    rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    other=$(awk '/Non-2xx/ {print $5}' <<<"$out")
    printf '%-44s %10s req/s   p99 %8s   non-2xx %s\n' "$label" "$rps" "$p99" "${other:-0}"
}

echo "# sqlite: $(nproc) cores, $notices notices in one unit, wrk -t$threads -c$connections -d${seconds}s"
run "GET /healthz (baseline)" "$work/plain.lua" /healthz
run "GET public/decisions limit=20" "$work/plain.lua" "$list&limit=20"
run "GET public/decisions limit=100" "$work/plain.lua" "$list&limit=100"
run "GET public/decisions limit=20 since=recent" "$work/plain.lua" "$list&limit=20&since=$((last - 20))"
run "GET public/decisions If-None-Match (304)" "$work/conditional.lua" "$list&limit=20"
