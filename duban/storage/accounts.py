"""Accounts and roles in the database beside the audit log: bcrypt-hashed passwords, lockout after failures.

Roles (README, 账号与角色): office (督办办公室) may do everything; leader (院领导) browses, read-only, and may be
linked to a 分管领导 name; evaluator (考核人员) browses and exports. No password is ever stored or
logged in plain text; there is no default account — the first start creates the first office account.

Every change is one statement or one transaction, so concurrent changes (several pages, the command line,
several processes) are all kept. A sign-in takes one of the MAX_FAILURES attempts atomically *before* the
slow password check, so parallel guesses count as they should.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import os
import unicodedata
from dataclasses import dataclass

import bcrypt
import sqlalchemy as sa

from duban import paths
from duban.errors import DubanError
from duban.storage import database, sessions
from duban.storage.tables import accounts_table

ROLES = {"office": "督办办公室", "leader": "院领导", "evaluator": "考核人员"}
MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 8

class AccountError(DubanError):
    """An account operation that cannot be done (message in Chinese)."""


@dataclass(frozen=True)
class Account:
    """One user: name, role, optional 分管领导 link, and the bcrypt hash of the password."""

    name: str
    role: str
    password_hash: str
    leader: str | None = None

    @property
    def role_label(self) -> str:
        return ROLES[self.role]


def _engine(engine: sa.Engine | None) -> sa.Engine:
    engine = engine or database.shared_engine()
    _migrate_credentials_file(engine)
    return engine


def _migrate_credentials_file(engine: sa.Engine) -> None:
    """Accounts of the older credentials.json taken into the database once; the file is then renamed."""
    old = paths.home() / "credentials.json"
    if not old.exists():
        return
    records = json.loads(paths.read_text(old))
    with engine.begin() as conn:
        known = set(conn.execute(sa.select(accounts_table.c.name)).scalars())
        rows = [{"name": r["name"], "role": r["role"], "password_hash": r["password_hash"], "leader": r.get("leader"),
                 "failures": 0} for r in records if r["name"] not in known]
        if rows:
            conn.execute(accounts_table.insert(), rows)
    old.replace(old.with_name("credentials.json.migrated"))
    paths.owner_only(old.with_name("credentials.json.migrated"))


def load_accounts(engine: sa.Engine | None = None) -> dict[str, Account]:
    """Every account by name."""
    columns = [accounts_table.c[name] for name in ("name", "role", "password_hash", "leader")]
    with _engine(engine).connect() as conn:
        rows = conn.execute(sa.select(*columns).order_by(accounts_table.c.name)).all()
    return {row.name: Account(*row) for row in rows}


def exists(name: str, engine: sa.Engine | None = None) -> bool:
    """Whether an account of that name is (still) registered."""
    with _engine(engine).connect() as conn:
        return conn.execute(sa.select(accounts_table.c.name).where(accounts_table.c.name == name)).first() is not None


def _hash(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"密码至少需要 {MIN_PASSWORD} 个字符")
    rounds = int(os.environ.get("DUBAN_BCRYPT_ROUNDS", "12"))  # tests lower it; never below bcrypt's 4
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=max(4, rounds))).decode("ascii")


def add_account(name: str, role: str, password: str, leader: str | None = None, by: str | None = None,
                engine: sa.Engine | None = None) -> Account:
    """Create an account; the name must be new and the role one of ROLES (by: who did it, for the log)."""
    name = name.strip()
    if not name or len(name) > 100:
        raise AccountError("用户名不能为空，且不超过 100 个字")
    if any(c.isspace() or unicodedata.category(c).startswith("C") for c in name):
        raise AccountError("用户名不能含空格、换行或看不见的字符")
    if role not in ROLES:
        raise AccountError(f"角色应为 {'、'.join(ROLES)} 之一")
    account = Account(name, role, _hash(password), (leader or "").strip() or None)
    try:
        with _engine(engine).begin() as conn:
            conn.execute(accounts_table.insert().values(name=name, role=role, password_hash=account.password_hash,
                                                        leader=account.leader, failures=0))
            database.audit(conn, by or "命令行", "account_created", f"{name}（{ROLES[role]}）")
    except sa.exc.IntegrityError as exc:
        raise AccountError(f"用户“{name}”已存在") from exc
    return account


def remove_account(name: str, by: str | None = None, engine: sa.Engine | None = None) -> None:
    """Delete an account; the last office account cannot be removed (checked in the same statement)."""
    table = accounts_table
    offices = sa.select(sa.func.count()).select_from(table).where(table.c.role == "office").scalar_subquery()
    with _engine(engine).begin() as conn:
        gone = conn.execute(table.delete().where(table.c.name == name, sa.or_(table.c.role != "office", offices > 1)))
        if gone.rowcount == 0:
            exists = conn.execute(sa.select(table.c.name).where(table.c.name == name)).first()
            raise AccountError("不能删除最后一个督办办公室账号" if exists else f"没有用户“{name}”")
        sessions.close_all(conn, name)
        database.audit(conn, by or "命令行", "account_removed", name)


def set_password(name: str, password: str, by: str | None = None, engine: sa.Engine | None = None) -> None:
    """Replace an account's password (and lift a lock)."""
    hashed = _hash(password)
    with _engine(engine).begin() as conn:
        changed = conn.execute(accounts_table.update().where(accounts_table.c.name == name)
                               .values(password_hash=hashed, failures=0, locked_until=None))
        if changed.rowcount == 0:
            raise AccountError(f"没有用户“{name}”")
        sessions.close_all(conn, name)  # a changed password signs out every browser remembered so far
        database.audit(conn, by or "命令行", "password_changed", name)


