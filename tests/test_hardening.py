"""Hostile settings and output: config values validated to the end, rule files in the encodings Windows writes,
no live formula in any table's download, the data home readable by its owner only, one error boundary."""
from __future__ import annotations

import logging
import stat

import pandas as pd
import pytest

from duban import paths
from duban.config import ConfigError, from_mapping, load_config, parse_config
from duban.output.labels import inert, inert_table
from duban.compute.calendar import load_overrides
from duban.storage import database


@pytest.mark.parametrize("text, key", [
    ("late_done_weight = nan", "late_done_weight"), ("late_done_weight = inf", "late_done_weight"),
    ("feedback_workdays_simple = 9223372036854775807", "feedback_workdays_simple"),
    ("feedback_workdays_simple = 2.5", "feedback_workdays_simple"), ("max_rows_per_sheet = 1.5", "max_rows_per_sheet"),
    ("near_due_workdays = -1", "near_due_workdays"),
    ("[stage_weights]\n'电话催办' = inf\n'发函督查' = 3\n'约谈督查' = 5\n'通报批评' = 8\n'分管领导约谈' = 10",
     "stage_weights.电话催办"),
    ("[stage_thresholds]\n'电话催办' = 0.5\n'发函督查' = 3\n'约谈督查' = 5\n'通报批评' = 10\n'分管领导约谈' = 15",
     "stage_thresholds.电话催办"),
    ("[grade_bands]\n'优秀' = nan\n'良好' = 85\n'合格' = 70", "grade_bands.优秀"),
    ("[header_aliases]\n'主责科室' = \"nonsense\"", "header_aliases"),
    ("institution_name = 3", "institution_name"), ("no_such_key = 1", "未知的配置项"),
])
def test_config_values_are_validated_to_the_end(text, key):
    with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
        parse_config(text)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_rule_files_saved_by_notepad_or_excel_are_read(tmp_path, encoding):
    config = tmp_path / "config.toml"
    config.write_bytes('institution_name = "某某医院"\n'.encode(encoding))
    assert load_config(config).institution_name == "某某医院"
    days = tmp_path / "calendar_overrides.csv"
    days.write_bytes("日期,类型,说明\n2027-01-01,休,元旦\n".encode(encoding))
    assert [o.note for o in load_overrides(days)] == ["元旦"]


def test_a_bad_rule_file_never_stops_the_settings_page(duban_home, open_page, no_failure):
    paths.config_path().write_bytes(b"late_done_weight = nan\n\xff\xfe\x00garbage")
    app = open_page("app_pages/settings.py")
    no_failure(app)
    assert any("现有规则文件有误" in e.value for e in app.error)
    assert app.button  # the form is there to repair it


@pytest.mark.parametrize("cell", ["=WEBSERVICE(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_no_text_cell_of_a_shown_table_can_become_a_formula(cell):
    assert inert(cell) == "'" + cell
    shown = inert_table(pd.DataFrame({"事项": [cell, "正常文字"], "数": [1, 2]}))
    assert shown["事项"].tolist() == ["'" + cell, "正常文字"] and shown["数"].tolist() == [1, 2]


def test_tables_on_the_pages_are_shown_inert(open_page, upload, table_with):
    from tests.support.workbooks import HEADER, xlsx_bytes
    row = ["DB-1", "=IMPORTXML(A1)", "医务部", "2024-03-01", "2024-03-05", "办理中", None]
    app = upload(open_page("app_pages/upload.py"), "t.xlsx", xlsx_bytes([HEADER, row]))
    assert table_with(app, "督办事项")["督办事项"].tolist() == ["'=IMPORTXML(A1)"]


def test_the_data_home_and_everything_in_it_is_owner_only(duban_home):
    from duban.config import Config, save_config

    database.connect()
    save_config(Config(), paths.config_path())
    assert stat.S_IMODE(paths.home().stat().st_mode) == 0o700
    for name in ("duban.db", "config.toml"):
        assert stat.S_IMODE((duban_home / name).stat().st_mode) == 0o600, name
    assert not list(duban_home.glob("*.tmp"))


def test_an_existing_open_data_home_is_tightened(tmp_path, monkeypatch):
    home = tmp_path / "open"
    home.mkdir(mode=0o755)
    monkeypatch.setenv("DUBAN_HOME", str(home))
    assert stat.S_IMODE(paths.home().stat().st_mode) == 0o700


def test_an_unexpected_error_on_a_page_shows_a_chinese_message_with_an_id_and_logs_the_traceback(
        open_page, monkeypatch, caplog):
    from webui import data

    def broken(*args, **kwargs):
        raise RuntimeError("secret server path /srv/duban")

    monkeypatch.setattr(data, "stored_weeks", broken)
    with caplog.at_level(logging.ERROR, logger="duban"):
        app = open_page("app_pages/overview.py")
    assert not app.exception
    message = next(e.value for e in app.error if "错误编号" in e.value)
    assert "/srv/duban" not in message and "RuntimeError" not in message
    error_id = message.split("错误编号 ")[1][:8]
    assert any(error_id in r.getMessage() and r.exc_info for r in caplog.records)


def test_defaults_still_load():
    assert from_mapping({}).late_done_weight == 1


def test_a_corrupt_database_gives_the_sign_in_page_a_chinese_message_not_a_traceback(duban_home):
    from streamlit.testing.v1 import AppTest

    from tests.support import ROOT

    (paths.home() / "duban.db").write_bytes(b"this is not a database" * 100)
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not app.exception
    shown = " ".join(e.value for e in app.error)
    assert "错误编号" in shown and "Traceback" not in shown and "sqlite3" not in shown
