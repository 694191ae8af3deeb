#!/usr/bin/env bash
# Load bench of the custos server (not a test: it prints figures and always runs to the end).
#
# Builds the release binary, then for SQLite and for a throwaway PostgreSQL 15 (through
# tests/run-postgres.sh): initialises a data directory, seeds users with `custos user add`,
# starts `custos serve` on loopback and drives it with wrk for a bounded time:
#   - GET /api/v1/me              (authenticated read: token check, session and user lookup)
#   - GET /api/v1/orgs/{id}       (authenticated, scoped read)
#   - POST /api/v1/auth/login     (Argon2id password check, session insert)
# and prints requests/s and the 99th percentile latency of each.
# Target for the read routes on 2 cores: at least 5,000 requests/s with p99 under 20 ms.
#
#   tests/bench/load.sh                  # both backends
#   tests/bench/load.sh sqlite           # one backend
#   BENCH_SECONDS=30 BENCH_CONNECTIONS=64 tests/bench/load.sh
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${BENCH_SECONDS:-15}
connections=${BENCH_CONNECTIONS:-32}
threads=${BENCH_THREADS:-1}
users=${BENCH_USERS:-50}
password="bench password 1"

if [[ ${1:-} == --backend ]]; then
    # Internal: one backend, inside run-postgres.sh for PostgreSQL.
    backend=$2
else
    if ! command -v wrk >/dev/null; then
        if [[ $(id -u) -eq 0 ]]; then apt-get install -y --no-install-recommends wrk >&2; else
            echo "load.sh: wrk missing; apt-get install wrk" >&2; exit 2; fi
    fi
    (cd "$root" && cargo build --release -p custos-api >&2)
    for backend in ${1:-sqlite postgres}; do
        case $backend in
            sqlite) "$0" --backend sqlite ;;
            postgres) "$root/tests/run-postgres.sh" "$0" --backend postgres ;;
            *) echo "load.sh: unknown backend $backend" >&2; exit 2 ;;
        esac
    done
    exit 0
fi

custos="$root/target/release/custos"
work=$(mktemp -d -t custos-bench.XXXXXX)
server_pid=
cleanup() {
    if [[ -n $server_pid ]]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

export CUSTOS_DATA_DIR="$work/data"
if [[ $backend == postgres ]]; then
    export CUSTOS_DATABASE_URL="$CUSTOS_TEST_POSTGRES_URL"
else
    unset CUSTOS_DATABASE_URL
fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export CUSTOS_BIND="127.0.0.1:$port"
base="http://127.0.0.1:$port"
# Request logs to a file: a terminal would slow the server down, not the other way round.
export RUST_LOG=${RUST_LOG:-warn}

org=$(echo "$password" | "$custos" init --org "Bench City" --admin bench.admin --password-stdin | awk '/^organisation/ {print $2}')
for i in $(seq 1 "$users"); do
    echo "$password" | "$custos" user add --username "bench.officer$i" --role officer --org "$org" --password-stdin >/dev/null
done

"$custos" serve >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
    curl -fs "$base/healthz" >/dev/null && break
    sleep 0.1
done

token=$(curl -fs -H 'content-type: application/json' \
    -d "{\"username\":\"bench.officer1\",\"password\":\"$password\"}" "$base/api/v1/auth/login" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')

cat >"$work/bearer.lua" <<EOF
wrk.headers["Authorization"] = "Bearer $token"
EOF
# Logins rotate over the seeded officers, so no account sees a burst of its own.
cat >"$work/login.lua" <<EOF
local n = 0
request = function()
    n = n % $users + 1
    local body = '{"username":"bench.officer' .. n .. '","password":"$password"}'
    return wrk.format("POST", "/api/v1/auth/login", {["Content-Type"] = "application/json"}, body)
end
EOF

# One wrk run; prints "route  requests/s  p99  non-2xx".
run() {
    local label=$1 script=$2 path=$3 clients=${4:-$connections}
    local out
    out=$(wrk -t"$threads" -c"$clients" -d"${seconds}s" --latency -s "$script" "$base$path")
    local rps p99 errors
    rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    errors=$(awk '/Non-2xx/ {print $5}' <<<"$out")
    printf '%-9s %-26s %10s req/s   p99 %8s   non-2xx %s\n' "$backend" "$label" "$rps" "$p99" "${errors:-0}"
}

echo "# $backend: $(nproc) cores, wrk -t$threads -c$connections -d${seconds}s, $users seeded officers"
run "GET /healthz (baseline)" "$work/bearer.lua" /healthz
run "GET /api/v1/me" "$work/bearer.lua" /api/v1/me
run "GET /api/v1/orgs/{id}" "$work/bearer.lua" "/api/v1/orgs/$org"
# A login is one Argon2id hash (tens of milliseconds of one core by design), so it runs
# with one connection per core: more would only measure time spent queueing.
run "POST /api/v1/auth/login" "$work/login.lua" /api/v1/auth/login "$(nproc)"
