"""Stored weekly registers: SQLite (or any SQLAlchemy URL) holding the original bytes of each upload.

Each saved upload is the register of one week, keyed by its as-of date. Saving identical bytes for
the same week changes nothing; saving different bytes makes a new version and keeps the old one.
Every write is one transaction.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa

from duban import paths
from duban.errors import DubanError

from duban.storage.tables import ONE_CURRENT, audit_log, metadata, registers  # noqa: F401 (used by others)


@dataclass(frozen=True)
class SaveResult:
    """What a save did: 'saved' (first for the week), 'replaced' (new version) or 'unchanged'."""

    outcome: str
    register_id: int
    version: int


def database_url() -> str:
    """DUBAN_DATABASE_URL, else SQLite in the data home."""
    return os.environ.get("DUBAN_DATABASE_URL") or f"sqlite:///{paths.home() / 'duban.db'}"


def connect(url: str | None = None) -> sa.Engine:
    """An engine with the tables created."""
    url = url or database_url()
    # SQLite: wait for another writer (another session, the command line) instead of failing at once
    options = {"connect_args": {"timeout": 30}} if url.startswith("sqlite") else {}
    engine = sa.create_engine(url, **options)
    if engine.dialect.name == "sqlite":
        _immediate_transactions(engine)
    try:
        metadata.create_all(engine)
    except (sa.exc.OperationalError, sa.exc.ProgrammingError, sa.exc.IntegrityError):
        metadata.create_all(engine)  # another process created the tables between our check and our CREATE
    _upgrade(engine)
    if engine.dialect.name == "sqlite" and engine.url.database:
        paths.owner_only(engine.url.database)  # SQLite's journal files take the database file's mode
    return engine


def _upgrade(engine: sa.Engine) -> None:
    """What a database made by an earlier version lacks: text columns that were VARCHAR(n) on PostgreSQL
    (a 300-character 承办科室 made a week unsaveable), and the one-current-version index."""
    with engine.begin() as conn:
        inspector = sa.inspect(conn)
        if engine.dialect.name == "postgresql":
            for table in metadata.sorted_tables:
                existing = {c["name"]: c["type"] for c in inspector.get_columns(table.name)}
                for column in table.c:
                    if isinstance(column.type, sa.Text) and isinstance(existing.get(column.name), sa.String) \
                            and not isinstance(existing[column.name], sa.Text):
                        conn.exec_driver_sql(f'ALTER TABLE {table.name} ALTER COLUMN "{column.name}" TYPE TEXT')
        if ONE_CURRENT.name not in {i["name"] for i in inspector.get_indexes("registers")}:
            ONE_CURRENT.create(conn, checkfirst=True)


def lock_week(conn: sa.Connection, as_of: dt.date) -> None:
    """Hold the week's stored versions until the transaction ends, so that a save, a restore, a recompute
    and a deletion of the same week run one after the other (SQLite: BEGIN IMMEDIATE already does)."""
    conn.execute(sa.select(registers.c.id).where(registers.c.as_of == as_of).with_for_update())


def _immediate_transactions(engine: sa.Engine) -> None:
    """SQLite transactions that take the write lock when they begin (waiting for it, up to the timeout).

    pysqlite begins a transaction only at the first write, so a check followed by a write (is this the
    last office account? is this week saved already?) could interleave with another process's; and a
    reader upgrading to a writer gets "database is locked" at once instead of waiting.
    """
    @sa.event.listens_for(engine, "connect")
    def _no_driver_transactions(dbapi_connection, _record):
        dbapi_connection.isolation_level = None

    @sa.event.listens_for(engine, "begin")
    def _begin_immediate(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE")


_ENGINES: dict[str, sa.Engine] = {}


def _shared(url: str) -> sa.Engine:
    if url not in _ENGINES:  # two threads may both connect once; the second engine simply replaces the first
        _ENGINES[url] = connect(url)
    return _ENGINES[url]


def forget_engine(url: str) -> None:
    """Close the shared engine of a URL (its database is going away, e.g. a test's)."""
    engine = _ENGINES.pop(url, None)
    if engine is not None:
        engine.dispose()


def shared_engine() -> sa.Engine:
    """One engine per database URL for this process (the command line and the account functions use it)."""
    return _shared(database_url())


ANY_VERSION = "*"


def save_register(engine: sa.Engine, content: bytes, filename: str, as_of: dt.date, saved_by: str,
                  now: dt.datetime | None = None, also=None, replaces: str | None = None) -> SaveResult:
    """Store content as the register of the week ending as_of, in one transaction.

    Content is compared with the week's *current* version (after a restore, not the newest): the same bytes
    change nothing; other bytes replace it only when ``replaces`` is that version's sha256 (what the office
    was shown and confirmed) or ANY_VERSION, else ReplaceNeeded is raised and nothing is stored.
    also(conn, register_id), when given, runs in that transaction for a newly stored version (the
    analysed week is stored with it: both or neither).
    """
    digest = hashlib.sha256(content).hexdigest()
    now = now or dt.datetime.now()  # one time for the register and its audit line
    try:
        with engine.begin() as conn:
            return _save(conn, content, digest, filename, as_of, saved_by, now, also, replaces)
    except sa.exc.IntegrityError as exc:  # another process saved the same week's first version at this moment
        raise WeekBusy(BUSY) from exc


BUSY = "同一周的台账正在被另一个操作保存或修改，本次没有保存任何内容。请稍后重试。"


class WeekBusy(DubanError):
    """Another process wrote the same week at the same moment; nothing was stored."""


class ReplaceNeeded(DubanError):
    """The week already holds other content, and replacing it was not confirmed; nothing was stored."""

    def __init__(self, as_of: dt.date, current: sa.Row):
        super().__init__(f"{as_of:%Y-%m-%d} 这一周已保存过另一份台账（第{current.version}版 {current.filename}），"
                         "本次没有保存。确认替换后再保存（旧版本仍保留）。")
        self.current = current


def current_version(engine: sa.Engine, as_of: dt.date) -> sa.Row | None:
    """The week's current version (id, version, filename, sha256), or None when the week is not stored."""
    with engine.connect() as conn:
        return _current(conn, as_of)


def _current(conn: sa.Connection, as_of: dt.date) -> sa.Row | None:
    return conn.execute(sa.select(registers.c.id, registers.c.version, registers.c.filename, registers.c.sha256)
                        .where(registers.c.as_of == as_of, registers.c.is_current)).first()


def _save(conn: sa.Connection, content: bytes, digest: str, filename: str, as_of: dt.date, saved_by: str,
          now: dt.datetime, also, replaces: str | None) -> SaveResult:
    lock_week(conn, as_of)
    current = _current(conn, as_of)
    if current is not None and current.sha256 == digest:
        return SaveResult("unchanged", current.id, current.version)
    if current is not None and replaces not in (current.sha256, ANY_VERSION):
        raise ReplaceNeeded(as_of, current)
    newest = conn.execute(sa.select(sa.func.max(registers.c.version)).where(registers.c.as_of == as_of)).scalar()
    version = (newest or 0) + 1  # after a restore of v1 the current one is not the newest
    if current is not None:
        conn.execute(registers.update().where(registers.c.id == current.id).values(is_current=False))
    new_id = conn.execute(registers.insert().values(
        as_of=as_of, version=version, is_current=True, filename=filename, sha256=digest, size=len(content),
        saved_by=saved_by, saved_at=now, content=content)).inserted_primary_key[0]
    if also is not None:
        also(conn, new_id)
    audit(conn, saved_by, "replace" if current else "save", f"{as_of:%Y-%m-%d} 第{version}版 {filename}", at=now)
    return SaveResult("replaced" if current else "saved", new_id, version)


def restore_version(engine: sa.Engine, as_of: dt.date, version: int, user: str) -> None:
    """Make an older version the week's register again (the newer ones stay stored)."""
    with engine.begin() as conn:
        lock_week(conn, as_of)
        found = conn.execute(sa.select(registers.c.id, registers.c.filename).where(
            registers.c.as_of == as_of, registers.c.version == version)).first()
        if found is None:
            raise ValueError(f"{as_of:%Y-%m-%d} 没有第{version}版台账")
        conn.execute(registers.update().where(registers.c.as_of == as_of).values(is_current=False))
        conn.execute(registers.update().where(registers.c.id == found.id).values(is_current=True))
        audit(conn, user, "restore", f"{as_of:%Y-%m-%d} 恢复为第{version}版 {found.filename}")


def delete_week(engine: sa.Engine, as_of: dt.date, user: str) -> int:
    """Delete every stored version of one week; returns how many were deleted."""
    with engine.begin() as conn:
        lock_week(conn, as_of)
        ids = sa.select(registers.c.id).where(registers.c.as_of == as_of).scalar_subquery()
        for table in reversed(metadata.sorted_tables):  # what was stored per register goes with it
            if "register_id" in table.c:
                conn.execute(table.delete().where(table.c.register_id.in_(ids)))
        gone = conn.execute(registers.delete().where(registers.c.as_of == as_of)).rowcount
        audit(conn, user, "delete_week", f"{as_of:%Y-%m-%d} 共{gone}个版本")
    return gone


_LISTED = [c for c in registers.c if c.name != "content"]  # what lists of registers show: all but the bytes


def _frame(engine: sa.Engine, query, columns: list) -> pd.DataFrame:
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(query).mappings().all(), columns=[c.name for c in columns])


