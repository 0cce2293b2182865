"""Cell values to canonical values: dates, statuses, sources, departments.

Every function works on a whole column. Text parsing runs once per distinct value (registers repeat
the same few hundred texts) and is mapped back to the rows.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata

import numpy as np
import pandas as pd

from duban.calendar import FIRST_YEAR, LAST_YEAR

_FULL_DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_YEARLESS_DATE = re.compile(r"^(\d{1,2})\s*月\s*(\d{1,2})\s*日?$")
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def clean_text(values: pd.Series, normalize: bool = True) -> pd.Series:
    """Stripped text (NFKC-normalised unless normalize is False); empty cells become missing.

    Free text such as 督办事项 keeps its full-width punctuation: it is shown, not matched.
    """
    def one(value: object) -> object:
        if value is None or (isinstance(value, float) and np.isnan(value)):
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = unicodedata.normalize("NFKC", str(value)) if normalize else str(value)
        return text.strip() or None
    return _per_distinct(values, one)


def compact_text(values: pd.Series) -> pd.Series:
    """clean_text with every inner space removed (for matching words such as 已 办 结)."""
    return clean_text(values).str.replace(r"\s+", "", regex=True)


def _per_distinct(values: pd.Series, func) -> pd.Series:
    """Apply func once per distinct value and map the results back to every row."""
    keys = values.map(_hashable)
    codes, uniques = pd.factorize(keys, use_na_sentinel=False)
    mapped = [func(v) for v in uniques]
    result = pd.Series(np.asarray(mapped + [None], dtype=object)[codes], index=values.index, dtype=object)
    return result


def _hashable(value: object) -> object:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, (list, dict, set)):
        return repr(value)
    return value


def _date_parts(value: object) -> tuple[int | None, int, int] | None | str:
    """(year or None, month, day) for one cell; None when empty; 'bad' when unreadable."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else (value.year, value.month, value.day)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.year, value.month, value.day
    if isinstance(value, bool):
        return "bad"
    if isinstance(value, (int, float)):
        number = float(value)
        if 19000101 <= number <= 21001231 and number.is_integer():
            return _date_parts(str(int(number)))
        if 1 <= number < 80000:  # an Excel serial day number in a cell not formatted as a date
            day = _EXCEL_EPOCH + dt.timedelta(days=int(number))
            return day.year, day.month, day.day
        return "bad"
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        return None
    for pattern in (_FULL_DATE, _COMPACT_DATE):
        match = pattern.match(text)
        if match:
            return int(match[1]), int(match[2]), int(match[3])
    match = _YEARLESS_DATE.match(text)
    if match:
        return None, int(match[1]), int(match[2])
    return "bad"


def parse_dates(values: pd.Series, default_year: pd.Series | int | None = None) -> tuple[pd.Series, pd.Series]:
    """Dates from Excel dates or text (2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日, 20240305, 3月5日).

    A date without a year takes default_year (per row). Returns (dates, unreadable) where unreadable
    marks non-empty cells that do not give a real date between 1990 and 2100.
    """
    parts = _per_distinct(values, _date_parts)
    empty = parts.isna()
    bad = parts.map(lambda p: isinstance(p, str))
    usable = ~empty & ~bad
    frame = pd.DataFrame(
        [p if isinstance(p, tuple) else (None, 1, 1) for p in parts],
        index=values.index, columns=["year", "month", "day"], dtype="float64")
    if default_year is not None:
        frame["year"] = frame["year"].fillna(default_year if np.isscalar(default_year)
                                             else pd.Series(default_year, index=values.index).astype("float64"))
    in_range = usable & frame["year"].between(FIRST_YEAR, LAST_YEAR)
    dates = pd.to_datetime(frame[in_range], errors="coerce")
    dates = dates.reindex(values.index).astype("datetime64[s]")
    unreadable = usable & dates.isna()
    return dates, (bad | unreadable).astype(bool)


STATUS_WORDS: dict[str, tuple[str, ...]] = {
    "done": ("已办结", "办结", "已完成", "完成", "已落实", "销号", "已销号", "已办理", "办理完毕", "已结"),
    "open": ("办理中", "正在办理", "推进中", "未完成", "未办结", "进行中", "未启动", "在办", "正在推进",
             "待办", "未开始", "尚未完成"),
    "returned": ("退回", "退回重办", "重办", "退回补办", "补办"),
    "ongoing": ("长期", "持续推进", "常态化", "长期坚持", "持续", "长期推进"),
    "cancelled": ("撤销", "取消", "终止", "已撤销", "已取消", "已终止", "作废"),
}
_STATUS_LOOKUP = {word: status for status, words in STATUS_WORDS.items() for word in words}


def map_status(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Canonical status per cell (missing when empty) and a mask of unrecognised texts."""
    words = compact_text(values)
    status = words.map(_STATUS_LOOKUP)
    unknown = words.notna() & status.isna()
    return status.where(~unknown, "open"), unknown


SOURCES: tuple[str, ...] = ("上级文件部署", "上级领导批示", "检查调研要求", "年度工作要点", "党委会议",
                            "院长办公会议", "专题会议", "院领导批示", "师生反映", "规章制度", "其他")
SOURCE_VARIANTS: dict[str, str] = {
    "院长办公会": "院长办公会议", "院办会": "院长办公会议", "校长办公会": "院长办公会议",
    "校长办公会议": "院长办公会议", "党委会": "党委会议", "党委常委会": "党委会议", "党委常委会议": "党委会议",
    "上级文件": "上级文件部署", "文件部署": "上级文件部署", "上级部署": "上级文件部署",
    "上级批示": "上级领导批示", "领导批示": "院领导批示", "校领导批示": "院领导批示",
    "院领导交办": "院领导批示", "检查调研": "检查调研要求", "调研要求": "检查调研要求",
    "工作要点": "年度工作要点", "年度工作计划": "年度工作要点", "年度目标": "年度工作要点",
    "专题会": "专题会议", "师生员工反映": "师生反映", "群众反映": "师生反映", "职工反映": "师生反映",
    "患者反映": "师生反映", "制度规定": "规章制度", "其它": "其他",
}
_SOURCE_LOOKUP = {**{s: s for s in SOURCES}, **SOURCE_VARIANTS}


def map_source(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Canonical 事项来源 (unknown texts become 其他) and a mask of the unknown ones."""
    words = compact_text(values)
    source = words.map(_SOURCE_LOOKUP)
    unknown = words.notna() & source.isna()
    return source.where(~unknown, "其他"), unknown


_DEPT_SEPARATORS = re.compile(r"[、,，;；/／\\|\s]+")


def split_depts(values: pd.Series, aliases: dict[str, str]) -> tuple[pd.Series, pd.Series]:
    """Department names per cell (list, normalised, aliases applied) and a mask where an alias applied."""
    def one(value: object) -> tuple[tuple[str, ...], bool]:
        if value is None or (isinstance(value, float) and np.isnan(value)):
            return (), False
        names = [n for n in _DEPT_SEPARATORS.split(unicodedata.normalize("NFKC", str(value)).strip()) if n]
        mapped = [aliases.get(n, n) for n in names]
        return tuple(dict.fromkeys(mapped)), mapped != names
    pairs = _per_distinct(values, one)
    names = pairs.map(lambda p: list(p[0]) if isinstance(p, tuple) else [])
    aliased = pairs.map(lambda p: bool(p[1]) if isinstance(p, tuple) else False).astype(bool)
    return names, aliased
