"""Analysed weeks in the database: each stored register's items, issues, headline figures and departments.

The original file stays the source of truth; these rows are what it gave under the rules of ``rules_key``
(a hash of the rule files). Pages and the command line read them instead of re-analysing every week, so
two years of weekly registers cost what one does. When the rules change, ``stale_registers`` lists the
weeks to recompute and ``recompute`` does it, oldest first (an item's identity follows last week's).
"""
from __future__ import annotations

import datetime as dt
import hashlib
from typing import Callable

import pandas as pd
import sqlalchemy as sa

from duban.columns import DATE_COLUMNS
from duban.pipeline import Analysis
from duban.compute.identity import item_keys
from duban.compute.leaders import leader_mask, leaders_named
from duban.compute.trends import KPI_LABELS, kpis
from duban.storage import database
from duban.storage.tables import (
    DEPARTMENT_COLUMNS, ITEM_COLUMNS, PER_WEEK, analysed_weeks, registers, week_departments, week_figures, week_issues,
    week_items)

FORMAT = "2"  # raise when what is stored per week changes (or how a register reads): every week is then recomputed
_DATES = tuple(name for name in DATE_COLUMNS if name in ITEM_COLUMNS)


def rules_key(config_text: str, overrides_text: str) -> str:
    """What the stored figures depend on besides the file: the rule file and the calendar overrides."""
    return hashlib.sha256("\x00".join((FORMAT, config_text, overrides_text)).encode("utf-8")).hexdigest()


def _records(frame: pd.DataFrame, columns: list[str]) -> list[dict]:
    """Rows as plain Python values for an insert (dates as dates, missing as None).

    Every column must be there (a KeyError, never a column silently stored empty)."""
    out = frame[columns].astype(object)
    for name in columns:
        if name in _DATES:
            out[name] = pd.to_datetime(frame[name]).dt.date.astype(object)
    return out.where(pd.notna(out), None).to_dict("records")


def _figure_rows(items: pd.DataFrame, overseen_by: dict[str, frozenset[str]]) -> list[dict]:
    """The headline figures of all items (scope "") and of each 分管领导's own (compute.leaders.leader_mask)."""
    leaders = sorted(set(leaders_named(items)) | set(overseen_by))
    scopes = [("", items)] + [(name, items[leader_mask(items, name, overseen_by)]) for name in leaders]
    return [{"scope": scope, **kpis(group)} for scope, group in scopes]


def previous_items(conn: sa.Connection, as_of: dt.date) -> pd.DataFrame:
    """The stored items of the latest current week before as_of (empty when none)."""
    week = sa.select(registers.c.id).join(analysed_weeks, analysed_weeks.c.register_id == registers.c.id).where(
        registers.c.is_current, registers.c.as_of < as_of).order_by(registers.c.as_of.desc()).limit(1)
    register_id = conn.execute(week).scalar()
    return pd.DataFrame() if register_id is None else read_items(conn, register_id)


def read_items(conn: sa.Connection, register_id: int) -> pd.DataFrame:
    """One stored week's items, typed as the analysis typed them (co_depts as lists)."""
    rows = conn.execute(sa.select(week_items).where(week_items.c.register_id == register_id)
                        .order_by(week_items.c.id)).mappings().all()
    items = pd.DataFrame(rows, columns=[c.name for c in week_items.columns]).drop(columns=["id", "register_id"])
    for name in _DATES:
        items[name] = pd.to_datetime(items[name]).astype("datetime64[s]")
    items["co_depts"] = items["co_depts"].map(lambda text: text.split("、") if text else [])
    return items


