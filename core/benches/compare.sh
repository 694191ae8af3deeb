#!/usr/bin/env bash
# Compares custos against reference tools on the same input in the same run, alternating the
# two so that neither gets a quieter machine, and checks that both compute the same result.
#
# Usage: core/benches/compare.sh [SIZE_MIB] [ROUNDS]   (defaults: 1024 MiB, 7 rounds)
#
# Figures are MB/s (10^6 bytes per second): the median and the fastest round of wall-clock
# time, and the median of CPU time (user + system), which stays meaningful when other work
# shares the machine. The ratio is custos/reference, so above 1 means custos is faster.
# The page cache cannot be dropped here, so each input is read once beforehand and every run
# then reads it from memory: the figures compare hashing, not disks.
set -euo pipefail

SIZE_MIB=${1:-1024}
ROUNDS=${2:-7}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Runs a command with its standard output in the file $1 and appends "wall cpu" seconds to the
# file $2.
timed() {
    local output=$1 times=$2
    shift 2
    local TIMEFORMAT='%R %U %S' timing
    timing=$({ time "$@" >"$output" 2>"$output.err"; } 2>&1) || {
        echo "compare.sh: $* failed: $(cat "$output.err")" >&2
        exit 1
    }
    awk '{ printf "%s %.3f\n", $1, $2 + $3 }' <<<"$timing" >>"$times"
}

# Prints "wall-median wall-best cpu-median" seconds from a times file.
statistics() {
    awk '{ wall[NR] = $1; cpu[NR] = $2; if (NR == 1 || $1 < best) best = $1 }
        function median(v, n,   i, j, t) {
            for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
            return (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
        }
        END { printf "%s %s %s\n", median(wall, NR), best, median(cpu, NR) }' "$1"
}

# Prints one result line for a tool: its name, bytes per run and its times file.
report() {
    local name=$1 bytes=$2 wall_median wall_best cpu_median
    read -r wall_median wall_best cpu_median < <(statistics "$3")
    awk -v name="$name" -v b="$bytes" -v wm="$wall_median" -v wb="$wall_best" -v cm="$cpu_median" \
        'BEGIN { printf "%-24s wall median %7.1f MB/s  best %7.1f MB/s   cpu median %7.1f MB/s\n",
            name, b / wm / 1e6, b / wb / 1e6, b / cm / 1e6 }'
}

# Prints the throughput ratios custos/reference, given both times files and the reference name.
ratios() {
    local custos reference
    custos=$(statistics "$1")
    reference=$(statistics "$2")
    awk -v c="$custos" -v r="$reference" -v name="$3" 'BEGIN { split(c, cs, " "); split(r, rs, " ");
        printf "ratio custos/%s: wall median %.3f  best %.3f   cpu median %.3f   (target >= 0.9)\n",
            name, rs[1] / cs[1], rs[2] / cs[2], rs[3] / cs[3] }'
}

# Writes $2 MiB of random bytes to the file $1 and reads it once into the page cache.
make_input() {
    head -c $(($2 * 1024 * 1024)) /dev/urandom >"$1"
    cat "$1" >/dev/null
}

build_examples() {
    cargo build --quiet --release -p custos-core --examples --manifest-path "$ROOT/Cargo.toml"
}

# ---------------------------------------------------------------------------------------------
# Comparison: SHA-256 of a whole evidence file, custos `hash_reader` vs `openssl dgst -sha256`.
# ---------------------------------------------------------------------------------------------
compare_sha256_file() {
    local file=$WORK/evidence.bin round
    make_input "$file" "$SIZE_MIB"
    for round in $(seq "$ROUNDS"); do
        timed "$WORK/custos.out" "$WORK/custos.times" "$ROOT/target/release/examples/hash_file" "$file"
        timed "$WORK/openssl.out" "$WORK/openssl.times" openssl dgst -sha256 -r "$file"
        local custos_digest openssl_digest
        custos_digest=$(awk '{ print $1 }' "$WORK/custos.out")
        openssl_digest=$(awk '{ print $1 }' "$WORK/openssl.out")
        if [[ "$custos_digest" != "$openssl_digest" ]]; then
            echo "compare.sh: round $round: custos $custos_digest, openssl $openssl_digest" >&2
            exit 1
        fi
    done
    local bytes=$((SIZE_MIB * 1024 * 1024))
    echo "sha256 of a $SIZE_MIB MiB file, $ROUNDS rounds, both gave $(awk '{ print $1 }' "$WORK/custos.out")"
    report "custos hash_reader" "$bytes" "$WORK/custos.times"
    report "openssl dgst -sha256" "$bytes" "$WORK/openssl.times"
    ratios "$WORK/custos.times" "$WORK/openssl.times" openssl
    rm -f "$file"
}

# Add further comparisons above as `compare_<what>` functions and list them here.
COMPARISONS=(compare_sha256_file)

build_examples
for comparison in "${COMPARISONS[@]}"; do
    "$comparison"
    echo
done
