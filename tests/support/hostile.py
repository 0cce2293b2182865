"""Hostile and broken files, each built by the tests themselves (no binaries in git)."""
from __future__ import annotations

import io
import re
import zipfile

from duban.reading.guards import MAX_UNCOMPRESSED
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


def _rewrite_sheet(data: bytes, change) -> bytes:
    """The workbook with its first worksheet's XML passed through change(xml) -> xml."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item.filename)
            target.writestr(item.filename, change(body) if item.filename == "xl/worksheets/sheet1.xml" else body)
    return out.getvalue()


FAR_CELL_FORMS = {
    "plain": b'<c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>',
    "r_not_first": b'<c t="inlineStr" r="XFD1048576"><is><t>x</t></is></c>',
    "single_quoted": b"<c r='XFD1048576' t='inlineStr'><is><t>x</t></is></c>",
    "prefixed": b'<x:c xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="XFD1048576" '
                b't="inlineStr"><x:is><x:t>x</x:t></x:is></x:c>',
    "lowercase": b'<c r="xfd1048576" t="inlineStr"><is><t>x</t></is></c>',
}


def far_cell(form: str = "plain", dimension: bool = True) -> bytes:
    """A 2 KB workbook with a small <dimension> (or none) and one cell written at XFD1048576."""
    def change(xml: bytes) -> bytes:
        row = b'<row r="1048576">' + FAR_CELL_FORMS[form] + b"</row>"
        xml = xml.replace(b"</sheetData>", row + b"</sheetData>")
        return xml if dimension else re.sub(rb"<dimension [^>]*/>", b"", xml)
    return _rewrite_sheet(xlsx_bytes([HEADER, ROW]), change)


def lying_zip_bomb(inflated: int = 600 * 1024 * 1024, declared: int = 100 * 1024) -> bytes:
    """A workbook whose worksheet declares `declared` bytes but inflates to `inflated` (zeros in a text cell)."""
    import zlib
    good = xlsx_bytes([HEADER, ROW])
    compressor, pieces = zlib.compressobj(1, zlib.DEFLATED, -15), []
    head = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
    pieces.append(compressor.compress(head + b'<c r="A1" t="inlineStr"><is><t>'))
    block = b"0" * (1 << 20)
    for _ in range(inflated // len(block)):
        pieces.append(compressor.compress(block))
    pieces.append(compressor.compress(b"</t></is></c></row></sheetData></worksheet>") + compressor.flush())
    raw = b"".join(pieces)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for item in source.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                target.writestr(item.filename, source.read(item.filename))
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
        info.compress_type = zipfile.ZIP_STORED
        target.writestr(info, raw)  # stored as-is, then re-labelled as deflated below
    data = bytearray(out.getvalue())
    return _relabel_deflated(data, b"xl/worksheets/sheet1.xml", declared)


def _relabel_deflated(data: bytearray, name: bytes, declared: int) -> bytes:
    """Mark a stored member as deflated and make its headers declare `declared` inflated bytes."""
    import struct
    for signature, method_at, size_at in ((b"PK\x03\x04", 8, 22), (b"PK\x01\x02", 10, 24)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            length = struct.unpack_from("<H", data, start + (26 if signature == b"PK\x03\x04" else 28))[0]
            if bytes(data[name_at:name_at + length]) == name:
                struct.pack_into("<H", data, start + method_at, zipfile.ZIP_DEFLATED)
                struct.pack_into("<L", data, start + size_at, declared)
            start += 4
    return bytes(data)


def crc_damaged() -> bytes:
    """A workbook whose worksheet bytes were changed after the CRC was written."""
    data = bytearray(xlsx_bytes([HEADER, ROW]))
    at = data.find(b"xl/worksheets/sheet1.xml") + len(b"xl/worksheets/sheet1.xml") + 5
    data[at] ^= 0xFF
    return bytes(data)


def ods_repeated(columns: int = 1000, rows: int = 30_000) -> bytes:
    """A 1 KB .ods whose one filled cell is repeated columns x rows times."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
        '<office:spreadsheet><table:table table:name="台账">'
        f'<table:table-row table:number-rows-repeated="{rows}">'
        f'<table:table-cell table:number-columns-repeated="{columns}" office:value-type="string">'
        "<text:p>督办事项</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet>"
        "</office:body></office:document-content>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        target.writestr("content.xml", content)
        target.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry '
                        'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                        "</manifest:manifest>")
    return out.getvalue()


def far_xls() -> bytes:
    """A .xls whose one number cell (and its DIMENSIONS record) says row 65535, column 65535."""
    import struct
    import xlwt
    book = xlwt.Workbook()
    book.add_sheet("台账").write(0, 0, 1.5)
    buffer = io.BytesIO()
    book.save(buffer)
    data = bytearray(buffer.getvalue())
    number = data.find(struct.pack("<HHHH", 0x027E, 10, 0, 0))  # the RK (number) record at row 0, column 0
    dimensions = data.find(struct.pack("<HH", 0x0200, 14))
    assert number > 0 and dimensions > 0, "xlwt wrote the sheet differently"
    struct.pack_into("<HH", data, number + 4, 0xFFFF, 0xFFFF)
    struct.pack_into("<LLHH", data, dimensions + 4, 0, 0x10000, 0, 0xFFFF)
    return bytes(data)


CSV_CR_ONLY = "督办事项,承办科室,交办日期\r开展专项整治,医务部,2024-03-01\r".encode()
CSV_OPEN_QUOTE = '督办事项,承办科室,交办日期\n"开展专项整治,医务部,2024-03-01\n'.encode()
