"""Workbook bytes to raw register rows: header found, merged cells filled, blank and footer rows skipped.

The result keeps each cell as Excel gave it; turning cells into dates and names is ``register.py``'s job.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from duban.errors import DubanError
from duban.fields import FIELDS, IGNORED_HEADERS, REQUIRED, header_lookup, normalize_header

HEADER_SCAN_ROWS = 30
_FOOTER = re.compile(r"^\s*(填表人|填报人|制表人|审核人|审批人|负责人|联系人|联系电话|合计|总计|小计|备注|"
                     r"说明|注[:：\d]|统计截[至止]|制表日期|填报日期|填报单位|签字|盖章)")
_AS_OF = re.compile(r"(?:截至|截止|统计日期)\s*[:：]?\s*(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})")
_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"


class ReadError(DubanError):
    """The file cannot be used at all; the message is one Chinese sentence for the office."""


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


def _grid_sheets(data: bytes, filename: str, max_rows: int) -> list[tuple[str, list[list], list]]:
    """(name, rows, merged ranges) per sheet, or raise ReadError."""
    if not data:
        raise ReadError("文件为空（0 字节），请重新导出台账后上传。")
    head = data[:8]
    if head.startswith(_ZIP) or head.startswith(_OLE):
        return _workbook_sheets(data, max_rows)
    if filename.lower().endswith((".xlsx", ".xlsm", ".xls", ".ods")):
        raise ReadError(f"“{filename}”不是有效的 Excel 文件（可能是改了扩展名的其他文件），请在 Excel 中另存为 .xlsx 后上传。")
    return [(_csv_name(filename), _csv_rows(data, max_rows), [])]


MAX_UNCOMPRESSED = 512 * 1024 * 1024  # a real register unpacks to tens of MB; more is a zip bomb
MAX_CELLS = 30_000_000  # cells in a sheet's used range (rows x columns) calamine may allocate
_DIMENSION = re.compile(rb'<dimension ref="(?:[A-Z]+\d+:)?([A-Z]+)(\d+)"')
_CELL_REF = re.compile(rb'<c r="([A-Z]+)(\d+)"')


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _sheet_extent(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[int, int]:
    """(rows, columns) a worksheet really spans, reading its XML in chunks (never all at once)."""
    with archive.open(info) as stream:
        head = stream.read(4096)
        if (match := _DIMENSION.search(head)) and int(match[2]) * _column_number(match[1]) <= MAX_CELLS:
            return int(match[2]), _column_number(match[1])
        rows = cols = 0
        tail, read = head, len(head)
        while True:  # the dimension is missing or huge: find the cells actually written
            for ref in _CELL_REF.finditer(tail):
                rows, cols = max(rows, int(ref[2])), max(cols, _column_number(ref[1]))
            chunk = stream.read(1 << 20)
            read += len(chunk)
            if not chunk or read > MAX_UNCOMPRESSED:
                return rows, cols
            tail = tail[-64:] + chunk


def _guard_workbook(data: bytes) -> None:
    """Refuse, with a message, xlsx files whose size unpacked or cell range would exhaust memory."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ReadError("文件已损坏或不是有效的 Excel 文件，无法读取。请在 Excel 中打开并另存为 .xlsx 后重新上传。") from exc
    with archive:
        members = archive.infolist()
        if sum(m.file_size for m in members) > MAX_UNCOMPRESSED:
            raise ReadError("文件解压后超过 512 MB，不像是正常的督办台账（可能已损坏或被恶意构造），已拒绝读取。")
        for member in members:
            if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
                rows, cols = _sheet_extent(archive, member)
                if rows * cols > MAX_CELLS:
                    raise ReadError(f"有工作表的内容一直延伸到第 {rows} 行、第 {cols} 列（多半是远处误输入了内容），"
                                    "表格范围过大无法读取。请删除多余的单元格后另存再上传。")


def _workbook_sheets(data: bytes, max_rows: int) -> list[tuple[str, list[list], list]]:
    import python_calamine as calamine

    if data.startswith(_ZIP):
        _guard_workbook(data)

    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False, nrows=max_rows + HEADER_SCAN_ROWS)
            sheets.append((name, rows, sheet.merged_cell_ranges or []))
        return sheets
    except calamine.PasswordError as exc:
        raise ReadError("文件设置了打开密码，无法读取。请在 Excel 中取消密码后另存为 .xlsx 再上传。") from exc
    except Exception as exc:  # calamine raises several types for broken zips and XML
        if data.startswith(_OLE) and b"EncryptedPackage" in data[:200_000].replace(b"\x00", b""):
            raise ReadError("文件设置了打开密码，无法读取。请在 Excel 中取消密码后另存为 .xlsx 再上传。") from exc
        raise ReadError("文件已损坏或不是有效的 Excel 文件，无法读取。请在 Excel 中打开并另存为 .xlsx 后重新上传。") from exc


def _csv_name(filename: str) -> str:
    stem = filename.rsplit("/", 1)[-1]
    return stem.rsplit(".", 1)[0] if "." in stem else stem or "CSV"


def _csv_rows(data: bytes, max_rows: int) -> list[list]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ReadError("无法识别文件的文字编码，请另存为 UTF-8 或 GB18030 编码的 CSV，或 .xlsx。")
    if "\x00" in text[:4096]:
        raise ReadError("无法识别的文件格式：请上传 .xlsx、.xlsm、.xls 或 .csv 格式的台账。")
    rows = []
    for number, row in enumerate(csv.reader(io.StringIO(text))):
        if number >= max_rows + HEADER_SCAN_ROWS:
            break
        rows.append(row)
    return rows


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
    if all(len(r) == width for r in rows):
        grid[:] = rows if rows else grid
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
                  max_rows: int = 200_000) -> RawRegister:
    """Read every register sheet of a workbook (or CSV) given as bytes."""
    lookup = header_lookup(header_aliases)
    frames, result = [], RawRegister(rows=pd.DataFrame())
    for name, rows, merged in _grid_sheets(data, filename, max_rows):
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
