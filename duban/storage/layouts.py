"""The office's saved column layouts: for a sheet header (by its key), which column plays which role.

Stored in the database beside the registers; every save and removal is one transaction with its audit line.
"""
from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import sqlalchemy as sa

from duban.storage import database
from duban.storage.tables import column_layouts

def save_layout(engine: sa.Engine, key: str, headers: list[str], mapping: dict[str, str | None], user: str) -> None:
    """Store (or replace) the layout for the header with this key."""
    now = dt.datetime.now()
    row = {"headers": json.dumps(headers, ensure_ascii=False), "mapping": json.dumps(mapping, ensure_ascii=False),
           "saved_by": user, "saved_at": now}
    with engine.begin() as conn:
        found = conn.execute(sa.select(column_layouts.c.key).where(column_layouts.c.key == key)).first()
        if found:
            conn.execute(column_layouts.update().where(column_layouts.c.key == key).values(**row))
        else:
            conn.execute(column_layouts.insert().values(key=key, **row))
        database.audit(conn, user, "layout", f"保存读取方式 {key}（{'、'.join(headers)[:200]}）", at=now)


def remove_layout(engine: sa.Engine, key: str, user: str) -> None:
    """Forget the layout with this key (later uploads are read by the default rules again)."""
    with engine.begin() as conn:
        conn.execute(column_layouts.delete().where(column_layouts.c.key == key))
        database.audit(conn, user, "layout", f"删除读取方式 {key}")


def load_layouts(engine: sa.Engine) -> dict[str, dict[str, str | None]]:
    """Every saved layout: key -> mapping."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(column_layouts.c.key, column_layouts.c.mapping)).all()
    return {row.key: json.loads(row.mapping) for row in rows}


def layout_list(engine: sa.Engine) -> pd.DataFrame:
    """The saved layouts for the page: key, headers, saved_by, saved_at."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(column_layouts).order_by(column_layouts.c.saved_at.desc())).all()
    return pd.DataFrame([{**row._mapping, "headers": json.loads(row.headers)} for row in rows],
                        columns=["key", "headers", "mapping", "saved_by", "saved_at"])
