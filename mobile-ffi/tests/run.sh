#!/usr/bin/env bash
# Tests the custos-ffi binding from Kotlin (JVM, JNA, JUnit 4) and Python, through the
# sources that uniffi-bindgen generates from the built library.
#
# Installs what it needs on first use and nothing twice (see ../toolchain.sh): Debian's JNA,
# JUnit 4 and gson through apt-get, the Kotlin compiler from npm into a cache directory.
# Also generates the Swift sources and runs the host part of ../build-mobile.sh, so the phone
# packaging starts from sources this run checked.
# Prints `ffi: N passed, M failed` last and exits non-zero on any failure.
#
# Environment: CUSTOS_FFI_CACHE (default ~/.cache/custos-ffi) holds the Kotlin compiler;
# CUSTOS_FFI_PROFILE (default debug) picks the cargo profile of the tested library.
set -euo pipefail

tests_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$tests_dir/../toolchain.sh"
profile="${CUSTOS_FFI_PROFILE:-debug}"

install_debian_packages
kotlinc=$(kotlin_compiler)
if [ "$profile" = debug ]; then cargo_profile=dev; else cargo_profile=$profile; fi
build_host_library "$cargo_profile"
lib_dir="$(cargo_target_dir)/$profile"
library="$lib_dir/libcustos_ffi.so"

generate_bindings "$library" "$build_dir/bindings" kotlin swift python
for generated in kotlin/custos/ffi/custos_ffi.kt swift/Custos.swift swift/CustosFFI.h \
    swift/CustosFFI.modulemap python/custos_ffi.py; do
    [ -s "$build_dir/bindings/$generated" ] || { say "uniffi-bindgen did not write $generated"; exit 1; }
done
# The Python module loads the library from its own directory.
cp "$library" "$build_dir/bindings/python/"

export CUSTOS_FFI_VECTORS="$tests_dir/vectors/ffi-vectors.json"
# A real case bundle and custody answer with tampered copies, exported by a throwaway custos
# server (the debug binary) with the verdicts `custos verify` gives them.
say "exporting a case bundle and a custody answer from a custos server"
cargo build --quiet -p custos-api --bin custos
python3 -c 'import cryptography' 2>/dev/null || pip install --quiet cryptography
export CUSTOS_FFI_EXPORT="$build_dir/export"
rm -rf "$CUSTOS_FFI_EXPORT"
CUSTOS_BIN="$(cargo_target_dir)/debug/custos" python3 "$tests_dir/../../tests/bundle-verifier/export.py" "$CUSTOS_FFI_EXPORT"
# The draw's known answers come from core's independent Python implementation.
export CUSTOS_DRAW_VECTORS="$tests_dir/../../core/tests/vectors/draw.json"

passed=0
failed=0
# Adds the counts of a runner's closing `LANGUAGE: N passed, M failed` line.
tally() {
    local line
    line=$(grep -E '^[a-z]+: [0-9]+ passed, [0-9]+ failed$' "$1" | tail -n 1) || line=""
    if [ -z "$line" ]; then
        say "$2 tests did not report; counting them as one failure"
        failed=$((failed + 1))
        return
    fi
    set -- $line
    passed=$((passed + $2))
    failed=$((failed + $4))
}

say "compiling the Kotlin tests"
classes="$build_dir/kotlin-classes"
kotlin_log="$build_dir/kotlin-tests.log"
rm -rf "$classes"
if "$kotlinc" -nowarn -cp "$JAVA_JARS" -d "$classes" \
    "$build_dir/bindings/kotlin/custos/ffi/custos_ffi.kt" "$tests_dir"/kotlin/*.kt >"$kotlin_log" 2>&1; then
    test_classes=()
    for source in "$tests_dir"/kotlin/*Test.kt; do
        test_classes+=("custos.ffi.test.$(basename "$source" .kt)")
    done
    RUST_BACKTRACE=0 java -Djna.library.path="$lib_dir" \
        -cp "$classes:$(kotlin_stdlib "$kotlinc"):$JAVA_JARS" \
        custos.ffi.test.TestMainKt "${test_classes[@]}" 2>&1 | tee "$kotlin_log" || true
else
    cat "$kotlin_log" >&2
fi
tally "$kotlin_log" kotlin

say "running the Python tests"
python_log="$build_dir/python-tests.log"
RUST_BACKTRACE=0 PYTHONPATH="$build_dir/bindings/python:$tests_dir/python" python3 -B - "$tests_dir/python" \
    <<'PYTHON' 2>&1 | tee "$python_log" || true
import sys
import unittest

suite = unittest.defaultTestLoader.discover(sys.argv[1], pattern="test_*.py")
result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
bad = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
print(f"python: {result.testsRun - bad} passed, {bad} failed")
PYTHON
tally "$python_log" python

# The packaging script's host part (sources and classes.jar), with this run's profile; the
# AAR and XCFramework steps need the Android NDK and Xcode (see ../README.md).
say "checking the packaging script: build-mobile.sh sources"
if CUSTOS_MOBILE_PROFILE=$cargo_profile bash "$ffi_dir/build-mobile.sh" sources \
    && [ -s "$build_dir/mobile/classes.jar" ] && [ -s "$build_dir/mobile/swift/Custos.swift" ]; then
    passed=$((passed + 1))
else
    say "build-mobile.sh sources failed"
    failed=$((failed + 1))
fi

echo "ffi: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
