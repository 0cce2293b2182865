"""The store stays whole under concurrent and oversized writes, on SQLite and on a real PostgreSQL: one current
version per week held by the database itself, a restore racing a save, recompute racing a deletion, long values."""
from __future__ import annotations

import datetime as dt
import threading

import pytest
import sqlalchemy as sa

from duban.pipeline import analyze
from duban.storage import database, history
from tests.support.workbooks import HEADER, xlsx_bytes

WEEK = dt.date(2024, 3, 15)


@pytest.fixture
def engine(database_url):
    return database.connect()


def _current_versions(engine) -> list[int]:
    return database.versions(engine, WEEK).query("is_current")["version"].tolist()


def test_the_database_itself_refuses_a_second_current_version(engine):
    database.save_register(engine, b"v1", "a.xlsx", WEEK, "办公室")
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
        conn.execute(database.registers.insert().values(
            as_of=WEEK, version=2, is_current=True, filename="b.xlsx", sha256="0" * 64, size=2, saved_by="x",
            saved_at=dt.datetime.now(), content=b"v2"))
    assert _current_versions(engine) == [1]


def test_restores_racing_saves_leave_one_current_version_and_later_saves_work(engine):
    database.save_register(engine, b"v1", "a.xlsx", WEEK, "办公室")
    failures: list[BaseException] = []

    def run(action):
        try:
            action()
        except BaseException as exc:  # noqa: BLE001 — collected for the assertion
            failures.append(exc)

    for round_ in range(8):
        threads = [threading.Thread(target=run, args=(lambda r=round_: database.save_register(
                       engine, f"new{r}".encode(), "b.xlsx", WEEK, "办公室", replaces=database.ANY_VERSION),)),
                   threading.Thread(target=run, args=(lambda: database.restore_version(engine, WEEK, 1, "王芳"),))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert _current_versions(engine) and len(_current_versions(engine)) == 1
    assert failures == []
    assert database.save_register(engine, b"after", "c.xlsx", WEEK, "办公室",
                                  replaces=database.ANY_VERSION).outcome == "replaced"
    assert len(_current_versions(engine)) == 1


def test_long_names_ids_and_file_names_are_saved_whole(engine):
    dept, leader, number = "医" * 299 + "科", "张" * 300, "DB" + "9" * 398
    register = xlsx_bytes([HEADER + ["分管领导"],
                           [number, "事项", dept, "2024-03-01", "2024-03-29", "办理中", None, leader]])
    filename = "台" * 300 + ".xlsx"
    analysis = analyze(register, filename, "2024-03-15")
    saved = history.save_week(engine, register, filename, WEEK, "王芳", analysis, "key")
    assert saved.outcome == "saved" and database.weeks(engine)["filename"].tolist() == [filename]
    with engine.connect() as conn:
        items = history.read_items(conn, saved.register_id)
    assert (items["lead_dept"].tolist(), items["leader"].tolist(), items["item_id"].tolist()) == \
        ([dept], [leader], [number])


def test_recompute_racing_the_weeks_deletion_skips_it(engine):
    register = xlsx_bytes([HEADER, ["A", "事项", "医务部", "2024-03-01", "2024-03-29", "办理中", None]])
    history.save_week(engine, register, "a.xlsx", WEEK, "王芳", analyze(register, "a.xlsx", "2024-03-15"), "old")

    def analyse_while_the_week_is_deleted(content, filename, as_of):
        database.delete_week(engine, WEEK, "王芳")  # the office deletes the week while it is being recomputed
        return analyze(content, filename, as_of)

    assert history.recompute(engine, analyse_while_the_week_is_deleted, "new") == 0
    assert database.weeks(engine).empty
