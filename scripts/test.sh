#!/usr/bin/env bash
# Install everything the tests need (Debian's chromium, CJK fonts and PostgreSQL, Python packages), lint with ruff,
# run the suite. The tests start (and stop) their own throwaway PostgreSQL cluster; no server needs to be running.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -m "not browser"` for a quick run.
set -euo pipefail
cd "$(dirname "$0")/.."
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need_apt+=(fonts-noto-cjk)
compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null || need_apt+=(postgresql)
if [ ${#need_apt[@]} -gt 0 ]; then
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q "${need_apt[@]}"
fi
python3 -m venv .venv
.venv/bin/pip install --disable-pip-version-check -q -r requirements-dev.txt
.venv/bin/ruff check .
set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: the selection is empty, which is neither a pass nor a failure." >&2
  exit 1
fi
exit "$status"
