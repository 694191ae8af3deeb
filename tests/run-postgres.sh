#!/usr/bin/env bash
# Runs a command (default: cargo test --workspace) with a throwaway PostgreSQL 15 cluster:
# initdb in a temporary directory, a free loopback port, owned by the `postgres` user when
# started as root, stopped and deleted on exit. The command sees CUSTOS_TEST_POSTGRES_URL.
#
#   tests/run-postgres.sh                          # every test, both backends
#   tests/run-postgres.sh cargo test -p custos-tests auth
set -euo pipefail

pg_bin=/usr/lib/postgresql/15/bin
if [[ ! -x $pg_bin/initdb ]]; then
    if [[ $(id -u) -eq 0 ]]; then
        apt-get install -y --no-install-recommends postgresql-15 >&2
    else
        echo "run-postgres.sh: $pg_bin/initdb missing; install postgresql-15" >&2
        exit 2
    fi
fi

# As root, the cluster runs as `postgres` (PostgreSQL refuses to run as root).
as_owner=()
if [[ $(id -u) -eq 0 ]]; then
    as_owner=(runuser -u postgres --)
fi

work=$(mktemp -d -t custos-pg.XXXXXX)
chmod 755 "$work"
if [[ ${#as_owner[@]} -gt 0 ]]; then chown postgres: "$work"; fi

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
port=$(free_port)

stop() {
    "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap stop EXIT

"${as_owner[@]}" "$pg_bin/initdb" -D "$work/data" -U postgres --auth=trust -E UTF8 \
    --locale=C.UTF-8 >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log" >&2; exit 2; }
# Durability is irrelevant for throwaway test data; connections: parallel tests × pool size.
"${as_owner[@]}" "$pg_bin/pg_ctl" -D "$work/data" -l "$work/server.log" -w -o \
    "-p $port -k $work -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
     -c full_page_writes=off -c max_connections=400" start >/dev/null \
    || { cat "$work/server.log" >&2; exit 2; }

export CUSTOS_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
echo "run-postgres.sh: PostgreSQL 15 on 127.0.0.1:$port" >&2
if [[ $# -eq 0 ]]; then
    set -- cargo test --workspace
fi
"$@"
