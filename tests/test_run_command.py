"""The run command speaks Chinese: our own line with the address, none of Streamlit's English banner."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import urllib.request

from tests.support import ROOT
from tests.support.browser import free_port, wait_healthy


def test_the_run_script_installs_then_starts_the_server_script():
    script = (ROOT / "scripts" / "run.sh").read_text(encoding="utf-8")
    assert "pip install" in script and script.rstrip().endswith('exec bash scripts/serve.sh "$@"')


def test_the_server_speaks_only_chinese_from_start_to_ctrl_c(tmp_path):
    """Ctrl+C reaches the script's whole process group, as in a terminal: no English banner, INFO line or
    Streamlit's "Stopping...", our own line with the address at the start and one when stopped."""
    port = free_port()
    env = {**os.environ, "DUBAN_HOME": str(tmp_path), "DUBAN_PORT": str(port), "DUBAN_ADDRESS": "127.0.0.1"}
    process = subprocess.Popen(["bash", "scripts/serve.sh"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        wait_healthy(f"http://127.0.0.1:{port}", process)
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10).read()
    finally:
        os.killpg(process.pid, signal.SIGINT)
        output, _ = process.communicate(timeout=30)
    assert process.returncode == 0, output
    assert not re.search(r"[A-Za-z]{3,}", re.sub(r"http://localhost|localhost|Ctrl\+C|IP", "", output)), output
    assert output.startswith("督办看板正在启动") and f"http://localhost:{port}" in output, output
    assert output.rstrip().endswith("督办看板已停止。"), output
