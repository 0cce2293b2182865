"""Reading worksheets with fastexcel as Arrow text columns; one large sheet on several cores in parts.

fastexcel (calamine underneath) parses a sheet without holding the GIL and without a Python object per
cell, but one sheet on one core. A large sheet's ``<sheetData>`` is cut at ``<row>`` boundaries into
parts, each part packed with the workbook's other files (shared strings, styles) into a small
uncompressed workbook of its own, and the parts are parsed in threads. Cells keep their references
(``r="B5001"``), so each part's rows lie where they lie in the sheet; a pin cell in column A, in a row
outside the part's own, keeps its columns where they lie too. Anything unexpected (prefixed XML, rows
without ``r``) makes ``split_cells`` return None: the caller then reads the sheet whole.
Merged ranges come from the sheet XML's ``<mergeCells>`` (fastexcel does not give them).
"""
from __future__ import annotations

import io
import os
import re
import zipfile
from concurrent.futures import ThreadPoolExecutor

from duban.cells import Cells

SPLIT_MIN_BYTES = 2 << 20  # a sheet's XML from about 5,000 rows up; below, threads cost more than they save
SPLIT_MAX_BYTES = 128 << 20  # about 300,000 rows: beyond, the parts' copies would cost more memory than time saved
MAX_PARTS = 4
_SHEET = re.compile(rb'<sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]+)"')
_RELATION = re.compile(rb'<Relationship\b[^>]*?\bId="([^"]+)"[^>]*?\bTarget="([^"]+)"')
_RELATION_TARGET_FIRST = re.compile(rb'<Relationship\b[^>]*?\bTarget="([^"]+)"[^>]*?\bId="([^"]+)"')
_SHEET_DATA = re.compile(rb"<sheetData>")
_ROW_NUMBER = re.compile(rb'<row\b[^>]*?\br="(\d+)"')
_DIMENSION = re.compile(rb"<dimension\b[^>]*/>")
_MERGE = re.compile(rb'<mergeCell\b[^>]*?\bref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
_ANY_MERGE = re.compile(rb"<(?:\w+:)?mergeCell[\s/>]")
_EMPTY_SHEET = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>')


def cores() -> int:
    """Cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → worksheet XML path inside the archive (from workbook.xml and its relationships).

    Empty unless every sheet of the workbook was found, in workbook order.
    """
    from html import unescape

    workbook = archive.read("xl/workbook.xml")
    rels = archive.read("xl/_rels/workbook.xml.rels")
    targets = {rid: target for rid, target in _RELATION.findall(rels)}
    targets.update({rid: target for target, rid in _RELATION_TARGET_FIRST.findall(rels)})
    paths = {}
    for name, rid in _SHEET.findall(workbook):
        target = targets.get(rid, b"").decode()
        path = target.lstrip("/") if target.startswith("/") else "xl/" + target
        paths[unescape(name.decode())] = path
    if len(paths) != workbook.count(b"<sheet "):  # a sheet written in a way the pattern misses
        return {}
    return paths


def column_number(letters: bytes) -> int:
    """1 for column A, 27 for AA."""
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def merged_ranges(xml: bytes) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """((first row, first column), (last row, last column)) of each merged range, 0-based, as calamine gives them.

    Raises ValueError when the XML writes merges in a way the pattern misses (the caller reads with calamine).
    """
    closing = xml.rfind(b"</sheetData>")
    tail = xml[closing:] if closing >= 0 else xml
    found = [((int(r0) - 1, column_number(c0) - 1), (int(r1 or r0) - 1, column_number(c1 or c0) - 1))
             for c0, r0, c1, r1 in _MERGE.findall(tail)]
    if len(found) != len(_ANY_MERGE.findall(tail)):
        raise ValueError("merged ranges written in an unusual way")
    return found


def _cut(xml: bytes, parts: int) -> tuple[list[tuple[bytes, memoryview, bytes]], list[int]] | None:
    """((head, run of rows, tail) of worksheet XML, first row number) for each part, or None when unusual."""
    opening = _SHEET_DATA.search(xml)
    closing = xml.rfind(b"</sheetData>")
    if opening is None or closing < opening.end():
        return None
    head, tail = _DIMENSION.sub(b"", xml[:opening.end()]), xml[closing:]
    cuts, starts = [opening.end()], [1]
    for k in range(1, parts):
        position = xml.find(b"<row ", opening.end() + (closing - opening.end()) * k // parts, closing)
        match = _ROW_NUMBER.match(xml, position) if position > cuts[-1] else None
        if match is None:
            return None
        cuts.append(position)
        starts.append(int(match[1]))
    cuts.append(closing)
    if starts != sorted(set(starts)):
        return None
    rows = memoryview(xml)
    return [(head, rows[a:b], tail) for a, b in zip(cuts, cuts[1:])], starts


def _pin(row: int) -> bytes:
    return f'<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>A</t></is></c></row>'.encode()


def _pinned(piece: tuple[bytes, memoryview, bytes], k: int, starts: list[int]) -> tuple[bytes, ...]:
    """A part's XML with a pin cell in column A, in a row outside the part's own rows (dropped when joined).

    The first part gets it in the next part's first row, after its own rows; every other part in row 1,
    before them. So each part is read from column A, whichever columns its own rows use.
    """
    head, rows, tail = piece
    return (head, rows, _pin(starts[1]), tail) if k == 0 else (head, _pin(1), rows, tail)


def _packed(sheet_path: str, sheet_xml: tuple[bytes | memoryview, ...], others: dict[str, bytes]) -> memoryview:
    """A stored (uncompressed) workbook holding the part's sheet XML at sheet_path and the other files."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as packed:
        for name, content in others.items():
            packed.writestr(name, content)
        with packed.open(sheet_path, "w") as sheet:  # written piece by piece: the rows are not copied first
            for piece in sheet_xml:
                sheet.write(piece)
    return out.getbuffer()


def sheet_cells(sheet) -> Cells:
    """A fastexcel sheet (loaded with ``header_row=None, skip_rows=0``) as text columns from column A."""
    import pyarrow as pa

    batch = sheet.to_arrow()
    at = {info.absolute_index: batch.column(i) for i, info in enumerate(sheet.available_columns())}
    width = max(at, default=-1) + 1
    return Cells([at[i] if i in at else pa.nulls(batch.num_rows, pa.string()) for i in range(width)], batch.num_rows)


def _part_cells(book_bytes: memoryview, name: str) -> Cells:
    """One part's cells: the record batch straight from fastexcel (no lazy sheet converted afterwards).

    A record batch names its columns from the first column used, which the part's pin cell makes column A.
    """
    import fastexcel

    batch = fastexcel.read_excel(bytes(book_bytes)).load_sheet(name, header_row=None, dtypes="string", skip_rows=0,
                                                               eager=True)
    return Cells(batch.columns, batch.num_rows)


def _joined(parts: list[Cells], starts: list[int]) -> Cells:
    """The parts' rows joined: part k gives the rows from its first row to the next part's first row."""
    import pyarrow as pa

    # a later part holding only its pin (row 1) has no rows of its own: formatted but empty rows at the end
    height = max(part.height if part.height > 1 else 0 for part in parts[1:])
    height = height or _rows_used(parts[0], starts[1] - 1)
    bounds = [0, *[start - 1 for start in starts[1:]], height]
    width = max(part.width for part in parts)
    columns = []
    for index in range(width):
        pieces = []
        for part, low, high in zip(parts, bounds, bounds[1:]):
            column = part.columns[index] if index < part.width else pa.nulls(part.height, pa.string())
            piece = column[low:min(high, part.height)]
            pieces.append(piece)
            if len(piece) < high - low:
                pieces.append(pa.nulls(high - low - len(piece), pa.string()))
        columns.append(pa.concat_arrays([p.cast(pa.string()) for p in pieces]))
    return Cells(columns, height)


def _rows_used(cells: Cells, below: int) -> int:
    """How many rows, counted from row 1 and under row ``below + 1``, reach the last one holding a value."""
    import pyarrow.compute as pc

    used = [pc.indices_nonzero(column[:below].is_valid()) for column in cells.columns]
    return max((int(found[-1].as_py()) + 1 for found in used if len(found)), default=0)


def split_cells(name: str, path: str, xml: bytes, archive: zipfile.ZipFile, parts: int) -> Cells | None:
    """One sheet's cells read in parts on several threads, or None to read it whole."""
    cut = _cut(xml, parts)
    if cut is None:
        return None
    pieces, starts = cut
    pieces = [_pinned(piece, k, starts) for k, piece in enumerate(pieces)]
    others = {info.filename: archive.read(info) if not info.filename.startswith("xl/worksheets/")
              or not info.filename.endswith(".xml") else _EMPTY_SHEET
              for info in archive.infolist() if info.filename != path and not info.is_dir()}
    with ThreadPoolExecutor(len(pieces)) as pool:  # each part parses while the next one is packed
        futures = [pool.submit(_part_cells, _packed(path, piece, others), name) for piece in pieces]
        del pieces
        return _joined([future.result() for future in futures], starts)
