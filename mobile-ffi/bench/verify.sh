#!/usr/bin/env bash
# Verifies the same 1000-record case bundle, exported by a throwaway custos server
# (tests/bundle-verifier/export.py), from Kotlin on the JVM through the binding (verifyBundle)
# and from Rust (examples/verify_bundle_rust.rs, the same exported function), in alternating
# rounds of one run, and prints the median milliseconds per call of each and the ratio
# Kotlin/Rust (target < 2).
#
# Usage: mobile-ffi/bench/verify.sh [ROUNDS] [CALLS_PER_ROUND]   (defaults: 5 rounds of 20 calls)
#
# Each side times only its verification calls (no JVM or process start-up, the JVM warmed up),
# on two clocks: wall time, and the time the calling thread ran on a CPU (Linux schedstat),
# which other work on a shared machine does not inflate.
set -euo pipefail

ROUNDS=${1:-5}
CALLS=${2:-20}

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$bench_dir/../toolchain.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

install_debian_packages
kotlinc=$(kotlin_compiler)
build_host_library release
cargo build --quiet --release --manifest-path "$ffi_dir/Cargo.toml" -p custos-ffi --example verify_bundle_rust
cargo build --quiet --release -p custos-api --bin custos
target_dir=$(cargo_target_dir)
generate_bindings "$target_dir/release/libcustos_ffi.so" "$work/bindings" kotlin
say "compiling the Kotlin benchmark"
if ! "$kotlinc" -nowarn -cp "$JAVA_JARS" -d "$work/classes" \
    "$work/bindings/kotlin/custos/ffi/custos_ffi.kt" "$bench_dir/VerifyBundleBench.kt" >"$work/kotlinc.log" 2>&1; then
    cat "$work/kotlinc.log" >&2
    exit 1
fi

say "exporting a 1000-record bundle from a custos server"
python3 -c 'import cryptography' 2>/dev/null || pip install --quiet cryptography
CUSTOS_BIN="$target_dir/release/custos" python3 "$ffi_dir/../tests/bundle-verifier/export.py" "$work/export" >/dev/null
bundle="$work/export/bundle-1000.json"
key=$(cat "$work/export/verifier-key.txt")

# Both sides print "RECORDS records  WALL ms wall  CPU ms cpu"; keep wall and cpu per round.
for round in $(seq "$ROUNDS"); do
    "$target_dir/release/examples/verify_bundle_rust" "$bundle" "$key" "$CALLS" | awk '{ print $1, $3, $6 }' >>"$work/rust"
    java -Djna.library.path="$target_dir/release" \
        -cp "$work/classes:$(kotlin_stdlib "$kotlinc"):$JAVA_JARS" \
        custos.ffi.bench.VerifyBundleBenchKt "$bundle" "$key" "$CALLS" | awk '{ print $1, $3, $6 }' >>"$work/kotlin"
    say "round $round of $ROUNDS (wall, cpu ms): rust $(tail -n 1 "$work/rust" | cut -d' ' -f2-)," \
        "kotlin $(tail -n 1 "$work/kotlin" | cut -d' ' -f2-)"
done

python3 - "$work/rust" "$work/kotlin" "$(stat -c %s "$bundle")" <<'PYTHON'
import statistics
import sys

def rounds(path):
    with open(path) as lines:
        return [(int(n), float(wall), float(cpu)) for n, wall, cpu in (line.split() for line in lines)]

rust, kotlin = rounds(sys.argv[1]), rounds(sys.argv[2])
if {r[0] for r in rust + kotlin} != {1000}:
    sys.exit("verify.sh: a side did not verify 1000 records")
print(f"verifying a 1000-record case bundle ({int(sys.argv[3]) // 1024} KiB), median of {len(rust)} rounds")
print(f"{'':46} {'wall ms':>9} {'cpu ms':>9}")
for name, runs in (("rust   verify_bundle (custos-ffi, in Rust)", rust), ("kotlin verifyBundle (custos-ffi, JVM, JNA)", kotlin)):
    print(f"{name:46} {statistics.median(r[1] for r in runs):9.2f} {statistics.median(r[2] for r in runs):9.2f}")
for clock, label in ((1, "wall"), (2, "cpu")):
    ratio = statistics.median(r[clock] for r in kotlin) / statistics.median(r[clock] for r in rust)
    print(f"ratio kotlin/rust ({label}): {ratio:.3f} (target < 2): {'met' if ratio < 2 else 'NOT met'}")
PYTHON
