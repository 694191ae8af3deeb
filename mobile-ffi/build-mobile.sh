#!/usr/bin/env bash
# Packages custos-ffi for the phones, with the Kotlin and Swift sources that uniffi-bindgen
# generates from the library:
#
#   sources   the host library, the Kotlin and Swift sources, and classes.jar compiled from
#             the Kotlin (runs anywhere; tests/run.sh runs it)
#   android   build/mobile/android/custos-ffi.aar: classes.jar and libcustos_ffi.so for
#             arm64-v8a, armeabi-v7a and x86_64, built by cargo-ndk (needs the Android NDK)
#   ios       build/mobile/ios/CustosFFI.xcframework (device and simulator static libraries,
#             C header and module map) and Custos.swift (needs macOS with Xcode)
#   all       sources, then android and ios where their toolchains exist (the default)
#
# Usage: mobile-ffi/build-mobile.sh [sources|android|ios|all]
# Environment: ANDROID_NDK_HOME (or ANDROID_NDK_ROOT) for android; CUSTOS_MOBILE_PROFILE
# (default release) is the cargo profile of every library built.
# Exit status: 0 when everything asked for was built (with `all`, skipped toolchains are
# listed, not failures), 1 on a build failure, 2 when an explicitly asked target's toolchain
# is missing.
set -euo pipefail

source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/toolchain.sh"

ANDROID_ABIS=(arm64-v8a armeabi-v7a x86_64)
ANDROID_RUST_TARGETS=(aarch64-linux-android armv7-linux-androideabi x86_64-linux-android)
ANDROID_MIN_SDK=24
CARGO_NDK_VERSION=3.5.4
IOS_DEVICE_TARGET=aarch64-apple-ios
IOS_SIMULATOR_TARGETS=(aarch64-apple-ios-sim x86_64-apple-ios)

what=${1:-all}
profile=${CUSTOS_MOBILE_PROFILE:-release}
out="$build_dir/mobile"

# The directory cargo writes a profile's artifacts to.
profile_dir() {
    if [ "$profile" = dev ]; then printf 'debug\n'; else printf '%s\n' "$profile"; fi
}

cargo_lib() {
    cargo build --quiet --manifest-path "$ffi_dir/Cargo.toml" -p custos-ffi --lib --profile "$profile" "$@"
}

# The bindings are generated from the host library: the metadata uniffi reads is the same for
# every target, so the phones get sources this machine has generated (and tests/run.sh tested).
sources() {
    install_debian_packages
    local kotlinc
    kotlinc=$(kotlin_compiler)
    build_host_library "$profile"
    generate_bindings "$(cargo_target_dir)/$(profile_dir)/libcustos_ffi.so" "$out" kotlin swift
    say "compiling classes.jar from the generated Kotlin"
    rm -rf "$out/classes" "$out/classes.jar"
    "$kotlinc" -nowarn -jvm-target 1.8 -cp /usr/share/java/jna.jar -d "$out/classes.jar" \
        "$out/kotlin/custos/ffi/custos_ffi.kt" >"$out/kotlinc.log" 2>&1 || {
        cat "$out/kotlinc.log" >&2
        return 1
    }
    say "sources: $out/kotlin, $out/swift, $out/classes.jar"
}

android_ndk() {
    printf '%s\n' "${ANDROID_NDK_HOME:-${ANDROID_NDK_ROOT:-}}"
}

android_toolchain_missing() {
    local ndk
    ndk=$(android_ndk)
    [ -n "$ndk" ] && [ -d "$ndk" ] && return 1
    printf 'the Android NDK (r26 or later; set ANDROID_NDK_HOME)\n'
}

