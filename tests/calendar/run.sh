#!/usr/bin/env bash
# Cross-checks the built-in working-day calendar (core/data/holidays-cn.json) against the PyPI
# package chinesecalendar (pinned), which transcribes the same State Council notices: for every
# day of every year the file covers, both must agree on holiday or working day, and each
# holiday's name. Installs chinesecalendar into a cache venv once. Ends with
# `calendar: N passed, M failed`, counting days.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
version=1.11.0
venv="${XDG_CACHE_HOME:-$HOME/.cache}/custos-chinesecalendar-$version"
if ! "$venv/bin/python" -c "import chinese_calendar, importlib.metadata as m; assert m.version('chinesecalendar') == '$version'" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "chinesecalendar==$version"
fi
"$venv/bin/python" "$repo/tests/calendar/check.py" "$repo/core/data/holidays-cn.json"
