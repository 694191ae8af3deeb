#!/usr/bin/env bash
# The upload bench (tests/bench/upload.py): builds custos in release mode, installs the Rust
# tus server rustus from crates.io under target/rustus if it is missing, and runs the bench.
# Arguments go to upload.py (--size-mib, --concurrent, --each-mib). Not a test: it prints
# figures and ratios measured in the same run, on whatever else the machine is doing.
#
#   bash tests/bench/upload.sh
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"

cargo build --release --locked -p custos-api --bin custos

rustus_root="$repo/target/rustus"
rustus="$rustus_root/bin/rustus"
if [ ! -x "$rustus" ]; then
    mkdir -p "$rustus_root"
    echo "upload bench: installing rustus into $rustus_root (once)" >&2
    # --locked: rustus' own lock file, so the build does not depend on today's crates.
    if ! cargo install rustus --locked --root "$rustus_root" >"$rustus_root/install.log" 2>&1; then
        echo "upload bench: rustus did not build; the comparison is left out. The error:" >&2
        grep -E '^error' -A5 "$rustus_root/install.log" | head -20 >&2
    fi
fi

export CUSTOS_BIN="$repo/target/release/custos"
if [ -x "$rustus" ]; then
    export RUSTUS_BIN="$rustus"
fi
exec python3 "$repo/tests/bench/upload.py" "$@"