def weeks(engine: sa.Engine) -> pd.DataFrame:
    """The current register of every stored week, newest first (no content)."""
    query = sa.select(*_LISTED).where(registers.c.is_current).order_by(registers.c.as_of.desc())
    return _frame(engine, query, _LISTED)


def versions(engine: sa.Engine, as_of: dt.date) -> pd.DataFrame:
    """Every version stored for one week, newest first (no content)."""
    query = sa.select(*_LISTED).where(registers.c.as_of == as_of).order_by(registers.c.version.desc())
    return _frame(engine, query, _LISTED)


def content_of(engine: sa.Engine, sha256: str) -> bytes:
    """The original bytes stored under a hash."""
    with engine.connect() as conn:
        row = conn.execute(sa.select(registers.c.content).where(registers.c.sha256 == sha256).limit(1)).first()
    if row is None:
        raise KeyError(sha256)
    return row.content


def audit(conn: sa.Connection, user: str, action: str, detail: str = "", at: dt.datetime | None = None) -> None:
    """Append one line to the audit log, in the transaction of what it records (both or neither)."""
    conn.execute(audit_log.insert().values(at=at or dt.datetime.now(), user=user, action=action, detail=detail))


def log(engine: sa.Engine, user: str, action: str, detail: str = "") -> None:
    """Append one line to the audit log, in a transaction of its own."""
    with engine.begin() as conn:
        audit(conn, user, action, detail)


