"""Hostile and broken files: one Chinese message each, the app stays up, nothing stored changes.

Every fixture is generated here (no binaries in git).
"""
from __future__ import annotations

import datetime as dt

import pytest

from duban.errors import ReadError
from duban.reading.table import read_register
from duban.storage import database
from tests.support.hostile import (ROW, far_stray_cell, legacy_xls, million_row_dimension, password_protected,
                                   text_renamed, truncated_zip, zip_bomb)
from tests.support.workbooks import HEADER, xlsx_bytes

UNUSABLE = [
    ("text_renamed", text_renamed, "台账.xlsx", "不是有效的 Excel 文件"),
    ("empty", lambda: b"", "台账.xlsx", "文件为空"),
    ("truncated_zip", truncated_zip, "台账.xlsx", "已损坏"),
    ("password", password_protected, "台账.xlsx", "打开密码"),
    ("zip_bomb", zip_bomb, "台账.xlsx", "解压后超过"),
    ("far_stray_cell", far_stray_cell, "台账.xlsx", "表格范围过大"),
    ("no_register_sheet", lambda: xlsx_bytes([["姓名", "电话"], ["王芳", "1"]]), "台账.xlsx", "没有找到督办台账"),
]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name, make, filename, message", UNUSABLE, ids=[u[0] for u in UNUSABLE])
def test_reader_gives_one_chinese_message(name, make, filename, message):
    with pytest.raises(ReadError, match=message):
        read_register(make(), filename)


@pytest.mark.parametrize("name, make, filename, message", UNUSABLE, ids=[u[0] for u in UNUSABLE])
def test_upload_page_shows_the_message_and_the_store_is_unchanged(name, make, filename, message, open_page, upload,
                                                                   save_as, no_failure):
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
@pytest.mark.timeout(20)
def test_unusual_but_valid_files_are_read(make, filename):
    raw = read_register(make(), filename)
    assert raw.rows["title"].tolist() == ["开展专项整治"] and raw.rows["lead_dept"].tolist() == ["医务部"]


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
