"""The command line as a careless or hostile office would use it: every answer one Chinese line, nothing read
that is not a file, no date the calendar cannot hold, no user name the page would refuse, no worker chatter."""
from __future__ import annotations

import re

import pytest

from duban.paths import SAMPLE_REGISTER

CHINESE = re.compile("[\u4e00-\u9fff]")


def _one_chinese_line(done) -> None:
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and CHINESE.search(lines[0]) and "Traceback" not in done.stderr, done.stderr


@pytest.mark.parametrize("day", ["9999-12-31", "1899-12-31", "0001-01-01", "2101-01-01"])
def test_dates_outside_the_calendar_are_refused_everywhere(cli, day):
    for args in (("analyze", SAMPLE_REGISTER, "--as-of", day, "--json"),
                 ("analyze", SAMPLE_REGISTER, "--period-start", day, "--json"),
                 ("save", SAMPLE_REGISTER, "--as-of", day)):
        done = cli(*args)
        _one_chinese_line(done)
        assert "1990–2100" in done.stderr


def test_a_week_beyond_the_calendar_never_becomes_the_newest_week(cli):
    cli("save", SAMPLE_REGISTER, "--as-of", "9999-12-31")
    from duban.storage import database
    assert database.weeks(database.shared_engine()).empty


@pytest.mark.parametrize("day", ["not-a-date", "2026-02-30", "9999-01-01"])
def test_remind_answers_a_bad_date_in_chinese(cli, day):
    cli("save", SAMPLE_REGISTER)
    _one_chinese_line(cli("remind", "--dry-run", "--as-of", day))


@pytest.mark.parametrize("name", ["bad\nname", "tab\tname", "零宽\u200b名", "a b", "\x1b[31m红"])
def test_user_names_the_page_would_refuse_are_refused(cli, name):
    done = cli("users", "add", name, "--role", "office", stdin="password-123\n")
    _one_chinese_line(done)
    assert cli("users", "list").stdout.strip() == ""


def test_a_csv_with_a_huge_cell_says_so(cli, tmp_path):
    register = tmp_path / "台账.csv"
    register.write_text("督办事项,承办科室,交办日期\n" + "长" * 1_000_000 + ",医务部,2024-03-01\n", encoding="utf-8")
    done = cli("analyze", register, "--json")
    _one_chinese_line(done)
    assert "单元格超过" in done.stderr and "引号" not in done.stderr


def test_a_worker_crash_says_one_chinese_line_and_nothing_of_the_worker(tmp_path):
    """In a real process: what the reading worker prints on its way down goes to the debug log, not the terminal."""
    import subprocess
    import sys

    from tests.support.hostile import far_xls

    register = tmp_path / "far.xls"
    register.write_bytes(far_xls())  # python-calamine aborts on it, printing a native backtrace
    done = subprocess.run([sys.executable, "-m", "duban", "analyze", str(register), "--json"], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and CHINESE.search(lines[0]), done.stderr


@pytest.mark.parametrize("arguments", [
    [], ["analyze"], ["bogus"], ["analyze", "a.xlsx", "--foo"], ["notices", "a.xlsx", "--kind", "坏", "-o", "x.docx"],
    ["restore", "2024-03-15", "x"], ["users"], ["analyze", "--help"], ["--help"],
])
def test_usage_help_and_argument_errors_are_in_chinese(arguments, capsys):
    """argparse's own English (usage:, options, show this help…, error: the following arguments…) never shows."""
    from duban.cli import main

    code = main(arguments)
    said = capsys.readouterr()
    text = said.out + said.err
    assert code == (0 if "--help" in arguments else 2) and "用法：" in text
    english = re.sub(r"python -m duban|--?[\w-]+|\w+\.(xlsx|docx)|'\w+'|YYYY-MM-DD|JSON|\.xlsx|\.docx|\.zip|lead_dept"
                     r"|unused|config\.toml|Word|analyze|export|notices|save|weeks|recompute|restore|archive|remind|templates"
                     r"|users|DUBAN_\w+", "", text)
    assert not re.search(r"[A-Za-z]{3,}", english), english
