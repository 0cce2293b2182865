"""AppTest of every page (found by globbing app_pages/), and the office's upload → save → browse flow."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.support import ROOT
from duban.paths import SAMPLE_REGISTER
from tests.support.sample import sample_expected
from tests.support.shared import expected_for, register_params
from tests.support.workbooks import HEADER, xlsx_bytes

PAGES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "app_pages").glob("*.py"))


def test_every_page_file_is_in_the_navigation():
    from webui.shell import PAGES as REGISTERED
    assert PAGES and sorted(p.path for p in REGISTERED) == PAGES


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_on_the_sample_without_error(page, open_page, no_failure):
    app = open_page(page)
    no_failure(app)
    assert not app.error, [e.value for e in app.error]
    assert app.title and all("\u4e00" <= app.title[0].value[0] <= "\u9fff" for _ in [0])


def test_overview_shows_the_sample_kpis(open_page):
    app = open_page("app_pages/overview.py")
    labels = [m.label for m in app.metric]
    assert labels[:6] == ["总事项", "已办结", "办结率", "按时办结率", "逾期未办结", "临期"]
    assert any("示例台账" in i.value for i in app.info)


def test_an_upload_is_logged_once_however_often_the_page_reruns(open_page, upload, as_of_box):
    from duban.storage import database

    register = SAMPLE_REGISTER
    app = upload(open_page("app_pages/upload.py"), register.name, register.read_bytes())
    as_of_box(app).set_value("2024-03-15").run()
    app.run()
    uploads = database.audit_entries(database.connect()).query("action == 'upload'")
    assert len(uploads) == 1 and register.name in uploads["detail"].iloc[0]


def test_an_upload_is_read_once_when_its_date_and_columns_stay_as_read(open_page, upload, as_of_box, monkeypatch):
    """The report of a new upload comes from one reading of the file; a new date reads it again."""
    import streamlit as st

    import webui.data

    st.cache_data.clear()  # an earlier test may have analysed the sample already
    calls = []
    analyze = webui.data.analyze
    monkeypatch.setattr(webui.data, "analyze", lambda *a, **k: calls.append(a[2]) or analyze(*a, **k))
    app = upload(open_page("app_pages/upload.py"), SAMPLE_REGISTER.name, SAMPLE_REGISTER.read_bytes())
    assert calls == [None] and app.metric
    as_of_box(app).set_value("2024-03-18").run()
    assert calls == [None, dt.date(2024, 3, 18)]


def _expected(register: Path | None) -> dict:
    """The shared register's expected .json, or (for the bundled sample) the command line's own answer."""
    return sample_expected() if register is None else expected_for(register)


@pytest.mark.parametrize("register", [pytest.param(None, id="sample"), *register_params()])
def test_upload_shows_report_then_saved_figures_match_the_cli(register, open_page, upload, save_as, table_with,
                                                              no_failure, as_of_box):
    expected = _expected(register)
    register = register or SAMPLE_REGISTER
    app = upload(open_page("app_pages/upload.py"), register.name, register.read_bytes())
    no_failure(app)
    as_of_box(app).set_value(expected["as_of"]).run()
    assert table_with(app, "问题说明").shape[0] >= len(expected["issues"])
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["计入事项"] == str(expected["counts"]["kept"])
    assert "已保存" in save_as(app, dt.date.fromisoformat(expected["as_of"]))

    overview = open_page("app_pages/overview.py")
    assert not overview.info or not any("示例台账" in i.value for i in overview.info)
    kept = [i for i in expected["items"] if i["status"] != "cancelled"]
    values = {m.label: m.value for m in overview.metric}
    assert values["总事项"] == str(len(kept))
    assert values["逾期未办结"] == str(sum(i["overdue"] for i in kept))

    departments = open_page("app_pages/departments.py")
    departments.segmented_control(key="dept_period").set_value("自定义").run()
    departments.text_input(key="dept_dates_start").set_value(expected["period_start"])
    departments.text_input(key="dept_dates_end").set_value(expected["period_end"]).run()
    no_failure(departments)
    ranking = table_with(departments, "排名").set_index("承办科室")
    for dept in expected["departments"]:
        shown = ranking.loc[dept["dept"]]
        assert shown["排名"] == ("—" if dept["rank"] is None else str(dept["rank"]))
        assert shown["等级"] == ("—" if dept["grade"] is None else dept["grade"])
        assert shown["事项总数"] == dept["total"]


def test_unusable_upload_gets_a_chinese_error_and_nothing_is_saved(open_page, upload, no_failure):
    from duban.storage import database
    app = upload(open_page("app_pages/upload.py"), "坏文件.xlsx", b"not a workbook")
    no_failure(app)
    assert any("无法使用该文件" in e.value for e in app.error)
    assert database.weeks(database.connect()).empty


def _week(rows: list[list]) -> bytes:
    return xlsx_bytes([HEADER, *rows])


def test_week_over_week_changes_and_replacement_keeps_the_old_version(open_page, upload, save_as, no_failure):
    from duban.storage import database
    last = [["A", "甲事项", "医务部", "2024-03-01", "2024-03-06", "办理中", None],
            ["B", "乙事项", "护理部", "2024-03-04", "2024-03-20", "办理中", None]]
    now = [["A", "甲事项", "医务部", "2024-03-01", "2024-03-06", "办理中", None],
           ["B", "乙事项", "护理部", "2024-03-04", "2024-03-20", "已办结", "2024-03-12"],
           ["C", "丙事项", "医务部", "2024-03-11", "2024-03-29", "办理中", None]]
    app = upload(open_page("app_pages/upload.py"), "w1.xlsx", _week(last))
    assert "已保存" in save_as(app, dt.date(2024, 3, 8))
    this_week = _week(now)
    app = upload(open_page("app_pages/upload.py"), "w2.xlsx", this_week)
    assert "已保存" in save_as(app, dt.date(2024, 3, 15))
    overview = open_page("app_pages/overview.py")
    no_failure(overview)
    changes = {m.label: m.value for m in overview.metric}
    assert (changes["本周新增"], changes["本周办结"], changes["新增逾期"], changes["督办升级"]) == ("1", "1", "0", "1")

    again = upload(open_page("app_pages/upload.py"), "w2.xlsx", this_week)
    assert "未做改动" in save_as(again, dt.date(2024, 3, 15))
    fixed = upload(open_page("app_pages/upload.py"), "w2-fixed.xlsx", _week(now[:2]))
    assert "之前的版本仍然保留" in save_as(fixed, dt.date(2024, 3, 15))
    engine = database.connect()
    assert len(database.versions(engine, dt.date(2024, 3, 15))) == 2 and len(database.weeks(engine)) == 2


def test_department_filters_and_drill_down(open_page, table_with, no_failure):
    app = open_page("app_pages/departments.py")
    no_failure(app)
    ranking = table_with(app, "排名")
    assert list(ranking.columns[:4]) == ["排名", "承办科室", "得分", "等级"]
    leader = app.multiselect(key="dept_leaders").options[0]
    app.multiselect(key="dept_leaders").select(leader).run()
    no_failure(app)
    filtered = table_with(app, "排名")
    assert filtered["事项总数"].sum() < ranking["事项总数"].sum()
    dept = app.selectbox(key="dept_drill").options[0]
    app.selectbox(key="dept_drill").select(dept).run()
    drill = table_with(app, "警示灯")
    assert set(drill["警示灯"]) <= {"红", "黄", "绿", ""}


def test_drill_down_counts_co_department_items_in_the_period_like_the_ranking(open_page, table_with):
    app = open_page("app_pages/departments.py")
    ranking = table_with(app, "排名").set_index("承办科室")
    dept = next(d for d in app.selectbox(key="dept_drill").options if ranking.loc[d, "协办事项数"] > 0)
    app.selectbox(key="dept_drill").select(dept).run()
    in_year = int(ranking.loc[dept, "协办事项数"])
    assert f"参与 {in_year} 项" in " ".join(c.value for c in app.caption)
    app.segmented_control(key="dept_period").set_value("全部").run()
    all_time = int(table_with(app, "排名").set_index("承办科室").loc[dept, "协办事项数"])
    assert all_time >= in_year and f"参与 {all_time} 项" in " ".join(c.value for c in app.caption)


def test_period_choice_changes_the_scope(open_page, table_with):
    app = open_page("app_pages/departments.py")
    year_total = table_with(app, "排名")["事项总数"].sum()
    app.segmented_control(key="dept_period").set_value("全部").run()
    assert table_with(app, "排名")["事项总数"].sum() > year_total


def test_escalation_page_groups_by_stage_with_actions(open_page, no_failure):
    app = open_page("app_pages/escalation.py")
    no_failure(app)
    assert any("分管领导约谈" in e.label for e in app.expander)
    assert any("督办措施" in m.value for m in app.markdown)
    tables = [d for d in app.dataframe if "督办事项" in d.value.columns]
    assert tables and all(list(d.value.columns[:3]) == ["督办事项", "承办科室", "逾期工作日"] for d in tables)
    assert all("督办阶段" not in d.value.columns and "办理进展" in d.value.columns for d in tables)
    assert all(json.loads(d.proto.columns)["督办事项"]["pinned"] is True for d in tables)


def test_settings_refuses_bad_values_and_saves_good_ones(duban_home: Path, open_page, no_failure):
    app = open_page("app_pages/settings.py")
    app.text_input(key="institution_name").set_value("  ")  # inside a form: sent with the submit
    [b for b in app.button if b.label == "保存规则"][0].click().run()
    assert any("未保存" in e.value for e in app.error)
    assert not (duban_home / "config.toml").exists()
    app.text_input(key="institution_name").set_value("某某大学附属医院")
    [b for b in app.button if b.label == "保存规则"][0].click().run()
    no_failure(app)
    assert "某某大学附属医院" in (duban_home / "config.toml").read_text(encoding="utf-8")


def test_export_page_offers_the_assessment_workbook_for_the_chosen_period(open_page, no_failure):
    app = open_page("app_pages/export.py")
    no_failure(app)
    assert any("部门督办工作考核评议表" in s.value for s in app.subheader)
    app.segmented_control(key="export_period").set_value("全部").run()
    no_failure(app)
    assert any("全部期间" in s.value for s in app.subheader)
    button = app.get("download_button")[0]
    assert "考核评议表" in button.proto.label


def test_the_new_settings_are_editable_on_the_page(open_page, duban_home, no_failure):
    from duban.config import load_config

    app = open_page("app_pages/settings.py")
    app.number_input(key="remind_before").set_value(5)
    app.number_input(key="reply_days").set_value(4)
    app.number_input(key="session_hours").set_value(24)
    [b for b in app.button if b.label == "保存规则"][0].click().run()
    no_failure(app)
    saved = load_config(duban_home / "config.toml")
    assert (saved.remind_before_workdays, saved.reply_workdays, saved.session_hours) == (5, 4, 24)


def _pinned(dataframe) -> list[str]:
    config = json.loads(dataframe.proto.columns or "{}")
    return [name for name, column in config.items() if column.get("pinned")]


@pytest.mark.parametrize(("page", "pinned"), [
    ("app_pages/escalation.py", ["督办事项", "逾期工作日"]),
    ("app_pages/departments.py", ["承办科室", "得分", "逾期未办结"]),
])
def test_key_columns_stay_in_view_on_a_phone(page, pinned, open_page):
    """The pinned columns stay on screen while a phone scrolls a wide table sideways."""
    app = open_page(page)
    tables = [_pinned(frame) for frame in app.dataframe]
    assert pinned in tables and all(tables), tables
