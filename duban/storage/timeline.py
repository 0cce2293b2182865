"""What the stored weeks tell about one item or one department, and the office's marks on items.

An item is followed by its identity (duban.compute.identity). Marks — 追究责任 (rules.md §5) and notes — are
stored with that identity, not with a week, so they survive every later upload.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa

from duban.compute.escalation import STAGE_ORDER
from duban.storage import database
from duban.storage.tables import analysed_weeks, item_marks, registers, week_departments, week_items

MARK_KINDS = {"accountable": "追究责任", "cleared": "撤销追究责任", "note": "备注"}
TIMELINE_COLUMNS = ["as_of", "status", "due_date", "extended_to", "light", "stage", "overdue_workdays", "progress",
                    "title", "lead_dept"]


def _current_weeks():
    return (registers.join(analysed_weeks, analysed_weeks.c.register_id == registers.c.id), registers.c.is_current)


def item_timeline(engine: sa.Engine, item_key: str) -> pd.DataFrame:
    """One row per stored week the item appears in, oldest first (TIMELINE_COLUMNS)."""
    joined, current = _current_weeks()
    columns = [registers.c.as_of, *(week_items.c[name] for name in TIMELINE_COLUMNS[1:])]
    query = (sa.select(*columns).select_from(joined.join(week_items, week_items.c.register_id == registers.c.id))
             .where(current, week_items.c.item_key == item_key).order_by(registers.c.as_of))
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(query).mappings().all(), columns=TIMELINE_COLUMNS)


def stage_entries(timeline: pd.DataFrame) -> pd.DataFrame:
    """When the item entered each stage it reached (the first stored week showing it), in ladder order."""
    reached = timeline.dropna(subset=["stage"]).groupby("stage", sort=False)["as_of"].min()
    order = [stage for stage in STAGE_ORDER if stage in reached.index]
    return pd.DataFrame({"stage": order, "entered": [reached[stage] for stage in order]})


def due_changes(timeline: pd.DataFrame) -> pd.DataFrame:
    """The weeks in which the item's 办结时限 changed (延期 or a correction) from one date to another."""
    due = timeline["due_date"]
    changed = due.ne(due.shift()) & due.shift().notna() & due.notna()  # a time limit left blank is no change
    return pd.DataFrame({"as_of": timeline["as_of"][changed], "before": due.shift()[changed],
                         "after": due[changed]}).reset_index(drop=True)


def department_history(engine: sa.Engine, dept: str) -> pd.DataFrame:
    """A department's score, overdue count and on-time rate in every analysed week, oldest first."""
    joined, current = _current_weeks()
    query = (sa.select(registers.c.as_of, week_departments.c.score, week_departments.c.grade,
                       week_departments.c.overdue_open, week_departments.c.on_time_rate, week_departments.c.total)
             .select_from(joined.join(week_departments, week_departments.c.register_id == registers.c.id))
             .where(current, week_departments.c.dept == dept).order_by(registers.c.as_of))
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return pd.DataFrame(rows, columns=["as_of", "score", "grade", "overdue_open", "on_time_rate", "total"])


def add_mark(engine: sa.Engine, item_key: str, kind: str, text: str, by: str, title: str = "") -> None:
    """Record a 追究责任 mark, its withdrawal or a note on an item (and a line in the audit log)."""
    if kind not in MARK_KINDS:
        raise ValueError(f"未知的标记：{kind}")
    text = text.strip()
    if kind == "note" and not text:
        raise ValueError("备注不能为空")
    if len(text) > 2000:
        raise ValueError("备注不超过 2000 字")
    now = dt.datetime.now()
    with engine.begin() as conn:
        conn.execute(item_marks.insert().values(item_key=item_key, kind=kind, text=text, by=by, at=now))
        database.audit(conn, by, "item_mark", f"{MARK_KINDS[kind]}：{title or item_key} {text}", at=now)


def marks_of(engine: sa.Engine, item_key: str) -> pd.DataFrame:
    """Every mark and note on one item, oldest first."""
    query = sa.select(item_marks).where(item_marks.c.item_key == item_key).order_by(item_marks.c.id)
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(query).mappings().all(), columns=[c.name for c in item_marks.columns])


def accountable(engine: sa.Engine) -> pd.DataFrame:
    """Items marked 追究责任 now (the latest mark is not a withdrawal): item_key, by, at, text."""
    flags = item_marks.c.kind.in_(["accountable", "cleared"])
    latest = sa.select(sa.func.max(item_marks.c.id)).where(flags).group_by(item_marks.c.item_key)
    query = sa.select(item_marks.c.item_key, item_marks.c.by, item_marks.c.at, item_marks.c.text).where(
        item_marks.c.id.in_(latest), item_marks.c.kind == "accountable")
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(query).mappings().all(), columns=["item_key", "by", "at", "text"])
