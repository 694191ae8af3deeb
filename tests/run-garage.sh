#!/usr/bin/env bash
# Runs a command with a throwaway S3 server: Garage 2.5.0 (crates.io; AGPL, so it runs as a
# separate process and custos never links it), one node on loopback in a temporary directory
# with replication_factor = 1 and SQLite metadata, one bucket and one key. Garage is built
# once into ~/.cache/custos-garage/2.5.0 (about 20-30 minutes on 2 cores) and reused after.
# The command sees the standard AWS_* variables, CUSTOS_BLOB_URL=s3://custos-test/run, and,
# for tests that stop the server and start it again, CUSTOS_TEST_GARAGE (the binary),
# CUSTOS_TEST_GARAGE_CONFIG and CUSTOS_TEST_GARAGE_PID_FILE (the running server's process id:
# a test that starts the server again writes its new one there, and this script stops it).
#
#   tests/run-garage.sh cargo test -p custos-tests --test e2e evidence::
#   tests/run-garage.sh bash tests/run-postgres.sh cargo test -p custos-tests --test e2e
set -euo pipefail

version=2.5.0
root=${CUSTOS_GARAGE_ROOT:-$HOME/.cache/custos-garage/$version}
garage=$root/bin/garage
if [[ ! -x $garage ]]; then
    echo "run-garage.sh: building Garage $version into $root (once)" >&2
    cargo install garage --version "$version" --locked --root "$root" >&2
fi

work=$(mktemp -d -t custos-garage.XXXXXX)
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
s3_port=$(free_port)
rpc_port=$(free_port)
admin_port=$(free_port)
hex() { python3 -c "import secrets; print(secrets.token_hex($1))"; }

cat >"$work/garage.toml" <<TOML
metadata_dir = "$work/meta"
data_dir = "$work/data"
db_engine = "sqlite"
replication_factor = 1
rpc_bind_addr = "127.0.0.1:$rpc_port"
rpc_public_addr = "127.0.0.1:$rpc_port"
rpc_secret = "$(hex 32)"

[s3_api]
s3_region = "garage"
api_bind_addr = "127.0.0.1:$s3_port"
root_domain = ".s3.garage.localhost"

[admin]
api_bind_addr = "127.0.0.1:$admin_port"
admin_token = "$(hex 16)"
TOML

garage_pid=
stop() {
    local pid
    pid=$(cat "$work/garage.pid" 2>/dev/null || true)
    if [[ -n $pid ]]; then
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        # A server the test started again is not this shell's child: wait for it by polling.
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -rf "$work"
}
trap stop EXIT

cli() { "$garage" -c "$work/garage.toml" "$@"; }

RUST_LOG=warn "$garage" -c "$work/garage.toml" server >"$work/server.log" 2>&1 &
garage_pid=$!
echo "$garage_pid" >"$work/garage.pid"
for _ in $(seq 1 100); do
    if cli status >/dev/null 2>&1; then break; fi
    if ! kill -0 "$garage_pid" 2>/dev/null; then cat "$work/server.log" >&2; exit 2; fi
    sleep 0.2
done
# Each set-up step's output goes to a log, shown only if the step fails.
quiet() {
    "$@" >>"$work/setup.log" 2>&1 || { cat "$work/setup.log" "$work/server.log" >&2; exit 2; }
}
node=$(cli node id -q | cut -d@ -f1)
key_id="GK$(hex 12)"
secret=$(hex 32)
quiet cli layout assign -z local -c 10G "$node"
quiet cli layout apply --version 1
quiet cli key import --yes -n custos-test "$key_id" "$secret"
quiet cli bucket create custos-test
quiet cli bucket allow --read --write --owner custos-test --key custos-test

export AWS_ACCESS_KEY_ID=$key_id
export AWS_SECRET_ACCESS_KEY=$secret
export AWS_REGION=garage
export AWS_ENDPOINT=http://127.0.0.1:$s3_port
export AWS_ALLOW_HTTP=true
export CUSTOS_BLOB_URL=s3://custos-test/run
export CUSTOS_TEST_GARAGE=$garage
export CUSTOS_TEST_GARAGE_CONFIG=$work/garage.toml
export CUSTOS_TEST_GARAGE_PID_FILE=$work/garage.pid
echo "run-garage.sh: Garage $version on 127.0.0.1:$s3_port" >&2
"$@"
