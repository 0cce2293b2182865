#!/usr/bin/env bash
# Install the dashboard into .venv and open it on the bundled sample register.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install --disable-pip-version-check -q -r requirements.txt
exec bash scripts/serve.sh "$@"
