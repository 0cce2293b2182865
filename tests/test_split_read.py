"""Reading a large sheet in parts on several threads gives exactly what reading it whole gives."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
import python_calamine

from conftest import HEADER, shared_registers, xlsx_bytes
from duban import split_read, workbook
from duban.synthetic import synthetic_items, write_plain_xlsx


def as_lists(sheets: list) -> list[tuple[str, list[list], list]]:
    return [(name, cells.head(cells.height), sorted(merged)) for name, cells, merged in sheets]


def whole(data: bytes) -> list[tuple[str, list[list], list]]:
    """Each sheet read whole by fastexcel, with python-calamine's merged ranges (which ours must equal)."""
    import fastexcel

    book = fastexcel.read_excel(data)
    merges = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    return [(name, split_read.sheet_cells(book.load_sheet(name, header_row=None, dtypes="string", skip_rows=0)),
             merges.get_sheet_by_name(name).merged_cell_ranges or []) for name in book.sheet_names]


def in_parts(data: bytes, parts: int) -> list[tuple[str, list[list], list] | None]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        got = []
        for name, path in split_read.sheet_paths(archive).items():
            xml = archive.read(path)
            cells = split_read.split_cells(name, path, xml, archive, parts)
            got.append(None if cells is None else (name, cells, split_read.merged_ranges(xml)))
    return [None if read is None else as_lists([read])[0] for read in got]


def ragged_register() -> bytes:
    """Blank rows around the cut points, a row starting in column C, a stray far-right cell, merges."""
    row = ["DB-1", "开展专项整治", "医务部", dt.date(2024, 3, 1), "5个工作日", "办理中", None]
    rows = [["2024年督办台账"], HEADER]
    for i in range(60):
        rows.append([f"DB-{i}", *row[1:]] if i % 7 else [None] * 7)
    rows[30] = [None, None, "医务部", "2024-03-02"]
    rows[45] = [*row, None, None, None, "备注在远处"]
    return xlsx_bytes(rows + [[None] * 3] * 5 + [["合计", "共60项"]], merges=("C10:C12", "A1:G1"))


def late_columns_register() -> bytes:
    """Whole runs of rows that leave columns A and B empty: a part may hold no cell in column A."""
    row = ["DB-1", "开展专项整治", "医务部", dt.date(2024, 3, 1), "5个工作日", "办理中", None]
    rows = [HEADER, *[[f"DB-{i}", *row[1:]] for i in range(10)]]
    rows += [[None, None, "医务部", f"2024-03-{i % 28 + 1:02d}", f"{i}天"] for i in range(40)]
    return xlsx_bytes(rows + [[None, None, None, None, None, None, "只在 G 列"]])


def formatted_empty_tail() -> bytes:
    """Data rows, then many rows that are formatted but hold nothing (as offices prepare a sheet)."""
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = "台账"
    for row in [HEADER, *[[f"DB-{i}", "事项", "医务部", "2024-03-01", "5个工作日", "办理中"] for i in range(12)]]:
        sheet.append(row)
    for number in range(20, 200):
        sheet.cell(number, 2).fill = PatternFill("solid", fgColor="FFFF00")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


CASES = [pytest.param(p.read_bytes(), id=p.name[:2]) for p in shared_registers()] + [
    pytest.param(ragged_register(), id="ragged"),
    pytest.param(late_columns_register(), id="late-columns"),
    pytest.param(formatted_empty_tail(), id="formatted-empty-tail"),
    pytest.param(write_plain_xlsx(synthetic_items(500, as_of=dt.date(2026, 11, 20))), id="synthetic-500"),
]


@pytest.mark.parametrize("parts", [2, 3, 5])
@pytest.mark.parametrize("data", CASES)
def test_parts_join_into_the_whole_sheet(data, parts):
    expected = as_lists(whole(data))
    got = in_parts(data, parts)
    assert any(read is not None for read in got), "no sheet was read in parts"
    for read, (name, rows, merged) in zip(got, expected):
        if read is not None:  # a sheet too short to cut is read whole by the caller
            assert read == (name, rows, merged)


def test_workbook_reads_large_sheets_in_parts_with_the_same_result(monkeypatch):
    data = ragged_register()
    plain = as_lists(workbook.grid_sheets(data, "t.xlsx", 1000, split=False))
    monkeypatch.setattr(split_read, "SPLIT_MIN_BYTES", 0)
    monkeypatch.setattr(split_read, "cores", lambda: 2)
    calls = []
    original = split_read.split_cells
    monkeypatch.setattr(split_read, "split_cells", lambda *a: calls.append(a[0]) or original(*a))
    assert as_lists(workbook.grid_sheets(data, "t.xlsx", 1000)) == plain and calls == ["台账"]
    assert plain[0][1][1][:2] == ["督办编号", "督办事项"] and plain[0][2] == [((0, 0), (0, 6)), ((9, 2), (11, 2))]


