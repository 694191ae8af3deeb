#!/usr/bin/env bash
# Verifies custos-core's signed checkpoints, verifier key, stored hashes and proofs, and the
# server's answer to GET /api/v1/evidence/{id}/custody (events, inclusion proofs, checkpoint),
# with Go's golang.org/x/mod/sumdb/note and sumdb/tlog (Debian's golang-golang-x-mod-dev),
# offline.
# Exits non-zero if anything fails to verify. Run from anywhere: tests/go-verifier/run.sh
# `run.sh --proofs FILE` checks only FILE, checkpoints and proofs gathered from a running server
# (tests/cluster), with `go-verifier proofs`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
x_mod=/usr/share/gocode/src/golang.org/x/mod

missing=()
command -v go >/dev/null 2>&1 || missing+=(golang-go)
[ -d "$x_mod/sumdb/note" ] && [ -d "$x_mod/sumdb/tlog" ] || missing+=(golang-golang-x-mod-dev)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "go-verifier: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The module's replace directive points at Debian's x/mod source: no network, no go.sum.
export GOPROXY=off GOFLAGS=-mod=mod GOTOOLCHAIN=local
export GOCACHE="${GOCACHE:-$work/go-build}"

if [[ ${1:-} == --proofs ]]; then
  proofs="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
  cd "$here"
  go run . proofs "$proofs"
  exit
fi

(cd "$repo" && cargo run --quiet -p custos-core --example tlog_artefacts) >"$work/artefacts.json"
# The end-to-end test that seals, transfers, holds, releases and disposes of an item saves
# the item's custody answer here (SQLite; PostgreSQL too when CUSTOS_TEST_POSTGRES_URL is set).
# Its output stays out of this step's log unless it fails: the test command counts Go's line.
# The publicity test saves each published and withdrawn decision's leaf with its proof and
# checkpoint (publication-*.json) the same way.
if ! (cd "$repo" && CUSTOS_CUSTODY_EXPORT="$work" CUSTOS_TEST_SQLITE_ONLY=1 \
    cargo test --quiet -p custos-tests --test e2e -- custody_actions_are_logged_and_enforced \
    publicity::a_decided_case_is_approved_published_and_proved \
    publicity::a_revoked_decision_is_withdrawn_and_shown_withdrawn) \
    >"$work/e2e.log" 2>&1; then
    cat "$work/e2e.log" >&2
    exit 1
fi
custody=("$work"/custody-*.json)
[ -e "${custody[0]}" ] || { echo "go-verifier: no custody answer was exported" >&2; exit 1; }

cd "$here"
publications=("$work"/publication-*.json)
[ -e "${publications[0]}" ] || { echo "go-verifier: no publication was exported" >&2; exit 1; }
go run . "$work/artefacts.json" "${custody[@]}" "${publications[@]}"
