#!/usr/bin/env bash
# The independent Python verifier of case bundles (verify.py: `cryptography` and `rfc8785`
# from PyPI, no custos code) against `custos verify`, on a bundle a throwaway server exports
# and on tampered copies of it (check.py). Ends with `bundle-verifier: N passed, M failed`.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here/../.."
cargo build -p custos-api --bin custos || exit 2
python3 -c 'import cryptography, rfc8785' 2>/dev/null || pip install --quiet cryptography rfc8785
export CUSTOS_BIN="$PWD/target/debug/custos"
python3 "$here/check.py"