@pytest.mark.parametrize("xml", [
    b"<worksheet><x:sheetData><x:row r='1'/></x:sheetData></worksheet>",  # prefixed names
    b"<worksheet><sheetData><row><c><v>1</v></c></row><row><c><v>2</v></c></row></sheetData></worksheet>",  # no r
    b"<worksheet><sheetData/></worksheet>",
])
def test_unusual_sheet_xml_is_left_to_the_whole_read(xml):
    assert split_read._cut(xml, 2) is None


def test_a_broken_part_falls_back_to_reading_the_sheet_whole(monkeypatch):
    data = ragged_register()
    monkeypatch.setattr(split_read, "SPLIT_MIN_BYTES", 0)
    monkeypatch.setattr(split_read, "cores", lambda: 2)
    monkeypatch.setattr(split_read, "_part_cells", lambda *a: 1 / 0)
    split = as_lists(workbook.grid_sheets(data, "t.xlsx", 1000))
    assert split == as_lists(workbook.grid_sheets(data, "t.xlsx", 1000, split=False))
    assert split[0][1][3][3] == "2024-03-01 00:00:00"  # read by fastexcel, not by the python-calamine fallback


def _split_sheets(monkeypatch, data: bytes) -> list[str]:
    calls = []
    original = split_read.split_cells
    monkeypatch.setattr(split_read, "split_cells", lambda *a: calls.append(a[0]) or original(*a))
    workbook.grid_sheets(data, "t.xlsx", 1000)
    return calls


def test_only_sheets_within_the_size_window_are_split(monkeypatch):
    data = ragged_register()
    monkeypatch.setattr(split_read, "cores", lambda: 2)
    monkeypatch.setattr(split_read, "SPLIT_MIN_BYTES", 0)
    assert _split_sheets(monkeypatch, data) == ["台账"]
    monkeypatch.setattr(split_read, "SPLIT_MAX_BYTES", 100)  # a huge sheet is read whole: less memory
    assert _split_sheets(monkeypatch, data) == []
    monkeypatch.setattr(split_read, "SPLIT_MAX_BYTES", 1 << 30)
    monkeypatch.setattr(split_read, "cores", lambda: 1)  # one core: nothing to gain
    assert _split_sheets(monkeypatch, data) == []


def _opens_of_the_whole_book(monkeypatch, data: bytes) -> list[bool]:
    import fastexcel

    opens = []
    original = fastexcel.read_excel

    def counting(source):
        opens.append(len(source) == len(data))
        return original(source)
    monkeypatch.setattr(fastexcel, "read_excel", counting)
    return opens


def test_a_workbook_of_large_sheets_only_is_not_opened_whole(monkeypatch):
    data = ragged_register()
    plain = as_lists(workbook.grid_sheets(data, "t.xlsx", 1000, split=False))
    monkeypatch.setattr(split_read, "SPLIT_MIN_BYTES", 0)
    monkeypatch.setattr(split_read, "cores", lambda: 2)
    opens = _opens_of_the_whole_book(monkeypatch, data)
    assert as_lists(workbook.grid_sheets(data, "t.xlsx", 1000)) == plain
    assert opens and not any(opens)  # only the parts were opened: the shared strings were not parsed a third time


def test_a_small_sheet_beside_a_large_one_is_read_from_the_whole_book(monkeypatch):
    data = xlsx_bytes([HEADER, *[[f"DB-{i}", "事项", "医务部", "2024-03-01", "5个工作日", "办理中"] for i in range(40)]],
                      extra_sheets={"说明": [["填表说明"]]})
    plain = as_lists(workbook.grid_sheets(data, "t.xlsx", 1000, split=False))
    monkeypatch.setattr(split_read, "SPLIT_MIN_BYTES", 2000)  # 台账 is split, 说明 is not
    monkeypatch.setattr(split_read, "cores", lambda: 2)
    assert _split_sheets(monkeypatch, data) == ["台账"]
    assert as_lists(workbook.grid_sheets(data, "t.xlsx", 1000)) == plain


def test_merges_written_in_an_unusual_way_are_left_to_calamine():
    assert split_read.merged_ranges(b'<sheetData/><mergeCells><mergeCell ref="B2:C4"/></mergeCells>') == [((1, 1), (3, 2))]
    with pytest.raises(ValueError):
        split_read.merged_ranges(b"<x:sheetData/><x:mergeCells><x:mergeCell ref='B2:C4'/></x:mergeCells>")


def test_sheets_the_pattern_misses_turn_splitting_off():
    archive = zipfile.ZipFile(io.BytesIO(ragged_register()))
    workbook_xml = re.sub(rb'<sheet ([^>]*?)(name="[^"]*") ([^>]*?)/>', rb"<sheet \3 \1\2/>",
                          archive.read("xl/workbook.xml"))  # r:id written before the name
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as copy:
        for info in archive.infolist():
            copy.writestr(info, workbook_xml if info.filename == "xl/workbook.xml" else archive.read(info))
    assert split_read.sheet_paths(zipfile.ZipFile(buffer)) == {}
