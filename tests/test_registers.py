"""The shared registers give exactly the expected JSON (shared/registers/README.md)."""
from __future__ import annotations

import json

import pytest

from tests.support.real import real_differences
from tests.support.shared import expected_for, real_registers, shared_registers
from duban.cli import main
from tests.support.expectations import (ITEM_FIELDS, department_differences, issue_differences,
                                   item_differences, notice_differences)

REGISTERS = shared_registers()
pytestmark = pytest.mark.skipif(not REGISTERS, reason="shared/registers not present")


def _analyze(register, expected, capsys) -> dict:
    code = main(["analyze", str(register), "--as-of", expected["as_of"], "--period-start",
                 expected["period_start"], "--period-end", expected["period_end"], "--json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    return json.loads(out.out)


def _id_sheets(register, expected) -> set[str]:
    """Sheets that have a 督办编号 column (item ids are compared only there)."""
    from duban.reading.table import read_register
    raw = read_register(register.read_bytes(), register.name)
    return {c["sheet"] for c in raw.columns if c["field"] == "item_id"}


@pytest.mark.parametrize("register", REGISTERS, ids=lambda p: p.name[:2])
def test_items_match(register, capsys):
    expected = expected_for(register)
    result = _analyze(register, expected, capsys)
    assert item_differences(result, expected, ITEM_FIELDS + ["item_id"], _id_sheets(register, expected)) == []


@pytest.mark.parametrize("register", REGISTERS, ids=lambda p: p.name[:2])
def test_departments_match(register, capsys):
    expected = expected_for(register)
    assert department_differences(_analyze(register, expected, capsys), expected) == []


@pytest.mark.parametrize("register", REGISTERS, ids=lambda p: p.name[:2])
def test_issues_and_notices_match(register, capsys):
    expected = expected_for(register)
    result = _analyze(register, expected, capsys)
    assert issue_differences(result, expected) == []
    assert notice_differences(result, expected) == []
    assert result["counts"] == expected["counts"]
    assert result["sheets"] == expected["sheets"]
    assert result["skipped_sheets"] == expected["skipped_sheets"]


def test_command_line_without_a_period_keeps_the_same_items(cli):
    register = REGISTERS[0]
    expected = expected_for(register)
    done = cli("analyze", register, "--as-of", expected["as_of"], "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert {(i["sheet"], i["row"]) for i in result["items"]} == {(i["sheet"], i["row"]) for i in expected["items"]}


@pytest.mark.parametrize("expected_path", real_registers())
def test_real_layout_registers_give_their_expected_results_with_default_settings(expected_path, cli):
    """shared/registers/real: registers in the layouts real institutions wrote, read with no alias or layout."""
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    done = cli("analyze", expected_path.parent / expected["file"], "--as-of", expected["as_of"], "--json")
    if not expected["loads"]:
        assert done.returncode == 2 and "缺少" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    result = json.loads(done.stdout) if done.returncode == 0 else None
    assert real_differences(result, expected) == []
