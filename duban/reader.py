"""Workbook bytes to raw register rows: header found, merged cells filled, blank and footer rows skipped.

The result keeps each cell as Excel gave it; turning cells into dates and names is ``register.py``'s job.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from duban.workbook import HEADER_SCAN_ROWS, ReadError, grid_sheets
from duban.fields import FIELDS, IGNORED_HEADERS, REQUIRED, header_lookup, normalize_header

_FOOTER = re.compile(r"^\s*(填表人|填报人|制表人|审核人|审批人|负责人|联系人|联系电话|合计|总计|小计|备注|"
                     r"说明|注[:：\d]|统计截[至止]|制表日期|填报日期|填报单位|签字|盖章)")
_AS_OF = re.compile(r"(?:截至|截止|统计日期)\s*[:：]?\s*(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})")


@dataclass
class SheetHeader:
    """Where a register sheet's header is and which column holds which field."""

    header_row: int  # 0-based index of the (first) header row
    data_start: int  # 0-based index of the first data row
    columns: dict[int, str]  # column index -> field name


@dataclass
class RawRegister:
    """Every data row of every register sheet, with the cell values as read."""

    rows: pd.DataFrame  # columns: sheet, row (Excel number), one per field
    sheets: list[str] = field(default_factory=list)
    skipped_sheets: list[str] = field(default_factory=list)
    fields_by_sheet: dict[str, set[str]] = field(default_factory=dict)
    as_of_hint: str | None = None
    notices: list[str] = field(default_factory=list)


def find_header(rows: list[list], lookup: dict[str, str]) -> SheetHeader | None:
    """The header (one row, or a group row over a sub-header row) holding title, dept and date."""
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        columns = _match_row(row, lookup)
        if not columns:
            continue
        data_start = index + 1
        if data_start < len(rows) and _is_subheader(rows[data_start], lookup):
            columns.update(_match_row(rows[data_start], lookup))
            data_start += 1
        if set(REQUIRED) <= set(columns.values()):
            return SheetHeader(index, data_start, _first_per_field(columns))
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


def _blank_mask(grid: np.ndarray) -> np.ndarray:
    """True for empty cells: None, NaN, or text made only of spaces (whole array at once)."""
    if grid.size == 0:
        return np.zeros(grid.shape, dtype=bool)
    blank = pd.isna(grid) | (grid == "")
    flat = pd.Series(grid.ravel())
    text = flat[~blank.ravel()]
    spaces = [v for v in pd.unique(text) if isinstance(v, str) and not v.strip()]
    if spaces:
        blank |= flat.isin(spaces).to_numpy().reshape(grid.shape)
    return blank


def _fill_merged(grid: np.ndarray, merged: list) -> tuple[np.ndarray, np.ndarray]:
    """Copy the top-left value of each vertically merged range into its cells; also the filled mask."""
    values, filled = grid.copy(), np.zeros(grid.shape, dtype=bool)
    for (r0, c0), (r1, c1) in merged:
        if r1 > r0 and 0 <= r0 < len(values):
            values[r0:r1 + 1, c0:c1 + 1] = values[r0, c0]
            filled[r0 + 1:r1 + 1, c0:c1 + 1] = True
    return values, filled


def _as_grid(rows: list[list]) -> np.ndarray:
    width = max((len(r) for r in rows), default=0)
    grid = np.empty((len(rows), width), dtype=object)
    if rows and all(len(r) == width for r in rows):
        grid[:] = rows  # calamine's rows are rectangular: one assignment
    else:
        for index, row in enumerate(rows):
            grid[index, :len(row)] = row
    return grid


def sheet_rows(name: str, rows: list[list], merged: list, header: SheetHeader) -> pd.DataFrame:
    """Data rows of one register sheet: blank and footer rows skipped, merged cells filled down."""
    grid = _as_grid(rows)[header.data_start:]
    blank = _blank_mask(grid)
    mapped = list(header.columns)
    nonblank = ~blank[:, mapped].all(axis=1) if len(grid) else np.zeros(0, dtype=bool)
    first_col = (~blank).argmax(axis=1) if len(grid) else np.zeros(0, dtype=int)
    first_value = grid[np.arange(len(grid)), first_col] if len(grid) else np.zeros(0, dtype=object)
    candidates = np.flatnonzero(nonblank)
    footer = np.zeros(len(grid), dtype=bool)
    footer[candidates] = [isinstance(v, str) and bool(_FOOTER.match(v)) for v in first_value[candidates]]
    keep = np.flatnonzero(nonblank & ~footer)
    shifted = [((r0 - header.data_start, c0), (r1 - header.data_start, c1)) for (r0, c0), (r1, c1) in merged]
    values, filled = _fill_merged(grid, shifted)
    cells = np.where(blank & ~filled, None, values)[np.ix_(keep, mapped)]
    out = pd.DataFrame(cells, columns=[header.columns[c] for c in mapped], dtype=object)
    out = out.reindex(columns=[f.name for f in FIELDS])
    out.insert(0, "row", keep + header.data_start + 1)
    out.insert(0, "sheet", name)
    return out


def _as_of_hint(rows: list[list], header: SheetHeader) -> str | None:
    for row in rows[:header.header_row]:
        for cell in row:
            if isinstance(cell, str) and (match := _AS_OF.search(cell.replace(" ", ""))):
                return f"{int(match[1]):04d}-{int(match[2]):02d}-{int(match[3]):02d}"
    return None


def read_register(data: bytes, filename: str = "台账.xlsx", header_aliases: dict[str, str] | None = None,
                  max_rows: int = 200_000, grids: list | None = None) -> RawRegister:
    """Read every register sheet of a workbook (or CSV) given as bytes (or as ``grid_sheets`` already gave)."""
    lookup = header_lookup(header_aliases)
    frames, result = [], RawRegister(rows=pd.DataFrame())
    sheets = grids if grids is not None else grid_sheets(data, filename, max_rows)
    while sheets:  # consumed sheet by sheet so that each sheet's cells are freed once read
        name, rows, merged = sheets.pop(0)
        header = find_header(rows, lookup)
        if header is None:
            result.skipped_sheets.append(name)
            continue
        if len(rows) > max_rows + header.data_start:
            rows = rows[:max_rows + header.data_start]
            result.notices.append(f"工作表“{name}”超过 {max_rows} 行，只读取了前 {max_rows} 行数据。")
        frame = sheet_rows(name, rows, merged, header)
        result.sheets.append(name)
        result.fields_by_sheet[name] = set(header.columns.values())
        result.as_of_hint = result.as_of_hint or _as_of_hint(rows, header)
        if frame.empty:
            result.notices.append(f"工作表“{name}”有表头但没有数据行。")
        frames.append(frame)
    if not result.sheets:
        raise ReadError("没有找到督办台账工作表：表头中应包含“督办事项”“承办科室”“交办日期”三列（或其常见写法）。")
    result.rows = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return result
