#!/usr/bin/env bash
# Start the dashboard from .venv, speaking Chinese: our own line with the address when it starts and when it
# stops; Streamlit's English banner is hidden by .streamlit/config.toml, its "Stopping..." by the filter below.
set -uo pipefail
cd "$(dirname "$0")/.."
port="${DUBAN_PORT:-8501}"
echo "督办看板正在启动：请在浏览器中打开 http://localhost:${port} （同一网络中的其他电脑用本机的 IP 地址代替 localhost）。按 Ctrl+C 停止。"
# Ctrl+C reaches the whole process group: the server stops itself, the filter ignores it and drains the rest
trap 'true' INT
.venv/bin/streamlit run app.py --server.address "${DUBAN_ADDRESS:-0.0.0.0}" --server.port "${port}" "$@" \
    > >(trap '' INT; exec sed -u '/^ *Stopping\.\.\.$/d')
status=$?
wait
echo "督办看板已停止。"
exit "${status}"
