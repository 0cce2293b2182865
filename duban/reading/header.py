"""Where a register sheet's header is and which column plays which role (SPEC §1).

The header row is the row among the first 30 (with the sub-header row under it, for two-row headers)
that recognises the most roles, with at least a task and a responsible unit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from duban.fields import AMBIGUOUS_DONE, IGNORED_HEADERS, REQUIRED, STATUS_VARIANTS, normalize_header, role_of
from duban.reading.workbook import HEADER_SCAN_ROWS

_AS_OF = re.compile(r"(?:截至|截止|统计日期)\s*[:：]?\s*(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


@dataclass
class SheetHeader:
    """Where a register sheet's header is, its header texts, and which column holds which role."""

    header_row: int  # 0-based index of the (first) header row
    data_start: int  # 0-based index of the first data row
    columns: dict[int, str]  # column index -> role, for the columns used
    texts: dict[int, str] = field(default_factory=dict)  # column index -> header text as written
    status_is_progress_too: bool = False  # the status comes from a 完成情况-like column: keep its text as progress


def _text(cell: object) -> str:
    return "" if cell is None else " ".join(str(cell).split())


def _is_variant(header: str) -> bool:
    return any(header.endswith(word) for word in STATUS_VARIANTS)


def _settle(candidates: dict[int, tuple[str, bool]], headers: dict[int, str]) -> tuple[dict[int, str], bool]:
    """The context rules of SPEC §1 applied to the (role, exact) of each column."""
    roles = {i: role for i, (role, _) in candidates.items()}
    deadlines = [i for i, r in roles.items() if r == "deadline" and headers[i] not in AMBIGUOUS_DONE]
    for i in [i for i, r in roles.items() if r == "deadline" and headers[i] in AMBIGUOUS_DONE]:
        roles[i] = "completed_date" if deadlines else "deadline"
    if any(r == "lead_dept" and headers[i].startswith("牵头") for i, r in roles.items()):
        for i, r in roles.items():  # 牵头单位 leads, 责任单位 takes part
            if r == "lead_dept" and not headers[i].startswith("牵头") and "责任" in headers[i]:
                roles[i] = "co_depts"
    statuses = [i for i, r in roles.items() if r == "status"]
    proper = [i for i in statuses if not _is_variant(headers[i])]
    for i in statuses:
        if proper and i not in proper:
            roles[i] = "progress"  # 完成情况 beside a 状态 column is the progress text
    status_is_progress_too = bool(statuses) and not proper
    return roles, status_is_progress_too


def _preference(i: int, role: str, exact: bool, header: str) -> tuple:
    """Sort key among columns of one role: 要求… before 计划… deadlines, exact before ends-with, then leftmost."""
    planned = role == "deadline" and header.startswith("计划")
    return (planned, not exact, i)


def assign_roles(row: list, lookup: dict[str, str]) -> tuple[dict[int, str], bool]:
    """Column index -> role for the columns used, and whether the status column doubles as progress."""
    headers = {i: normalize_header(cell) for i, cell in enumerate(row)}
    candidates = {i: found for i, h in headers.items() if (found := role_of(h, lookup))[0] is not None}
    roles, status_is_progress_too = _settle(candidates, headers)
    chosen: dict[str, int] = {}
    for i in sorted(roles, key=lambda i: _preference(i, roles[i], candidates[i][1], headers[i])):
        chosen.setdefault(roles[i], i)
    return {i: role for role, i in chosen.items()}, status_is_progress_too


def _is_subheader(row: list, lookup: dict[str, str]) -> bool:
    keys = [k for k in (normalize_header(cell) for cell in row) if k]
    known = [k for k in keys if role_of(k, lookup)[0] is not None]
    return bool(known) and all(role_of(k, lookup)[0] is not None or k in IGNORED_HEADERS for k in keys)


def _candidate(rows: list[list], index: int, lookup: dict[str, str]) -> SheetHeader | None:
    """The header starting at row index (with a sub-header row under it), or None without a task and a unit."""
    row = rows[index]
    options = [(row, index + 1)]
    # a group row over sub-headers (办理时限 over 要求完成时间/实际完成时间) is a header row itself
    if index + 1 < len(rows) and len(assign_roles(row, lookup)[0]) >= 2 and _is_subheader(rows[index + 1], lookup):
        below = rows[index + 1]
        merged = [b if _text(b) else a for a, b in zip(row, below)] + list(row[len(below):])
        options.insert(0, (merged, index + 2))
    for cells, data_start in options:
        columns, status_is_progress_too = assign_roles(cells, lookup)
        if set(REQUIRED) <= set(columns.values()):
            texts = {i: _text(cell) for i, cell in enumerate(cells) if _text(cell)}
            return SheetHeader(index, data_start, columns, texts, status_is_progress_too)
    return None


def find_header(rows: list[list], lookup: dict[str, str]) -> SheetHeader | None:
    """The header recognising the most roles among the first rows (at least a task and a unit), or None."""
    best = None
    for index in range(min(len(rows), HEADER_SCAN_ROWS)):
        found = _candidate(rows, index, lookup)
        if found is not None and (best is None or len(found.columns) > len(best.columns)):
            best = found
    return best


def best_partial_header(rows: list[list], lookup: dict[str, str]) -> list[tuple[str, str]]:
    """Of a sheet that is no register, (header text, role) of the row recognising the most roles (for the message)."""
    best: list[tuple[str, str]] = []
    for row in rows[:HEADER_SCAN_ROWS]:
        columns, _ = assign_roles(row, lookup)
        if len(columns) > len(best):
            best = [(_text(row[i]), role) for i, role in sorted(columns.items())]
    return best


def as_of_hint(rows: list[list], header: SheetHeader) -> str | None:
    """The date of a 统计截至/截至 line above the header, as YYYY-MM-DD."""
    for row in rows[:header.header_row]:
        for cell in row:
            if isinstance(cell, str) and (match := _AS_OF.search(cell.replace(" ", ""))):
                return f"{int(match[1]):04d}-{int(match[2]):02d}-{int(match[3]):02d}"
    return None


def register_year(rows: list[list], header: SheetHeader) -> int | None:
    """The first year (19xx年/20xx年) written in the title rows above the header."""
    for row in rows[:header.header_row]:
        for cell in row:
            if isinstance(cell, str) and (match := _YEAR.search(cell)):
                return int(match[1])
    return None
