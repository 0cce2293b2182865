"""The whole pipeline: bytes → read → validate → deadlines → stages → department table."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from duban.compute.assessment import department_table
from duban.compute.calendar import Override, WorkCalendar, fallback_notice
from duban.columns import ITEM_COLUMNS
from duban.config import Config
from duban.compute.deadlines import due_dates
from duban.errors import DubanError
from duban.compute.escalation import escalate
from duban.compute.filing import filing_flags
from duban.compute.leaders import leader_scope_issues, overseen, unmapped_notice
from duban.reading.table import Sheet, read_sheets
from duban.reading.worker import Reading
from duban.clean.canonical import canonical_frame
from duban.validate import ERROR, validate
from duban.clean.dates import parse_day

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
    columns: list[dict] = field(default_factory=list)  # sheet, column letter, header, field (None: unused)
    layout_keys: dict[str, str] = field(default_factory=dict)  # sheet -> key of its header
    layouts_applied: dict[str, str] = field(default_factory=dict)  # sheet -> saved layout key used
    register_year: int | None = None
    # each mapped 分管领导's departments under the analysis' names (compute.leaders.overseen of the config)
    leader_departments: dict[str, frozenset[str]] = field(default_factory=dict)

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
        day = parse_day(value) if isinstance(value, str) else value
        return pd.Timestamp(day).normalize()
    except ValueError as exc:  # parse_day says what is wrong, in Chinese
        raise DubanError(f"日期有误：{exc}") from exc
    except TypeError as exc:
        raise DubanError(f"日期“{value}”无法识别，请写成 2024-03-15 这样的日期") from exc


def analyze(data: bytes, filename: str = "台账.xlsx", as_of=None, period_start=None, period_end=None,
            config: Config | None = None, overrides: list[Override] | None = None,
            layouts: dict[str, dict[str, str | None]] | None = None,
            column_map: dict[str, str | None] | None = None) -> Analysis:
    """Analyse one register file given as bytes: read → validate → compute.

    layouts are the office's saved column choices (by layout key), column_map a header -> role mapping
    for every sheet (the command line's --map).

    Raises ReadError when the file cannot be used, DubanError for a bad date or period.
    """
    config = config or Config()
    _period(period_start, period_end)  # a bad date or period is said before a worker is started
    with Reading.of(data, filename, config) as reading:
        return analyze_reading(reading, as_of, period_start, period_end, config, overrides, layouts, column_map)


def analyze_reading(reading: Reading, as_of=None, period_start=None, period_end=None,
                    config: Config | None = None, overrides: list[Override] | None = None,
                    layouts: dict[str, dict[str, str | None]] | None = None,
                    column_map: dict[str, str | None] | None = None) -> Analysis:
    """``analyze`` of a register whose worker is already parsing it: the command line starts the worker
    before it imports this module, so that the file is parsed while pandas is imported."""
    _period(period_start, period_end)  # a bad date or period is said before the file's problems
    return analyze_sheets(reading.sheets(), as_of, period_start, period_end, config, overrides, layouts,
                          column_map)


def analyze_sheets(sheets: list[Sheet], as_of=None, period_start=None, period_end=None,
                   config: Config | None = None, overrides: list[Override] | None = None,
                   layouts: dict[str, dict[str, str | None]] | None = None,
                   column_map: dict[str, str | None] | None = None) -> Analysis:
    """Analyse the parsed sheets of a register (name, rows of cells, merged ranges), as ``analyze`` does once
    the worker has parsed the file: the entry point of everything after the parsing, in this process."""
    config = config or Config()
    start, end = _period(period_start, period_end)
    raw = read_sheets(sheets, config.header_aliases, config.max_rows_per_sheet, layouts, column_map)
    as_of_ts = _timestamp(as_of) or _timestamp(raw.as_of_hint) or pd.Timestamp(dt.date.today())
    return analyze_rows(raw.rows, as_of_ts, start, end, config, overrides, notices=raw.notices,
                        sheets=raw.sheets, skipped_sheets=raw.skipped_sheets, as_of_hint=raw.as_of_hint,
                        columns=raw.columns, layout_keys=raw.layout_keys, layouts_applied=raw.layouts_applied,
                        register_year=raw.register_year)


def _with_leader_scope(issues: pd.DataFrame, kept: pd.DataFrame, config: Config) -> pd.DataFrame:
    """The validation issues with the 分管领导 scope warnings of the kept rows, each row's issues together."""
    found = leader_scope_issues(kept, config)
    if found.empty:
        return issues
    both = pd.concat([issues, found], ignore_index=True) if len(issues) else found
    return both.sort_values("frame_index", kind="stable", ignore_index=True)


def _period(period_start, period_end) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    start, end = _timestamp(period_start), _timestamp(period_end)
    if start is not None and end is not None and end < start:
        raise DubanError("统计期间的结束日期早于开始日期")
    return start, end


def analyze_rows(rows: pd.DataFrame, as_of: pd.Timestamp, start: pd.Timestamp | None, end: pd.Timestamp | None,
                 config: Config, overrides: list[Override] | None = None, **meta) -> Analysis:
    """Analyse raw register rows (as ``read_register`` gives them)."""
    calendar = work_calendar(config, overrides)
    notices = list(meta.pop("notices", []))
    frame = canonical_frame(rows, as_of, config, meta.get("register_year"))
    drafts = (frame["status"] == "draft").to_numpy()
    if drafts.any():  # 草稿, 待立项: not yet assigned, so no item at all
        notices.append(f"有 {int(drafts.sum())} 行是尚未立项的草稿（草稿、待立项、立项审批中），未计入任何统计。")
        frame = frame[~drafts]
    frame, issues = validate(due_dates(frame, calendar, config), as_of)
    error_rows = issues.loc[issues["severity"] == ERROR, "frame_index"].unique()
    kept = frame.drop(index=error_rows) if len(error_rows) else frame
    issues = _with_leader_scope(issues, kept, config)
    if notice := unmapped_notice(kept, config):
        notices.append(notice)
    items = escalate(kept, as_of, calendar, config)
    items["filing_flags"] = filing_flags(items, config)
    departments = department_table(items, start, end, calendar, config)
    dated = [items[c] for c in ("assigned_date", "due_date", "completed_date", "feedback_due")]
    years = calendar.unknown_years(*dated, pd.Series([as_of]))
    if years:
        notices.append(fallback_notice(years))
    if rows.empty:
        notices.append("台账没有数据行：共 0 项事项。")
    return Analysis(as_of, start, end, items[ITEM_COLUMNS].reset_index(drop=True), departments, issues,
                    notices=notices, fallback_years=years, leader_departments=overseen(config), **meta)
