"""Workbook bytes to cells: the fast read (fastexcel, merges from the sheet XML) equals python-calamine's."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
import python_calamine

from duban.paths import SAMPLE_REGISTER
from duban.pipeline import analyze
from duban.reading import sheet_xml, workbook
from tests.support.shared import register_params
from tests.support.synthetic import plant_mistakes, synthetic_items, write_messy_xlsx, write_plain_xlsx
from tests.support.workbooks import HEADER, xlsx_bytes


def as_lists(sheets: list) -> list[tuple[str, list[list], list]]:
    return [(name, cells.head(cells.height), sorted(merged)) for name, cells, merged in sheets]


def calamine_merges(data: bytes) -> dict[str, list]:
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {name: sorted(book.get_sheet_by_name(name).merged_cell_ranges or []) for name in book.sheet_names}


def ragged_register() -> bytes:
    """Blank rows, a row starting in column C, a stray far-right cell, merges, a footer."""
    row = ["DB-1", "开展专项整治", "医务部", dt.date(2024, 3, 1), "5个工作日", "办理中", None]
    rows = [["2024年督办台账"], HEADER]
    for i in range(60):
        rows.append([f"DB-{i}", *row[1:]] if i % 7 else [None] * 7)
    rows[30] = [None, None, "医务部", "2024-03-02"]
    rows[45] = [*row, None, None, None, "备注在远处"]
    return xlsx_bytes(rows + [[None] * 3] * 5 + [["合计", "共60项"]], merges=("C10:C12", "A1:G1"))


def late_columns_register() -> bytes:
    """Whole runs of rows that leave columns A and B empty."""
    row = ["DB-1", "开展专项整治", "医务部", dt.date(2024, 3, 1), "5个工作日", "办理中", None]
    rows = [HEADER, *[[f"DB-{i}", *row[1:]] for i in range(10)]]
    rows += [[None, None, "医务部", f"2024-03-{i % 28 + 1:02d}", f"{i}天"] for i in range(40)]
    return xlsx_bytes(rows + [[None, None, None, None, None, None, "只在 G 列"]])


AS_OF = dt.date(2026, 11, 20)
OWN = [
    pytest.param(ragged_register(), id="ragged"),
    pytest.param(late_columns_register(), id="late-columns"),
    pytest.param(write_plain_xlsx(synthetic_items(500, as_of=AS_OF)), id="synthetic-500"),
    pytest.param(write_messy_xlsx(plant_mistakes(synthetic_items(300, as_of=AS_OF)), AS_OF), id="messy-300"),
    pytest.param(SAMPLE_REGISTER.read_bytes(), id="sample"),
]


@pytest.mark.parametrize("data", OWN)
def test_merged_ranges_from_the_sheet_xml_equal_calamines(data):
    merges = calamine_merges(data)
    got = {name: sorted(merged) for name, _, merged in workbook.grid_sheets(data, "t.xlsx", 10_000)}
    assert got == merges


@pytest.mark.parametrize("data", OWN)
def test_fast_read_and_calamine_fallback_give_the_same_analysis(data, monkeypatch):
    """fastexcel gives cells as text, python-calamine as Python values: the analysis must not tell them apart."""
    fast = analyze(data, "t.xlsx", "2026-11-20")
    monkeypatch.setattr(workbook, "_fast_sheets", lambda *a: 1 / 0)
    fallback = analyze(data, "t.xlsx", "2026-11-20")
    assert fast.items.equals(fallback.items) and fast.departments.equals(fallback.departments)
    assert fast.issues.drop(columns="value").equals(fallback.issues.drop(columns="value"))
    assert fast.notices == fallback.notices


@pytest.mark.parametrize("register", register_params())
def test_shared_registers_read_alike_both_ways(register, monkeypatch):
    data = register.read_bytes()
    fast = analyze(data, register.name, "2026-11-20")
    monkeypatch.setattr(workbook, "_fast_sheets", lambda *a: 1 / 0)
    fallback = analyze(data, register.name, "2026-11-20")
    assert fast.items.equals(fallback.items) and fast.departments.equals(fallback.departments)


def test_cells_keep_their_columns_from_a():
    sheets = as_lists(workbook.grid_sheets(late_columns_register(), "t.xlsx", 1000))
    (name, rows, merged), = sheets
    assert name == "台账" and rows[0][:2] == ["督办编号", "督办事项"] and rows[-1][6] == "只在 G 列"
    assert rows[-2][:3] == [None, None, "医务部"]


def test_merges_written_in_an_unusual_way_are_left_to_calamine():
    xml = b'<sheetData/><mergeCells><mergeCell ref="B2:C4"/></mergeCells>'
    assert sheet_xml.merged_ranges(xml) == [((1, 1), (3, 2))]
    with pytest.raises(ValueError):
        sheet_xml.merged_ranges(b"<x:sheetData/><x:mergeCells><x:mergeCell ref='B2:C4'/></x:mergeCells>")


def test_sheets_the_pattern_misses_are_read_by_calamine():
    data = ragged_register()
    archive = zipfile.ZipFile(io.BytesIO(data))
    workbook_xml = re.sub(rb'<sheet ([^>]*?)(name="[^"]*") ([^>]*?)/>', rb"<sheet \3 \1\2/>",
                          archive.read("xl/workbook.xml"))  # r:id written before the name
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as copy:
        for info in archive.infolist():
            copy.writestr(info, workbook_xml if info.filename == "xl/workbook.xml" else archive.read(info))
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as changed:
        assert sheet_xml.sheet_paths(changed) == {}
    changed, plain = analyze(buffer.getvalue(), "t.xlsx", "2024-03-15"), analyze(data, "t.xlsx", "2024-03-15")
    assert len(plain.items) > 40 and changed.items.equals(plain.items)
