"""Workbook bytes to the rows of each sheet, as Python values: python-calamine for workbooks, csv for CSV.

One way from bytes to cells: dates arrive as dates, numbers as numbers and text as text, so that a
number in a date column (2024.6) can be told from the text 2024.6.
"""
from __future__ import annotations

import csv
import io
import zipfile

from duban.errors import ReadError
from duban.reading.guards import guard_workbook

HEADER_SCAN_ROWS = 30
_PASSWORD = "文件设置了打开密码，无法读取。请在 Excel 中取消密码后另存为 .xlsx 再上传。"
CORRUPT = "文件已损坏或不是有效的 Excel 文件，无法读取。请在 Excel 中打开并另存为 .xlsx 后重新上传。"
_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"


Sheet = tuple[str, list[list], list]  # name, rows of cell values, merged ranges ((r0, c0), (r1, c1)), 0-based


def column_letter(index: int) -> str:
    """A for 0, AA for 26."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_sheets(data: bytes, filename: str, max_rows: int) -> list[Sheet]:
    """(name, rows, merged ranges) per sheet, at most max_rows rows below the header area, or raise ReadError."""
    check_file(data, filename)
    return parse_sheets(data, filename, max_rows)


def check_file(data: bytes, filename: str) -> None:
    """The checks before parsing: an empty or misnamed file, and a zip that inflates or reaches too far."""
    if not data:
        raise ReadError("文件为空（0 字节），请重新导出台账后上传。")
    if data.startswith(_ZIP):
        with _open_zip(data) as archive:
            guard_workbook(data, archive)
    elif not data.startswith(_OLE) and filename.lower().endswith((".xlsx", ".xlsm", ".xls", ".ods")):
        raise ReadError(f"“{filename}”不是有效的 Excel 文件（可能是改了扩展名的其他文件），"
                        "请在 Excel 中另存为 .xlsx 后上传。")


def parse_sheets(data: bytes, filename: str, max_rows: int) -> list[Sheet]:
    """The sheets as read_sheets gives them, without its checks (the worker runs them alongside)."""
    if data.startswith(_ZIP) or data.startswith(_OLE):
        return _calamine_sheets(data, max_rows)
    return [(_csv_name(filename), _csv_rows(data, max_rows), [])]


def _open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ReadError(CORRUPT) from exc


def _calamine_sheets(data: bytes, max_rows: int) -> list[Sheet]:
    """(name, rows, merged ranges) of every sheet, read by python-calamine as Python values."""
    import python_calamine as calamine

    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False, nrows=max_rows + HEADER_SCAN_ROWS)
            sheets.append((name, rows[:max_rows + HEADER_SCAN_ROWS], sheet.merged_cell_ranges or []))
        return sheets
    except calamine.PasswordError as exc:
        raise ReadError(_PASSWORD) from exc
    except Exception as exc:  # calamine raises several types for broken zips and XML
        if data.startswith(_OLE) and b"EncryptedPackage" in data[:200_000].replace(b"\x00", b""):
            raise ReadError(_PASSWORD) from exc
        raise ReadError(CORRUPT) from exc


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
    reader = csv.reader(io.StringIO(text, newline=None), strict=True)  # CR, LF or CRLF line ends alike
    try:
        for row in reader:
            if len(rows) >= max_rows + HEADER_SCAN_ROWS:
                break
            rows.append(row)
    except csv.Error as exc:
        if "field limit" in str(exc):
            raise ReadError(f"CSV 文件第 {reader.line_num} 行有一个单元格超过 {csv.field_size_limit() // 1024} KB，"
                            "不像是督办台账的内容，请检查后另存为 .xlsx 再上传。") from exc
        raise ReadError(f"CSV 文件第 {reader.line_num} 行格式有误（多半是引号没有配对），"
                        "请在 Excel 中打开并另存为 .xlsx 后重新上传。") from exc
    return rows
