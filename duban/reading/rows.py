"""Which rows of a sheet are items: merged cells filled down; blank, footer, template rows and repeated headers
left out; section rows (一、医疗质量; 一 | 医疗质量; 1 above 1.1) taken as the category of the items below.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from duban.fields import REQUIRED, normalize_header
from duban.reading.header import SheetHeader
from duban.reading.inline import section_leader

_FOOTER = re.compile(r"^\s*(填表人|填报人|制表人|审核人|审批人|负责人|联系人|联系电话|合计|总计|小计|备注|"
                     r"说明|注[:：\d]|统计截[至止]|制表日期|填报日期|填报单位|签字|盖章)")
_NUMERAL = "一二三四五六七八九十百"
_ORDINAL = rf"[（(][{_NUMERAL}]+[)）]|第[{_NUMERAL}\d]+(?:部分|章|篇|节|类|方面)"  # （二）, 第一部分
_HEADING = re.compile(rf"^\s*(?:[{_NUMERAL}]+[、.．]|{_ORDINAL})")
# a 序号 cell holding a section's numeral alone (一, 二、, （一）): with the heading beside it, a section row
_SECTION_NUMBER = re.compile(rf"^\s*(?:[{_NUMERAL}]+[、.．]?|{_ORDINAL})\s*$")
_TEMPLATE = re.compile(r"^\s*(例\s*[:：]|示例|填表说明|说明\s*[:：]|请填写|必填)")


def as_cells(rows: np.ndarray | list[list]) -> np.ndarray:
    """A sheet's cells as one array of objects: the worker's array as it is, rows of lists padded with None."""
    if isinstance(rows, np.ndarray):
        return rows
    width = max(map(len, rows), default=0)
    cells = np.empty((len(rows), width), dtype=object)
    if all(len(row) == width for row in rows):  # python-calamine's rows: all at once
        cells[:] = rows
    else:
        for r, row in enumerate(rows):
            cells[r, :len(row)] = row
    return cells


def fill_merged(cells: np.ndarray, start: int, merged: list, columns: set[int]) -> np.ndarray:
    """The cells with those under the top-left of each vertically merged range (in a used column) given its
    value; the cells given are left as they are (the first change is made to a copy).

    A row with nothing else in it stays blank: a merge running past the last item makes no item.
    """
    height, width, copied = *cells.shape, False
    for (r0, c0), (r1, c1) in merged:
        if r1 <= r0 or r1 < start:
            continue
        value = cells[r0, c0] if r0 < height and c0 < width else None
        for r in [r for r in range(max(r0 + 1, start), min(r1, height - 1) + 1) if filled(cells[r])]:
            if not copied:
                cells, copied = cells.copy(), True
            for c in range(c0, min(c1, width - 1) + 1):
                if c in columns:
                    cells[r, c] = value
    return cells


def _spans(merged: list) -> set[tuple[int, int]]:
    """Top-left cells of ranges merged across columns (a heading written over the whole width)."""
    return {(r0, c0) for (r0, c0), (r1, c1) in merged if c1 > c0}


def blank(v: object) -> bool:
    """missing.is_blank for the cells calamine gives (the empty cell is ""), cheap enough for every cell."""
    return v is None or v == "" or v != v or (type(v) is str and v.isspace())


def filled(row: list) -> list[int]:
    """Columns of the row holding something."""
    return [c for c, v in enumerate(row) if not blank(v)]


@dataclass
class Grid:
    """The data rows of a sheet (rows of one width) as one array, and which cells hold something."""

    start: int  # the sheet row of the first data row
    cells: np.ndarray  # objects, a row per data row, a column per sheet column (a view of the sheet's)
    filled: np.ndarray  # booleans, the same shape

    @classmethod
    def of(cls, cells: np.ndarray, start: int) -> Grid:
        """The grid of the sheet's cells from row start on; each distinct value of a column is looked at once."""
        cells = cells[start:]
        filled = np.ones(cells.shape, dtype=bool)
        for c in range(cells.shape[1]):
            column = cells[:, c]
            blanks = {v for v in set(column) if blank(v)}  # "", None, spaces: a column has one or two
            if any(v != v for v in blanks):  # NaN equals nothing, not even itself: each cell looked up
                filled[:, c] = [v not in blanks for v in column]
            elif blanks:
                filled[:, c] = ~np.logical_or.reduce([column == v for v in blanks])
        return cls(start, cells, filled)

    def values(self, column: int, rows: list[int]) -> np.ndarray:
        """The column's cells in the given sheet rows (objects), None for a blank cell."""
        at = np.asarray(rows, dtype=np.intp) - self.start
        values = self.cells[at, column]
        values[~self.filled[at, column]] = None
        return values

    def rightmost(self, columns: tuple[int, ...], rows: list[int]) -> np.ndarray:
        """Per given sheet row, its rightmost filled cell among the columns (None when all are blank)."""
        at = np.asarray(rows, dtype=np.intp) - self.start
        cells, filled = self.cells[at][:, list(columns)], self.filled[at][:, list(columns)]
        last = len(columns) - 1 - np.argmax(filled[:, ::-1], axis=1)
        values = cells[np.arange(len(at)), last]
        values[~filled.any(axis=1)] = None
        return values