def store_analysis(conn: sa.Connection, register_id: int, as_of: dt.date, analysis: Analysis, key: str) -> None:
    """Replace what is stored for one register by this analysis (inside the caller's transaction)."""
    for table in PER_WEEK:
        conn.execute(table.delete().where(table.c.register_id == register_id))
    items = analysis.items.copy()
    items["item_key"] = item_keys(items, previous_items(conn, as_of))
    items["co_depts"] = items["co_depts"].map(lambda names: "、".join(names) if isinstance(names, list) else None)
    items["on_time"] = items["on_time"].map(lambda flag: None if flag is None or pd.isna(flag) else bool(flag))
    tagged = [{"register_id": register_id, **row} for row in _records(items, ["item_key", *ITEM_COLUMNS])]
    if tagged:
        conn.execute(week_items.insert(), tagged)
    cells = analysis.issues["value"].map(lambda v: None if v is None or (isinstance(v, float) and pd.isna(v))
                                         else str(v))  # an empty cell stays empty, not the text "None"
    issues = _records(analysis.issues.assign(value=cells), ["sheet", "row", "column", "value", "severity", "message"])
    if issues:
        conn.execute(week_issues.insert(), [{"register_id": register_id, **row} for row in issues])
    figures = _figure_rows(items, analysis.leader_departments)
    conn.execute(week_figures.insert(), [{"register_id": register_id, **row} for row in figures])
    departments = _records(analysis.departments, ["dept", *DEPARTMENT_COLUMNS])
    if departments:
        conn.execute(week_departments.insert(), [{"register_id": register_id, **row} for row in departments])
    conn.execute(analysed_weeks.insert().values(register_id=register_id, rules_key=key, computed_at=dt.datetime.now()))


def stale_registers(engine: sa.Engine, key: str, only_missing: bool = False) -> pd.DataFrame:
    """Current registers not analysed under these rules (never, or under others), oldest week first.

    only_missing: just those never analysed (saved before this table existed, or a restored old version).
    The rules_key column says which: None for never analysed.
    """
    unanalysed = analysed_weeks.c.rules_key.is_(None)
    query = (sa.select(registers.c.id, registers.c.as_of, registers.c.filename, registers.c.sha256,
                       analysed_weeks.c.rules_key)
             .outerjoin(analysed_weeks, analysed_weeks.c.register_id == registers.c.id)
             .where(registers.c.is_current, unanalysed if only_missing else
                    sa.or_(unanalysed, analysed_weeks.c.rules_key != key))
             .order_by(registers.c.as_of))
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(query).mappings().all(),
                            columns=["id", "as_of", "filename", "sha256", "rules_key"])


Analyse = Callable[[bytes, str, dt.date], Analysis]


def recompute(engine: sa.Engine, analyse: Analyse, key: str, progress: Callable[[int, int], None] | None = None,
              only_missing: bool = False) -> int:
    """Analyse every stale week again, oldest first, one transaction per week; returns how many were done.

    A week whose file no longer reads under the new rules keeps its old figures (and stays listed as stale).
    """
    stale = stale_registers(engine, key, only_missing)
    done = 0
    for number, week in enumerate(stale.itertuples(index=False), start=1):
        content = database.content_of(engine, week.sha256)
        try:
            analysis = analyse(content, week.filename, week.as_of)
        except Exception:  # noqa: BLE001 — a week that no longer reads is left as it was, and reported stale
            continue
        with engine.begin() as conn:
            database.lock_week(conn, week.as_of)  # a deletion of the week waits, or went first
            if conn.execute(sa.select(registers.c.id).where(registers.c.id == week.id)).first() is None:
                continue
            store_analysis(conn, week.id, week.as_of, analysis, key)
        done += 1
        if progress is not None:
            progress(number, len(stale))
    return done


def weekly_figures(engine: sa.Engine, scope: str = "") -> pd.DataFrame:
    """The six headline figures of every analysed current week, oldest first, with version and rules_key."""
    query = (sa.select(registers.c.as_of, registers.c.version, analysed_weeks.c.rules_key,
                       *(week_figures.c[name] for name in KPI_LABELS))
             .join(week_figures, week_figures.c.register_id == registers.c.id)
             .join(analysed_weeks, analysed_weeks.c.register_id == registers.c.id)
             .where(registers.c.is_current, week_figures.c.scope == scope).order_by(registers.c.as_of))
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return pd.DataFrame(rows, columns=["as_of", "version", "rules_key", *KPI_LABELS])


def save_week(engine: sa.Engine, content: bytes, filename: str, as_of: dt.date, saved_by: str, analysis: Analysis,
              key: str, replaces: str | None = None) -> database.SaveResult:
    """Store a register as a week's and, in the same transaction, what it gives: the one way the page and
    the command line save (see save_register for ``replaces``)."""
    def store(conn: sa.Connection, register_id: int) -> None:
        store_analysis(conn, register_id, as_of, analysis, key)

    return database.save_register(engine, content, filename, as_of, saved_by, also=store, replaces=replaces)
