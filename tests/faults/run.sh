#!/usr/bin/env bash
# The fault harness: every `tests/faults/fault-*` program in name order, each against the
# debug `custos` binary (CUSTOS_BIN) and, where it needs one, a throwaway PostgreSQL
# (CUSTOS_TEST_POSTGRES_URL, from tests/run-postgres.sh). Each program ends with a line
# `NAME: N passed, M failed`. `--soak` (or CUSTOS_FAULTS_SOAK=1) also runs the long variants.
# Ends with `faults: N passed, M failed`.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here/../.."
if [[ ${1:-} == --soak ]]; then
    export CUSTOS_FAULTS_SOAK=1
fi
cargo build -p custos-api --bin custos || exit 2
# Checkpoint signatures and device keys (Ed25519) in the programs.
python3 -c 'import cryptography' 2>/dev/null || pip install --quiet cryptography
export CUSTOS_BIN="$PWD/target/debug/custos"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
programs=0
for program in "$here"/fault-*; do
    [[ -x $program ]] || continue
    programs=$((programs + 1))
    printf -- '-- %s\n' "$(basename "$program")"
    "$program" 2>&1 | tee -a "$log"
    status=${PIPESTATUS[0]}
    if [[ $status -ne 0 ]]; then
        echo "$(basename "$program"): exit status $status" | tee -a "$log"
    fi
done
python3 - "$log" "$programs" <<'PYTHON'
import re, sys
text = open(sys.argv[1]).read()
counts = re.findall(r"^[\w-]+: (\d+) passed, (\d+) failed", text, re.M)
passed = sum(int(p) for p, _ in counts)
failed = sum(int(f) for _, f in counts)
failed += len(re.findall(r"^[\w-]+: exit status \d+", text, re.M))
failed += max(0, int(sys.argv[2]) - len(counts))
print(f"faults: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PYTHON
