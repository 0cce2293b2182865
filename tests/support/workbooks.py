"""Small registers built in the tests themselves with openpyxl, and one-call analyses of them."""
from __future__ import annotations

import datetime as dt
import io

HEADER = ["督办编号", "督办事项", "承办科室", "交办日期", "办理时限", "办理状态", "办结日期"]


def xlsx_bytes(rows: list[list], merges: tuple[str, ...] = (), sheet: str = "台账",
               extra_sheets: dict[str, list[list]] | None = None) -> bytes:
    """A workbook holding rows (and merged ranges such as "E5:E7") built with openpyxl."""
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text that looks like a formula, as registers have it
    for cell_range in merges:
        ws.merge_cells(cell_range)
    for name, other in (extra_sheets or {}).items():
        extra = book.create_sheet(name)
        for row in other:
            extra.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def worker_cells(rows: list[list]) -> list[list]:
    """The cells the worker gives for a sheet that ``xlsx_bytes`` wrote with these values: empty cells as "",
    whole numbers as floats, midnight datetimes as dates, rows as wide as the widest filled cell, no trailing
    empty rows (``tests/test_worker.py`` checks this against the worker itself)."""
    def cell(value):
        if value is None or value == "":
            return ""
        if isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, dt.datetime) and value.time() == dt.time():
            return value.date()
        return value

    cells = [[cell(v) for v in row] for row in rows]
    while cells and not any(v != "" for v in cells[-1]):
        cells.pop()
    width = max((i + 1 for row in cells for i, v in enumerate(row) if v != ""), default=0)
    return [(row + [""] * width)[:width] for row in cells]


def analyze_table(rows: list[list], as_of: str = "2024-03-15", header: list[str] | None = None, **kwargs):
    """Analyse a small register given as rows under a header (default HEADER), in this process: the cells as
    the worker would give them, through the pipeline's entry point after the parsing (no file, no worker)."""
    from duban.pipeline import analyze_sheets

    return analyze_sheets([("台账", worker_cells([header or HEADER, *rows]), [])], as_of=as_of, **kwargs)


def one_item(deadline=None, status="办理中", assigned="2024-03-01", completed=None, as_of="2024-03-15",
             **extra) -> dict:
    """The single analysed item of a one-row register (extra: display name -> cell)."""
    header = HEADER + list(extra)
    row = ["DB-1", "事项", "医务部", assigned, deadline, status, completed, *extra.values()]
    result = analyze_table([row], as_of=as_of, header=header)
    assert len(result.items) == 1, result.issues.to_dict("records")
    return result.items.iloc[0].to_dict()
