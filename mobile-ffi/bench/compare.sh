#!/usr/bin/env bash
# Hashes the same file from Kotlin on the JVM through the binding (hash_file with a progress
# listener, as an app uses it) and from Rust (examples/hash_file_rust.rs, calling
# custos-core's hash_reader directly), in alternating rounds of one run, and prints MB/s for
# each and the throughput ratio Kotlin/Rust (target >= 0.9).
#
# Usage: mobile-ffi/bench/compare.sh [SIZE_MIB] [ROUNDS] [REPORT_EVERY_MIB]
#        (defaults: 1024 MiB, 7 rounds, a progress report every 16 MiB)
#
# Each progress report is a call from Rust into the JVM through JNA, which costs tens of
# microseconds of CPU (and more wall time on a busy machine); 16 MiB gives a progress bar 64
# steps per GiB for well under 1% of the hashing time.
#
# Each side times only its hashing call (no JVM or process start-up), on two clocks: wall
# time, and the time the hashing thread actually ran on a CPU (Linux schedstat), which other
# work on a shared machine does not inflate. Figures are medians over the rounds, in 10^6
# bytes per second. The input is random bytes read once into the page cache beforehand, so
# the rounds compare hashing, not disks. Both sides must report the same digest every round.
set -euo pipefail

SIZE_MIB=${1:-1024}
ROUNDS=${2:-7}
REPORT_EVERY_MIB=${3:-16}

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$bench_dir/../toolchain.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

install_debian_packages
kotlinc=$(kotlin_compiler)
build_host_library release
cargo build --quiet --release --manifest-path "$ffi_dir/Cargo.toml" -p custos-ffi --example hash_file_rust
target_dir=$(cargo_target_dir)
generate_bindings "$target_dir/release/libcustos_ffi.so" "$work/bindings" kotlin
say "compiling the Kotlin benchmark"
if ! "$kotlinc" -nowarn -cp "$JAVA_JARS" -d "$work/classes" \
    "$work/bindings/kotlin/custos/ffi/custos_ffi.kt" "$bench_dir/HashFileBench.kt" >"$work/kotlinc.log" 2>&1; then
    cat "$work/kotlinc.log" >&2
    exit 1
fi

say "writing a $SIZE_MIB MiB input"
input="$work/evidence.bin"
head -c $((SIZE_MIB * 1024 * 1024)) /dev/urandom >"$input"
cat "$input" >/dev/null

# Both sides print "DIGEST  SIZE bytes  WALL s wall  CPU s cpu ..."; keep those three per round.
for round in $(seq "$ROUNDS"); do
    "$target_dir/release/examples/hash_file_rust" "$input" | awk '{ print $1, $4, $7 }' >>"$work/rust"
    java -Djna.library.path="$target_dir/release" \
        -cp "$work/classes:$(kotlin_stdlib "$kotlinc"):$JAVA_JARS" \
        custos.ffi.bench.HashFileBenchKt "$input" "$REPORT_EVERY_MIB" | tee -a "$work/kotlin.log" | awk '{ print $1, $4, $7 }' >>"$work/kotlin"
    say "round $round of $ROUNDS (wall, cpu seconds): rust $(tail -n 1 "$work/rust" | cut -d' ' -f2-)," \
        "kotlin $(tail -n 1 "$work/kotlin" | cut -d' ' -f2-)"
done

python3 - "$work/rust" "$work/kotlin" "$SIZE_MIB" "$(tail -n 1 "$work/kotlin.log")" <<'PYTHON'
import statistics
import sys

def rounds(path):
    with open(path) as lines:
        return [(digest, float(wall), float(cpu)) for digest, wall, cpu in (line.split() for line in lines)]

rust, kotlin = rounds(sys.argv[1]), rounds(sys.argv[2])
size = int(sys.argv[3]) * 1024 * 1024
digests = {r[0] for r in rust + kotlin}
if len(digests) != 1:
    sys.exit(f"compare.sh: the two sides disagree on the digest: {sorted(digests)}")

def mb_per_s(runs, clock):
    return size / statistics.median(r[clock] for r in runs) / 1e6

print(f"sha256 of a {sys.argv[3]} MiB file, {len(rust)} rounds, both gave {digests.pop()}")
print(f"{'':42} {'wall MB/s':>10} {'cpu MB/s':>10}")
for name, runs in (("rust   hash_reader (custos-core)", rust), ("kotlin hash_file (custos-ffi, JVM, JNA)", kotlin)):
    print(f"{name:42} {mb_per_s(runs, 1):10.1f} {mb_per_s(runs, 2):10.1f}")
print(f"last kotlin round: {sys.argv[4]}")
for clock, label in ((1, "wall"), (2, "cpu")):
    ratio = mb_per_s(kotlin, clock) / mb_per_s(rust, clock)
    print(f"ratio kotlin/rust ({label}): {ratio:.3f} (target >= 0.9): {'met' if ratio >= 0.9 else 'NOT met'}")
PYTHON
