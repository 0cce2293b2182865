"""Saved column layouts: stored in the database, applied by themselves to a register with the same header."""
from __future__ import annotations

import json

from duban.reading.layouts import layout_key
from duban.storage import database, layouts
from tests.support.workbooks import xlsx_bytes

HEADER = ["重点工作", "责任单位", "经办科室", "完成时限"]
ROWS = [HEADER, ["修订制度", "发改局", "办公室", "2024-06-30"]]


def key_of(header: list[str]) -> str:
    return layout_key(dict(enumerate(header)))


def test_a_saved_layout_is_listed_replaced_and_removed_with_audit_lines():
    engine = database.connect()
    layouts.save_layout(engine, key_of(HEADER), HEADER, {"经办科室": "lead_dept", "责任单位": None}, "王芳")
    layouts.save_layout(engine, key_of(HEADER), HEADER, {"经办科室": "lead_dept", "责任单位": "co_depts"}, "王芳")
    assert layouts.load_layouts(engine) == {key_of(HEADER): {"经办科室": "lead_dept", "责任单位": "co_depts"}}
    listed = layouts.layout_list(engine)
    assert listed["headers"].tolist() == [HEADER] and listed["saved_by"].tolist() == ["王芳"]
    layouts.remove_layout(engine, key_of(HEADER), "王芳")
    assert layouts.load_layouts(engine) == {}
    log = database.audit_entries(engine)
    assert (log["action"] == "layout").sum() == 3


def test_the_command_line_applies_the_saved_layout_of_the_same_header(cli, tmp_path):
    path = tmp_path / "r.xlsx"
    path.write_bytes(xlsx_bytes(ROWS))
    before = json.loads(cli("analyze", path, "--as-of", "2024-12-31", "--json").stdout)["items"][0]
    assert before["lead_dept"] == "发改局"
    layouts.save_layout(database.connect(), key_of(HEADER), HEADER, {"经办科室": "lead_dept", "责任单位": "co_depts"},
                        "王芳")
    after = json.loads(cli("analyze", path, "--as-of", "2024-12-31", "--json").stdout)["items"][0]
    assert (after["lead_dept"], after["co_depts"]) == ("办公室", ["发改局"])
    moved = tmp_path / "moved.xlsx"  # a column inserted and two moved: the header texts still match
    moved.write_bytes(xlsx_bytes([["备注", "经办科室", "重点工作", "完成时限", "责任单位"],
                                  ["", "办公室", "修订制度", "2024-06-30", "发改局"]]))
    found = json.loads(cli("analyze", moved, "--as-of", "2024-12-31", "--json").stdout)["items"][0]
    assert (found["lead_dept"], found["co_depts"]) == ("办公室", ["发改局"])
    other = tmp_path / "other.xlsx"  # a header text the layout names is gone: the layout does not apply
    other.write_bytes(xlsx_bytes([["重点工作", "责任单位", "经办处室", "完成时限"], ROWS[1]]))
    found = json.loads(cli("analyze", other, "--as-of", "2024-12-31", "--json").stdout)["items"][0]
    assert found["lead_dept"] == "发改局"
