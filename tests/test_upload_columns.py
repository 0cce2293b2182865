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
                                            "经办科室": "未使用", "完成时限": "办理时限"}
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