def _repeats_header(row: np.ndarray, header_words: dict[int, str], title_column: int) -> bool:
    """The header written again inside the data (its task cell reads like the task header, and one more)."""
    if normalize_header(row[title_column]) != header_words[title_column]:
        return False
    return sum(normalize_header(row[c]) == word for c, word in header_words.items()) >= 2


@dataclass
class Kept:
    """The rows of a sheet that are items, each with the section above it, and the template rows set aside."""

    rows: list[int]  # 0-based sheet rows kept as items
    categories: list[str | None]
    leaders: list[str | None]  # the leader the section row above names
    templates: list[int]


def classify(cells: np.ndarray, header: SheetHeader, merged: list, grid: Grid) -> Kept:
    """Which data rows are items, and the section heading above each (blank, footer, template rows left out)."""
    used = list(header.columns)
    by_role = {role: i for i, role in header.columns.items()}
    header_words = {i: normalize_header(header.texts.get(i)) for i in used}
    title_column = by_role["title"]
    first_of_header = header_words[title_column][:1]
    wide = _spans(merged)
    counts = grid.filled.sum(axis=1)
    # an ordinary item row: three cells or more, every required one among them; nothing else to look at
    ordinary = (counts > 2) & grid.filled[:, [by_role[f] for f in REQUIRED if f in by_role]].all(axis=1)
    titles = grid.cells[:, title_column].tolist()
    kept = Kept([], [], [], [])
    section = leader = None
    for k in np.flatnonzero(counts).tolist():
        r = grid.start + k
        if not ordinary[k]:
            found = _unusual_row(cells[r].tolist(), r, cells, by_role, used, wide)
            if found is _SKIP:
                continue
            if found is not None:
                section, leader = found
                continue
        title = titles[k]
        if isinstance(title, str) and (_TEMPLATE.match(title) or (
                first_of_header in title and _repeats_header(cells[r], header_words, title_column))):
            kept.templates.append(r)
            continue
        kept.rows.append(r)
        kept.categories.append(section)
        kept.leaders.append(leader)
    return kept


_SKIP = object()


def _unusual_row(row: list, r: int, sheet: np.ndarray, by_role: dict[str, int], used: list[int],
                 wide: set[tuple[int, int]]) -> object:
    """For a row of one or two cells, or missing a required one: _SKIP (a footer, or nothing in a used column),
    (section, leader) for a section heading, None for an item."""
    cells = filled(row)
    first = row[cells[0]]
    text = str(first).strip()
    if len(cells) == 1 and _FOOTER.match(text):
        return _SKIP
    named = section_leader(text) if len(cells) == 1 else None
    if len(cells) == 1 and (_HEADING.match(text) or (r, cells[0]) in wide or named):
        return text, named  # 一、经济社会发展主要预期目标: the category of the items below
    if (heading := _two_cell_heading(sheet, r, cells, by_role)) is not None:
        return heading, section_leader(heading)  # 一 | 医疗质量与安全, the unit cell empty
    if not any(c in cells for c in used):
        return _SKIP
    incomplete = any(f in by_role and by_role[f] not in cells for f in REQUIRED)
    if incomplete and isinstance(first, str) and _FOOTER.match(first):
        return _SKIP
    return None


def _two_cell_heading(rows: np.ndarray, r: int, cells: list[int], by_role: dict[str, int]) -> str | None:
    """The heading of a section row written in two cells (一 | 医疗质量与安全; 1 above 1.1), its unit empty."""
    if len(cells) != 2 or by_role.get("lead_dept") in cells:
        return None
    number = rows[r][cells[0]]
    if _SECTION_NUMBER.match(str(number)) or _numbers_parent(number, rows, r, cells[0]):
        return _joined_heading(_whole(number), rows[r][cells[1]])
    return None


def _numbers_parent(number: object, rows: np.ndarray, r: int, column: int) -> bool:
    """1 above 1.1 (or 1-1) in the same column: the row numbers the items below it, a section."""
    whole = _whole(number)
    if not whole.isdigit():
        return False
    below = next((row[column] for row in rows[r + 1:r + 4] if filled(row)), None)
    return bool(re.fullmatch(rf"{whole}[.．\-]\d+", str(below).strip()))


def _whole(number: object) -> str:
    """A 序号 cell as written: 1 for the number 1.0."""
    return str(int(number) if isinstance(number, float) and number.is_integer() else number).strip()


def _joined_heading(number: str, words: object) -> str:
    """一 and 医疗质量与安全 written in two cells: 一、医疗质量与安全."""
    return f"{number}{'' if number[-1] in '、.．)）' else '、'}{str(words).strip()}"
