"""Workbook bytes to raw register rows: header found, merged cells filled, blank and footer rows skipped.

The result keeps each cell as Excel gave it; turning cells into dates and names is ``rules/canonical.py``'s job.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import pandas as pd
from pandas.api.types import union_categoricals

from duban.errors import ReadError
from duban.fields import FIELDS, REQUIRED, header_lookup
from duban.missing import is_blank
from duban.reading.grid import Grid
from duban.reading.header import SheetHeader, as_of_hint, find_header
from duban.reading.workbook import HEADER_SCAN_ROWS, grid_sheets

_FOOTER = re.compile(r"^\s*(填表人|填报人|制表人|审核人|审批人|负责人|联系人|联系电话|合计|总计|小计|备注|"
                     r"说明|注[:：\d]|统计截[至止]|制表日期|填报日期|填报单位|签字|盖章)")


@dataclass
class RawRegister:
    """Every data row of every register sheet, with the cell values as read."""

    rows: pd.DataFrame  # columns: sheet, row (Excel number), one per field
    sheets: list[str] = field(default_factory=list)
    skipped_sheets: list[str] = field(default_factory=list)
    fields_by_sheet: dict[str, set[str]] = field(default_factory=dict)
    as_of_hint: str | None = None
    notices: list[str] = field(default_factory=list)


_NO_CATEGORIES = pd.CategoricalDtype(pd.Index([], dtype=object))  # a column the sheet lacks: all empty
_MANY_ROWS = 2000  # from here on, a column of nearly all different cells is coded cell by cell


class Coded(NamedTuple):
    """One column's cells as codes into its distinct values (-1: blank)."""

    codes: np.ndarray
    uniques: np.ndarray
    per_cell: bool  # nearly every cell differs (督办编号): each cell is its own code, nothing hashed


def _coded(column) -> Coded:
    """One column coded (an Arrow text array or a list of values); blank cells (empty, spaces only) get code -1."""
    if hasattr(column, "dictionary_encode"):
        return _coded_text(column)
    column = np.array(column, dtype=object) if len(column) else np.empty(0, dtype=object)
    if len(column) >= _MANY_ROWS and len(pd.unique(column[:1000])) > 900:
        blank = np.fromiter(map(is_blank, column.tolist()), dtype=bool, count=len(column))
        return Coded(np.where(blank, -1, np.arange(len(column))), column, True)
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    return _blank_uniques_dropped(codes, uniques)


def _blank_uniques_dropped(codes: np.ndarray, uniques: np.ndarray) -> Coded:
    # missing cells already have code -1: what is left to find is text of spaces only
    blank = np.array([isinstance(v, str) and not v.strip() for v in uniques] + [True], dtype=bool)
    if blank[:-1].any():
        codes = np.where(blank[codes], -1, codes)
    return Coded(codes, uniques, False)


def _coded_text(column) -> Coded:
    """An Arrow text column coded by Arrow itself: a Python string per distinct cell, none per repeated cell."""
    encoded = column.dictionary_encode()
    coded = _blank_uniques_dropped(encoded.indices.fill_null(-1).to_numpy().astype(np.int64),
                                   np.array(encoded.dictionary.to_pylist(), dtype=object))
    return coded._replace(per_cell=len(column) >= _MANY_ROWS and len(encoded.dictionary) > 0.9 * len(column))


def _code_of(value: object, uniques: np.ndarray) -> tuple[int, np.ndarray]:
    """The code of value among uniques (appended when absent); -1 for a blank value."""
    if is_blank(value):
        return -1, uniques
    found = np.flatnonzero(pd.Index(uniques, dtype=object) == value) if len(uniques) else []
    if len(found):
        return int(found[0]), uniques
    return len(uniques), np.append(uniques, np.array([value], dtype=object))


def _fill_merged(cells: Grid, start: int, coded: dict[int, Coded], merged: list) -> None:
    """Give the cells below the top-left of each vertically merged range its value (codes changed in place).

    merged holds sheet positions; the coded columns start at row start.
    """
    height = cells.height - start
    for (r0, c0), (r1, c1) in merged:
        r0, r1 = r0 - start, r1 - start
        if not (r1 > r0 and 0 <= r0 < height and 0 <= c0 < cells.width):
            continue
        for column in range(c0, min(c1, cells.width - 1) + 1):
            if column in coded:
                codes, uniques, per_cell = coded[column]
                if column == c0:  # the top-left cell's own code
                    code = codes[r0]
                else:
                    code, uniques = _code_of(cells.value(r0 + start, c0), uniques)
                codes[r0 + 1:r1 + 1] = code
                coded[column] = Coded(codes, uniques, per_cell)


