"""The whole pipeline: bytes → read → validate → deadlines → stages → department table."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from duban.rules.assessment import department_table
from duban.rules.calendar import Override, WorkCalendar, fallback_notice
from duban.config import Config
from duban.rules.deadlines import due_dates
from duban.errors import DubanError
from duban.rules.escalation import escalate
from duban.reading.table import read_register
from duban.rules.canonical import canonical_frame
from duban.rules.schema import ERROR, validate

ITEM_COLUMNS = [
    "sheet", "row", "item_id", "title", "lead_dept", "co_depts", "leader", "source", "assigned_date",
    "complexity", "feedback_due", "due_date", "deadline_kind", "status", "completed_date", "feedback_date",
    "extended_to", "reminders", "progress", "overdue", "overdue_workdays", "on_time", "light", "stage",
]


@dataclass
class Analysis:
    """What one register gives as of a date, for a period."""

    as_of: pd.Timestamp
    period_start: pd.Timestamp | None
    period_end: pd.Timestamp | None
    items: pd.DataFrame
    departments: pd.DataFrame
    issues: pd.DataFrame
    notices: list[str] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)
    skipped_sheets: list[str] = field(default_factory=list)
    as_of_hint: str | None = None
    fallback_years: list[int] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        """Rows read, kept and left out (rows with an error)."""
        left_out = int(self.issues.loc[self.issues["severity"] == ERROR, "frame_index"].nunique())
        return {"rows_read": len(self.items) + left_out, "kept": len(self.items), "left_out": left_out}


@lru_cache(maxsize=8)
def _calendar(overrides: tuple[Override, ...], confirmed: tuple[int, ...]) -> WorkCalendar:
    return WorkCalendar(list(overrides), confirmed)


def work_calendar(config: Config, overrides: list[Override] | None = None) -> WorkCalendar:
    """The calendar for a config and override list (built once per distinct pair)."""
    return _calendar(tuple(overrides or ()), tuple(config.calendar_confirmed_years))


def _timestamp(value: str | dt.date | pd.Timestamp | None) -> pd.Timestamp | None:
    if value is None or value == "":
        return None
    try:
        day = dt.date.fromisoformat(value.strip()) if isinstance(value, str) else value
        return pd.Timestamp(day).normalize()
    except (ValueError, TypeError) as exc:
        raise DubanError(f"日期“{value}”无法识别，请写成 2024-03-15 这样的日期") from exc


def analyze(data: bytes, filename: str = "台账.xlsx", as_of=None, period_start=None, period_end=None,
            config: Config | None = None, overrides: list[Override] | None = None) -> Analysis:
    """Analyse one register file given as bytes: read → validate → compute.

    Raises ReadError when the file cannot be used, DubanError for a bad date or period.
    """
    config = config or Config()
    start, end = _timestamp(period_start), _timestamp(period_end)
    if start is not None and end is not None and end < start:
        raise DubanError("统计期间的结束日期早于开始日期")
    raw = read_register(data, filename, config.header_aliases, config.max_rows_per_sheet)
    as_of_ts = _timestamp(as_of) or _timestamp(raw.as_of_hint) or pd.Timestamp(dt.date.today())
    return analyze_rows(raw.rows, as_of_ts, start, end, config, overrides, notices=raw.notices,
                        sheets=raw.sheets, skipped_sheets=raw.skipped_sheets, as_of_hint=raw.as_of_hint)


def analyze_rows(rows: pd.DataFrame, as_of: pd.Timestamp, start: pd.Timestamp | None, end: pd.Timestamp | None,
                 config: Config, overrides: list[Override] | None = None, **meta) -> Analysis:
    """Analyse raw register rows (as ``read_register`` gives them)."""
    calendar = work_calendar(config, overrides)
    frame = canonical_frame(rows, as_of, config)
    frame, issues = validate(frame, as_of)
    error_rows = issues.loc[issues["severity"] == ERROR, "frame_index"].unique()
    kept = frame.drop(index=error_rows) if len(error_rows) else frame
    items = escalate(due_dates(kept, calendar, config), as_of, calendar, config)
    departments = department_table(items, start, end, calendar, config)
    notices = list(meta.pop("notices", []))
    dated = [items[c] for c in ("assigned_date", "due_date", "completed_date", "feedback_due")]
    years = calendar.unknown_years(*dated, pd.Series([as_of]))
    if years:
        notices.append(fallback_notice(years))
    if rows.empty:
        notices.append("台账没有数据行：共 0 项事项。")
    return Analysis(as_of, start, end, items[ITEM_COLUMNS].reset_index(drop=True), departments, issues,
                    notices=notices, fallback_years=years, **meta)
