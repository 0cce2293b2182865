"""Where a register sheet's header is, and which column plays which role.

Every row among the first 30 that reads as a header (with the sub-header row under it, for two-row
headers) is a candidate; each is decided by ``roles.decide`` over the rows below it, and the one that
explains the sheet best wins (a task and a unit first).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from duban.fields import REQUIRED, normalize_header
from duban.reading.evidence import Cell, Profile, content_scores, header_meaning, profile, read_cell
from duban.reading.roles import Evidence, decide
from duban.reading.workbook import HEADER_SCAN_ROWS

SAMPLE_ROWS = 60  # rows under a candidate header whose cells are read as evidence
_NOTE = re.compile(r"[:：]\s*\S")  # 填报单位：党委办公室 is a note above the table, not a header
TEXTS = 0.15  # the task fit that makes a column one of texts (short ones count: the office may choose it)
HEADER_LIKE = 0.6  # share of a row's cells that must read as header texts for it to be a candidate

# the line saying as of when the register is written: 统计截至：…, 截止日期…, 统计时间：…, 更新日期…, 数据截至…
_AS_OF = re.compile(r"(?:截至|截止|统计(?:日期|时间)|更新(?:日期|时间|于)|数据(?:日期|时间))\s*(?:日期|时间)?\s*[:：]?"
                    r"\s*(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


@dataclass
class SheetHeader:
    """Where a register sheet's header is, its header texts, and which column holds which role."""

    header_row: int  # 0-based index of the (first) header row
    data_start: int  # 0-based index of the first data row
    columns: dict[int, str]  # column index -> role, for the columns used
    texts: dict[int, str] = field(default_factory=dict)  # column index -> header text as written
    status_is_progress_too: bool = False  # the status comes from a 完成情况-like column: keep its text as progress
    evidence: dict[int, Evidence] = field(default_factory=dict)  # column index -> how its role was decided
    first_values: dict[int, tuple[str, ...]] = field(default_factory=dict)  # column index -> its first cells
    score: float = 0.0
    has_texts: bool = False  # some column under it holds texts (a task could be among them)
    units_in_text: bool = False  # no unit column: the task texts name the units (（责任单位：A、B）)
    sheet_unit: str | None = None  # no unit column, the sheet named after its unit (one tab per 科室): that unit
    dated_progress: tuple[int, ...] = ()  # progress columns by week or month (11月6日进展 …), left to right
    annual_year: int | None = None  # no deadline column, a title scoping the list to this year: due 31 December

    @property
    def complete(self) -> bool:
        """It has the roles a register needs (a task and a responsible unit)."""
        roles = set(self.columns.values())
        return set(REQUIRED) <= roles or ("title" in roles and (self.units_in_text or self.sheet_unit is not None))


def _text(cell: object) -> str:
    return "" if cell is None else " ".join(str(cell).split())


class _Cells:
    """The readings of the cells near the top of a sheet, each read once however many candidates use it.

    A cell inside a vertically merged range reads as the range's first cell (a 交办日期 merged over the items
    of one meeting is filled on each of them).
    """

    def __init__(self, rows: list[list], merged: list | None = None):
        self.rows = rows
        self.read: dict[tuple[int, int], Cell | None] = {}
        width = max(map(len, rows), default=0)  # a merge reaching past the cells read adds nothing
        self.merged_from = {(r, c): (r0, c0) for (r0, c0), (r1, c1) in (merged or []) if r1 > r0
                            for r in range(r0 + 1, min(r1, len(rows) - 1) + 1)
                            for c in range(c0, min(c1, width - 1) + 1)}

    def cell(self, r: int, c: int) -> Cell | None:
        if (r, c) not in self.read:
            r0, c0 = self.merged_from.get((r, c), (r, c))
            row = self.rows[r0]
            self.read[r, c] = read_cell(row[c0]) if c0 < len(row) else None
        return self.read[r, c]

    def profiles(self, start: int, width: int) -> dict[int, Profile]:
        stop = min(len(self.rows), start + SAMPLE_ROWS)
        return {c: profile([self.cell(r, c) for r in range(start, stop)]) for c in range(width)}


def _header_like(cells: list, lookup: dict[str, str]) -> float:
    """Share of a row's filled cells that read as header texts (short words, no dates, units or statuses)."""
    filled = [c for c in cells if _text(c)]
    if len(filled) < 2:
        return 0.0

    def like(cell: object) -> bool:
        if not isinstance(cell, str) or len(normalize_header(cell)) > 24 or _NOTE.search(cell):
            return False
        if normalize_header(cell) in lookup:
            return True
        found, (role, _) = read_cell(cell), header_meaning(cell, lookup)
        if found is None or found.date or found.deadline_text or found.status or found.code or found.source:
            return False  # 5个工作日, 办结, DB-2024-006: a data row, whatever words it holds
        if found.unit and role not in ("lead_dept", "co_depts"):
            return False  # 医务部 is a unit; 归口科室 names the unit column
        return not found.person or role is not None

    return sum(map(like, filled)) / len(filled)


