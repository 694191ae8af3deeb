#!/usr/bin/env bash
# The supervisor console in a real headless Chromium (Debian's chromium and chromium-driver,
# installed if missing) driven over WebDriver by Python's selenium (PyPI, pinned, in a cache
# venv), with axe-core (npm, pinned) run on every page, against the real server on SQLite
# seeded by the console_seed example (the debug build the Rust step made, built if missing);
# bundles are checked with the debug `custos verify`. A failing step saves a screenshot and
# the page next to the log, in $CUSTOS_CONSOLE_ARTIFACTS (default target/console-test).
# Ends with `console: N passed, M failed`.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here="$repo/tests/console"
selenium_version=4.27.1
axe_version=4.10.2
cache="${XDG_CACHE_HOME:-$HOME/.cache}"
target="${CARGO_TARGET_DIR:-$repo/target}"

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null
fi
venv="$cache/custos-console-selenium-$selenium_version"
if ! "$venv/bin/python" -c "import selenium, sys; sys.exit(selenium.__version__ != '$selenium_version')" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "selenium==$selenium_version"
fi
axe="$cache/custos-console-axe-$axe_version"
if [ ! -f "$axe/node_modules/axe-core/axe.min.js" ]; then
    npm install --silent --no-audit --no-fund --prefix "$axe" "axe-core@$axe_version" >/dev/null
fi
if [ ! -x "$target/debug/custos" ]; then
    (cd "$repo" && cargo build --locked -p custos-api --bin custos)
fi
if [ ! -x "$target/debug/examples/console_seed" ]; then
    (cd "$repo" && cargo build --locked -p custos-tests --example console_seed)
fi

artifacts="${CUSTOS_CONSOLE_ARTIFACTS:-$target/console-test}"
rm -rf "$artifacts"
mkdir -p "$artifacts"
exec "$venv/bin/python" "$here/browser.py" \
    --seed "$target/debug/examples/console_seed" \
    --video "$here/clip.webm" \
    --custos "$target/debug/custos" \
    --axe "$axe/node_modules/axe-core/axe.min.js" \
    --artifacts "$artifacts"
