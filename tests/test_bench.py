"""The benchmarks still run (on a few hundred items): bench/ is where speed is measured, so a benchmark that no
longer matches the pipeline must fail here, not on the day someone measures. Nothing here times anything."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SMALL = [
    ("bench_cli.py", "--sizes", "200", "--runs", "1"),
    ("bench_compute.py", "--items", "200", "--repeat", "1"),
    ("bench_e2e.py", "--sizes", "200", "--repeat", "1", "--cli-repeat", "1"),
    ("bench_export.py", "--items", "200", "--repeat", "1"),
    ("bench_pages.py", "--items", "200", "--repeat", "1"),
    ("bench_pages.py", "--items", "200", "--repeat", "1", "--upload"),
]  # bench_history.py starts a process per page and week (about 45 s even for two weeks): run by hand


@pytest.mark.timeout(180)
@pytest.mark.parametrize("command", SMALL, ids=[" ".join(c) for c in SMALL])
def test_the_benchmark_runs_on_a_small_register(command, tmp_path):
    script, *args = command
    done = subprocess.run([sys.executable, str(ROOT / "bench" / script), *args], cwd=ROOT, capture_output=True,
                          text=True, env={"PATH": "/usr/bin:/bin", "DUBAN_HOME": str(tmp_path), "HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr[-2000:]
    assert "200" in done.stdout and "Traceback" not in done.stderr
