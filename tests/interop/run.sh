#!/usr/bin/env bash
# Interop of unmodified tus clients with custos: tuspy (PyPI) and tus-js-client (npm), each
# uploading files of several sizes and one killed mid-way and resumed, digests checked end to
# end; then the crash test: the server is killed with SIGKILL mid-upload at random moments and
# every upload resumes and verifies. Installs the clients if missing.
# Ends with `tus: N passed, M failed`.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here/../.."
cargo build -p custos-api --bin custos || exit 2
python3 -c 'import tusclient' 2>/dev/null || pip install --quiet tuspy
[ -d "$here/node_modules/tus-js-client" ] || (cd "$here" && npm install --no-audit --no-fund --silent)
export CUSTOS_BIN="$PWD/target/debug/custos"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
python3 "$here/interop.py" | tee "$log"
python3 "$here/crash.py" | tee -a "$log"
python3 - "$log" <<'PYTHON'
import re, sys
counts = re.findall(r"^\w+: (\d+) passed, (\d+) failed", open(sys.argv[1]).read(), re.M)
passed = sum(int(p) for p, _ in counts)
failed = sum(int(f) for _, f in counts) + (2 - len(counts))
print(f"tus: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PYTHON
