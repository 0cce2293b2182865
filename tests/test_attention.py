"""部门绩效 opens on the picture a leader needs: the last completed year while this one is
nearly empty, the worst departments first with their red items and why, the drill-down on the worst."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from duban.storage import database
from tests.support.workbooks import HEADER, xlsx_bytes
from webui.attention import worst_first

COLUMNS = [*HEADER, "办理进展"]


def _register() -> bytes:
    rows = [["统计截至：2027年1月15日"], COLUMNS]
    for i in range(10):  # 2026: 院感办 far overdue, 医务部 slightly, 护理部 on time
        rows.append([f"Y{i}", f"院感办事项{i}", "院感办", "2026-03-02", "2026-04-30", "办理中", None, "等待设备到货"])
        rows.append([f"M{i}", f"医务部事项{i}", "医务部", "2026-03-02", "2027-01-12", "办理中", None, "正在推进"])
        rows.append([f"H{i}", f"护理部事项{i}", "护理部", "2026-03-02", "2026-04-30", "已办结", "2026-04-01", None])
    rows.append(["N1", "新年事项", "护理部", "2027-01-04", "2027-02-26", "办理中", None, None])
    return xlsx_bytes(rows)


def test_worst_first_orders_by_score_then_overdue_count():
    table = pd.DataFrame({"dept": ["甲", "乙", "丙", "丁"], "score": [90.0, 0.0, 100.0, None],
                          "overdue_open": [1, 9, 0, 0]})
    assert worst_first(table)["dept"].tolist() == ["乙", "甲"]


def test_departments_page_opens_on_last_year_with_the_worst_first(open_page, table_with, no_failure):
    database.save_register(database.connect(), _register(), "一月.xlsx", dt.date(2027, 1, 15), saved_by="王芳")
    app = open_page("app_pages/departments.py")
    no_failure(app)
    assert app.segmented_control(key="dept_period").value == "上年度"
    labels = [e.label for e in app.expander]
    assert labels[0].startswith("院感办：0 分") and any(label.startswith("医务部") for label in labels[1:3])
    red = app.dataframe[0].value
    assert len(red) == 10 and set(red["办理进展"]) == {"等待设备到货"}
    assert app.selectbox(key="dept_drill").value == "院感办"
    assert "办理进展" in table_with(app, "警示灯").columns


def _counted_and_mine() -> tuple[int, int]:
    """The sample's items as 总事项 counts them (cancelled left out), all and 张志强's."""
    from duban.paths import SAMPLE_REGISTER
    from duban.pipeline import analyze

    items = analyze(SAMPLE_REGISTER.read_bytes(), "s.xlsx").items
    items = items[items["status"] != "cancelled"]
    return len(items), int((items["leader"] == "张志强").sum())


def test_a_leader_sees_their_own_departments_on_every_page_and_can_switch_it_off(open_page, no_failure):
    counted, mine = _counted_and_mine()
    app = open_page("app_pages/overview.py", role="leader", leader="张志强")
    no_failure(app)
    assert app.toggle(key="only_mine").value is True
    assert {m.label: m.value for m in app.metric}["总事项"] == str(mine)
    app.toggle(key="only_mine").set_value(False).run()
    assert {m.label: m.value for m in app.metric}["总事项"] == str(counted)
    escalation = open_page("app_pages/escalation.py", role="leader", leader="张志强")
    no_failure(escalation)
    shown = [d.value for d in escalation.dataframe if "分管领导" in d.value.columns]
    assert shown and all(set(frame["分管领导"]) == {"张志强"} for frame in shown)


def test_a_leaders_reminder_list_download_holds_their_own_items(open_page, monkeypatch):
    import io

    import openpyxl

    from webui import data

    asked = []
    real = data.reminder_workbook
    monkeypatch.setattr(data, "reminder_workbook", lambda *args: asked.append(args[2:]) or real(*args))
    escalation = open_page("app_pages/escalation.py", role="leader", leader="张志强")
    escalation.toggle(key="only_mine").set_value(False).run()
    assert asked == [("张志强",), (None,)]  # the download follows the sidebar switch
    sheet = openpyxl.load_workbook(io.BytesIO(real(data.register_for(None), data.rules(), "张志强"))).active
    header_row = next(r for r in range(1, 6) if "分管领导" in [c.value for c in sheet[r]])
    column = [c.value for c in sheet[header_row]].index("分管领导")
    leaders = {row[column] for row in sheet.iter_rows(min_row=header_row + 1, values_only=True)
               if isinstance(row[0], int)}  # item rows (group headings carry text in the first cell)
    assert leaders == {"张志强"} and "张志强分管" in str(sheet["A1"].value)


def test_the_overview_explains_cancelled_items_beside_the_total(open_page):
    app = open_page("app_pages/overview.py")
    assert any("总事项不含已撤销的" in c.value and "计入 317 项" in c.value for c in app.caption)


def test_a_leaders_trend_counts_their_own_items(open_page):
    import base64
    import json

    import numpy as np

    from duban.paths import SAMPLE_REGISTER
    from duban.pipeline import analyze

    engine = database.connect()
    for day in (dt.date(2026, 11, 13), dt.date(2026, 11, 20)):
        database.save_register(engine, SAMPLE_REGISTER.read_bytes(), "示例.xlsx", day, saved_by="王芳")
    items = analyze(SAMPLE_REGISTER.read_bytes(), "s.xlsx", "2026-11-20").items
    mine = int((items["overdue"].astype(bool) & (items["leader"] == "张志强")).sum())
    app = open_page("app_pages/overview.py", role="leader", leader="张志强")
    trend = next(json.loads(c.proto.spec) for c in app.get("plotly_chart") if c.proto.id.endswith("trend_chart"))
    bars = trend["data"][0]["y"]  # plotly sends numbers as a typed array
    overdue = np.frombuffer(base64.b64decode(bars["bdata"]), dtype=bars["dtype"]).tolist()
    assert overdue == [mine, mine] and mine < int(items["overdue"].astype(bool).sum())


def test_a_leaders_filtered_view_says_so_above_the_figures_with_one_tap_to_see_all(open_page, no_failure):
    counted, mine = _counted_and_mine()
    app = open_page("app_pages/overview.py", role="leader", leader="张志强")
    no_failure(app)
    said = [i.value for i in app.info if "只显示" in i.value]
    assert said and f"{mine} 项" in said[0] and "全部" in said[0]
    app.button(key="scope_all").click().run()
    no_failure(app)
    assert {m.label: m.value for m in app.metric}["总事项"] == str(counted)
    assert app.toggle(key="only_mine").value is False
    app.button(key="scope_mine").click().run()
    assert {m.label: m.value for m in app.metric}["总事项"] == str(mine)


def test_needs_attention_names_its_period_scope(open_page, no_failure):
    app = open_page("app_pages/departments.py")
    no_failure(app)
    assert any(c.value.startswith("得分和逾期未办结项数的考核范围：") and "含以前年度结转未办结事项" in c.value
               for c in app.caption)
