"""Where a register sheet's header is: the row (or group row over sub-headers) naming the required fields."""
from __future__ import annotations

import re
from dataclasses import dataclass

from duban.fields import IGNORED_HEADERS, REQUIRED, normalize_header
from duban.reading.workbook import HEADER_SCAN_ROWS

_AS_OF = re.compile(r"(?:截至|截止|统计日期)\s*[:：]?\s*(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})")


@dataclass
class SheetHeader:
    """Where a register sheet's header is and which column holds which field."""

    header_row: int  # 0-based index of the (first) header row
    data_start: int  # 0-based index of the first data row
    columns: dict[int, str]  # column index -> field name


def find_header(rows: list[list], lookup: dict[str, str]) -> SheetHeader | None:
    """The header (one row, or a group row over a sub-header row) holding title, dept and date."""
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        columns = _match_row(row, lookup)
        if not columns:
            continue
        if index + 1 < len(rows) and _is_subheader(rows[index + 1], lookup):
            # a row of field names under the header: sub-headers, unless taking them loses a required field
            # (a data row whose only cell reads 办理进展 under 承办科室)
            both = {**columns, **_match_row(rows[index + 1], lookup)}
            if set(REQUIRED) <= set(both.values()):
                return SheetHeader(index, index + 2, _first_per_field(both))
        if set(REQUIRED) <= set(columns.values()):
            return SheetHeader(index, index + 1, _first_per_field(columns))
    return None


def _match_row(row: list, lookup: dict[str, str]) -> dict[int, str]:
    return {i: lookup[key] for i, cell in enumerate(row) if (key := normalize_header(cell)) in lookup}


def _is_subheader(row: list, lookup: dict[str, str]) -> bool:
    keys = [normalize_header(cell) for cell in row]
    keys = [k for k in keys if k]
    return bool(keys) and any(k in lookup for k in keys) and all(k in lookup or k in IGNORED_HEADERS for k in keys)


def _first_per_field(columns: dict[int, str]) -> dict[int, str]:
    seen: dict[str, int] = {}
    for index in sorted(columns):
        seen.setdefault(columns[index], index)
    return {index: name for name, index in seen.items()}


def as_of_hint(rows: list[list], header: SheetHeader) -> str | None:
    """The date of a 统计截至/截至 line above the header, as YYYY-MM-DD."""
    for row in rows[:header.header_row]:
        for cell in row:
            if isinstance(cell, str) and (match := _AS_OF.search(cell.replace(" ", ""))):
                return f"{int(match[1]):04d}-{int(match[2]):02d}-{int(match[3]):02d}"
    return None
