#!/usr/bin/env bash
# The cluster test: two nodes of the debug `custos` binary on one throwaway PostgreSQL and one
# throwaway Garage S3 server (tests/run-postgres.sh, tests/run-garage.sh), clients on both,
# one node SIGKILLed and restarted mid-run, then the S3 server and then the PostgreSQL stopped
# for 10 s each (tests/cluster/cluster.py). Ends with
# `cluster: N passed, M failed`.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here/../.."
cargo build --locked -p custos-api --bin custos
# Device keys (Ed25519) in the program.
python3 -c 'import cryptography' 2>/dev/null || pip install --quiet cryptography
export CUSTOS_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/custos"
bash tests/run-garage.sh bash tests/run-postgres.sh python3 "$here/cluster.py"
