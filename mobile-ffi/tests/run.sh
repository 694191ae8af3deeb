#!/usr/bin/env bash
# Tests the custos-ffi binding from Kotlin (JVM, JNA, JUnit 4) and Python, through the
# sources that uniffi-bindgen generates from the built library.
#
# Installs what it needs on first use and nothing twice: Debian's JNA and JUnit 4 through
# apt-get, the Kotlin compiler from npm into a cache directory. Also generates the Swift
# sources, so the iOS packaging step starts from sources this run has checked.
# Prints `ffi: N passed, M failed` last and exits non-zero on any failure.
#
# Environment: CUSTOS_FFI_CACHE (default ~/.cache/custos-ffi) holds the Kotlin compiler;
# CUSTOS_FFI_PROFILE (default debug) picks the cargo profile of the tested library.
set -euo pipefail

KOTLIN_VERSION=2.4.20
APT_PACKAGES=(libjna-java libjna-jni junit4 libgoogle-gson-java)

tests_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ffi_dir=$(dirname "$tests_dir")
build_dir="$ffi_dir/build"
cache_dir="${CUSTOS_FFI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/custos-ffi}"
profile="${CUSTOS_FFI_PROFILE:-debug}"

say() { printf 'ffi: %s\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

install_debian_packages() {
    local missing=()
    for package in "${APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' \
            || missing+=("$package")
    done
    command -v java >/dev/null || missing+=(default-jre-headless)
    if [ "${#missing[@]}" -gt 0 ]; then
        say "installing ${missing[*]}"
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

# Prints the path of kotlinc, installing the pinned compiler into the cache when absent.
kotlin_compiler() {
    local prefix="$cache_dir/kotlin-compiler-$KOTLIN_VERSION"
    local kotlinc="$prefix/node_modules/kotlin-compiler/bin/kotlinc"
    if [ ! -x "$kotlinc" ]; then
        say "installing kotlin-compiler $KOTLIN_VERSION into $prefix"
        mkdir -p "$prefix"
        npm install --prefix "$prefix" --no-save --no-audit --no-fund --loglevel=error \
            "kotlin-compiler@$KOTLIN_VERSION" >&2
    fi
    printf '%s\n' "$kotlinc"
}

cargo_profile_flag() {
    if [ "$profile" = debug ]; then printf -- '--profile=dev\n'; else printf -- '--profile=%s\n' "$profile"; fi
}

install_debian_packages
kotlinc=$(kotlin_compiler)
kotlin_lib="$(dirname "$(dirname "$kotlinc")")/lib"

cd "$ffi_dir"
target_dir=$(cargo metadata --format-version 1 --no-deps \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
lib_dir="$target_dir/$profile"
library="$lib_dir/libcustos_ffi.so"

# The generator first, the library second: both write libcustos_ffi.so, and the tested
# one must be the library as it ships, without the generator's features.
say "building uniffi-bindgen and the $profile library"
cargo build --quiet -p custos-ffi --features cli --bin uniffi-bindgen
cargo build --quiet -p custos-ffi --lib "$(cargo_profile_flag)"

rm -rf "$build_dir/bindings"
for language in kotlin swift python; do
    "$target_dir/debug/uniffi-bindgen" generate --no-format --library "$library" \
        --language "$language" --out-dir "$build_dir/bindings/$language" >/dev/null
done
for generated in kotlin/custos/ffi/custos_ffi.kt swift/Custos.swift swift/CustosFFI.h \
    swift/CustosFFI.modulemap python/custos_ffi.py; do
    [ -s "$build_dir/bindings/$generated" ] || { say "uniffi-bindgen did not write $generated"; exit 1; }
done
# The Python module loads the library from its own directory.
cp "$library" "$build_dir/bindings/python/"

export CUSTOS_FFI_VECTORS="$tests_dir/vectors/ffi-vectors.json"

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
jars="/usr/share/java/jna.jar:/usr/share/java/junit4.jar:/usr/share/java/hamcrest-core.jar:/usr/share/java/gson.jar"
classes="$build_dir/kotlin-classes"
kotlin_log="$build_dir/kotlin-tests.log"
rm -rf "$classes"
if "$kotlinc" -nowarn -cp "$jars" -d "$classes" \
    "$build_dir/bindings/kotlin/custos/ffi/custos_ffi.kt" "$tests_dir"/kotlin/*.kt >"$kotlin_log" 2>&1; then
    test_classes=()
    for source in "$tests_dir"/kotlin/*Test.kt; do
        test_classes+=("custos.ffi.test.$(basename "$source" .kt)")
    done
    RUST_BACKTRACE=0 java -Djna.library.path="$lib_dir" \
        -cp "$classes:$kotlin_lib/kotlin-stdlib.jar:$jars" \
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

echo "ffi: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
