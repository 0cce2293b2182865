"""A register written again with other header texts: the same cells, merged ranges and sheets."""
from __future__ import annotations

import io
from collections.abc import Callable

from openpyxl import Workbook

from duban.reading.table import column_letter, read_register
from duban.reading.workbook import HEADER_SCAN_ROWS, read_sheets


def _spaced(cell: object) -> str:
    return "" if cell is None else " ".join(str(cell).split())


def header_cells(data: bytes, filename: str) -> dict[tuple[str, int, int], str | None]:
    """(sheet, row, column) of every header cell the reader used, 0-based, with the role it gave (None: unused)."""
    raw = read_register(data, filename)
    sheets = {name: rows for name, rows, _ in read_sheets(data, filename, 10_000)}
    found = {}
    for entry in raw.columns:
        rows = sheets[entry["sheet"]]
        column = next(c for c in range(200) if column_letter(c) == entry["column"])
        for r in range(min(len(rows), HEADER_SCAN_ROWS)):
            if column < len(rows[r]) and _spaced(rows[r][column]) == entry["header"]:
                found[entry["sheet"], r, column] = entry["field"]
                break
    return found


def rewritten(data: bytes, filename: str, rename: Callable[[str, int, int, str | None], str | None]) -> bytes:
    """The workbook as .xlsx with each header cell the reader used replaced by rename(sheet, row, column, role)
    (None keeps the text); every other cell and merged range as it was."""
    targets = header_cells(data, filename)
    book = Workbook()
    book.remove(book.active)
    for name, rows, merged in read_sheets(data, filename, 10_000):
        sheet = book.create_sheet(name[:31])
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if (name, r, c) in targets and (new := rename(name, r, c, targets[name, r, c])) is not None:
                    value = new
                if value not in (None, ""):
                    sheet.cell(r + 1, c + 1, value)
        for (r0, c0), (r1, c1) in merged:
            if (r1, c1) != (r0, c0):
                sheet.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