def _layout_for(texts: dict[int, str], layouts: dict[str, dict[str, str | None]]) -> str | None:
    """The saved layout whose header texts (those given a role) all stand in this header, the fullest one."""
    keys = {normalize_header(t) for t in texts.values()}
    fitting = [(sum(1 for k in m if k in keys), key) for key, m in layouts.items()
               if sum(1 for r in m.values() if r) >= 2 and all(k in keys for k, r in m.items() if r)]
    return max(fitting)[1] if fitting else None


def _build(cells: _Cells, texts_row: list, index: int, data_start: int, lookup: dict[str, str],
           header_like: float) -> SheetHeader:
    width = max(len(texts_row), max((len(r) for r in cells.rows[data_start:data_start + SAMPLE_ROWS]), default=0))
    texts = {i: _text(cell) for i, cell in enumerate(texts_row) if _text(cell)}
    profiles = cells.profiles(data_start, width)
    decision = decide(texts, profiles, lookup)
    first = {i: profiles[i].first_values for i in profiles}
    has_texts = any(content_scores(p).get("title", 0.0) >= TEXTS for p in profiles.values())
    # a header covers the columns the data fill: a note row of two cells over a table of ten is none
    filled = [i for i, p in profiles.items() if p.fill > 0]
    covered = sum(i in texts for i in filled) / len(filled) if filled else 1.0
    score = decision.score * header_like * covered
    return SheetHeader(index, data_start, decision.columns, texts, decision.status_is_progress_too,
                       decision.evidence, first, score, has_texts)


def _candidates(rows: list[list], lookup: dict[str, str], merged: list | None) -> list[SheetHeader]:
    """Every row near the top that reads as a header (and a group row over a sub-header row, merged)."""
    cells, found = _Cells(rows, merged), []
    for index in range(min(len(rows), HEADER_SCAN_ROWS)):
        row = rows[index]
        like = _header_like(row, lookup)
        if like < HEADER_LIKE:
            continue
        found.append(_build(cells, row, index, index + 1, lookup, like))
        below = rows[index + 1] if index + 1 < len(rows) else []
        named_here = sum(header_meaning(c, lookup)[0] is not None for c in row)
        if named_here >= 2 and _header_like(below, lookup) >= 0.8 and any(header_meaning(c, lookup)[0] for c in below):
            merged = [b if _text(b) else a for a, b in zip(row, below)] + list(row[len(below):])
            found.append(_build(cells, merged, index, index + 2, lookup, _header_like(merged, lookup)))
    return found


def best_header(rows: list[list], lookup: dict[str, str], layouts: dict[str, dict[str, str | None]] | None = None,
                merged: list | None = None) -> tuple[SheetHeader | None, str | None]:
    """(the header that reads the sheet best, the key of the saved layout it matches, if any).

    A header matching a saved layout wins; then one with a task and a unit; then the higher score. The
    header may lack the task or the unit: the office is then asked to choose them.
    """
    best, best_rank, best_layout = None, None, None
    for header in _candidates(rows, lookup, merged):
        layout = _layout_for(header.texts, layouts) if layouts else None
        rank = (layout is not None, header.complete, header.score)
        if best_rank is None or rank > best_rank:
            best, best_rank, best_layout = header, rank, layout
    return best, best_layout


def find_header(rows: list[list], lookup: dict[str, str]) -> SheetHeader | None:
    """The header with a task and a unit that reads the sheet best, or None."""
    header, _ = best_header(rows, lookup)
    return header if header is not None and header.complete else None


def as_of_hint(rows: list[list], header: SheetHeader) -> str | None:
    """The date of a 统计截至/截至 line above the header, as YYYY-MM-DD."""
    for row in rows[:header.header_row]:
        for cell in row:
            if isinstance(cell, str) and (match := _AS_OF.search(cell.replace(" ", ""))):
                return f"{int(match[1]):04d}-{int(match[2]):02d}-{int(match[3]):02d}"
    return None


_ANNUAL = re.compile(r"^\s*((?:19|20)\d{2})\s*年"
                     r"(?!\s*度?\s*(第?[一二三四1-4]\s*季度|上半年|下半年|\d{1,2}\s*月|春节|元旦|国庆))")


def annual_year(rows: list[list], header: SheetHeader) -> int | None:
    """The year a list's title scopes it to (2023年市政府工作报告重点工作), for a sheet with no deadline column."""
    if "deadline" in header.columns.values():
        return None
    for row in rows[:header.header_row]:
        for cell in row:
            if isinstance(cell, str) and cell.strip():
                match = _ANNUAL.match(cell)
                return int(match[1]) if match else None
    return None


def register_year(rows: list[list], header: SheetHeader) -> int | None:
    """The first year (19xx年/20xx年) written in the title rows above the header."""
    for row in rows[:header.header_row]:
        for cell in row:
            if isinstance(cell, str) and (match := _YEAR.search(cell)):
                return int(match[1])
    return None
