"""What a workbook's XML says that fastexcel does not give: where each sheet lives, and its merged ranges."""
from __future__ import annotations

import re
import zipfile

_SHEET = re.compile(rb'<sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]+)"')
_RELATION = re.compile(rb'<Relationship\b[^>]*?\bId="([^"]+)"[^>]*?\bTarget="([^"]+)"')
_RELATION_TARGET_FIRST = re.compile(rb'<Relationship\b[^>]*?\bTarget="([^"]+)"[^>]*?\bId="([^"]+)"')
_MERGE = re.compile(rb'<mergeCell\b[^>]*?\bref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
_ANY_MERGE = re.compile(rb"<(?:\w+:)?mergeCell[\s/>]")


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
