"""Hostile and broken files, each built by the tests themselves (no binaries in git)."""
from __future__ import annotations

import io
import re
import zipfile

from duban.reading.workbook import MAX_UNCOMPRESSED
from tests.support.workbooks import HEADER, xlsx_bytes

ROW = ["DB-1", "开展专项整治", "医务部", "2024-03-01", "5个工作日", "办理中", None]


def text_renamed() -> bytes:
    return "这不是表格，只是改了扩展名的文本。".encode()


def truncated_zip() -> bytes:
    return xlsx_bytes([HEADER, ROW])[:700]


def password_protected() -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(xlsx_bytes([HEADER, ROW]))).encrypt("密码1234", out)
    return out.getvalue()


def zip_bomb() -> bytes:
    """A few MB that inflate to more than the cap: one worksheet of repeated empty rows."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes([HEADER, ROW]))) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for item in source.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                target.writestr(item, source.read(item.filename))
        with target.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            block = b"<row/>" * (1 << 20)
            for _ in range(MAX_UNCOMPRESSED // len(block) + 2):
                sheet.write(block)
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def far_stray_cell() -> bytes:
    from openpyxl import Workbook
    book = Workbook()
    book.active.append(HEADER)
    book.active.append(ROW)
    book.active["XFD1048576"] = "误输入"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def million_row_dimension() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes([HEADER, ROW]))) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                body = re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:XFD1048576"', body)
            target.writestr(item, body)
    return out.getvalue()


def legacy_xls() -> bytes:
    import xlwt
    book = xlwt.Workbook()
    sheet = book.add_sheet("台账")
    for row, values in enumerate([HEADER, ROW]):
        for col, value in enumerate(values):
            if value is not None:
                sheet.write(row, col, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