# An AAR is a zip of the manifest, classes.jar, jni/<abi>/*.so and an (empty) R.txt. Apps add
# JNA for Android themselves: net.java.dev.jna:jna:5.13.0@aar.
android() {
    [ -f "$out/classes.jar" ] || sources
    rustup target add "${ANDROID_RUST_TARGETS[@]}" >/dev/null
    command -v cargo-ndk >/dev/null || cargo install --locked cargo-ndk --version "$CARGO_NDK_VERSION"
    local stage="$out/android/aar" abi
    rm -rf "$stage" && mkdir -p "$stage/jni"
    local targets=()
    for abi in "${ANDROID_ABIS[@]}"; do targets+=(-t "$abi"); done
    say "building libcustos_ffi.so for ${ANDROID_ABIS[*]}"
    (cd "$ffi_dir" && cargo ndk "${targets[@]}" --platform "$ANDROID_MIN_SDK" -o "$stage/jni" \
        build --quiet -p custos-ffi --lib --profile "$profile")
    cp "$out/classes.jar" "$stage/classes.jar"
    : >"$stage/R.txt"
    cat >"$stage/AndroidManifest.xml" <<XML
<?xml version="1.0" encoding="utf-8"?>
<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="custos.ffi">
    <uses-sdk android:minSdkVersion="$ANDROID_MIN_SDK" />
</manifest>
XML
    python3 - "$stage" "$out/android/custos-ffi.aar" <<'PYTHON'
import os, sys, zipfile
stage, aar = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(aar, "w", zipfile.ZIP_DEFLATED) as archive:
    for folder, _, files in sorted(os.walk(stage)):
        for name in sorted(files):
            path = os.path.join(folder, name)
            archive.write(path, os.path.relpath(path, stage))
PYTHON
    say "android: $out/android/custos-ffi.aar"
}

ios_toolchain_missing() {
    command -v xcodebuild >/dev/null && command -v lipo >/dev/null && return 1
    printf 'macOS with Xcode (xcodebuild, lipo)\n'
}

# Static libraries for the device and for both simulator architectures (merged by lipo), each
# with the generated C header and module map, in one XCFramework; Custos.swift goes into the
# app or Swift package that links it.
ios() {
    [ -f "$out/swift/Custos.swift" ] || sources
    rustup target add "$IOS_DEVICE_TARGET" "${IOS_SIMULATOR_TARGETS[@]}" >/dev/null
    local target target_dir simulator_libs=() stage="$out/ios"
    target_dir=$(cargo_target_dir)
    for target in "$IOS_DEVICE_TARGET" "${IOS_SIMULATOR_TARGETS[@]}"; do
        say "building libcustos_ffi.a for $target"
        cargo_lib --target "$target"
    done
    for target in "${IOS_SIMULATOR_TARGETS[@]}"; do
        simulator_libs+=("$target_dir/$target/$(profile_dir)/libcustos_ffi.a")
    done
    rm -rf "$stage" && mkdir -p "$stage/headers" "$stage/simulator"
    cp "$out/swift/CustosFFI.h" "$stage/headers/"
    cp "$out/swift/CustosFFI.modulemap" "$stage/headers/module.modulemap"
    lipo -create "${simulator_libs[@]}" -output "$stage/simulator/libcustos_ffi.a"
    xcodebuild -create-xcframework \
        -library "$target_dir/$IOS_DEVICE_TARGET/$(profile_dir)/libcustos_ffi.a" -headers "$stage/headers" \
        -library "$stage/simulator/libcustos_ffi.a" -headers "$stage/headers" \
        -output "$stage/CustosFFI.xcframework" >/dev/null
    cp "$out/swift/Custos.swift" "$stage/"
    say "ios: $stage/CustosFFI.xcframework and $stage/Custos.swift"
}

# Builds a phone target whose toolchain is here; otherwise says what it needs and, when the
# target was asked for by name, fails with status 2.
phone() {
    local target=$1 required=$2 missing
    if missing=$("${target}_toolchain_missing"); then
        say "$target: skipped, needs $missing"
        [ "$required" = optional ] || exit 2
        return 0
    fi
    "$target"
}

case "$what" in
    sources) sources ;;
    android) phone android required ;;
    ios) phone ios required ;;
    all)
        sources
        phone android optional
        phone ios optional
        ;;
    *)
        echo "custos: usage: build-mobile.sh [sources|android|ios|all]" >&2
        exit 2
        ;;
esac
