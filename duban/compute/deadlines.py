"""办理时限 text to a kind, and the feedback and due dates of each item (rules.md §4)."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from duban.config import Config
from duban.compute.calendar import WorkCalendar
from duban.clean.dates import datetime_parts, ymd_dates
from duban.clean.deadline_text import NAN, Deadline, checked, deadline_parts, vague_limit
from duban.clean.values import compact_text, distinct, per_distinct_array, word_masks

SIMPLE_WORDS = ("一般", "简单", "较小", "较易", "容易", "小")
COMPLEX_WORDS = ("较大", "复杂", "重大", "困难", "较难", "大", "难")
_DIFFICULTY = {**{w: "simple" for w in SIMPLE_WORDS}, **{w: "complex" for w in COMPLEX_WORDS}}
DEADLINE_KINDS = ("date", "month_end", "workdays", "days", "months", "immediate", "ongoing", "done_word", "empty",
                  "bad")
# what separates urgency words from the limit (not . - /, which dates are written with)
_PUNCTUATION = re.compile(r"[，,；;、。：:！!（）()【】\[\]\s]+")
_NUMBERS = ("deadline_n", "deadline_year", "deadline_month", "deadline_day")


def parse_deadlines(values: pd.Series, vague_words: tuple[str, ...] = ()) -> dict[str, pd.Series]:
    """Columns deadline_kind, deadline_n/year/month/day, deadline_rollover, deadline_several and deadline_vague.

    Each distinct cell is read once (Excel date cells all at once) and taken for every row. A text that
    names no limit (vague_words, no digit) reads like an empty cell, marked vague.
    """
    codes, uniques = distinct(values)
    is_date, dates = datetime_parts(uniques)
    found = [checked(Deadline("date", NAN, *row)) for row in dates.tolist()]
    others = iter([_text_or_vague(uniques[i], vague_words) for i in np.flatnonzero(~is_date).tolist()])
    table = [found.pop(0) if date else next(others) for date in is_date.tolist()] + [Deadline("empty")]
    columns = {"deadline_kind": pd.Series(np.array([d.kind for d in table], dtype=object)[codes], index=values.index,
                                          dtype=object)}
    numbers = np.array([(d.n, d.year, d.month, d.day) for d in table], dtype="float64").reshape(-1, 4)
    for k, name in enumerate(_NUMBERS):
        columns[name] = pd.Series(numbers[codes, k], index=values.index)
    for name in ("rollover", "several", "vague"):
        flags = np.array([getattr(d, name) for d in table], dtype=bool)
        columns[f"deadline_{name}"] = pd.Series(flags[codes], index=values.index)
    return columns


def _text_or_vague(value: object, vague_words: tuple[str, ...]) -> Deadline:
    deadline = deadline_parts(value)
    if deadline.kind != "bad" or not isinstance(value, str):
        return deadline
    if vague_limit(value, vague_words):
        return Deadline("empty", vague=True)
    return _without_urgency(value, vague_words) or deadline


def _without_urgency(text: str, vague_words: tuple[str, ...]) -> Deadline | None:
    """The limit of a text that says it with urgency words around it (尽快，3月底前; 3月底前尽快完成): the
    words and the punctuation left about them taken away, what remains when that reads as a limit, else None."""
    rest = text
    for word in sorted(vague_words, key=len, reverse=True):  # 按要求办理 before 按要求
        rest = rest.replace(word, " ")
    if rest == text:
        return None
    found = deadline_parts(_PUNCTUATION.sub(" ", rest).strip())
    return found if found.kind not in ("bad", "empty") else None


def complexity(difficulty: pd.Series, co_depts: pd.Series, units_unnamed: pd.Series | None = None) -> pd.Series:
    """simple / complex from 办理难度, else complex when several units take part (seed 000 五)."""
    stated = per_distinct_array(difficulty, lambda v: _DIFFICULTY.get(compact_text(v)))
    with_co = np.fromiter(map(len, co_depts.to_numpy(dtype=object)), dtype=np.int64, count=len(co_depts)) > 0
    if units_unnamed is not None:
        with_co |= units_unnamed.to_numpy(dtype=bool)  # X等N家单位
    level = np.where(pd.isna(stated), np.where(with_co, "complex", "simple").astype(object), stated)
    return pd.Series(level, index=difficulty.index, dtype=object)


def _month_end(year: np.ndarray, month: np.ndarray) -> np.ndarray:
    first = ymd_dates(year, month, np.ones(len(year)))
    return ((first.astype("datetime64[M]") + 1).astype("datetime64[D]") - 1).astype("datetime64[s]")


def _months_on(start: np.ndarray, months: np.ndarray) -> np.ndarray:
    """The same day so many months after start (1月31日 and one month: 2月28日, the month's last day)."""
    first = start.astype("datetime64[M]")
    target = first + np.nan_to_num(months).astype("int64").astype("timedelta64[M]")
    day = (start.astype("datetime64[D]") - first.astype("datetime64[D]")).astype("int64")
    last = ((target + 1).astype("datetime64[D]") - 1 - target.astype("datetime64[D]")).astype("int64")
    return target.astype("datetime64[D]") + np.minimum(day, np.where(np.isnat(start), 0, last)).astype("timedelta64[D]")


def _written_dates(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(date, month end) of each row's 办理时限 with the year filled in where the text leaves it out.

    The year left out is the 交办日期's (else the register's, as default_year has it); M月底-like forms
    earlier than the assigned month mean the next year; a month left out (本月底) is the assigned month.
    """
    months = frame["assigned_date"].to_numpy().astype("datetime64[M]")
    assigned_month = np.where(np.isnat(months), 0, months.astype("int64") % 12 + 1)
    month, day = frame["deadline_month"].to_numpy(), frame["deadline_day"].to_numpy()
    later = frame["deadline_rollover"].to_numpy() & (month < assigned_month)
    month = np.where(np.isnan(month), assigned_month, month)  # 本月底, 月底前: the assigned month's end
    stated = frame["deadline_year"].to_numpy()
    year = np.where(np.isnan(stated), frame["default_year"].to_numpy() + later, stated)
    return ymd_dates(year, month, day), _month_end(year, month)


def due_dates(frame: pd.DataFrame, calendar: WorkCalendar, config: Config) -> pd.DataFrame:
    """Add complexity, feedback_due and due_date (with 延期至 applied) to a parsed register frame."""
    assigned = frame["assigned_date"]
    level = complexity(frame["difficulty"], frame["co_depts"], frame["units_unnamed"])
    feedback_n = np.where(level == "simple", config.feedback_workdays_simple, config.feedback_workdays_complex)
    feedback_due = calendar.add_workdays(assigned, pd.Series(feedback_n, index=frame.index))
    stated_feedback = frame["feedback_due"].to_numpy()
    feedback_due = pd.Series(np.where(np.isnat(stated_feedback), feedback_due.to_numpy(), stated_feedback),
                             index=frame.index)  # a 反馈时限 written in the register replaces the 3/5-day rule
    kind, n = word_masks(frame["deadline_kind"], DEADLINE_KINDS), frame["deadline_n"].to_numpy()
    written, month_end = _written_dates(frame)
    no_column = ~frame["has_deadline"].to_numpy(dtype=bool)
    by_kind = [
        (kind["date"], written),
        (kind["month_end"], month_end),
        (kind["workdays"], calendar.add_workdays(assigned, np.where(kind["workdays"], n, np.nan)).to_numpy()),
        (kind["days"], assigned.to_numpy() + np.nan_to_num(n).astype("timedelta64[D]")),
        (kind["months"], _months_on(assigned.to_numpy(), np.where(kind["months"], n, 0))),
        (kind["immediate"], assigned.to_numpy()),
        (kind["empty"] | no_column, feedback_due.to_numpy()),
    ]
    due = np.full(len(frame), np.datetime64("NaT"), dtype="datetime64[s]")
    for mask, dates in by_kind:
        due = np.where(mask, dates.astype("datetime64[s]"), due)
    extended = frame["extended_to"].to_numpy()
    due = np.where(np.isnat(extended), due, extended)
    no_deadline = kind["ongoing"] | kind["done_word"] | (frame["status"] == "ongoing").to_numpy()
    due = np.where(no_deadline, np.datetime64("NaT"), due).astype("datetime64[s]")
    return frame.assign(complexity=level, feedback_due=feedback_due, due_date=pd.Series(due, index=frame.index))
