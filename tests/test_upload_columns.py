"""The upload page, as an office tries it with a register of a layout it has not seen: columns shown with their
roles, one role changed, saved as a layout; the same layout uploaded again is read that way and says so."""
from __future__ import annotations

from duban.storage import database, layouts
from tests.support.workbooks import xlsx_bytes

HEADER = ["序号", "重点工作", "责任单位", "经办科室", "完成时限"]
ROWS = [["2025年重点工作清单"], HEADER, [1, "修订制度", "发改局", "办公室", "6月底前"],
        [2, "建设园区", "规划局", "建设科", "全年"]]


def roles_shown(app, table_with) -> dict[str, str]:
    shown = table_with(app, "识别为")
    return dict(zip(shown["表头"], shown["识别为"]))


def test_columns_shown_one_role_changed_saved_and_applied_to_the_next_upload(open_page, upload, table_with,
                                                                          no_failure):
    app = upload(open_page("app_pages/upload.py"), "清单.xlsx", xlsx_bytes(ROWS))
    no_failure(app)
    assert roles_shown(app, table_with) == {"序号": "未使用", "重点工作": "督办事项", "责任单位": "承办科室",
                                            "经办科室": "协办科室", "完成时限": "办理时限"}
    preview = table_with(app, "督办事项")
    assert preview["承办科室"].tolist() == ["发改局", "规划局"]

    box = next(s for s in app.selectbox if s.label == "D 列：经办科室")
    box.select("承办科室").run()
    no_failure(app)
    assert roles_shown(app, table_with)["经办科室"] == "承办科室"
    assert roles_shown(app, table_with)["责任单位"] == "未使用"
    assert table_with(app, "督办事项")["承办科室"].tolist() == ["办公室", "建设科"]
    app.button(key="save_layout").click().run()
    assert any("已保存" in s.value for s in app.success)
    assert len(layouts.load_layouts(database.connect())) == 1

    again = upload(open_page("app_pages/upload.py"), "清单第二周.xlsx", xlsx_bytes(ROWS))
    no_failure(again)
    assert any("已按保存的读取方式读取" in i.value for i in again.info)
    assert roles_shown(again, table_with)["经办科室"] == "承办科室"
    assert table_with(again, "督办事项")["承办科室"].tolist() == ["办公室", "建设科"]
    log = database.audit_entries(database.connect())
    assert (log["action"] == "layout").sum() == 1

    again.button(key=next(b.key for b in again.button if b.key.startswith("remove_layout_"))).click().run()
    assert layouts.load_layouts(database.connect()) == {}
    no_failure(again)


UNKNOWN_TASK = [["名目", "归属", "日子"], ["修订制度", "发改局", "2024-06-30"], ["建设园区", "规划局", "2024-12-31"],
                ["整治河道", "水务局", "2024-09-30"]]


def test_a_register_whose_task_column_cannot_be_told_asks_the_office_and_is_read_and_remembered(
        open_page, upload, table_with, no_failure):
    """Never a dead end: the page asks for the task column, the office picks it, the report appears, the choice
    is saved as the layout, and the same file uploaded again reads by itself."""
    app = upload(open_page("app_pages/upload.py"), "清单.xlsx", xlsx_bytes(UNKNOWN_TASK))
    no_failure(app)
    assert not app.error  # asked, not refused
    asking = [w.value for w in app.warning if "没能确定哪一列是督办事项" in w.value]
    assert asking and "缺少" in asking[0].replace("\\", "")
    shown = table_with(app, "前几个值")
    assert shown["表头"].tolist() == ["名目", "归属", "日子"]
    assert "修订制度" in shown["前几个值"].iloc[0]
    unit = next(s for s in app.selectbox if s.label == "哪一列是承办科室（责任单位）？")
    assert unit.value == "B 列：归属"  # guessed from the cells
    assert next(b for b in app.button if b.key.startswith("ask_read_")).disabled
    next(s for s in app.selectbox if s.label == "哪一列是督办事项（任务）？").select("A 列：名目").run()
    next(b for b in app.button if b.key.startswith("ask_read_")).click().run()
    no_failure(app)
    assert [m.value for m in app.metric if m.label == "计入事项"] == ["3"]
    assert table_with(app, "督办事项")["督办事项"].tolist() == ["修订制度", "建设园区", "整治河道"]
    assert not any("已按保存的读取方式读取" in i.value for i in app.info)  # chosen, not saved yet
    app.button(key="save_layout").click().run()
    assert any("已保存" in s.value for s in app.success)

    again = upload(open_page("app_pages/upload.py"), "清单第二周.xlsx", xlsx_bytes(UNKNOWN_TASK))
    no_failure(again)
    assert not again.error
    assert any("已按保存的读取方式读取" in i.value for i in again.info)
    assert roles_shown(again, table_with)["名目"] == "督办事项"


def test_progress_written_week_by_week_is_shown_as_progress_in_every_weekly_column(open_page, upload, table_with,
                                                                                  no_failure):
    rows = [["督办事项", "责任科室", "完成时限", "11月6日进展", "11月13日进展", "状态"],
            ["开展病历质量专项检查", "医务部", "2026-11-30", "制定方案", "完成检查", "已完成"],
            ["更换门诊楼电梯", "后勤保障部", "2026-10-31", "招标", None, "推进中"]]
    app = upload(open_page("app_pages/upload.py"), "周报.xlsx", xlsx_bytes(rows))
    no_failure(app)
    shown = roles_shown(app, table_with)
    assert shown["11月6日进展"] == shown["11月13日进展"] == "办理进展"
    box = next(s for s in app.selectbox if s.label == "F 列：状态")
    box.select("未使用").run()  # another column changed: the weekly ones still read together
    no_failure(app)
    shown = roles_shown(app, table_with)
    assert shown["11月6日进展"] == shown["11月13日进展"] == "办理进展" and shown["状态"] == "未使用"
    assert any("有 2 列按时间填写的进展" in w.value for w in app.warning)
