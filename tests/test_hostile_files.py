"""Hostile and broken files: one Chinese message each, the app stays up, nothing stored changes.

Every fixture is generated here (no binaries in git).
"""
from __future__ import annotations

import datetime as dt

import pytest

from duban.errors import ReadError
from duban.reading.table import read_register
from duban.storage import database
from tests.support.hostile import (CSV_OPEN_QUOTE, FAR_CELL_FORMS, ROW, crc_damaged, far_cell, far_stray_cell,
                                   far_xls, legacy_xls, lying_zip_bomb, million_row_dimension, ods_repeated,
                                   password_protected, text_renamed, truncated_zip, zip_bomb)
from tests.support.workbooks import HEADER, xlsx_bytes

UNUSABLE = [
    ("text_renamed", text_renamed, "台账.xlsx", "不是有效的 Excel 文件"),
    ("empty", lambda: b"", "台账.xlsx", "文件为空"),
    ("truncated_zip", truncated_zip, "台账.xlsx", "已损坏"),
    ("password", password_protected, "台账.xlsx", "打开密码"),
    ("zip_bomb", zip_bomb, "台账.xlsx", "解压后超过"),
    ("far_stray_cell", far_stray_cell, "台账.xlsx", "表格范围过大"),
    ("no_register_sheet", lambda: xlsx_bytes([["姓名", "电话"], ["王芳", "1"]]), "台账.xlsx", "没有找到督办台账"),
    *[(f"far_cell_{form}", lambda form=form: far_cell(form), "台账.xlsx", "表格范围过大") for form in FAR_CELL_FORMS],
    ("far_cell_no_dimension", lambda: far_cell("plain", dimension=False), "台账.xlsx", "表格范围过大"),
    ("lying_zip_bomb", lying_zip_bomb, "台账.xlsx", "解压后超过"),
    ("crc_damaged", crc_damaged, "台账.xlsx", "已损坏"),
    ("far_xls", far_xls, "台账.xls", "文件过大或已损坏"),  # the worker aborts: the process reading it, not ours
    ("ods_repeated", ods_repeated, "台账.ods", "文件过大或已损坏"),
    ("csv_open_quote", lambda: CSV_OPEN_QUOTE, "台账.csv", "引号没有配对"),
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


@pytest.mark.timeout(30)
@pytest.mark.parametrize("name, make, filename, message", UNUSABLE, ids=[u[0] for u in UNUSABLE])
def test_the_command_line_exits_2_with_one_chinese_line(name, make, filename, message, tmp_path, cli):
    path = tmp_path / filename
    path.write_bytes(make())
    done = cli("analyze", path, "--json")
    assert done.returncode == 2 and done.stdout == "" and message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_a_crash_inducing_upload_is_logged_and_another_session_still_works(open_page, upload, no_failure):
    app = upload(open_page("app_pages/upload.py"), "远处单元格.xls", far_xls())
    no_failure(app)
    assert any("文件过大或已损坏" in e.value for e in app.error)
    log = database.audit_entries(database.connect())
    assert log.query("action == 'upload_refused'")["detail"].str.contains("远处单元格.xls").any()
    other = open_page("app_pages/overview.py")  # a second session of the same server process
    no_failure(other)
    assert [m.label for m in other.metric][:1] == ["总事项"]


CRAFTED_CELLS = {  # cells near Excel's 32,767-character limit, shaped against the cleaning's own patterns
    "spaces": "a" + " " * 30_000 + "b", "brackets": "(" * 15_000 + "a" + ")" * 15_000, "open_brackets": "( " * 15_000,
    "before": "内前" * 15_000, "leading": "目前" * 15_000, "dashes": "-" * 30_000 + "x", "names": "张志强、" * 7_000,
    "limit_words": "截止到" * 10_000 + "6月30日左右", "weeks": "一" * 15_000 + "周内",
}


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", CRAFTED_CELLS)
def test_cells_crafted_against_the_cleaning_patterns_are_read_as_what_they_are(name):
    """Every cell of one row holds the crafted text: no runaway pattern, no recursion error, the row reported."""
    from duban.pipeline import analyze

    cell = CRAFTED_CELLS[name]
    data = xlsx_bytes([HEADER, ["DB-1", "事项", "医务部", "2024-03-01", cell, cell, cell, cell]])
    result = analyze(data, "台账.xlsx", "2024-03-15")
    assert result.counts["rows_read"] == 1 and result.counts["kept"] + result.counts["left_out"] == 1
