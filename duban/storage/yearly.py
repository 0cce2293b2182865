"""What the store holds for one year, read for the year-end 归档 package (rules.md §8): every stored version
of every week, the items of the year's current weeks with their identity, the office's marks on them and the
year's audit lines. Nothing here writes.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pandas as pd
import sqlalchemy as sa

from duban.storage.tables import analysed_weeks, audit_log, item_marks, registers, week_items

VERSION_COLUMNS = ["as_of", "version", "is_current", "filename", "sha256", "size", "saved_by", "saved_at"]
ITEM_FIELDS = ["item_key", "item_id", "title", "lead_dept", "leader", "assigned_date", "status", "completed_date",
               "overdue", "stage"]


def _in_year(column, year: int):
    return column.between(dt.date(year, 1, 1), dt.date(year, 12, 31))


def year_versions(engine: sa.Engine, year: int) -> pd.DataFrame:
    """Every stored version of every week of the year (no content), by week then version."""
    query = (sa.select(*(registers.c[name] for name in VERSION_COLUMNS)).where(_in_year(registers.c.as_of, year))
             .order_by(registers.c.as_of, registers.c.version))
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(query).mappings().all(), columns=VERSION_COLUMNS)


def contents(engine: sa.Engine, versions: pd.DataFrame) -> Iterator[tuple[pd.Series, bytes]]:
    """Each version with its original bytes, one at a time (a year of registers never sits in memory at once)."""
    for _, version in versions.iterrows():
        with engine.connect() as conn:
            content = conn.execute(sa.select(registers.c.content).where(
                registers.c.as_of == version["as_of"], registers.c.version == version["version"])).scalar()
        if content is not None:  # a week deleted since the list was read is left out
            yield version, content


def items_by_week(engine: sa.Engine, year: int) -> Iterator[pd.DataFrame]:
    """The stored items of each current, analysed week of the year with the week's date, oldest week first,
    one week at a time."""
    weeks = (sa.select(registers.c.id, registers.c.as_of)
             .select_from(registers.join(analysed_weeks, analysed_weeks.c.register_id == registers.c.id))
             .where(registers.c.is_current, _in_year(registers.c.as_of, year)).order_by(registers.c.as_of))
    with engine.connect() as conn:
        found = conn.execute(weeks).all()
    for register_id, as_of in found:
        query = (sa.select(*(week_items.c[name] for name in ITEM_FIELDS))
                 .where(week_items.c.register_id == register_id).order_by(week_items.c.id))
        with engine.connect() as conn:
            rows = pd.DataFrame(conn.execute(query).mappings().all(), columns=ITEM_FIELDS)
        yield rows.assign(as_of=pd.Timestamp(as_of))


def marks(engine: sa.Engine) -> pd.DataFrame:
    """The office's marks (追究责任, its withdrawal, notes) on items, oldest first (a small table)."""
    columns = ["item_key", "kind", "text", "by", "at"]
    query = sa.select(*(item_marks.c[name] for name in columns)).order_by(item_marks.c.id)
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(query).mappings().all(), columns=columns)


def year_audit(engine: sa.Engine, year: int) -> pd.DataFrame:
    """The audit lines written in the year, oldest first."""
    start, end = dt.datetime(year, 1, 1), dt.datetime(year + 1, 1, 1)
    query = (sa.select(audit_log.c.at, audit_log.c.user, audit_log.c.action, audit_log.c.detail)
             .where(audit_log.c.at >= start, audit_log.c.at < end).order_by(audit_log.c.id))
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(query).mappings().all(), columns=["at", "user", "action", "detail"])
