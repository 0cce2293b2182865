"""The run command speaks Chinese: our own line with the address, none of Streamlit's English banner."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import urllib.request

from tests.support import ROOT
from tests.support.browser import free_port, wait_healthy


def test_the_run_script_prints_its_own_chinese_line_with_the_address():
    script = (ROOT / "scripts" / "run.sh").read_text(encoding="utf-8")
    line = next(row for row in script.splitlines() if row.startswith("echo "))
    assert "督办看板正在启动" in line and "http://localhost:${port}" in line


def test_the_server_prints_no_english_banner_or_info_lines(tmp_path):
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.address",
               "127.0.0.1"]
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, "DUBAN_HOME": str(tmp_path)},
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_healthy(f"http://127.0.0.1:{port}", process)
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10).read()
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=30)
    started = output.split("Stopping...")[0]  # Streamlit's own word when stopped by Ctrl+C, after the fact
    assert not re.search(r"You can now view|Local URL|Network URL|Uvicorn|Collecting usage", started), started
