"""Chinese in every visible string: the places where Streamlit itself would show English."""
from __future__ import annotations

import re

import pytest

from tests.support import ROOT


def test_the_chinese_chrome_is_on_every_page_with_the_real_upload_limit(open_page):
    import tomllib

    limit = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["server"]["maxUploadSize"]
    app = open_page("app_pages/upload.py")
    [style] = [h.proto.body for h in app.get("html") if "stFileUploaderDropzoneInstructions" in h.proto.body]
    assert f"单个文件不超过 {limit} MB" in style and "选择文件" in style and "无法上传" in style


def test_the_app_menu_is_turned_off():
    import tomllib

    client = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["client"]
    assert client["toolbarMode"] == "minimal"  # no Print / Record screen / Made with Streamlit


def test_no_page_uses_streamlits_english_calendar():
    used = [path.name for folder in ("app_pages", "webui") for path in (ROOT / folder).glob("*.py")
            if re.search(r"\.date_input\(", path.read_text(encoding="utf-8"))]
    assert used == []


def test_an_empty_table_says_so_in_chinese(open_page):
    app = open_page("app_pages/users.py")
    app.text_input(key="audit_start").set_value("2099-01-01").run()
    assert any(c.value == "（无记录）" for c in app.caption)
    assert not [d for d in app.dataframe if "说明" in d.value.columns]


@pytest.mark.parametrize("start, end, shown", [("2099-01-01", "", 0), ("", "2000-01-01", 0), ("2000-01-01", "", 1)])
def test_the_audit_log_filters_by_typed_dates(open_page, start, end, shown):
    app = open_page("app_pages/users.py")
    app.text_input(key="audit_start").set_value(start)
    app.text_input(key="audit_end").set_value(end).run()
    assert len([d for d in app.dataframe if "说明" in d.value.columns]) == shown


def test_a_custom_period_typed_backwards_is_explained(open_page, no_failure):
    app = open_page("app_pages/departments.py")
    app.segmented_control(key="dept_period").set_value("自定义").run()
    app.text_input(key="dept_dates_start").set_value("2026-12-31")
    app.text_input(key="dept_dates_end").set_value("2026年1月1日").run()
    no_failure(app)
    assert any("起始日期晚于结束日期" in e.value for e in app.error)

