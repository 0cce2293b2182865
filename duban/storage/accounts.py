"""Accounts and roles: bcrypt-hashed passwords in DUBAN_HOME/credentials.json, lockout after failures.

Roles (SPEC "Users"): office (督办办公室) may do everything; leader (院领导) browses, read-only, and may be
linked to a 分管领导 name; evaluator (考核人员) browses and exports. No password is ever stored or
logged in plain text; there is no default account — the first start creates the first office account.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

import bcrypt
import sqlalchemy as sa

from duban import paths
from duban.storage import database
from duban.errors import DubanError

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


def credentials_path() -> Path:
    """The credentials file in the data home (never in git)."""
    return paths.home() / "credentials.json"


def load_accounts() -> dict[str, Account]:
    """Every account by name (none when the file does not exist yet)."""
    path = credentials_path()
    if not path.exists():
        return {}
    records = json.loads(path.read_text(encoding="utf-8"))
    return {r["name"]: Account(**r) for r in records}


def _save(accounts: dict[str, Account]) -> None:
    paths.write_atomically(credentials_path(), json.dumps([asdict(a) for a in accounts.values()], ensure_ascii=False,
                                                          indent=1), mode=0o600)


def _hash(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"密码至少需要 {MIN_PASSWORD} 个字符")
    rounds = int(os.environ.get("DUBAN_BCRYPT_ROUNDS", "12"))  # tests lower it; never below bcrypt's 4
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=max(4, rounds))).decode("ascii")


def add_account(name: str, role: str, password: str, leader: str | None = None) -> Account:
    """Create an account; the name must be new and the role one of ROLES."""
    name = name.strip()
    accounts = load_accounts()
    if not name:
        raise AccountError("用户名不能为空")
    if name in accounts:
        raise AccountError(f"用户“{name}”已存在")
    if role not in ROLES:
        raise AccountError(f"角色应为 {'、'.join(ROLES)} 之一")
    account = Account(name, role, _hash(password), (leader or "").strip() or None)
    accounts[name] = account
    _save(accounts)
    return account


def remove_account(name: str) -> None:
    """Delete an account; the last office account cannot be removed."""
    accounts = load_accounts()
    if name not in accounts:
        raise AccountError(f"没有用户“{name}”")
    if accounts[name].role == "office" and sum(a.role == "office" for a in accounts.values()) == 1:
        raise AccountError("不能删除最后一个督办办公室账号")
    del accounts[name]
    _save(accounts)


def set_password(name: str, password: str) -> None:
    """Replace an account's password."""
    accounts = load_accounts()
    if name not in accounts:
        raise AccountError(f"没有用户“{name}”")
    accounts[name] = Account(name, accounts[name].role, _hash(password), accounts[name].leader)
    _save(accounts)


def locked_until(engine: sa.Engine, name: str, now: dt.datetime | None = None) -> dt.datetime | None:
    """When the account's lock ends, if MAX_FAILURES failed sign-ins came since its last success."""
    now = now or dt.datetime.now()
    log = database.audit_log
    attempts = log.c.action.in_(["sign_in", "sign_in_failed"])
    query = (sa.select(log.c.action, log.c.at).where(log.c.user == name, attempts)
             .order_by(log.c.id.desc()).limit(MAX_FAILURES))
    with engine.connect() as conn:
        recent = conn.execute(query).all()
    if len(recent) < MAX_FAILURES or any(r.action == "sign_in" for r in recent):
        return None
    until = recent[0].at + dt.timedelta(minutes=LOCK_MINUTES)
    return until if until > now else None


@functools.lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hash("unknown-account-placeholder")


def sign_in(engine: sa.Engine, name: str, password: str) -> Account:
    """The account for a correct name and password; every attempt goes to the audit log."""
    name = name.strip()
    until = locked_until(engine, name)
    if until is not None:
        database.log(engine, name, "sign_in_locked", "账号锁定期间尝试登录")
        raise AccountError(f"连续 {MAX_FAILURES} 次密码错误，账号已锁定至 {until:%H:%M}，请稍后再试。")
    account = load_accounts().get(name)
    # Check a hash of the same cost even for unknown names, so timing does not tell which names exist.
    hashed = account.password_hash if account else _dummy_hash()
    try:
        ok = bcrypt.checkpw(password.encode("utf-8"), hashed.encode("ascii")) and account is not None
    except ValueError:
        ok = False
    if not ok:
        database.log(engine, name or "（空）", "sign_in_failed", "用户名或密码错误")
        raise AccountError("用户名或密码错误。")
    database.log(engine, name, "sign_in", ROLES[account.role])
    return account
