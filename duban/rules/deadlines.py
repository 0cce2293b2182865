"""办理时限 text to a kind, and the feedback and due dates of each item (SPEC §3)."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from duban.missing import is_missing
from duban.rules.calendar import WorkCalendar
from duban.config import Config
from duban.rules.dates import date_parts, datetime_parts, ymd_dates
from duban.rules.values import ONGOING_WORDS, compact_text, distinct, per_distinct_array, word_masks

# The 办理时限 forms in one pattern, matched against the cell with its spaces removed (N个工作日,
# N天, M月底前, M月D日前, 年底前); the first form that matches the whole text wins.
_DEADLINE = re.compile(
    r"(?P<workdays>\d+)个?工作日(?:内|之内|以内)?"
    r"|(?P<days>\d+)(?:个自然日|个日历日|自然日|日历日|天|日)(?:内|之内|以内)?"
    r"|(?P<month_end>\d{1,2})月(?:底|末|份)(?:前|以前|之前)?"
    r"|(?P<md_month>\d{1,2})月(?P<md_day>\d{1,2})日(?:前|以前|之前)"
    r"|(?P<year_end>年底|年末|年内|本年底|今年底|年底之前)(?:前|以前|之前)?(?:完成)?")

SIMPLE_WORDS = ("一般", "简单", "较小", "较易", "容易", "小")
COMPLEX_WORDS = ("较大", "复杂", "重大", "困难", "较难", "大", "难")
_DIFFICULTY = {**{w: "simple" for w in SIMPLE_WORDS}, **{w: "complex" for w in COMPLEX_WORDS}}
DEADLINE_KINDS = ("date", "workdays", "days", "month_end", "year_end", "md", "ongoing", "empty", "bad")


def _deadline_parts(value: object) -> tuple[str, float, float, float, float]:
    """(kind, n, year, month, day) for one 办理时限 cell."""
    nan = float("nan")
    if is_missing(value):
        return "empty", nan, nan, nan, nan
    if isinstance(value, str):
        compact = compact_text(value)
        if compact is None:
            return "empty", nan, nan, nan, nan
        if compact in ONGOING_WORDS:
            return "ongoing", nan, nan, nan, nan
        if match := _DEADLINE.fullmatch(compact):
            workdays, days, month_end, md_month, md_day, _ = match.groups()
            if workdays or days:
                return ("workdays" if workdays else "days"), float(workdays or days), nan, nan, nan
            if month_end:
                return "month_end", nan, nan, float(month_end), nan
            if md_month:
                return "md", nan, nan, float(md_month), float(md_day)
            return "year_end", nan, nan, 12.0, 31.0
        value = compact
    parts = date_parts(value)
    if isinstance(parts, tuple):
        year = nan if parts[0] is None else float(parts[0])
        return "date", nan, year, float(parts[1]), float(parts[2])
    return "bad", nan, nan, nan, nan


def parse_deadlines(values: pd.Series) -> dict[str, pd.Series]:
    """Columns deadline_kind, deadline_n, deadline_year, deadline_month, deadline_day."""
    codes, uniques = distinct(values)
    is_date, dates = datetime_parts(uniques)
    others = [_deadline_parts(uniques[i]) for i in np.flatnonzero(~is_date).tolist()] + [_deadline_parts(None)]
    kinds = np.full(len(uniques) + 1, "date", dtype=object)
    numbers = np.full((len(uniques) + 1, 4), np.nan)  # n, year, month, day
    numbers[:-1][is_date, 1:] = dates
    other_rows = np.append(np.flatnonzero(~is_date), len(uniques))
    kinds[other_rows] = [p[0] for p in others]
    numbers[other_rows] = [p[1:] for p in others]
    month = numbers[:, 2]
    kinds[~(np.isnan(month) | ((month >= 1) & (month <= 12)))] = "bad"
    columns = {"deadline_kind": pd.Series(kinds[codes], index=values.index, dtype=object)}
    for i, name in enumerate(("deadline_n", "deadline_year", "deadline_month", "deadline_day")):
        columns[name] = pd.Series(numbers[codes, i], index=values.index)
    return columns


def complexity(difficulty: pd.Series, co_depts: pd.Series) -> pd.Series:
    """simple / complex from 办理难度, else complex when co-departments take part (seed 000 五)."""
    stated = per_distinct_array(difficulty, lambda v: _DIFFICULTY.get(compact_text(v)))
    with_co = np.fromiter(map(len, co_depts.to_numpy(dtype=object)), dtype=np.int64, count=len(co_depts)) > 0
    level = np.where(pd.isna(stated), np.where(with_co, "complex", "simple").astype(object), stated)
    return pd.Series(level, index=difficulty.index, dtype=object)


def due_dates(frame: pd.DataFrame, calendar: WorkCalendar, config: Config) -> pd.DataFrame:
    """Add complexity, feedback_due and due_date (with 延期至 applied) to a parsed register frame."""
    assigned = frame["assigned_date"]
    level = complexity(frame["difficulty"], frame["co_depts"])
    feedback_n = np.where(level == "simple", config.feedback_workdays_simple, config.feedback_workdays_complex)
    feedback_due = calendar.add_workdays(assigned, pd.Series(feedback_n, index=frame.index))
    kind, n = word_masks(frame["deadline_kind"], DEADLINE_KINDS), frame["deadline_n"].to_numpy()
    months = assigned.to_numpy().astype("datetime64[M]")
    year = np.where(np.isnat(months), np.nan, months.astype("int64") // 12 + 1970)
    assigned_month = months.astype("int64") % 12 + 1
    month, day = frame["deadline_month"].to_numpy(), frame["deadline_day"].to_numpy()
    first = ymd_dates(year + (month < assigned_month), month, np.ones(len(frame)))  # of the month named
    month_end = ((first.astype("datetime64[M]") + 1).astype("datetime64[D]") - 1).astype("datetime64[s]")
    stated_year = frame["deadline_year"].to_numpy()
    by_kind = [
        (kind["date"], ymd_dates(np.where(np.isnan(stated_year), year, stated_year), month, day)),
        (kind["workdays"], calendar.add_workdays(assigned, np.where(kind["workdays"], n, np.nan)).to_numpy()),
        (kind["days"], assigned.to_numpy() + np.nan_to_num(n).astype("timedelta64[D]")),
        (kind["month_end"], month_end),
        (kind["year_end"] | kind["md"], ymd_dates(year, month, day)),
        (kind["empty"], feedback_due.to_numpy()),
    ]
    due = np.full(len(frame), np.datetime64("NaT"), dtype="datetime64[s]")
    for mask, dates in by_kind:
        due = np.where(mask, dates.astype("datetime64[s]"), due)
    extended = frame["extended_to"].to_numpy()
    due = np.where(np.isnat(extended), due, extended)
    no_deadline = kind["ongoing"] | (frame["status"] == "ongoing").to_numpy()
    due = np.where(no_deadline, np.datetime64("NaT"), due).astype("datetime64[s]")
    return frame.assign(complexity=level, feedback_due=feedback_due, due_date=pd.Series(due, index=frame.index))
