"""考核期间 presets (by 交办日期) and which one a page opens on (the picture the office expects: rules.md §6)."""
from __future__ import annotations

import datetime as dt

import pandas as pd

PRESETS: tuple[str, ...] = ("本年度", "上年度", "本季度", "上季度", "上半年", "下半年", "近12个月", "全部", "自定义")
NEARLY_EMPTY = 0.2  # the current year holds less than this share of last year's items: show last year


def _quarter(day: dt.date, back: int = 0) -> tuple[dt.date, dt.date]:
    start = (pd.Timestamp(day.year, 3 * ((day.month - 1) // 3) + 1, 1) - pd.DateOffset(months=3 * back)).date()
    return start, (pd.Timestamp(start) + pd.offsets.QuarterEnd(0)).date()


def period_range(preset: str, as_of: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """(start, end) of a preset around the as-of date; (None, None) for 全部. 自定义 is chosen on the page."""
    year = as_of.year
    ranges = {
        "本年度": (dt.date(year, 1, 1), dt.date(year, 12, 31)),
        "上年度": (dt.date(year - 1, 1, 1), dt.date(year - 1, 12, 31)),
        "本季度": _quarter(as_of),
        "上季度": _quarter(as_of, back=1),
        "上半年": (dt.date(year, 1, 1), dt.date(year, 6, 30)),
        "下半年": (dt.date(year, 7, 1), dt.date(year, 12, 31)),
        "近12个月": ((pd.Timestamp(as_of) - pd.DateOffset(years=1) + pd.Timedelta(days=1)).date(), as_of),
        "全部": (None, None),
    }
    if preset not in ranges:
        raise ValueError(f"未知的考核期间“{preset}”")
    return ranges[preset]


def default_preset(items: pd.DataFrame, as_of: dt.date) -> str:
    """本年度, unless it is nearly empty next to last year (January): then the year last completed, 上年度."""
    assigned = pd.to_datetime(items["assigned_date"]).dt.year
    this_year, last_year = int((assigned == as_of.year).sum()), int((assigned == as_of.year - 1).sum())
    return "上年度" if last_year and this_year < NEARLY_EMPTY * last_year else "本年度"


_QUARTERS = {1: "第一季度", 4: "第二季度", 7: "第三季度", 10: "第四季度"}


def chinese_date(day) -> str:
    """2024年3月5日 ('' for no date)."""
    if day is None or pd.isna(day):
        return ""
    day = pd.Timestamp(day)
    return f"{day.year}年{day.month}月{day.day}日"


def period_label(start: dt.date | None, end: dt.date | None) -> str:
    """2024年度 / 2024年第一季度 / 2024年3月 / 2024年1月5日至2024年3月31日 / 全部期间."""
    if start is None and end is None:
        return "全部期间"
    if start is None or end is None:
        return f"{chinese_date(start)}起" if start else f"截至{chinese_date(end)}"
    month_end = (pd.Timestamp(end) + pd.offsets.MonthEnd(0)).date() == end
    if start.day == 1 and month_end and start.year == end.year:
        if start.month == 1 and end.month == 12:
            return f"{start.year}年度"
        if start.month in _QUARTERS and end.month == start.month + 2:
            return f"{start.year}年{_QUARTERS[start.month]}"
        if start.month == end.month:
            return f"{start.year}年{start.month}月"
    return f"{chinese_date(start)}至{chinese_date(end)}"


def scope_basis(start: dt.date | None, end: dt.date | None) -> str:
    """What a figure of the period counts, in the words every page and document uses:
    2026年度，含以前年度结转未办结事项 — or 全部事项 when no period is chosen."""
    if start is None:
        return "全部事项（不限交办日期）" if end is None else f"{period_label(start, end)}交办的全部事项"
    earlier = "以前年度" if (start.month, start.day) == (1, 1) else "此前"
    return f"{period_label(start, end)}，含{earlier}结转未办结事项"
