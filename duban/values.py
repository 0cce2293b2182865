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
    return _per_distinct(values, _compact_one)


def _compact_one(value: object) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value))) or None


def distinct(values: pd.Series) -> tuple[np.ndarray, list]:
    """(codes, distinct non-missing values); code -1 marks a missing cell."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)
    return codes, list(uniques)


def _per_distinct(values: pd.Series, func) -> pd.Series:
    """Apply func once per distinct value (and to None for missing cells) and map back to every row."""
    codes, uniques = distinct(values)
    results = np.empty(len(uniques) + 1, dtype=object)
    results[:] = [func(v) for v in uniques] + [func(None)]
    return pd.Series(results[codes], index=values.index, dtype=object)


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
    codes, uniques = distinct(values)
    table = np.full((len(uniques) + 1, 4), np.nan)  # year, month, day, unreadable; last row: empty cell
    for i, value in enumerate(uniques):
        parts = _date_parts(value)
        if isinstance(parts, tuple):
            table[i, :3] = (np.nan if parts[0] is None else parts[0], parts[1], parts[2])
        elif parts == "bad":
            table[i, 3] = 1
    rows = table[codes]
    bad = pd.Series(rows[:, 3] == 1, index=values.index)
    usable = pd.Series(~np.isnan(rows[:, 1]), index=values.index)
    frame = pd.DataFrame(rows[:, :3], index=values.index, columns=["year", "month", "day"])
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


def _dept_names(value: object, aliases: dict[str, str]) -> tuple[list[str], bool]:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return [], False
    names = [n for n in _DEPT_SEPARATORS.split(unicodedata.normalize("NFKC", str(value)).strip()) if n]
    mapped = [aliases.get(n, n) for n in names]
    return list(dict.fromkeys(mapped)), mapped != names


def split_depts(values: pd.Series, aliases: dict[str, str]) -> tuple[pd.Series, pd.Series]:
    """Department names per cell (list, normalised, aliases applied) and a mask where an alias applied."""
    pairs = _per_distinct(values, lambda v: _dept_names(v, aliases))
    names = pd.Series([p[0] for p in pairs], index=values.index, dtype=object)
    return names, pd.Series([p[1] for p in pairs], index=values.index, dtype=bool)


def department_columns(lead: pd.Series, co: pd.Series, aliases: dict[str, str]) -> pd.DataFrame:
    """lead_dept, co_depts, lead_aliased, co_aliased from the 承办科室 and 协办科室 cells.

    A 承办科室 cell naming several departments makes the first the lead and the rest co-departments.
    Work is done once per distinct (承办科室, 协办科室) pair.
    """
    lead_codes, lead_values = distinct(lead)
    co_codes, co_values = distinct(co)
    lead_values, co_values = [None, *lead_values], [None, *co_values]  # code + 1: 0 is a missing cell
    width = len(co_values)
    pair_codes, pairs = pd.factorize((lead_codes.astype("int64") + 1) * width + co_codes + 1)
    columns: list[list] = [[], [], [], []]
    for pair in pairs:
        lead_code, co_code = divmod(int(pair), width)
        lead_names, lead_aliased = _dept_names(lead_values[lead_code], aliases)
        co_names, co_aliased = _dept_names(co_values[co_code], aliases)
        first = lead_names[0] if lead_names else None
        others = [n for n in dict.fromkeys(lead_names[1:] + co_names) if n != first]
        for column, value in zip(columns, (first, others, lead_aliased, co_aliased)):
            column.append(value)
    names = ["lead_dept", "co_depts", "lead_aliased", "co_aliased"]
    data = {}
    for name, column in zip(names, columns):
        values = np.empty(len(column), dtype=object)
        values[:] = column
        data[name] = values[pair_codes]
    return pd.DataFrame(data, index=lead.index).astype({"lead_aliased": bool, "co_aliased": bool})
