# shellcheck shell=bash
# What the custos-ffi scripts share: installing the Kotlin/JVM toolchain, building the library
# and generating the Kotlin, Swift and Python sources from it. Sourced by tests/run.sh,
# bench/compare.sh and build-mobile.sh; sourcing it changes no state.
#
# Installs happen on first use and never twice: Debian packages through apt-get (after an
# update), the pinned Kotlin compiler from npm into CUSTOS_FFI_CACHE
# (default ~/.cache/custos-ffi).

KOTLIN_VERSION=2.4.20
# JNA for the generated Kotlin, JUnit 4 to run the tests, gson to read the vector file.
APT_PACKAGES=(libjna-java libjna-jni junit4 libgoogle-gson-java)
JAVA_JARS="/usr/share/java/jna.jar:/usr/share/java/junit4.jar:/usr/share/java/hamcrest-core.jar:/usr/share/java/gson.jar"

ffi_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build_dir="$ffi_dir/build"
cache_dir="${CUSTOS_FFI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/custos-ffi}"

say() { printf 'ffi: %s\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

install_debian_packages() {
    local missing=() package
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

# The Kotlin standard library next to a kotlinc.
kotlin_stdlib() {
    printf '%s\n' "$(dirname "$(dirname "$1")")/lib/kotlin-stdlib.jar"
}

cargo_target_dir() {
    cargo metadata --format-version 1 --no-deps --manifest-path "$ffi_dir/Cargo.toml" \
        | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])'
}

# Builds uniffi-bindgen and the host library for cargo profile $1 (dev or release).
# The generator goes first, the library second: both write libcustos_ffi.so, and the one
# left behind must be the library as it ships, without the generator's features.
build_host_library() {
    say "building uniffi-bindgen and the $1 library"
    cargo build --quiet --manifest-path "$ffi_dir/Cargo.toml" -p custos-ffi --features cli --bin uniffi-bindgen
    cargo build --quiet --manifest-path "$ffi_dir/Cargo.toml" -p custos-ffi --lib --profile "$1"
}

# Generates the sources for the library $1 into $2/LANGUAGE for each further argument.
# uniffi-bindgen finds mobile-ffi/uniffi.toml through `cargo metadata`, so it runs from here.
generate_bindings() {
    local library=$1 out_dir=$2 language bindgen
    bindgen="$(cargo_target_dir)/debug/uniffi-bindgen"
    shift 2
    for language in "$@"; do
        rm -rf "${out_dir:?}/$language"
        (cd "$ffi_dir" && "$bindgen" generate --no-format --library "$library" \
            --language "$language" --out-dir "$out_dir/$language" >/dev/null)
    done
}
