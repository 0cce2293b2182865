"""Date cells to dates, whole columns at once: Excel dates, day numbers and the text forms of rules.md §1.

Each distinct cell is worked out once and taken for every row; only a date without a year (3月5日)
needs its own row's year.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata

import numpy as np
import pandas as pd

from duban.clean.names import says_none
from duban.missing import is_missing
from duban.compute.calendar import FIRST_YEAR, LAST_YEAR
from duban.clean.values import distinct

# 2024-03-05, 2024年3月5日, 2024/3/5 9:00, 2024-03-05T09:00:00+08:00 (system exports), 2024.3.5. (a full stop after)
_FULL_DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?"
    r"(?:T?\d{1,2}[:：]\d{2}(?:[:：]\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?[.。]?$")
CELL_DATE = re.compile(r"(\d{4}-\d{2}-\d{2}) \d{2}:\d{2}:\d{2}(?:\.\d+)?$")  # a date-time as text (CSV exports)
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")  # a number cell as the fast read gives it: 45000, 45000.5
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_YEARLESS_DATE = re.compile(r"^(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$")
# what OA exports write after a date: the weekday, a part of the day (2026-10-09（周五）, 10月9日上午)
_DAY_NOTE = re.compile(r"(?:\s*(?:\(\s*)?(?:周|星期|礼拜)[一二三四五六日天]\s*\)?)?"  # each \s* before a word:
                       r"(?:\s*(?:上午|下午|中午|晚上|早上))?$")  # no run of spaces can be split two ways
_LONGEST_DATE = 40  # characters: a longer text is no date (and no regex below scans a pasted page)
# words a date cell says its date with: 于10月20日办结, 2026-10-20已完成, 2026.10.20（已办结）
_DATE_WORDS = re.compile(r"^于|(?:已|已经)?(?:办结|完成|销号|落实|整改|交办|下发|印发|反馈)$|\([^()]*\)$")
MONTH_DOT_DAY = re.compile(r"^(\d{1,2})\.(\d{1,2})$")  # 10.31 written as text: no day number (1900) means that
_CN_NUMERAL = re.compile(r"[一二两三四五六七八九十]{1,3}"
                         r"(?=个?(?:工作日|自然日|日历日|天|日|月|号|周|星期|礼拜|年[以之]?内))")
_CN_DIGIT = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_UNIX_ORDINAL = dt.date(1970, 1, 1).toordinal()


def arabic_numerals(text: str) -> str:
    """Chinese numerals of months, days and counts of days, weeks, months and years as digits: 十一月底 → 11月底,
    三个工作日 → 3个工作日, 两周内 → 2周内."""
    return _CN_NUMERAL.sub(lambda m: str(_cn_number(m[0])), text) if _CN_NUMERAL.search(text) else text


def _cn_number(numeral: str) -> int:
    """一 … 九十九 as a number (十一 = 11, 二十 = 20, 三十一 = 31)."""
    tens, _, units = numeral.rpartition("十")
    if "十" not in numeral:
        return _CN_DIGIT.get(numeral[-1], 0)
    return _CN_DIGIT.get(tens, 1) * 10 + _CN_DIGIT.get(units, 0)


def ymd_dates(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """datetime64[s] per (year, month, day) given as float arrays; NaT where missing or not a real date."""
    ok = ~(np.isnan(year) | np.isnan(month) | np.isnan(day))
    ok &= (month >= 1) & (month <= 12) & (day >= 1) & (day <= 31) & (np.abs(year - 2000) < 5000)
    months = (np.where(ok, year, 1970).astype("int64") - 1970) * 12 + np.where(ok, month, 1).astype("int64") - 1
    first = months.astype("datetime64[M]")
    days = first.astype("datetime64[D]") + (np.where(ok, day, 1).astype("int64") - 1)
    ok &= days.astype("datetime64[M]") == first  # 2月30日 and the like
    return np.where(ok, days.astype("datetime64[s]"), np.datetime64("NaT", "s"))


def date_parts(value: object) -> tuple[int | None, int, int] | None | str:
    """(year or None, month, day) for one cell; None when empty; 'bad' when unreadable."""
    if is_missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.year, value.month, value.day
    if isinstance(value, (dt.date, dt.datetime)):
        return value.year, value.month, value.day
    if isinstance(value, bool):
        return "bad"
    if isinstance(value, (int, float)):
        number = float(value)
        if 19000101 <= number <= 21001231 and number.is_integer():
            return date_parts(str(int(number)))
        if 1 <= number < 80000:  # an Excel serial day number in a cell not formatted as a date
            day = _EXCEL_EPOCH + dt.timedelta(days=int(number))
            return day.year, day.month, day.day
        return "bad"
    text = arabic_numerals(unicodedata.normalize("NFKC", str(value)).strip())
    if not text or says_none(text):  # 办结日期 / for an item not done yet
        return None
    if len(text) > _LONGEST_DATE:
        return "bad"
    text = _DATE_WORDS.sub("", _DAY_NOTE.sub("", text) or text) or text
    if (match := MONTH_DOT_DAY.match(text)) and 1 <= int(match[1]) <= 12 and 1 <= int(match[2]) <= 31:
        return None, int(match[1]), int(match[2])
    if _NUMBER.match(text) and not _COMPACT_DATE.match(text):  # a day number, whether a number cell or its text
        return date_parts(float(text))
    for pattern in (_FULL_DATE, _COMPACT_DATE):
        match = pattern.match(text)
        if match:
            return int(match[1]), int(match[2]), int(match[3])
    match = _YEARLESS_DATE.match(text)
    if match:
        return None, int(match[1]), int(match[2])
    return "bad"


def datetime_parts(values: list) -> tuple[np.ndarray, np.ndarray]:
    """(which values are Excel date cells, their year, month, day as float rows).

    Date cells come from python-calamine as datetime.date (or datetime.datetime with a time), and from
    CSV exports as text (``2024-03-05 00:00:00``). numpy reads the text's date part, or takes each
    object's day number (``toordinal``), and splits all of them into year, month and day at once, which
    matters for the thousand or so distinct dates of a large register.
    """
    date_types = (dt.date, dt.datetime)  # exactly these: pd.Timestamp and other subclasses take the slow path
    is_object = np.fromiter((type(v) in date_types for v in values), dtype=bool, count=len(values))
    cell_date = CELL_DATE.match
    is_text = np.fromiter((type(v) is str and cell_date(v) is not None for v in values), dtype=bool, count=len(values))
    try:
        text_days = np.array([v[:10] for v, d in zip(values, is_text) if d], dtype="datetime64[D]")
    except ValueError:  # 2024-02-30 typed as text: read one by one
        is_text[:] = False
        text_days = np.array([], dtype="datetime64[D]")
    ordinals = np.fromiter((v.toordinal() for v, d in zip(values, is_object) if d), dtype="int64")
    is_date = is_object | is_text
    days = np.empty(int(is_date.sum()), dtype="datetime64[D]")
    days[is_text[is_date]] = text_days
    days[is_object[is_date]] = (ordinals - _UNIX_ORDINAL).astype("datetime64[D]")  # faster than numpy's own conversion
    years, months = days.astype("datetime64[Y]"), days.astype("datetime64[M]")
    parts = np.column_stack([years.astype("int64") + 1970, (months - years).astype("int64") + 1,
                             (days - months).astype("int64") + 1]).astype("float64")
    return is_date, parts.reshape(-1, 3)


def parse_dates(values: pd.Series, default_year: pd.Series | int | None = None) -> tuple[pd.Series, pd.Series]:
    """Dates from Excel dates or text (2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日, 20240305, 3月5日).

    A date without a year takes default_year (per row). Returns (dates, unreadable) where unreadable
    marks non-empty cells that do not give a real date between 1990 and 2100.
    """
    codes, uniques = distinct(values)
    table = np.full((len(uniques) + 1, 4), np.nan)  # year, month, day, unreadable; last row: empty cell
    is_date, ymd = datetime_parts(uniques)
    table[:-1][is_date, :3] = ymd
    for i in np.flatnonzero(~is_date).tolist():
        parts = date_parts(uniques[i])
        if isinstance(parts, tuple):
            table[i, :3] = (np.nan if parts[0] is None else parts[0], parts[1], parts[2])
        elif parts == "bad":
            table[i, 3] = 1
    dates, unreadable = (found[codes] for found in _table_dates(table[:, 0], table))
    yearless = np.isnan(table[:, 0]) & ~np.isnan(table[:, 1])
    if default_year is not None and yearless.any():  # 3月5日: the year of its own row
        rows = np.flatnonzero(yearless[codes])
        year = np.broadcast_to(np.asarray(default_year, dtype="float64"), codes.shape)[rows]
        dates[rows], unreadable[rows] = _table_dates(year, table[codes[rows]])
    return pd.Series(dates, index=values.index), pd.Series(unreadable, index=values.index)


def _table_dates(year: np.ndarray, table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(dates, unreadable) for rows of (year, month, day, unreadable) with the year given apart.

    Worked out once per distinct cell, then taken for every row: only a date without a year needs its row.
    """
    in_range = (year >= FIRST_YEAR) & (year <= LAST_YEAR)
    dates = ymd_dates(np.where(in_range, year, np.nan), table[:, 1], table[:, 2])
    return dates, (table[:, 3] == 1) | (~np.isnan(table[:, 1]) & np.isnat(dates))


def parse_day(text: str) -> dt.date:
    """One whole date as an office types it: 2024-03-15, 2024/3/15, 2024.3.15, 2024年3月15日 or 20240315.

    Raises:
        ValueError: with a Chinese message, for anything else or a day that does not exist.
    """
    typed = unicodedata.normalize("NFKC", str(text)).strip()
    match = _FULL_DATE.match(typed) or _COMPACT_DATE.match(typed)
    if match is None:
        raise ValueError(f"“{text}”不是完整的日期，请按“2024-03-15”的格式填写年、月、日。")
    try:
        day = dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise ValueError(f"“{text}”这一天不存在，请检查月份和日期。") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:  # the years the working-day calendar holds
        raise ValueError(f"“{text}”不在 {FIRST_YEAR}–{LAST_YEAR} 年之间，请检查年份。")
    return day
