"""One save service for the upload page and ``python -m duban save``: content is compared with the week's
*current* version, so after a restore saving the newer file again, and new content under an old file name,
both need a confirmation (page) or ``--replace`` (command line); ``restore`` does what 台账管理 does."""
from __future__ import annotations

import datetime as dt

import pytest

from duban.pipeline import analyze
from duban.storage import database, history
from tests.support.workbooks import HEADER, xlsx_bytes

WEEK = dt.date(2024, 3, 15)


def _register(title: str) -> bytes:
    return xlsx_bytes([["统计截至：2024年3月15日"], HEADER, ["A", title, "医务部", "2024-03-01", None, "办理中", None]])


FIRST, SECOND = _register("第一版"), _register("第二版")


def _save(engine, content: bytes, name: str, replaces: str | None = None) -> database.SaveResult:
    return history.save_week(engine, content, name, WEEK, "王芳", analyze(content, name), "rules", replaces=replaces)


def _sha(content: bytes) -> str:
    import hashlib

    return hashlib.sha256(content).hexdigest()


def test_other_content_replaces_only_the_version_confirmed(database_url):
    engine = database.shared_engine()
    assert _save(engine, FIRST, "a.xlsx").outcome == "saved"
    with pytest.raises(database.ReplaceNeeded, match="第1版 a.xlsx"):
        _save(engine, SECOND, "a.xlsx")  # the same name, new bytes
    with pytest.raises(database.ReplaceNeeded):  # confirmed against a version that is no longer current
        _save(engine, SECOND, "b.xlsx", replaces=_sha(b"what the page showed before another save"))
    assert _save(engine, SECOND, "b.xlsx", replaces=_sha(FIRST)).outcome == "replaced"
    assert _save(engine, SECOND, "b.xlsx").outcome == "unchanged"
    assert len(database.versions(engine, WEEK)) == 2


def test_after_a_restore_the_newer_file_is_other_content_again(database_url):
    engine = database.shared_engine()
    _save(engine, FIRST, "a.xlsx")
    _save(engine, SECOND, "b.xlsx", replaces=database.ANY_VERSION)
    database.restore_version(engine, WEEK, 1, "王芳")
    with pytest.raises(database.ReplaceNeeded, match="第1版"):
        _save(engine, SECOND, "b.xlsx")
    assert database.current_version(engine, WEEK).version == 1 and len(database.versions(engine, WEEK)) == 2
    saved = _save(engine, SECOND, "b.xlsx", replaces=_sha(FIRST))
    assert (saved.outcome, saved.version) == ("replaced", 3)


def test_the_command_line_asks_for_replace_after_a_restore_and_for_new_bytes_under_an_old_name(cli, tmp_path):
    register = tmp_path / "台账.xlsx"
    register.write_bytes(FIRST)
    assert cli("save", register).returncode == 0
    register.write_bytes(SECOND)  # the same file name, new content
    refused = cli("save", register)
    assert refused.returncode == 2 and "--replace" in refused.stderr and "第1版" in refused.stderr
    assert cli("save", register, "--replace").returncode == 0
    restored = cli("restore", "2024-03-15", "1", "--user", "脚本")
    assert restored.returncode == 0 and "恢复为第1版" in restored.stderr
    again = cli("save", register)
    assert again.returncode == 2 and "--replace" in again.stderr
    engine = database.shared_engine()
    assert database.current_version(engine, WEEK).version == 1
    assert "restore" in database.audit_entries(engine)["action"].tolist()


@pytest.mark.parametrize(("arguments", "message"), [
    (("2024-03-15", "7"), "没有第7版"), (("3月15日左右", "1"), "不是完整的日期"), (("2024-03-15", "一"), "应为整数"),
])
def test_restore_of_a_version_that_is_not_there_says_so(cli, arguments, message):
    engine = database.shared_engine()
    _save(engine, FIRST, "a.xlsx")
    run = cli("restore", *arguments)
    assert run.returncode == 2 and message in run.stderr
    assert database.current_version(engine, WEEK).version == 1


def test_the_page_asks_again_after_a_restore(open_page, upload, save_as):
    engine = database.shared_engine()
    _save(engine, FIRST, "a.xlsx")
    _save(engine, SECOND, "b.xlsx", replaces=database.ANY_VERSION)
    database.restore_version(engine, WEEK, 1, "王芳")
    app = upload(open_page("app_pages/upload.py"), "b.xlsx", SECOND)
    assert any("当前为第1版" in w.value for w in app.warning) and app.button(key="save_register").disabled
    assert "第3版" in save_as(app, WEEK)
