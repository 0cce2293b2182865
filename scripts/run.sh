#!/usr/bin/env bash
# Install the dashboard into .venv and open it on the bundled sample register.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install --disable-pip-version-check -q -r requirements.txt
port="${DUBAN_PORT:-8501}"
echo "督办看板正在启动：请在浏览器中打开 http://localhost:${port} （同一网络中的其他电脑用本机的 IP 地址代替 localhost）。按 Ctrl+C 停止。"
exec .venv/bin/streamlit run app.py --server.address "${DUBAN_ADDRESS:-0.0.0.0}" --server.port "${port}" "$@"