def _as_column(column: Coded, keep: np.ndarray, index: pd.Index) -> pd.Series:
    """The kept rows of a coded column: categorical (each distinct cell parsed once later), or plain cells."""
    codes = column.codes[keep]
    if column.per_cell:
        return pd.Series(np.append(column.uniques, None)[codes], index=index, dtype=object)
    dtype = pd.CategoricalDtype(pd.Index(column.uniques, dtype=object))
    return pd.Series(pd.Categorical.from_codes(codes, dtype=dtype), index=index)


def _footer_rows(coded: list[Coded], blank: np.ndarray, candidates: np.ndarray) -> np.ndarray:
    """Of the candidate rows, those whose first non-blank cell reads like a footer (合计, 填表人：…)."""
    first_col = (~blank[candidates]).argmax(axis=1)
    first_value = [coded[c].uniques[coded[c].codes[r]] for r, c in zip(candidates.tolist(), first_col.tolist())]
    return candidates[[isinstance(v, str) and bool(_FOOTER.match(v)) for v in first_value]]


def sheet_rows(name: str, cells: Grid, merged: list, header: SheetHeader) -> pd.DataFrame:
    """Data rows of one register sheet: blank and footer rows skipped, merged cells filled down."""
    height = max(cells.height - header.data_start, 0)
    coded = {column: _coded(cells.column(column, header.data_start)) for column in range(cells.width)}
    blank = np.column_stack([c.codes < 0 for c in coded.values()]) if coded else np.ones((height, 0), bool)
    mapped = list(header.columns)
    nonblank = ~blank[:, mapped].all(axis=1)
    keep = np.zeros(height, dtype=bool)
    keep[nonblank] = True
    # a row with 督办事项, 承办科室 and 交办日期 all filled is an item even if it starts like 说明…
    required = [c for c in mapped if header.columns[c] in REQUIRED]
    incomplete = nonblank & blank[:, required].any(axis=1)
    keep[_footer_rows(list(coded.values()), blank, np.flatnonzero(incomplete))] = False
    keep = np.flatnonzero(keep)
    _fill_merged(cells, header.data_start, coded, merged)
    index = pd.RangeIndex(len(keep))
    by_field = {header.columns[c]: _as_column(coded[c], keep, index) for c in mapped}
    empty = pd.Series(pd.Categorical.from_codes(np.full(len(keep), -1), dtype=_NO_CATEGORIES), index=index)
    columns = {f.name: by_field.get(f.name, empty) for f in FIELDS}
    return pd.DataFrame({"sheet": pd.Series(name, index=index, dtype=object),
                         "row": keep + header.data_start + 1, **columns}, index=index)


def read_register(data: bytes, filename: str = "台账.xlsx", header_aliases: dict[str, str] | None = None,
                  max_rows: int = 200_000) -> RawRegister:
    """Read every register sheet of a workbook (or CSV) given as bytes."""
    lookup = header_lookup(header_aliases)
    frames, result = [], RawRegister(rows=pd.DataFrame())
    sheets = grid_sheets(data, filename, max_rows)
    while sheets:  # consumed sheet by sheet so that each sheet's cells are freed once read
        name, cells, merged = sheets.pop(0)
        top = cells.head(HEADER_SCAN_ROWS + 1)
        header = find_header(top, lookup)
        if header is None:
            result.skipped_sheets.append(name)
            continue
        if cells.height > max_rows + header.data_start:
            cells = cells.truncated(max_rows + header.data_start)
            result.notices.append(f"工作表“{name}”超过 {max_rows} 行，只读取了前 {max_rows} 行数据。")
        frame = sheet_rows(name, cells, merged, header)
        result.sheets.append(name)
        result.fields_by_sheet[name] = set(header.columns.values())
        result.as_of_hint = result.as_of_hint or as_of_hint(top, header)
        if frame.empty:
            result.notices.append(f"工作表“{name}”有表头但没有数据行。")
        frames.append(frame)
    if not result.sheets:
        raise ReadError("没有找到督办台账工作表：表头中应包含“督办事项”“承办科室”“交办日期”三列（或其常见写法）。")
    result.rows = _concat(frames)
    return result


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The sheets' rows in one frame; columns categorical in every sheet stay categorical."""
    if len(frames) <= 1:
        return frames[0] if frames else pd.DataFrame()
    joined = pd.concat(frames, ignore_index=True)
    for name in joined.columns:
        parts = [frame[name] for frame in frames]
        if all(isinstance(part.dtype, pd.CategoricalDtype) for part in parts):
            joined[name] = union_categoricals([part.array for part in parts])
    return joined
