"""Hostile and broken files: one Chinese message each, the app stays up, nothing stored changes.

Every fixture is generated here (no binaries in git).
"""
from __future__ import annotations

import datetime as dt
import io
import re
import time
import zipfile

import pytest

from tests.support.workbooks import HEADER, xlsx_bytes
from duban.storage import database
from duban.errors import ReadError
from duban.reading.table import read_register
from duban.reading.workbook import MAX_UNCOMPRESSED

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


UNUSABLE = [
    ("text_renamed", text_renamed, "台账.xlsx", "不是有效的 Excel 文件"),
    ("empty", lambda: b"", "台账.xlsx", "文件为空"),
    ("truncated_zip", truncated_zip, "台账.xlsx", "已损坏"),
    ("password", password_protected, "台账.xlsx", "打开密码"),
    ("zip_bomb", zip_bomb, "台账.xlsx", "解压后超过"),
    ("far_stray_cell", far_stray_cell, "台账.xlsx", "表格范围过大"),
    ("no_register_sheet", lambda: xlsx_bytes([["姓名", "电话"], ["王芳", "1"]]), "台账.xlsx", "没有找到督办台账"),
]


@pytest.mark.parametrize("name, make, filename, message", UNUSABLE, ids=[u[0] for u in UNUSABLE])
def test_reader_gives_one_chinese_message(name, make, filename, message):
    started = time.perf_counter()
    with pytest.raises(ReadError, match=message):
        read_register(make(), filename)
    assert time.perf_counter() - started < 60


@pytest.mark.parametrize("name, make, filename, message", UNUSABLE, ids=[u[0] for u in UNUSABLE])
def test_upload_page_shows_the_message_and_the_store_is_unchanged(name, make, filename, message, open_page, upload, save_as, no_failure):
    good = xlsx_bytes([HEADER, ROW])
    app = upload(open_page("app_pages/upload.py"), "本周.xlsx", good)
    save_as(app, dt.date(2024, 3, 15))
    engine = database.connect()
    before = database.weeks(engine)[["as_of", "sha256", "version"]]
    app = upload(open_page("app_pages/upload.py"), filename, make())
    no_failure(app)
    assert any(message in e.value for e in app.error)
    assert not [b for b in app.button if b.key == "save_register"]
    assert database.weeks(engine)[["as_of", "sha256", "version"]].equals(before)


@pytest.mark.parametrize("make, filename", [(million_row_dimension, "台账.xlsx"), (legacy_xls, "台账.xls"),
                                            (lambda: "督办事项,承办科室,交办日期\n开展专项整治,医务部,2024-03-01\n"
                                             .encode("gb18030"), "台账.csv")],
                         ids=["million_row_dimension", "xls", "csv_gb18030"])
def test_unusual_but_valid_files_are_read(make, filename):
    started = time.perf_counter()
    raw = read_register(make(), filename)
    assert raw.rows["title"].tolist() == ["开展专项整治"] and raw.rows["lead_dept"].tolist() == ["医务部"]
    assert time.perf_counter() - started < 10


def test_upload_limit_is_set_deliberately_and_said_in_the_ui(open_page):
    import tomllib
    from tests.support import ROOT
    limit = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["server"]["maxUploadSize"]
    app = open_page("app_pages/upload.py")
    assert any(f"{limit} MB" in m.value for m in app.markdown)


def test_a_file_over_the_upload_limit_is_refused_in_chinese(open_page, upload, no_failure):
    from streamlit import config
    previous = config.get_option("server.maxUploadSize")
    config.set_option("server.maxUploadSize", 1)
    try:
        app = upload(open_page("app_pages/upload.py"), "大文件.xlsx", b"PK\x03\x04" + b"0" * (1024 * 1024 + 1))
        no_failure(app)
        assert any("超过 1 MB 的上传上限" in e.value for e in app.error)
    finally:
        config.set_option("server.maxUploadSize", previous)
