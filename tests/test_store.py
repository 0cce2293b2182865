"""Stored weekly registers: idempotent saves, versions kept, one transaction per write."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from duban.storage import database

WEEK = dt.date(2024, 3, 15)


@pytest.fixture
def engine(database_url):
    """Each test runs on SQLite and on a real PostgreSQL."""
    return database.connect()


def test_database_lives_in_duban_home(duban_home, monkeypatch):
    assert database.database_url() == f"sqlite:///{duban_home / 'duban.db'}"
    monkeypatch.setenv("DUBAN_DATABASE_URL", "sqlite:///:memory:")
    assert database.database_url() == "sqlite:///:memory:"


def test_saving_the_same_bytes_twice_changes_nothing(engine):
    first = database.save_register(engine, b"v1", "a.xlsx", WEEK, "办公室")
    again = database.save_register(engine, b"v1", "a.xlsx", WEEK, "办公室")
    assert (first.outcome, again.outcome, again.register_id) == ("saved", "unchanged", first.register_id)
    assert len(database.versions(engine, WEEK)) == 1


def test_replacing_keeps_the_previous_version(engine):
    database.save_register(engine, b"v1", "a.xlsx", WEEK, "办公室")
    second = database.save_register(engine, b"v2", "b.xlsx", WEEK, "办公室", replaces=database.ANY_VERSION)
    assert (second.outcome, second.version) == ("replaced", 2)
    versions = database.versions(engine, WEEK)
    assert versions["version"].tolist() == [2, 1] and versions["is_current"].tolist() == [True, False]
    current = database.weeks(engine).iloc[0]
    assert current["filename"] == "b.xlsx" and database.content_of(engine, current["sha256"]) == b"v2"


def test_weeks_newest_first_and_audit_log(engine):
    database.save_register(engine, b"old", "a.xlsx", dt.date(2024, 3, 8), "王芳")
    database.save_register(engine, b"new", "b.xlsx", WEEK, "王芳")
    assert [str(d) for d in database.weeks(engine)["as_of"]] == ["2024-03-15", "2024-03-08"]
    log = database.audit_entries(engine)
    assert log["action"].tolist() == ["save", "save"] and set(log["user"]) == {"王芳"}


def test_a_failed_save_leaves_the_store_as_it_was(engine, monkeypatch):
    database.save_register(engine, b"v1", "a.xlsx", WEEK, "办公室")
    original_insert = database.audit_log.insert

    def failing_insert(*args, **kwargs):
        raise sa.exc.OperationalError("insert", {}, Exception("disk full"))

    monkeypatch.setattr(database.audit_log, "insert", failing_insert)
    with pytest.raises(sa.exc.OperationalError):
        database.save_register(engine, b"v2", "b.xlsx", WEEK, "办公室", replaces=database.ANY_VERSION)
    monkeypatch.setattr(database.audit_log, "insert", original_insert)
    versions = database.versions(engine, WEEK)
    assert versions["version"].tolist() == [1] and bool(versions["is_current"].iloc[0])
