"""Workbook bytes to the rows of each sheet, with python-calamine (or csv); stdlib and calamine only.

Kept free of pandas so that the command line can parse a large file in a thread (calamine releases the
GIL) while the heavy imports happen.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile

from duban import split_read
from duban.errors import DubanError

HEADER_SCAN_ROWS = 30
_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"


class ReadError(DubanError):
    """The file cannot be used at all; the message is one Chinese sentence for the office."""


def grid_sheets(data: bytes, filename: str, max_rows: int, split: bool = True) -> list[tuple[str, list[list], list]]:
    """(name, rows, merged ranges) per sheet, or raise ReadError.

    A large sheet is read in parts on all cores unless split is False (the caller keeps a core busy).
    """
    if not data:
        raise ReadError("文件为空（0 字节），请重新导出台账后上传。")
    head = data[:8]
    if head.startswith(_ZIP) or head.startswith(_OLE):
        return _workbook_sheets(data, max_rows, split)
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


def _open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ReadError("文件已损坏或不是有效的 Excel 文件，无法读取。请在 Excel 中打开并另存为 .xlsx 后重新上传。") from exc


def _guard_workbook(archive: zipfile.ZipFile) -> None:
    """Refuse, with a message, xlsx files whose size unpacked or cell range would exhaust memory."""
    members = archive.infolist()
    if sum(m.file_size for m in members) > MAX_UNCOMPRESSED:
        raise ReadError("文件解压后超过 512 MB，不像是正常的督办台账（可能已损坏或被恶意构造），已拒绝读取。")
    for member in members:
        if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
            rows, cols = _sheet_extent(archive, member)
            if rows * cols > MAX_CELLS:
                raise ReadError(f"有工作表的内容一直延伸到第 {rows} 行、第 {cols} 列（多半是远处误输入了内容），"
                                "表格范围过大无法读取。请删除多余的单元格后另存再上传。")


def _workbook_sheets(data: bytes, max_rows: int, split: bool) -> list[tuple[str, list[list], list]]:
    if not data.startswith(_ZIP):  # .xls (OLE) and anything else calamine may know
        return _calamine_sheets(data, max_rows)
    with _open_zip(data) as archive:  # opened once: guard, sheet sizes, split reads
        _guard_workbook(archive)
        return _calamine_sheets(data, max_rows, archive, *(_large_sheets(archive) if split else ({}, False)))


def _calamine_sheets(data: bytes, max_rows: int, archive: zipfile.ZipFile | None = None,
                     large: dict[str, str] | None = None, only_large: bool = False) -> list[tuple[str, list[list], list]]:
    """(name, rows, merged ranges) of every sheet, the large ones read in parts.

    When only_large (every sheet is large), the whole workbook is opened only if a split read falls
    back: opening it parses all the shared strings once more.
    """
    import python_calamine as calamine

    large = large or {}
    book = None
    try:
        if not only_large:
            book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for name in list(large) if only_large else book.sheet_names:
            read = _split_read(archive, name, large[name]) if name in large else None
            if read is None:
                book = book or calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
                sheet = book.get_sheet_by_name(name)
                read = sheet.to_python(skip_empty_area=False, nrows=max_rows + HEADER_SCAN_ROWS), sheet.merged_cell_ranges
            sheets.append((name, read[0][:max_rows + HEADER_SCAN_ROWS], read[1] or []))
        return sheets
    except calamine.PasswordError as exc:
        raise ReadError("文件设置了打开密码，无法读取。请在 Excel 中取消密码后另存为 .xlsx 再上传。") from exc
    except Exception as exc:  # calamine raises several types for broken zips and XML
        if data.startswith(_OLE) and b"EncryptedPackage" in data[:200_000].replace(b"\x00", b""):
            raise ReadError("文件设置了打开密码，无法读取。请在 Excel 中取消密码后另存为 .xlsx 再上传。") from exc
        raise ReadError("文件已损坏或不是有效的 Excel 文件，无法读取。请在 Excel 中打开并另存为 .xlsx 后重新上传。") from exc


def _parts() -> int:
    return min(split_read.cores(), split_read.MAX_PARTS)


def _large_sheets(archive: zipfile.ZipFile) -> tuple[dict[str, str], bool]:
    """(sheets worth reading in parts on several cores, name → XML path; whether they are all the sheets).

    Nothing is split on a single core.
    """
    if _parts() < 2:
        return {}, False
    try:
        paths = split_read.sheet_paths(archive)
    except (KeyError, zipfile.BadZipFile, UnicodeDecodeError):
        return {}, False  # calamine will say what is wrong with the file
    sizes = {info.filename: info.file_size for info in archive.infolist()}
    large = {name: path for name, path in paths.items()
             if split_read.SPLIT_MIN_BYTES <= sizes.get(path, 0) <= split_read.SPLIT_MAX_BYTES}
    return large, bool(large) and len(large) == len(paths)


def _split_read(archive: zipfile.ZipFile, name: str, path: str) -> tuple[list[list], list] | None:
    """A large sheet read in parts, or None (read it whole) when the file holds anything unexpected."""
    try:
        return split_read.split_rows(name, path, archive, _parts())
    except Exception:  # the whole-sheet read that follows gives the office the right message
        return None


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
