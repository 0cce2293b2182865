"""考核期间 presets and the default period."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from duban.clean.dates import parse_day
from duban.compute.periods import PRESETS, default_preset, period_range

AS_OF = dt.date(2027, 1, 15)


@pytest.mark.parametrize("preset, start, end", [
    ("本年度", "2027-01-01", "2027-12-31"), ("上年度", "2026-01-01", "2026-12-31"),
    ("本季度", "2027-01-01", "2027-03-31"), ("上季度", "2026-10-01", "2026-12-31"),
    ("上半年", "2027-01-01", "2027-06-30"), ("下半年", "2027-07-01", "2027-12-31"),
    ("近12个月", "2026-01-16", "2027-01-15"),
])
def test_each_preset_gives_its_dates(preset, start, end):
    assert period_range(preset, AS_OF) == (dt.date.fromisoformat(start), dt.date.fromisoformat(end))


def test_everything_and_unknown_presets():
    assert period_range("全部", AS_OF) == (None, None) and len(PRESETS) == 9
    with pytest.raises(ValueError):
        period_range("明年", AS_OF)


def _items(days: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"assigned_date": pd.to_datetime(days)})


def test_january_opens_on_the_year_last_completed():
    january = _items(["2027-01-04"] * 4 + ["2026-06-01"] * 60)
    assert default_preset(january, AS_OF) == "上年度"


@pytest.mark.parametrize("days", [["2027-01-04"] * 20 + ["2026-06-01"] * 60, ["2027-01-04"] * 3, []])
def test_otherwise_the_current_year(days):
    assert default_preset(_items(days), AS_OF) == "本年度"


@pytest.mark.parametrize("typed, day", [("2024-03-15", dt.date(2024, 3, 15)), ("2024/3/5", dt.date(2024, 3, 5)),
                                        ("2024.3.5", dt.date(2024, 3, 5)), ("2024年3月5日", dt.date(2024, 3, 5)),
                                        ("２０２４－０３－０５", dt.date(2024, 3, 5)),
                                        (" 20240305 ", dt.date(2024, 3, 5))])
def test_a_typed_date_is_read_as_offices_write_it(typed, day):
    assert parse_day(typed) == day


@pytest.mark.parametrize("typed", ["", "3月5日", "45000", "2024-13-01", "2023-02-29", "明天", "2024-03-05x"])
def test_anything_else_typed_is_refused_in_chinese(typed):
    with pytest.raises(ValueError, match="日期|这一天"):
        parse_day(typed)
