"""Remembered sign-ins: a random token in the browser's cookie, its SHA-256 and expiry in the database.

A refresh of the page starts a new Streamlit session; the token in the cookie lets it find who signed
in. The token is 256 random bits, so it cannot be guessed or forged, and only its hash is stored, so a
copy of the database signs no one in. A token ends at its expiry, at sign-out, and when the account's
password changes or the account is removed (accounts.py revokes them in the same transaction); the
check runs on every rerun, so the end takes effect at the next click.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

import sqlalchemy as sa

from duban.storage.tables import sessions_table

COOKIE_NAME = "duban_session"

def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def open_session(engine: sa.Engine, name: str, hours: float, now: dt.datetime | None = None) -> str:
    """A new token for the account, valid for the given hours; expired tokens of anyone are dropped."""
    now = now or dt.datetime.now()
    token = secrets.token_urlsafe(32)
    with engine.begin() as conn:
        conn.execute(sessions_table.delete().where(sessions_table.c.expires_at <= now))
        conn.execute(sessions_table.insert().values(token_hash=_digest(token), name=name, created_at=now,
                                                    expires_at=now + dt.timedelta(hours=hours)))
    return token


def name_for(engine: sa.Engine, token: str | None, now: dt.datetime | None = None) -> str | None:
    """The account name a token signs in, or None when it is unknown, revoked or expired."""
    if not isinstance(token, str) or not token or len(token) > 200:  # a cookie is browser input: anything may arrive
        return None
    table = sessions_table
    with engine.connect() as conn:
        return conn.execute(sa.select(table.c.name).where(
            table.c.token_hash == _digest(token), table.c.expires_at > (now or dt.datetime.now()))).scalar()


def seconds_left(engine: sa.Engine, token: str, now: dt.datetime | None = None) -> int:
    """How long the token stays valid, for the cookie's Max-Age (0 when it is not valid)."""
    table = sessions_table
    with engine.connect() as conn:
        expires = conn.execute(sa.select(table.c.expires_at).where(table.c.token_hash == _digest(token))).scalar()
    return max(0, int((expires - (now or dt.datetime.now())).total_seconds())) if expires else 0


def close_session(engine: sa.Engine, token: str | None) -> None:
    """End one token (sign-out)."""
    if token:
        with engine.begin() as conn:
            conn.execute(sessions_table.delete().where(sessions_table.c.token_hash == _digest(token)))


def close_all(conn: sa.Connection, name: str) -> None:
    """End every token of an account, inside the caller's transaction (password change, removal)."""
    conn.execute(sessions_table.delete().where(sessions_table.c.name == name))
