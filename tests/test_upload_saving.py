"""The week a register is saved under is the one on screen."""
from __future__ import annotations

import datetime as dt

import pytest

from duban.storage import database
from tests.support.workbooks import HEADER, xlsx_bytes

MARCH = xlsx_bytes([["统计截至：2024年3月15日"], HEADER,
                    ["A", "甲", "医务部", "2024-03-01", "2024-03-06", "办理中", None]])
JANUARY = xlsx_bytes([["统计截至：2027年1月15日"], HEADER,
                      ["B", "乙", "护理部", "2027-01-04", "2027-01-20", "办理中", None],
                      ["C", "丙", "院办", "2027-01-05", "2027-01-29", "办理中", None]])


def _save_label(app) -> str:
    return app.button(key="save_register").label


def test_a_second_upload_in_the_same_page_follows_its_own_date(open_page, upload, as_of_box, no_failure):
    app = upload(open_page("app_pages/upload.py"), "三月.xlsx", MARCH)
    assert as_of_box(app).value == "2024-03-15" and _save_label(app) == "保存为 2024-03-15 的台账"
    app = upload(app, "一月.xlsx", JANUARY)
    no_failure(app)
    assert as_of_box(app).value == "2027-01-15"
    assert {m.label: m.value for m in app.metric}["计入事项"] == "2"
    assert _save_label(app) == "保存为 2027-01-15 的台账"
    app.button(key="save_register").click().run()
    weeks = database.weeks(database.connect())
    assert [str(day)[:10] for day in weeks["as_of"]] == ["2027-01-15"]


def test_a_typed_date_changes_the_counts_and_the_button_at_once(open_page, upload, as_of_box):
    app = upload(open_page("app_pages/upload.py"), "一月.xlsx", JANUARY)
    as_of_box(app).set_value("2027年1月4日").run()  # the 丙 item is assigned after this day: an error
    assert {m.label: m.value for m in app.metric}["计入事项"] == "1"
    assert _save_label(app) == "保存为 2027-01-04 的台账"


def test_without_a_stated_date_the_office_must_choose_one(open_page, upload, as_of_box, save_as):
    undated = xlsx_bytes([HEADER, ["A", "甲", "医务部", "2024-03-01", "2024-03-06", "办理中", None]])
    app = upload(open_page("app_pages/upload.py"), "无日期.xlsx", undated)
    assert as_of_box(app).value == "" and app.button(key="save_register").disabled
    assert any("请填写" in w.value for w in app.warning)
    assert "已保存" in save_as(app, dt.date(2024, 3, 15))


@pytest.mark.parametrize("typed, message", [("2024-02-30", "这一天不存在"), ("三月十五", "不是完整的日期"),
                                             ("45000", "不是完整的日期"), ("3月15日", "不是完整的日期")])
def test_a_date_typed_wrong_is_explained_and_nothing_can_be_saved(open_page, upload, as_of_box, typed, message):
    app = upload(open_page("app_pages/upload.py"), "三月.xlsx", MARCH)
    as_of_box(app).set_value(typed).run()
    assert any(message in e.value for e in app.error) and app.button(key="save_register").disabled
    assert database.weeks(database.connect()).empty


def test_a_register_with_no_item_cannot_be_saved(open_page, upload):
    empty = xlsx_bytes([["统计截至：2024年3月15日"], HEADER, ["A", None, "医务部", "2024-03-01", None, None, None]])
    app = upload(open_page("app_pages/upload.py"), "空.xlsx", empty)
    assert app.button(key="save_register").disabled and any("不能保存" in e.value for e in app.error)


def test_replacing_a_weeks_register_must_be_confirmed(open_page, upload, save_as):
    app = upload(open_page("app_pages/upload.py"), "三月.xlsx", MARCH)
    assert "已保存" in save_as(app, dt.date(2024, 3, 15))
    other = xlsx_bytes([["统计截至：2024年3月15日"], HEADER,
                        ["Z", "另一份", "院办", "2024-03-01", None, "办理中", None]])
    app = upload(open_page("app_pages/upload.py"), "三月改.xlsx", other)
    assert any("已保存过另一份台账" in w.value for w in app.warning) and app.button(key="save_register").disabled
    assert "之前的版本仍然保留" in save_as(app, dt.date(2024, 3, 15))
    assert len(database.versions(database.connect(), dt.date(2024, 3, 15))) == 2
