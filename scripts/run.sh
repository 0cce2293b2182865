#!/usr/bin/env bash
# Install the dashboard into .venv and open it on the bundled sample register.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install --disable-pip-version-check -q -r requirements.txt
exec .venv/bin/streamlit run app.py --server.address "${DUBAN_ADDRESS:-0.0.0.0}" --server.port "${DUBAN_PORT:-8501}" "$@"