def locked_until(engine: sa.Engine, name: str, now: dt.datetime | None = None) -> dt.datetime | None:
    """When the account's lock ends, if it is locked now."""
    now = now or dt.datetime.now()
    with _engine(engine).connect() as conn:
        until = conn.execute(sa.select(accounts_table.c.locked_until).where(accounts_table.c.name == name)).scalar()
    return until if until is not None and until > now else None


@functools.lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return bcrypt.hashpw(b"unknown-account-placeholder", bcrypt.gensalt(rounds=4)).decode("ascii")


def _take_attempt(engine: sa.Engine, name: str, now: dt.datetime) -> tuple[bool, dt.datetime | None]:
    """(whether an attempt was free and is now taken, the lock's end when there was none)."""
    table = accounts_table
    until = now + dt.timedelta(minutes=LOCK_MINUTES)
    with engine.begin() as conn:
        conn.execute(table.update().where(table.c.name == name, table.c.locked_until <= now)
                     .values(failures=0, locked_until=None))  # a lock that has ended
        taken = conn.execute(table.update().where(table.c.name == name, table.c.failures < MAX_FAILURES,
                                                  table.c.locked_until.is_(None))
                             .values(failures=table.c.failures + 1)).rowcount
        if taken:
            return True, None
        conn.execute(table.update().where(table.c.name == name, table.c.locked_until.is_(None)).values(
            locked_until=until))
        return False, conn.execute(sa.select(table.c.locked_until).where(table.c.name == name)).scalar()


def sign_in(engine: sa.Engine, name: str, password: str, now: dt.datetime | None = None) -> Account:
    """The account for a correct name and password; every attempt goes to the audit log."""
    name, now = name.strip(), now or dt.datetime.now()
    engine = _engine(engine)
    account = load_accounts(engine).get(name)
    if account is not None:
        free, until = _take_attempt(engine, name, now)
        if not free:
            database.log(engine, name, "sign_in_locked", "账号锁定期间尝试登录")
            raise AccountError(f"连续 {MAX_FAILURES} 次密码错误，账号已锁定至 {until:%H:%M}，请稍后再试。")
    # Check a hash even for unknown names, so that timing does not tell which names exist.
    hashed = account.password_hash if account else _dummy_hash()
    try:
        ok = bcrypt.checkpw(password.encode("utf-8"), hashed.encode("ascii")) and account is not None
    except ValueError:
        ok = False
    if not ok:
        _failed(engine, name, account is not None, now)
        raise AccountError("用户名或密码错误。")
    with engine.begin() as conn:
        conn.execute(accounts_table.update().where(accounts_table.c.name == name).values(failures=0, locked_until=None))
        database.audit(conn, name, "sign_in", ROLES[account.role])
    return account


def _failed(engine: sa.Engine, name: str, known: bool, now: dt.datetime) -> None:
    """Log a failed attempt; the attempt that uses up the last one locks the account."""
    table = accounts_table
    with engine.begin() as conn:
        if known:
            conn.execute(table.update().where(table.c.name == name, table.c.failures >= MAX_FAILURES,
                                              table.c.locked_until.is_(None))
                         .values(locked_until=now + dt.timedelta(minutes=LOCK_MINUTES)))
        database.audit(conn, name or "（空）", "sign_in_failed", "用户名或密码错误")
