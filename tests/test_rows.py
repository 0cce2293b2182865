"""Which rows of a sheet are items (duban/reading/rows.py): blank cells, section rows in one or two cells, numbered
parent rows; the rows that remain are items, each with its section as category."""
from __future__ import annotations

import pytest

from duban.reading.rows import blank, filled
from duban.reading.table import read_register
from tests.support.workbooks import xlsx_bytes


@pytest.mark.parametrize("cell, empty", [
    (None, True), ("", True), ("  \u3000", True), (float("nan"), True), (0, False), (0.0, False), (False, False),
    ("0", False), ("办理中", False),
])
def test_blank_cells_are_the_ones_holding_nothing(cell, empty):
    assert blank(cell) is empty and filled([cell]) == ([] if empty else [0])


def test_a_section_numeral_in_the_number_column_with_its_heading_beside_it_is_a_section_row():
    rows = [["序号", "工作任务", "牵头单位"], ["一", "经济发展"], [1, "稳增长", "发改局"], ["（二）", "民生保障"],
            [2, "稳就业", "人社局"], ["三", "缺了单位的事项", None, "2024-03-01"]]  # more than a heading: an item
    raw = read_register(xlsx_bytes(rows), "t.xlsx")
    assert raw.rows["title"].tolist() == ["稳增长", "稳就业", "缺了单位的事项"]
    assert raw.rows["category"].tolist() == ["一、经济发展", "（二）民生保障", "（二）民生保障"]


@pytest.mark.parametrize("numbers", [("1", "1.1", "1.2", "2", "2-1"), (1, 1.1, 1.2, 2, 2.1)])
def test_a_numbered_parent_row_above_its_sub_items_is_a_section_row(numbers):
    rows = [["序号", "工作任务", "责任单位", "完成时限"], [numbers[0], "提升医疗服务质量"],
            [numbers[1], "优化门诊流程", "门诊部", "2026-12-31"], [numbers[2], "缩短预约时间", "医技科", "2026-11-30"],
            [numbers[3], "加强人才队伍建设"], [numbers[4], "引进学科带头人", "人事科", "2026-12-31"],
            [3, "缺了单位的事项"]]  # no sub-items below: an item, whose missing unit is said
    raw = read_register(xlsx_bytes(rows), "t.xlsx")
    assert raw.rows["title"].tolist() == ["优化门诊流程", "缩短预约时间", "引进学科带头人", "缺了单位的事项"]
    assert raw.rows["category"].tolist() == ["1、提升医疗服务质量"] * 2 + ["2、加强人才队伍建设"] * 2


def test_merged_cells_are_filled_in_the_read_rows_not_in_the_parsed_sheet():
    """The parsed sheet stays as the worker gave it (the page may read it again with other columns)."""
    import copy

    from duban.reading.table import read_sheets
    from tests.support.workbooks import HEADER, worker_cells

    rows = worker_cells([HEADER, ["DB-1", "事项一", "医务部", "2024-03-01", "2024-03-31", "办理中"],
                         ["DB-2", "事项二", None, "2024-03-02", "2024-03-31", "办理中"]])
    sheets = [("台账", rows, [((1, 2), (2, 2))])]  # 承办科室 merged over both items
    before = copy.deepcopy(sheets)
    assert read_sheets(sheets).rows["lead_dept"].tolist() == ["医务部", "医务部"]
    assert sheets == before
