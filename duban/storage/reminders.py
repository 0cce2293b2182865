"""Which reminders went out: one row per item (or summary), stage, day and destination, so none goes twice."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from duban.storage import database
from duban.storage.tables import reminders_sent


def sent_on(engine: sa.Engine, day: dt.date) -> set[tuple[str, str, str]]:
    """(target, item_key, stage) of everything already sent on a day."""
    table = reminders_sent
    with engine.connect() as conn:
        rows = conn.execute(sa.select(table.c.target, table.c.item_key, table.c.stage).where(table.c.day == day))
        return {tuple(row) for row in rows}


def record(engine: sa.Engine, target: str, covers: tuple[tuple[str, str], ...], day: dt.date, user: str,
           detail: str) -> None:
    """Note what one delivered message covered, with its audit line, in one transaction."""
    now = dt.datetime.now()
    with engine.begin() as conn:
        known = {tuple(r) for r in conn.execute(sa.select(reminders_sent.c.item_key, reminders_sent.c.stage).where(
            reminders_sent.c.target == target, reminders_sent.c.day == day))}
        rows = [{"target": target, "item_key": key, "stage": stage, "day": day, "sent_at": now}
                for key, stage in dict.fromkeys(covers) if (key, stage) not in known]
        if rows:
            conn.execute(reminders_sent.insert(), rows)
        database.audit(conn, user, "remind", detail, at=now)
