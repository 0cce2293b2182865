"""``python -m duban analyze``: the JSON object, exit codes, one Chinese line on stderr."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.support import ROOT
from tests.support.workbooks import HEADER, xlsx_bytes
from duban.cli import main
from duban.output.json_report import plain

ROW = ["DB-1", "事项", "医务部", "2024-03-01", "5个工作日", "办理中", None]


def test_smoke_the_real_process_prints_json_and_exits_0(tmp_path):
    """The one test that starts `python -m duban` as a process; every other test calls main() in-process."""
    path = tmp_path / "r.xlsx"
    path.write_bytes(xlsx_bytes([HEADER, ROW]))
    done = subprocess.run([sys.executable, "-m", "duban", "analyze", str(path), "--as-of", "2024-03-15", "--json"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["items"][0]["due_date"] == "2024-03-08"


def test_json_object_has_the_spec_keys(tmp_path, capsys):
    path = tmp_path / "r.xlsx"
    path.write_bytes(xlsx_bytes([HEADER, ROW, ["DB-2", None, "医务部", "2024-03-01", None, None, None]]))
    assert main(["analyze", str(path), "--as-of", "2024-03-05", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert {"as_of", "items", "departments", "issues", "notices"} <= set(result)
    item = result["items"][0]
    assert item["row"] == 2 and item["assigned_date"] == "2024-03-01" and item["due_date"] == "2024-03-08"
    assert item["co_depts"] == [] and item["stage"] == "正常" and item["light"] == "绿"
    assert result["issues"][0] | {"message": ""} == {"sheet": "台账", "row": 3, "column": "督办事项", "value": None,
                                                     "severity": "error", "kind": "missing_title", "message": ""}


@pytest.mark.parametrize("content, name", [(b"", "empty.xlsx"), (b"plain text", "fake.xlsx"),
                                           (b"PK\x03\x04broken", "broken.xlsx")])
def test_unusable_file_exits_2_with_one_chinese_line(tmp_path, content, name, cli):
    path = tmp_path / name
    path.write_bytes(content)
    done = cli("analyze", path, "--json")
    assert done.returncode == 2 and done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert any("\u4e00" <= ch <= "\u9fff" for ch in done.stderr)


def test_missing_file_and_bad_date_exit_2(tmp_path, cli):
    assert cli("analyze", tmp_path / "none.xlsx", "--json").returncode == 2
    path = tmp_path / "r.xlsx"
    path.write_bytes(xlsx_bytes([HEADER, ROW]))
    done = cli("analyze", path, "--as-of", "15/03/2024", "--json")
    assert done.returncode == 2 and "日期" in done.stderr


def test_bad_config_file_exits_2(tmp_path, cli):
    path = tmp_path / "r.xlsx"
    path.write_bytes(xlsx_bytes([HEADER, ROW]))
    config = tmp_path / "c.toml"
    config.write_text("feedback_workdays_simple = -1\n", encoding="utf-8")
    done = cli("analyze", path, "--config", config, "--json")
    assert done.returncode == 2 and "feedback_workdays_simple" in done.stderr


def test_row_errors_still_exit_0(tmp_path, cli):
    path = tmp_path / "r.xlsx"
    path.write_bytes(xlsx_bytes([HEADER, ["DB-0", None, None, None, None, None, None], ROW]))
    done = cli("analyze", path, "--as-of", "2024-03-15", "--json")
    assert done.returncode == 0 and len(json.loads(done.stdout)["items"]) == 1


def test_as_of_defaults_to_the_registers_stat_date(tmp_path, capsys):
    path = tmp_path / "r.xlsx"
    path.write_bytes(xlsx_bytes([["统计截至：2024年3月15日"], HEADER, ROW]))
    main(["analyze", str(path), "--json"])
    assert json.loads(capsys.readouterr().out)["as_of"] == "2024-03-15"


def test_plain_values_for_json():
    import numpy as np
    import pandas as pd
    assert plain(pd.Timestamp("2024-03-05")) == "2024-03-05"
    assert plain(np.int64(3)) == 3 and plain(2.0) == 2 and plain(0.5) == 0.5
    assert plain(float("nan")) is None and plain(pd.NA) is None and plain(pd.NaT) is None
    assert plain(["a", np.int64(1)]) == ["a", 1]
