"""事项追踪: three weeks uploaded through the upload page; one numberless item moves rows, has its
text edited, gets an extension and climbs two stages; its timeline shows all of it, and a 追究责任 mark made in
week 2 is still there in week 3 — on the page, in 督办预警 and in the 催办清单."""
from __future__ import annotations

import datetime as dt
import io

import openpyxl

from tests.support.weeks import WEEKS


def _upload_weeks(open_page, upload, save_as, days):
    for day in days:
        app = upload(open_page("app_pages/upload.py"), f"台账{day}.xlsx", WEEKS[day])
        assert "已保存" in save_as(app, dt.date.fromisoformat(day))


def _follow(app):
    app.text_input(key="track_query").set_value("消防").run()
    return app


def test_an_items_timeline_and_its_mark_follow_it_through_three_uploads(open_page, upload, save_as, no_failure):
    days = list(WEEKS)
    _upload_weeks(open_page, upload, save_as, days[:2])
    page = _follow(open_page("app_pages/items.py"))
    no_failure(page)
    page.text_area(key="mark_text").set_value("两次催办未果")
    [b for b in page.button if b.label == "标记追究责任"][0].click().run()
    no_failure(page)
    assert any("追究责任" in e.value for e in page.error)

    _upload_weeks(open_page, upload, save_as, days[2:])
    page = _follow(open_page("app_pages/items.py"))
    no_failure(page)
    line = next(d.value for d in page.dataframe if "统计截至" in d.value.columns)
    assert line["统计截至"].tolist() == days  # moved rows and edited text: still one item
    assert line["督办阶段"].tolist() == ["电话催办", "发函督查", "约谈督查"]
    assert line["办理进展"].tolist() == ["已招标", "施工中", "待验收"]
    shown = " ".join(m.value for m in page.markdown)
    assert "电话催办 2024-03-04；发函督查 2024-03-08；约谈督查 2024-03-15" in shown
    assert "由 2024-03-01 改为 2024-03-04" in shown and "两次催办未果" in shown
    assert any("已标记“追究责任”" in e.value for e in page.error)  # the week-2 mark, in week 3

    escalation = open_page("app_pages/escalation.py")
    marked = [d.value for d in escalation.dataframe if "追究责任" in d.value.columns]
    rows = [frame[frame["追究责任"] == "是"]["督办事项"].tolist() for frame in marked]
    assert sum(rows, []) == ["完成门诊楼消防设施的改造。"]


def test_the_reminder_list_carries_the_mark(open_page, upload, save_as):
    from webui import data

    days = list(WEEKS)
    _upload_weeks(open_page, upload, save_as, days)
    page = _follow(open_page("app_pages/items.py"))
    [b for b in page.button if b.label == "标记追究责任"][0].click().run()
    register = data.register_for(data.stored_weeks().iloc[0])
    sheet = openpyxl.load_workbook(io.BytesIO(data.reminder_workbook(register, data.rules()))).active
    header = next(r for r in range(1, 6) if "追究责任" in [c.value for c in sheet[r]])
    names = [c.value for c in sheet[header]]
    rows = [row for row in sheet.iter_rows(min_row=header + 1, values_only=True) if row[0]]
    assert [row[names.index("督办事项")] for row in rows if row[names.index("追究责任")] == "是"] == \
        ["完成门诊楼消防设施的改造。"]


def test_a_leader_sees_marks_but_cannot_make_them(open_page, upload, save_as, no_failure):
    _upload_weeks(open_page, upload, save_as, list(WEEKS)[:1])
    page = _follow(open_page("app_pages/items.py", role="leader"))
    no_failure(page)
    assert not [b for b in page.button if b.label in ("标记追究责任", "添加备注")]
    assert any("统计截至" in d.value.columns for d in page.dataframe)


def test_departments_show_a_departments_weeks(open_page, upload, save_as, no_failure):
    import json

    _upload_weeks(open_page, upload, save_as, list(WEEKS))
    page = open_page("app_pages/departments.py")
    page.selectbox(key="dept_drill").set_value("后勤保障部").run()
    no_failure(page)
    chart = next(json.loads(c.proto.spec) for c in page.get("plotly_chart") if c.proto.id.endswith("history_chart"))
    assert chart["layout"]["title"]["text"] == "后勤保障部各周情况"
    assert list(chart["data"][0]["x"]) == ["3月4日", "3月8日", "3月15日"]


def test_the_assessment_workbook_carries_the_mark(open_page, upload, save_as):
    from webui import data

    _upload_weeks(open_page, upload, save_as, list(WEEKS))
    page = _follow(open_page("app_pages/items.py"))
    [b for b in page.button if b.label == "标记追究责任"][0].click().run()
    register = data.register_for(data.stored_weeks().iloc[0])
    book = openpyxl.load_workbook(io.BytesIO(data.assessment_workbook(register, None, None, data.rules())))
    sheet = book["逾期事项"]
    header = next(r for r in range(1, 6) if "追究责任" in [c.value for c in sheet[r]])
    names = [c.value for c in sheet[header]]
    marked = [row[names.index("督办事项")] for row in sheet.iter_rows(min_row=header + 1, values_only=True)
              if row[names.index("追究责任")] == "是"]
    assert marked == ["完成门诊楼消防设施的改造。"]


def test_changed_rules_are_said_and_the_office_recomputes_with_progress(open_page, upload, save_as, duban_home,
                                                                       no_failure):
    _upload_weeks(open_page, upload, save_as, list(WEEKS)[:2])
    (duban_home / "config.toml").write_text("near_due_workdays = 2\n", encoding="utf-8")
    leader = open_page("app_pages/overview.py", role="leader")
    assert any("有 2 周" in w.value and "督办办公室重新计算后即更新" in w.value for w in leader.warning)
    assert not [b for b in leader.button if (b.key or "") == "recompute"]
    weeks = open_page("app_pages/weeks.py")
    weeks.button(key="recompute").click().run()
    no_failure(weeks)
    assert not any("有 2 周" in w.value for w in weeks.warning)
    from duban.storage import database

    assert "recompute" in set(database.audit_entries(database.shared_engine())["action"])
