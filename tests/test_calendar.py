"""Working-day calendar: official holidays, 调休 makeup days, overrides, fallback, vectorised answers."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from duban.compute.calendar import CalendarError, Override, WorkCalendar, parse_overrides

CAL = WorkCalendar()


def add(day: str, n: int, calendar: WorkCalendar = CAL) -> str:
    return calendar.add_workdays(pd.Series([pd.Timestamp(day)]), n).iloc[0].strftime("%Y-%m-%d")


def between(a: str, b: str, calendar: WorkCalendar = CAL) -> int:
    return int(calendar.workdays_between(pd.Series([pd.Timestamp(a)]), pd.Series([pd.Timestamp(b)])).iloc[0])


@pytest.mark.parametrize("start, n, expected", [
    ("2024-03-01", 3, "2024-03-06"),   # rules.md §3: Friday + 3
    ("2024-02-09", 3, "2024-02-20"),   # rules.md §3: 02-18 Sunday is a makeup workday
    ("2024-02-02", 1, "2024-02-04"),   # 02-04 Sunday makeup workday
    ("2024-02-09", 1, "2024-02-18"),   # Spring Festival 02-10..17 off
    ("2025-09-26", 1, "2025-09-28"),   # 2025-09-28 Sunday workday
    ("2025-09-30", 1, "2025-10-09"),   # National Day 10-01..08 off
    ("2025-10-09", 2, "2025-10-11"),   # 10-11 Saturday workday
    ("2024-09-28", 1, "2024-09-29"),   # the find_workday bug: from Saturday, Sunday 09-29 was a workday
    ("2026-02-13", 1, "2026-02-14"),   # 2026-02-14 Saturday workday
    ("2026-02-14", 1, "2026-02-24"),   # 02-15..23 off
    ("2026-02-27", 1, "2026-02-28"),   # 02-28 Saturday workday
    ("2024-12-31", 1, "2025-01-02"),   # New Year's Day
    ("2026-12-31", 1, "2027-01-01"),   # 2027 unknown: Monday–Friday, 01-01 counts
    ("2027-01-08", 1, "2027-01-11"),
    ("2024-03-01", 0, "2024-03-01"),
])
def test_add_workdays(start, n, expected):
    assert add(start, n) == expected


@pytest.mark.parametrize("a, b, expected", [
    ("2024-03-01", "2024-03-06", 3), ("2024-03-06", "2024-03-01", 0), ("2024-03-01", "2024-03-01", 0),
    ("2024-02-09", "2024-02-18", 1), ("2025-09-30", "2025-10-11", 3), ("2026-12-31", "2027-01-04", 2),
])
def test_workdays_between(a, b, expected):
    assert between(a, b) == expected


def test_missing_dates_stay_missing():
    dates = pd.Series([pd.NaT, pd.Timestamp("2024-03-01")])
    added = CAL.add_workdays(dates, 3)
    assert pd.isna(added.iloc[0]) and added.iloc[1] == pd.Timestamp("2024-03-06")
    assert CAL.workdays_between(dates, pd.Series([pd.Timestamp("2024-03-08")] * 2)).tolist() == [0, 5]


def test_override_file_adds_holiday_and_makeup_day():
    overrides = parse_overrides("日期,类型,说明\n2027-01-01,休,元旦\n2027-01-02,班,调休\n# comment\n")
    calendar = WorkCalendar(overrides, confirmed_years=(2027,))
    assert add("2026-12-31", 1, calendar) == "2027-01-02"
    assert calendar.unknown_years(pd.Series([pd.Timestamp("2027-03-01")])) == []
    assert CAL.unknown_years(pd.Series([pd.Timestamp("2027-03-01"), pd.Timestamp("2026-03-01")])) == [2027]


def test_institution_closure_on_a_weekday():
    calendar = WorkCalendar([Override(dt.date(2024, 3, 4), "休", "院庆")])
    assert add("2024-03-01", 1, calendar) == "2024-03-05"


@pytest.mark.parametrize("text, message", [
    ("2027/01/01,休", "日期"), ("2027-01-01,放假", "类型"), ("2027-01-01", "日期,类型"),
])
def test_bad_override_lines_are_reported_in_chinese(text, message):
    with pytest.raises(CalendarError, match=message):
        parse_overrides(text)


def _loop_add(calendar: WorkCalendar, day: dt.date, n: int) -> dt.date:
    if n == 0:
        return day
    found = 0
    while True:
        day += dt.timedelta(days=1)
        if calendar.is_workday(pd.Series([pd.Timestamp(day)])).iloc[0]:
            found += 1
            if found == n:
                return day


def _chinese_calendar_is_workday(day: dt.date) -> bool:
    import chinese_calendar
    return chinese_calendar.is_workday(day)


@settings(max_examples=150, deadline=None)
@given(st.dates(dt.date(2004, 1, 1), dt.date(2026, 11, 30)), st.integers(0, 40))
def test_vectorised_add_equals_a_plain_loop(day, n):
    assert CAL.add_workdays(pd.Series([pd.Timestamp(day)]), n).iloc[0].date() == _loop_add(CAL, day, n)


@settings(max_examples=150, deadline=None)
@given(st.dates(dt.date(2004, 2, 1), dt.date(2026, 10, 31)), st.integers(-30, 60))
def test_vectorised_between_equals_a_plain_count(day, span):
    end = day + dt.timedelta(days=span)
    expected = sum(_chinese_calendar_is_workday(day + dt.timedelta(days=k)) for k in range(1, span + 1))
    assert between(day.isoformat(), end.isoformat()) == expected


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.dates(dt.date(2004, 1, 1), dt.date(2026, 12, 31)), st.integers(0, 20)),
                min_size=1, max_size=30))
def test_whole_column_equals_row_by_row(pairs):
    dates = pd.Series([pd.Timestamp(d) for d, _ in pairs])
    counts = pd.Series([n for _, n in pairs])
    column = CAL.add_workdays(dates, counts)
    assert column.tolist() == [CAL.add_workdays(pd.Series([d]), n).iloc[0] for d, n in zip(dates, counts)]


def test_is_workday_matches_the_official_package_for_every_covered_day():
    days = pd.Series(pd.date_range("2004-01-01", "2026-12-31"))
    official = np.array([_chinese_calendar_is_workday(d.date()) for d in days])
    assert (CAL.is_workday(days).to_numpy() == official).all()


def test_overrides_from_a_settings_table_are_checked_like_the_file():
    from duban.compute.calendar import overrides_from_rows
    assert overrides_from_rows([["2027-01-01", "休", "元旦"]]) == [Override(dt.date(2027, 1, 1), "休", "元旦")]
    with pytest.raises(CalendarError, match="节假日调整第2行的类型"):
        overrides_from_rows([["2027-01-01", "休", ""], ["2027-01-02", "", ""]])
    with pytest.raises(CalendarError, match="节假日调整第1行的日期"):
        overrides_from_rows([["", "班", ""]])