def audit_entries(engine: sa.Engine, limit: int = 500) -> pd.DataFrame:
    """The newest audit log lines."""
    return _frame(engine, sa.select(audit_log).order_by(audit_log.c.id.desc()).limit(limit), list(audit_log.c))


ACTION_LABELS = {
    "sign_in": "登录", "sign_in_failed": "登录失败", "sign_in_locked": "锁定期间尝试登录", "sign_out": "退出登录",
    "account_created": "创建账号", "account_removed": "删除账号", "password_changed": "修改密码",
    "upload": "上传台账", "save": "保存台账", "replace": "替换台账", "export": "导出", "settings": "修改规则",
    "layout": "读取方式", "upload_refused": "上传被拒绝", "restore": "恢复台账版本", "delete_week": "删除一周台账",
    "recompute": "计算各周统计", "item_mark": "事项标记", "template": "文书模板", "document": "生成文书",
    "remind": "发送提醒", "channels": "提醒渠道", "archive": "年度归档",
}


def filter_audit(entries: pd.DataFrame, users: list[str], actions: list[str], start: dt.date | None,
                 end: dt.date | None) -> pd.DataFrame:
    """Audit lines of the chosen users and actions between two dates (empty choices: all)."""
    mask = pd.Series(True, index=entries.index)
    if users:
        mask &= entries["user"].isin(users)
    if actions:
        mask &= entries["action"].isin(actions)
    at = pd.to_datetime(entries["at"])
    if start is not None:
        mask &= at >= pd.Timestamp(start)
    if end is not None:
        mask &= at < pd.Timestamp(end) + pd.Timedelta(days=1)
    return entries[mask]
