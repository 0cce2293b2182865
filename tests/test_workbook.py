"""Workbook bytes to rows of Python values: one reader (python-calamine) for every workbook, csv for CSV."""
from __future__ import annotations

import datetime as dt

import pytest

from duban.reading.guards import column_number
from duban.reading.workbook import read_sheets
from tests.support.hostile import legacy_xls
from tests.support.workbooks import HEADER, xlsx_bytes


def late_columns_register() -> bytes:
    """Whole runs of rows that leave columns A and B empty."""
    row = ["DB-1", "开展专项整治", "医务部", dt.date(2024, 3, 1), "5个工作日", "办理中", None]
    rows = [HEADER, *[[f"DB-{i}", *row[1:]] for i in range(10)]]
    rows += [[None, None, "医务部", f"2024-03-{i % 28 + 1:02d}", f"{i}天"] for i in range(40)]
    return xlsx_bytes(rows + [[None, None, None, None, None, None, "只在 G 列"]])


def test_cells_keep_their_columns_from_a_and_their_types():
    (name, rows, merged), = read_sheets(late_columns_register(), "t.xlsx", 1000)
    assert name == "台账" and rows[0][:2] == ["督办编号", "督办事项"] and rows[-1][6] == "只在 G 列"
    assert rows[-2][:3] == ["", "", "医务部"] and merged == []
    assert isinstance(rows[1][3], (dt.date, dt.datetime)) and rows[1][3].day == 1


def test_a_number_stays_a_number_and_text_stays_text():
    """2024.6 typed as a number and 2024.6 typed as text are different cells (rules.md §4)."""
    (_, rows, _), = read_sheets(xlsx_bytes([HEADER, ["A", "事项", "医务部", "2024-03-01", 2024.6, "2024.6"]]),
                                "t.xlsx", 10)
    assert rows[1][4] == 2024.6 and rows[1][5] == "2024.6"


def test_merged_ranges_are_given_zero_based():
    (_, _, merged), = read_sheets(xlsx_bytes([HEADER, ["A"], ["B"], ["C"]], merges=("C2:C4", "A1:B1")), "t.xlsx", 10)
    assert sorted(merged) == [((0, 0), (0, 1)), ((1, 2), (3, 2))]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_utf8_or_gb18030(encoding):
    data = "督办事项,承办科室,交办日期\n开展专项整治,医务部,2024-03-01\n".encode(encoding)
    (name, rows, merged), = read_sheets(data, "本周台账.csv", 10)
    assert name == "本周台账" and rows[1] == ["开展专项整治", "医务部", "2024-03-01"] and merged == []


def test_legacy_xls_is_read_by_the_same_reader():
    (name, rows, _), = read_sheets(legacy_xls(), "台账.xls", 10)
    assert name == "台账" and rows[1][1] == "开展专项整治"


def test_rows_beyond_the_cap_are_not_read():
    (_, rows, _), = read_sheets(xlsx_bytes([HEADER] + [["A", "事项", "医务部"]] * 50), "t.xlsx", 5)
    assert len(rows) == 5 + 30  # the cap, plus the rows a header may sit in


@pytest.mark.parametrize("letters, number", [(b"A", 1), (b"Z", 26), (b"AA", 27), (b"XFD", 16384)])
def test_column_numbers(letters, number):
    assert column_number(letters) == number
