#!/usr/bin/env bash
# The one command that runs every custos test on a fresh machine: the Rust workspace (core,
# server and end-to-end tests on SQLite and on a throwaway PostgreSQL 15), the evidence tests
# again with a throwaway Garage S3 server (built once into ~/.cache/custos-garage), the fault
# harness, the cluster test (two nodes on PostgreSQL and Garage, one SIGKILLed and restarted,
# the store stopped for 10 s) and schemathesis against the served OpenAPI document (on the
# debug binary), the independent Go verifier of checkpoints and proofs, the independent Python
# verifier of case bundles, the supervisor console in headless Chromium (with axe-core), the
# built-in holiday calendar against PyPI chinesecalendar, and the Kotlin and Python bindings.
# Each step installs what it needs (Debian packages, npm, PyPI) and nothing twice.
#
# Ends with `all: N passed, M failed` and exits non-zero if anything failed.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
logs=$(mktemp -d -t custos-tests.XXXXXX)
trap 'rm -rf "$logs"' EXIT

passed=0
failed=0
failed_steps=()

# Runs one step, keeps its output, and adds up what its runner reported.
step() {
    local name=$1
    shift
    printf '\n== %s\n' "$name"
    local status=0
    "$@" 2>&1 | tee "$logs/$name.log" || status=$?
    local counted
    counted=$(count "$logs/$name.log")
    set -- $counted
    if [ "$status" -ne 0 ] || [ "$2" -ne 0 ] || [ "$1" -eq 0 ]; then
        failed_steps+=("$name")
        [ "$2" -ne 0 ] || set -- "$1" 1
    fi
    passed=$((passed + $1))
    failed=$((failed + $2))
}

# Prints "PASSED FAILED" from cargo's `test result:` lines or a closing `N passed, M failed` line.
count() {
    python3 - "$1" <<'PYTHON'
import re, sys
text = open(sys.argv[1], errors="replace").read()
cargo = re.findall(r"^test result: \w+\. (\d+) passed; (\d+) failed", text, re.M)
if cargo:
    print(sum(int(p) for p, _ in cargo), sum(int(f) for _, f in cargo))
else:
    plain = re.findall(r"^(?:[\w-]+: )?(\d+) passed, (\d+) failed", text, re.M)
    print(*(plain[-1] if plain else (0, 0)))
PYTHON
}

step rust bash tests/run-postgres.sh cargo test --workspace --locked
# The same test binary the rust step built (--workspace keeps its features), its evidence and
# upload tests with every app's evidence in Garage; Garage is built once into ~/.cache.
step s3 bash tests/run-garage.sh bash tests/run-postgres.sh \
    cargo test --workspace --locked --test e2e -- evidence:: uploads::
step faults bash tests/faults/run.sh
# On the debug binary the faults step built.
step cluster bash tests/cluster/run.sh
step schemathesis bash tests/schemathesis/run.sh
step calendar bash tests/calendar/run.sh
step go-verifier bash tests/go-verifier/run.sh
step bundle-verifier bash tests/bundle-verifier/run.sh
step tus-interop bash tests/interop/run.sh
step console bash tests/console/run.sh
step bindings bash mobile-ffi/tests/run.sh

printf '\n'
if [ "${#failed_steps[@]}" -gt 0 ]; then
    # The failures again, at the end, where a CI log cut to its tail still shows them.
    for name in "${failed_steps[@]}"; do
        printf '== what failed in %s\n' "$name"
        grep -E -m 40 '^(FAIL|---- |test .* FAILED|thread .* panicked|AssertionError|[[:alnum:]_.-]+: exit status)' \
            "$logs/$name.log" | cut -c1-300 || true
    done
    echo "failed steps: ${failed_steps[*]}"
fi
echo "all: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
