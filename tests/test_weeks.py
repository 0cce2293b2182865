"""台账管理: the weeks stored, a week's versions (restore one), deleting a week; each with its audit line."""
from __future__ import annotations

import datetime as dt

from duban.storage import database
from tests.support.workbooks import HEADER, xlsx_bytes

WEEK = dt.date(2024, 3, 15)


def _store(engine, title: str) -> None:
    database.save_register(engine, xlsx_bytes([HEADER, ["A", title, "医务部", "2024-03-01", None, "办理中", None]]),
                           f"{title}.xlsx", WEEK, saved_by="王芳", replaces=database.ANY_VERSION)


def test_restore_an_older_version_then_delete_the_week_with_audit_lines():
    engine = database.connect()
    _store(engine, "第一版")
    _store(engine, "第二版")
    database.restore_version(engine, WEEK, 1, "王芳")
    assert database.weeks(engine)["filename"].tolist() == ["第一版.xlsx"]
    assert len(database.versions(engine, WEEK)) == 2
    assert database.delete_week(engine, WEEK, "王芳") == 2 and database.weeks(engine).empty
    actions = database.audit_entries(engine)["action"].tolist()
    assert "restore" in actions and "delete_week" in actions


def test_the_page_lists_versions_restores_and_deletes(open_page, no_failure):
    engine = database.connect()
    _store(engine, "第一版")
    _store(engine, "第二版")
    app = open_page("app_pages/weeks.py")
    no_failure(app)
    assert app.dataframe[0].value["文件名"].tolist() == ["第二版.xlsx"]
    app.button(key=f"restore_{WEEK}_1").click().run()
    no_failure(app)
    assert database.weeks(engine)["filename"].tolist() == ["第一版.xlsx"]
    assert app.button(key="delete_week").disabled
    app.checkbox(key=f"confirm_delete_{WEEK}").check().run()
    app.button(key="delete_week").click().run()
    no_failure(app)
    assert database.weeks(engine).empty and any("尚未保存任何台账" in i.value for i in app.info)
