"""``analyze --json`` worked out in the worker that parses the file: the same JSON as the analysis here, the
checks' refusals said here, and the proven way taken when that worker cannot finish."""
from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from duban.errors import DubanError
from tests.support import hostile
from tests.support.workbooks import HEADER, xlsx_bytes

ROOT = Path(__file__).resolve().parents[1]
ROWS = [HEADER, ["DB-1", "完成院感防控整改", "医务部", "2024-03-01", "10个工作日", "办理中", None],
        ["DB-2", None, "护理部", "2024-03-02", None, None, None],  # an error row: left out, reported
        ["DB-3", "修订制度", "信息科", "2024-03-04", "2024-03-20", "已办结", "2024-03-18"]]


def in_process_json(data: bytes, name: str, as_of: str) -> str:
    """The JSON of the same register analysed in this process (a worker that only parses)."""
    from duban.output.json_report import write_json
    from duban.pipeline import analyze

    out = io.StringIO()
    write_json(analyze(data, name, as_of), out)
    return out.getvalue()


def test_the_command_lines_json_is_the_in_process_analysis_json(tmp_path, cli):
    path = tmp_path / "r.xlsx"
    path.write_bytes(xlsx_bytes(ROWS))
    done = cli("analyze", path, "--as-of", "2024-03-15", "--json")
    assert done.returncode == 0 and done.stdout == in_process_json(path.read_bytes(), path.name, "2024-03-15")


def test_the_command_line_itself_never_imports_pandas(tmp_path):
    """The worker imports the analysis while it parses; this process only checks the file and copies."""
    from duban.paths import SAMPLE_REGISTER

    probe = ("import sys\nfrom duban.cli import main\ncode = main()\n"
             "print('pandas' in sys.modules, file=sys.stderr)\nsys.exit(code)\n")
    done = subprocess.run([sys.executable, "-c", probe, "analyze", str(SAMPLE_REGISTER), "--json"],
                          capture_output=True, text=True, env={"DUBAN_HOME": str(tmp_path), "PATH": "/usr/bin"},
                          cwd=ROOT)
    assert done.returncode == 0 and '"items"' in done.stdout
    assert done.stderr.split() == ["False"]


@pytest.mark.parametrize("make, message", [("far_cell", "表格范围过大"), ("zip_bomb", "解压后超过")])
def test_the_checks_refuse_here_while_the_worker_runs(make, message):
    from duban.analysis_worker import json_report
    from duban.config import Config

    job = {"as_of": None, "period_start": None, "period_end": None, "config": "/nonexistent/config.toml",
           "overrides": "/nonexistent/overrides.csv", "layouts": {}, "map": []}
    with pytest.raises(DubanError, match=message):
        json_report(getattr(hostile, make)(), "t.xlsx", job, Config())


def test_a_worker_without_room_for_pandas_leaves_the_proven_way_the_same_answer(tmp_path, cli):
    """256 MB is too little for pandas itself: the worker fails, a worker that only parses does not."""
    path = tmp_path / "r.xlsx"
    path.write_bytes(xlsx_bytes(ROWS))
    config = tmp_path / "c.toml"
    config.write_text("read_memory_mb = 256\n", encoding="utf-8")
    done = cli("analyze", path, "--as-of", "2024-03-15", "--config", config, "--json")
    assert done.returncode == 0 and done.stdout == in_process_json(path.read_bytes(), path.name, "2024-03-15")


@pytest.mark.parametrize("args, said", [
    (["--as-of", "15/03/2024"], "日期"),  # the dates' own sentence, from the worker
    (["--map", "经办科室=不存在"], "不存在"),  # a --map the worker cannot read
])
def test_the_workers_chinese_sentences_come_back_as_they_are(tmp_path, cli, args, said):
    path = tmp_path / "r.xlsx"
    path.write_bytes(xlsx_bytes(ROWS))
    done = cli("analyze", path, *args, "--json")
    assert done.returncode == 2 and done.stdout == "" and said in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
