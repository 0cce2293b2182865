"""Working-day calendar: official holidays and 调休 makeup days, answered for whole columns.

The calendar is a sorted array of every working day from 1990 to 2100. ``add_workdays`` and
``workdays_between`` are two ``numpy.searchsorted`` calls over it, so 100k rows take milliseconds.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from duban import paths
from duban.errors import DubanError

FIRST_YEAR, LAST_YEAR = 1990, 2100
OFF, ON = "休", "班"


class CalendarError(DubanError):
    """An override file line that cannot be used (message in Chinese)."""


@dataclass(frozen=True)
class Override:
    """One office-entered day: 休 (not a working day) or 班 (a working day)."""

    day: dt.date
    kind: str
    note: str = ""


def _override(cells: list[str], where: str) -> Override:
    """One override from its cells (日期, 类型, 说明); ``where`` names the line in messages."""
    if len(cells) < 2:
        raise CalendarError(f"{where}应为“日期,类型,说明”")
    try:
        day = dt.date.fromisoformat(cells[0].strip())
    except ValueError as exc:
        raise CalendarError(f"{where}的日期“{cells[0]}”应写成 2027-01-01 的形式") from exc
    kind = cells[1].strip()
    if kind not in (OFF, ON):
        raise CalendarError(f"{where}的类型应为“休”或“班”，当前为“{kind}”")
    return Override(day, kind, cells[2].strip() if len(cells) > 2 else "")


def parse_overrides(text: str) -> list[Override]:
    """Read the override CSV (columns 日期,类型,说明; 类型 is 休 or 班)."""
    overrides = []
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not row or not "".join(row).strip() or row[0].strip().startswith("#"):
            continue
        if number == 1 and row[0].strip() == "日期":
            continue
        overrides.append(_override(row, f"日历调整文件第{number}行"))
    return overrides


def overrides_from_rows(rows: list[list[str]], label: str = "节假日调整") -> list[Override]:
    """Overrides from table rows of text cells (a settings form), checked like the file's lines."""
    return [_override(row, f"{label}第{number}行") for number, row in enumerate(rows, start=1)]


def format_overrides(overrides: list[Override]) -> str:
    """The override CSV text for a list of overrides (sorted by date)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["日期", "类型", "说明"])
    for item in sorted(overrides, key=lambda o: o.day):
        writer.writerow([item.day.isoformat(), item.kind, item.note])
    return buffer.getvalue()


def save_overrides(overrides: list[Override], path: Path | str) -> None:
    """Write the override file, replacing it only once the new text is complete."""
    paths.write_atomically(path, format_overrides(overrides))


def load_overrides(path: Path | str | None) -> list[Override]:
    """Overrides from a file; none when the file does not exist."""
    if path is None or not Path(path).exists():
        return []
    return parse_overrides(paths.read_text(path))


def _package_days() -> tuple[set[dt.date], set[dt.date], set[int]]:
    from chinese_calendar import constants

    years = {d.year for d in constants.holidays} | {d.year for d in constants.workdays}
    return set(constants.holidays), set(constants.workdays), years


class WorkCalendar:
    """Working days from the chinesecalendar package, the office's overrides, then Monday–Friday."""

    def __init__(self, overrides: list[Override] | None = None, confirmed_years: tuple[int, ...] = ()):
        holidays, makeup, package_years = _package_days()
        for item in overrides or []:
            (holidays if item.kind == OFF else makeup).add(item.day)
            (makeup if item.kind == OFF else holidays).discard(item.day)
        self.known_years = frozenset(package_years | set(confirmed_years))
        days = pd.date_range(f"{FIRST_YEAR}-01-01", f"{LAST_YEAR}-12-31", freq="D")
        working = days.day_of_week < 5
        working &= ~days.isin(pd.to_datetime(sorted(holidays)))
        working |= days.isin(pd.to_datetime(sorted(makeup)))
        self._days = days[working].values.astype("datetime64[D]")

    def is_workday(self, dates: pd.Series) -> pd.Series:
        """True where the date is a working day."""
        values = _as_days(dates)
        pos = np.searchsorted(self._days, values, side="left").clip(0, len(self._days) - 1)
        return pd.Series((self._days[pos] == values) & ~np.isnat(values), index=dates.index)

    def add_workdays(self, dates: pd.Series, n: pd.Series | int) -> pd.Series:
        """The n-th working day strictly after each date (n = 0: the date itself); NaT stays NaT."""
        values = _as_days(dates)
        counts = np.broadcast_to(np.asarray(n, dtype="float64"), values.shape)
        valid = ~np.isnat(values) & ~np.isnan(counts)
        pos = np.searchsorted(self._days, values, side="right") + np.nan_to_num(counts).astype(int) - 1
        pos = pos.clip(0, len(self._days) - 1)
        result = np.where(counts == 0, values, self._days[pos])
        result = np.where(valid, result, np.datetime64("NaT"))
        return pd.Series(result.astype("datetime64[s]"), index=dates.index)

    def workdays_between(self, start: pd.Series, end: pd.Series) -> pd.Series:
        """Working days w with start < w <= end (0 when end <= start); missing dates give 0."""
        a, b = _as_days(start), _as_days(end)
        count = np.searchsorted(self._days, b, side="right") - np.searchsorted(self._days, a, side="right")
        count = np.where(np.isnat(a) | np.isnat(b), 0, count.clip(min=0))
        return pd.Series(count.astype("int64"), index=start.index)

    def unknown_years(self, *columns: pd.Series) -> list[int]:
        """Years present in the given date columns that the official calendar does not cover."""
        years: set[int] = set()
        for column in columns:
            values = _as_days(column)
            years |= set((np.unique(values[~np.isnat(values)].astype("datetime64[Y]")).astype("int64") + 1970).tolist())
        return sorted(y for y in years if y not in self.known_years)


def _as_days(dates: pd.Series) -> np.ndarray:
    return pd.to_datetime(dates, errors="coerce").values.astype("datetime64[D]")


def fallback_notice(years: list[int]) -> str:
    """The Chinese notice shown when dates fall outside the official calendar."""
    listed = "、".join(f"{y}年" for y in years)
    return (f"{listed}不在法定节假日数据覆盖范围内，这些年份按周一至周五计算工作日；"
            "国务院放假通知发布后，由督办办公室在“规则设置”中补充节假日和调休上班日。")
