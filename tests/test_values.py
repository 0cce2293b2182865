"""Cell values: date forms, statuses, sources and department cells."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from duban.clean.dates import datetime_parts, parse_dates
from duban.clean.status import map_status
from duban.clean.values import clean_text, department_columns, map_source
from tests.support.workbooks import analyze_table


@pytest.mark.parametrize("cell, expected", [
    (dt.date(2024, 3, 5), "2024-03-05"), (dt.datetime(2024, 3, 5, 17, 45), "2024-03-05"),
    ("2024-03-05", "2024-03-05"), ("2024/3/5", "2024-03-05"), ("2024.3.5", "2024-03-05"),
    ("2024年3月5日", "2024-03-05"), ("20240305", "2024-03-05"), (20240305, "2024-03-05"),
    (" 2024 年 3 月 5 日 ", "2024-03-05"), ("２０２４－０３－０５", "2024-03-05"), ("2024-03-05 10:30", "2024-03-05"),
    (45356.0, "2024-03-05"),  # Excel serial number in a cell not formatted as a date
    ("45356", "2024-03-05"), ("45356.75", "2024-03-05"),  # the same number cells as the fast read gives them
    ("2024-03-05 00:00:00", "2024-03-05"), ("2024-03-05 17:45:00.500", "2024-03-05"),  # date cells, fast read
    ("3月5日", "2024-03-05"),  # no year: the default year
    ("3.5", "2024-03-05"), ("3月5号", "2024-03-05"), ("三月五日", "2024-03-05"),  # month.day as text, 号, numerals
    ("2024-03-05（周二）", "2024-03-05"), ("2024年3月5日 星期二", "2024-03-05"), ("3月5日上午", "2024-03-05"),
    ("3月5日办结", "2024-03-05"), ("2024-03-05已完成", "2024-03-05"), ("于2024年3月5日完成", "2024-03-05"),
    ("2024.3.5（已办结）", "2024-03-05"),  # the date said with the words of what happened on it
    ("2024-03-05T09:30:00", "2024-03-05"), ("2024-03-05T09:30:00+08:00", "2024-03-05"),  # system exports (ISO)
    ("2024-03-05T09:30:00Z", "2024-03-05"), ("2024.3.5.", "2024-03-05"), ("2024年3月5日。", "2024-03-05"),
])
def test_date_forms(cell, expected):
    dates, bad = parse_dates(pd.Series([cell], dtype=object), default_year=2024)
    assert dates.iloc[0].strftime("%Y-%m-%d") == expected
    assert not bad.iloc[0]


@pytest.mark.parametrize("cell", ["2023/13/45", "2024-02-30", "尽快", "3/5", "0000-01-01", "2999-01-01", True,
                                  "13.5", "周二", "上午", "2024-03-05 T", "2024.3.5.."])
def test_unreadable_dates_are_flagged(cell):
    dates, bad = parse_dates(pd.Series([cell], dtype=object), default_year=2024)
    assert pd.isna(dates.iloc[0]) and bad.iloc[0]


@pytest.mark.parametrize("cell", [None, "", "   ", float("nan")])
def test_empty_dates_are_missing_not_unreadable(cell):
    dates, bad = parse_dates(pd.Series([cell], dtype=object))
    assert pd.isna(dates.iloc[0]) and not bad.iloc[0]


def test_date_cells_among_other_cells_are_converted_at_once_like_one_by_one():
    cells = [dt.date(2024, 2, 29), "2024-03-05", dt.datetime(2023, 12, 31, 23, 59), None, dt.date(1900, 1, 1),
             dt.date(9999, 12, 31), pd.Timestamp("2024-03-05"), 45356.0]
    is_date, parts = datetime_parts(cells)
    assert is_date.tolist() == [True, False, True, False, True, True, False, False]
    assert parts.tolist() == [[2024, 2, 29], [2023, 12, 31], [1900, 1, 1], [9999, 12, 31]]
    dates, bad = parse_dates(pd.Series(cells, dtype=object), default_year=2024)
    assert [None if pd.isna(d) else d.strftime("%Y-%m-%d") for d in dates] == [
        "2024-02-29", "2024-03-05", "2023-12-31", None, None, None, "2024-03-05", "2024-03-05"]
    assert bad.tolist() == [False, False, False, False, True, True, False, False]  # 1900 and 9999: outside 1990-2100


def test_yearless_date_takes_each_rows_year():
    dates, _ = parse_dates(pd.Series(["3月5日", "3月5日"]), default_year=pd.Series([2024.0, 2025.0]))
    assert [d.year for d in dates] == [2024, 2025]


@pytest.mark.parametrize("cell, status", [
    ("已办结", "done"), (" 办结 ", "done"), ("已　完　成", "done"), ("销号", "done"), ("已落实", "done"),
    ("办理中", "open"), ("未完成", "open"), ("未办结", "open"), ("未启动", "open"), ("推进中", "open"),
    ("退回重办", "returned"), ("重办", "returned"), ("长期", "ongoing"), ("常态化", "ongoing"),
    ("撤销", "cancelled"), ("终止", "cancelled"),
])
def test_status_words(cell, status):
    mapped, unknown = map_status(pd.Series([cell]))
    assert mapped.iloc[0] == status and not unknown.iloc[0]


def test_unknown_status_is_open_and_flagged_empty_is_missing():
    mapped, unknown = map_status(pd.Series(["待定", None]))
    assert mapped.iloc[0] == "open" and unknown.tolist() == [True, False]
    assert pd.isna(mapped.iloc[1])


@pytest.mark.parametrize("cell, source, unknown", [
    ("院长办公会", "院长办公会议", False), ("党委会", "党委会议", False), ("院领导批示", "院领导批示", False),
    ("其它", "其他", False), ("局里安排", "其他", True),
])
def test_sources(cell, source, unknown):
    mapped, flag = map_source(pd.Series([cell]))
    assert mapped.iloc[0] == source and flag.iloc[0] == unknown


@pytest.mark.parametrize("cell, names, aliased", [
    ("医务部、护理部", ["医务部", "护理部"], False), ("医务部,护理部；院感办", ["医务部", "护理部", "院感办"], False),
    ("\u3000人事处 ", ["人事处"], False), ("１２０急救中心", ["120急救中心"], False),
    ("信息科", ["信息中心"], True), ("医务部/信息科", ["医务部", "信息中心"], True), (None, [], False),
])
def test_department_cells(cell, names, aliased):
    """A 承办科室 cell naming several departments: the first leads, the others become co-departments."""
    depts = department_columns(pd.Series([cell], dtype=object), pd.Series([None], dtype=object), {"信息科": "信息中心"})
    lead = depts["lead_dept"].iloc[0]
    assert ([lead] if lead else []) + depts["co_depts"].iloc[0] == names and depts["lead_aliased"].iloc[0] == aliased


def test_clean_text_keeps_free_text_punctuation_when_asked():
    assert clean_text(pd.Series(["完善（MDT）机制 "]), normalize=False).iloc[0] == "完善（MDT）机制"
    assert clean_text(pd.Series([1.0])).iloc[0] == "1"


def test_date_cells_as_text_and_as_objects_are_split_at_once():
    values = ["2024-03-05 00:00:00", "尽快", dt.date(2020, 1, 2), "2023-12-31 10:00:00.500"]
    is_date, parts = datetime_parts(values)
    assert is_date.tolist() == [True, False, True, True]
    assert parts.tolist() == [[2024, 3, 5], [2020, 1, 2], [2023, 12, 31]]


def test_a_text_date_that_does_not_exist_is_left_to_the_one_by_one_reading():
    is_date, parts = datetime_parts(["2024-02-30 00:00:00", "2024-03-05 00:00:00"])
    assert not is_date.any() and parts.shape == (0, 3)
    dates, bad = parse_dates(pd.Series(["2024-02-30 00:00:00", "2024-03-05 00:00:00"]))
    assert bad.tolist() == [True, False] and str(dates[1].date()) == "2024-03-05"


INVISIBLE = ["\u200b", "\u200d", "\u2060", "\ufeff", "\ufe0f", "\u00ad", "\u200e", "\U000e0100"]


def test_every_format_character_is_invisible_to_name_comparison():
    import sys
    import unicodedata

    from duban.clean.values import without_invisible

    format_chars = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
    cleaned, altered = without_invisible(pd.Series([f"医{c}务处" for c in format_chars + INVISIBLE]))
    assert set(cleaned) == {"医务处"} and altered.all()
    assert not without_invisible(pd.Series(["医务处", None, 3]))[1].any()


def test_look_alike_department_names_make_one_department_with_a_warning_per_cell():
    rows = [[str(i), f"事项{i}", f"医{c}务处", "2024-03-01", "2024-03-29", "办理中", None]
            for i, c in enumerate(["", *INVISIBLE])]
    result = analyze_table(rows)
    assert result.departments["dept"].tolist() == ["医务处"]
    warned = result.issues[result.issues["message"].str.contains("看不见的字符")]
    assert sorted(warned["row"]) == list(range(3, len(rows) + 2))  # every altered cell (row 2 is clean)
    assert set(warned["column"]) == {"承办科室"}


@pytest.mark.parametrize("none", ["无", "暂无", "/", "—", "——", "-", "N/A", "不涉及"])
def test_a_cell_saying_none_names_no_unit_and_no_leader(none):
    """协办科室 无 is no co-unit: the item stays simple (3 working days to reply), and 无 is no department;
    责任人 无 names nobody."""
    from duban.clean.names import leader_name
    from tests.support.workbooks import one_item

    depts = department_columns(pd.Series(["医务部"], dtype=object), pd.Series([none], dtype=object), {})
    assert depts["co_depts"].iloc[0] == [] and leader_name(none) is None
    item = one_item(assigned="2024-03-01", **{"协办科室": none, "责任人": none})
    assert item["complexity"] == "simple" and item["co_depts"] == [] and item["person"] is None
    assert one_item(**{"责任人": "张伟"})["person"] == "张伟"


@pytest.mark.parametrize("none", ["/", "无", "—", "暂无"])
def test_none_written_in_a_date_deadline_or_status_cell_reads_as_an_empty_cell(none):
    """办结日期 / for an item not done yet is no unreadable date: the row is kept, as with an empty cell."""
    from tests.support.workbooks import analyze_table

    result = analyze_table([["DB-1", "事项", "医务部", "2024-03-01", none, none, none]])
    assert len(result.items) == 1 and result.items.iloc[0]["status"] == "open"
    assert set(result.issues["kind"]) <= {"empty_deadline"}
