"""Columns read by what they mean: the same register with other header words, or none, reads the same.

Metamorphic: every register here (the shared ones, p1–p4 and real/, when they stand beside the clone;
the bundled sample and a messy generated register always) is written again (i) with every header the
reader used replaced by another wording of its role from ``tests/support/wordings.py``, five times
over, and (ii) with every header replaced by 列1…列N.
"""
from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from duban.errors import ReadError
from duban.paths import SAMPLE_REGISTER
from duban.pipeline import analyze
from tests.support.rewording import rewritten
from tests.support.shared import SHARED_REGISTERS, shared_registers
from tests.support.synthetic import plant_mistakes, synthetic_items, write_messy_xlsx
from tests.support.wordings import WORDINGS

COMPARED = ["title", "lead_dept", "co_depts", "leader", "assigned_date", "due_date", "status", "completed_date"]
MESSY_AS_OF = dt.date(2026, 11, 20)


def _registers() -> list[tuple[str, bytes, str, str | None]]:
    """(id, bytes, file name, as-of) of every register the test reads."""
    found = [("sample", SAMPLE_REGISTER.read_bytes(), SAMPLE_REGISTER.name, None),
             ("messy", write_messy_xlsx(plant_mistakes(synthetic_items(80, as_of=MESSY_AS_OF)), MESSY_AS_OF),
              "messy.xlsx", str(MESSY_AS_OF))]
    real = sorted(p for p in (SHARED_REGISTERS / "real").glob("*.xls*") if p.with_suffix(".json").exists())
    for path in [*shared_registers(), *real]:
        expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        if expected.get("loads", True):
            found.append((path.name[:3], path.read_bytes(), path.name, expected["as_of"]))
    return found


REGISTERS = _registers()


def _items(data: bytes, filename: str, as_of: str | None) -> pd.DataFrame:
    items = analyze(data, filename, as_of).items.set_index(["sheet", "row"])[COMPARED]
    return items.astype(str).sort_index()


@pytest.mark.parametrize("variant", range(5))
@pytest.mark.parametrize("register", REGISTERS, ids=[r[0] for r in REGISTERS])
def test_headers_in_other_words_give_the_same_items_and_fields(register, variant):
    name, data, filename, as_of = register
    used: dict[str, int] = {}

    def reword(sheet: str, row: int, column: int, role: str | None) -> str | None:
        if role is None:
            return None
        words = WORDINGS[role]
        k = used[role] = used.get(role, -1) + 1  # a second column of a role takes the next word
        return words[(variant + k) % len(words)]

    before = _items(rewritten(data, filename, lambda *_: None), filename, as_of)
    after = _items(rewritten(data, filename, reword), filename, as_of)
    assert len(after) == len(before) > 0
    pd.testing.assert_frame_equal(after, before)


def _found_from_cells(data: bytes, filename: str, as_of: str | None) -> bool:
    """The task, unit and date columns found again with every header replaced by 列1…列N."""
    try:
        result = analyze(rewritten(data, filename, lambda s, r, c, role: f"列{c + 1}"), filename, as_of)
    except ReadError:
        return False
    roles = {c["field"] for c in result.columns}
    wanted = {"title", "lead_dept"}
    original = {c["field"] for c in analyze(data, filename, as_of).columns}
    dates = {"assigned_date", "deadline", "completed_date"} & original
    return wanted <= roles and (not dates or bool(dates & roles))


def test_numbered_headers_still_find_task_unit_and_dates_from_the_cells_in_nine_sheets_of_ten():
    found = [_found_from_cells(data, filename, as_of) for _, data, filename, as_of in REGISTERS]
    assert sum(found) >= 0.9 * len(found), [r[0] for r, ok in zip(REGISTERS, found) if not ok]


def test_cells_outweigh_a_header_word_they_contradict():
    """An OA export: 状态 holds traffic lights, 进度 percentages; the status comes from 进度, 状态 stays unused."""
    from tests.support.workbooks import xlsx_bytes

    rows = [["任务名称", "承办部门", "状态", "进度"], ["推进信息化建设", "信息中心", "绿", "90%"],
            ["完善绩效考核办法", "人事处", "黄", "60%"], ["改造门诊楼", "后勤保障部", "红", "100%"]]
    result = analyze(xlsx_bytes(rows), "oa.xlsx", "2024-12-31")
    roles = {c["header"]: c["field"] for c in result.columns}
    assert roles["进度"] == "status" and roles["状态"] is None
    assert result.items["status"].tolist() == ["open", "open", "done"]
    assert not (result.issues["kind"] == "unknown_status").any()


@pytest.mark.parametrize("header, cells, role", [
    ("列3", ["2024-03-01", "2024-03-05", "2024-04-01"], "deadline"),  # a lone date column
    ("列3", ["6月底前", "10个工作日", "年底前"], "deadline"),
    ("列3", ["办结", "办理中", "已完成"], "status"),
    ("列3", ["DB-001", "DB-002", "DB-003"], "item_id"),
])
def test_a_header_that_means_nothing_takes_its_role_from_clear_cells(header, cells, role):
    from tests.support.workbooks import xlsx_bytes

    rows = [["督办事项", "承办科室", header], *[[f"事项{k}的具体内容", "医务部", c] for k, c in enumerate(cells)]]
    result = analyze(xlsx_bytes(rows), "t.xlsx", "2024-12-31")
    assert {c["header"]: c["field"] for c in result.columns}[header] == role
    assert next(c for c in result.columns if c["header"] == header)["evidence"] == "content"
