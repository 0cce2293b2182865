"""Reading one large worksheet on several cores: its rows cut into parts that calamine parses at once.

python-calamine parses a sheet without holding the GIL, but one sheet on one core. A large sheet's
``<sheetData>`` is cut at ``<row>`` boundaries into parts, each part packed with the workbook's other
files (shared strings, styles) into a small uncompressed workbook of its own, and the parts are parsed
in threads. Cells keep their references (``r="B5001"``), so each part knows where its rows lie. Anything
unexpected (prefixed XML, rows without ``r``) makes ``split_rows`` return None: the caller then reads
the sheet whole, as before. Stdlib and calamine only, like ``workbook.py``.
"""
from __future__ import annotations

import io
import os
import re
import zipfile
from concurrent.futures import ThreadPoolExecutor

SPLIT_MIN_BYTES = 2 << 20  # a sheet's XML from about 5,000 rows up; below, threads cost more than they save
SPLIT_MAX_BYTES = 128 << 20  # about 300,000 rows: beyond, the parts' copies would cost more memory than time saved
MAX_PARTS = 4
_SHEET = re.compile(rb'<sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]+)"')
_RELATION = re.compile(rb'<Relationship\b[^>]*?\bId="([^"]+)"[^>]*?\bTarget="([^"]+)"')
_RELATION_TARGET_FIRST = re.compile(rb'<Relationship\b[^>]*?\bTarget="([^"]+)"[^>]*?\bId="([^"]+)"')
_SHEET_DATA = re.compile(rb"<sheetData>")
_ROW_NUMBER = re.compile(rb'<row\b[^>]*?\br="(\d+)"')
_DIMENSION = re.compile(rb"<dimension\b[^>]*/>")
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


def _cut(xml: bytes, parts: int) -> list[tuple[bytes, memoryview, bytes]] | None:
    """(head, run of rows, tail) of worksheet XML for each part, or None when the XML is unusual."""
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
    return [(head, rows[a:b], tail) for a, b in zip(cuts, cuts[1:])]


def _packed(sheet_path: str, sheet_xml: tuple[bytes, memoryview, bytes], others: dict[str, bytes]) -> memoryview:
    """A stored (uncompressed) workbook holding the part's sheet XML at sheet_path and the other files."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as packed:
        for name, content in others.items():
            packed.writestr(name, content)
        with packed.open(sheet_path, "w") as sheet:  # written piece by piece: the rows are not copied first
            for piece in sheet_xml:
                sheet.write(piece)
    return out.getbuffer()


def _part_rows(book_bytes: memoryview, name: str, first: bool) -> tuple[list[list], tuple[int, int], list]:
    """(rows, where the rows start, merged ranges) of one part; the first part's rows start at A1."""
    import python_calamine as calamine

    sheet = calamine.CalamineWorkbook.from_filelike(io.BytesIO(book_bytes)).get_sheet_by_name(name)
    if first:
        return sheet.to_python(skip_empty_area=False), (0, 0), sheet.merged_cell_ranges or []
    return sheet.to_python(skip_empty_area=True), tuple(sheet.start), []


def _aligned(parts: list[tuple[list[list], tuple[int, int]]]) -> list[list]:
    """The parts' rows joined into one rectangular grid from A1, as ``to_python(skip_empty_area=False)``."""
    width = max((origin[1] + len(rows[0]) for rows, origin in parts if rows), default=0)
    grid: list[list] = []
    for rows, (top, left) in parts:
        if not rows:
            continue
        if top < len(grid):
            raise ValueError("parts overlap: rows not in ascending order")
        grid.extend([""] * width for _ in range(top - len(grid)))
        if left == 0 and len(rows[0]) == width:
            grid.extend(rows)
            continue
        for row in rows:
            row = [""] * left + row
            grid.append(row + [""] * (width - len(row)))
    return grid


def split_rows(name: str, path: str, archive: zipfile.ZipFile,
               parts: int) -> tuple[list[list], list] | None:
    """(rows, merged ranges) of one sheet read in parts on several threads, or None to read it whole."""
    cut = _cut(archive.read(path), parts)
    if cut is None:
        return None
    others = {info.filename: archive.read(info) if not info.filename.startswith("xl/worksheets/")
              or not info.filename.endswith(".xml") else _EMPTY_SHEET
              for info in archive.infolist() if info.filename != path and not info.is_dir()}
    with ThreadPoolExecutor(len(cut)) as pool:  # each part parses while the next one is packed
        futures = [pool.submit(_part_rows, _packed(path, piece, others), name, i == 0) for i, piece in enumerate(cut)]
        del cut
        results = [future.result() for future in futures]
    return _aligned([(rows, origin) for rows, origin, _ in results]), results[0][2]
