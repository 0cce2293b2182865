"""rules.md §4's deadline wording as real registers write it: one case per form, and the due date it gives."""
from __future__ import annotations

import pytest

from duban.clean.deadline_text import deadline_parts
from tests.support.workbooks import analyze_table, one_item


def due(deadline, assigned="2024-03-01", as_of="2024-03-15"):
    """The due date (YYYY-MM-DD or None) of a one-item register with this 办理时限."""
    value = one_item(deadline=deadline, assigned=assigned, as_of=as_of)["due_date"]
    return None if value is None or value != value else str(value.date())


@pytest.mark.parametrize("text, expected", [
    ("2024年10月底前", "2024-10-31"), ("2024年12月", "2024-12-31"), ("2024.6", "2024-06-30"), ("2024-6", "2024-06-30"),
    ("6月底", "2024-06-30"), ("6月末", "2024-06-30"), ("6月份", "2024-06-30"), ("6月下旬", "2024-06-30"),
    ("6月上旬", "2024-06-10"), ("6月中旬", "2024-06-20"), ("6月中旬前完成", "2024-06-20"),
    ("2024年底", "2024-12-31"), ("2024年", "2024-12-31"), ("年底", "2024-12-31"), ("年内", "2024-12-31"),
    ("全年", "2024-12-31"), ("本年度", "2024-12-31"), ("上半年", "2024-06-30"), ("下半年", "2024-12-31"),
    ("一季度", "2024-03-31"), ("第二季度", "2024-06-30"), ("3季度", "2024-09-30"), ("Q4", "2024-12-31"),
    ("2024年第三季度", "2024-09-30"), ("2024年3月1日至2024年5月31日", "2024-05-31"), ("3月1日—4月30日", "2024-04-30"),
    ("2024-03-01~2024-04-15", "2024-04-15"), ("6月30日之前", "2024-06-30"), ("2024年6月30日以前", "2024-06-30"),
    ("10个工作日内", "2024-03-15"), ("30天以内", "2024-03-31"), ("立即整改", "2024-03-01"), ("立行立改", "2024-03-01"),
    ("即知即改", "2024-03-01"), ("2月底前", "2025-02-28"),  # a month before the assigned month: next year
])
def test_deadline_forms_give_their_due_date(text, expected):
    assert due(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("6.30", "2024-06-30"), ("6.30前", "2024-06-30"), ("6月30号", "2024-06-30"),  # month.day written as text
    ("六月底", "2024-06-30"), ("十二月三十一日前", "2024-12-31"), ("十个工作日内", "2024-03-15"),
    ("三十天内", "2024-03-31"),
    ("四季度末", "2024-12-31"), ("第二季度底", "2024-06-30"), ("上半年末", "2024-06-30"),
    ("月底前", "2024-03-31"), ("本月底", "2024-03-31"), ("本月内", "2024-03-31"),  # the assigned month
    ("6月30日18:00前", "2024-06-30"), ("2024年6月30日下班前", "2024-06-30"), ("6月30日中午12点前", "2024-06-30"),
    ("6月底前完成并报送", "2024-06-30"), ("6月30日前报送方案", "2024-06-30"),
    ("6月30日前（每月报送进展）", "2024-06-30"),
    ("6月30日截止", "2024-06-30"), ("截止6月30日", "2024-06-30"), ("截止到6月30日", "2024-06-30"),
    ("6月30日为止", "2024-06-30"), ("限6月30日前", "2024-06-30"), ("最迟6月底", "2024-06-30"),
    ("务必于6月30日前完成", "2024-06-30"), ("6月底左右", "2024-06-30"), ("10个工作日左右", "2024-03-15"),
])
def test_deadline_forms_in_the_words_offices_also_use(text, expected):
    assert due(text) == expected


@pytest.mark.parametrize("text, assigned, expected", [
    ("一周内", "2024-03-01", "2024-03-08"), ("两周内", "2024-03-01", "2024-03-15"),
    ("2个星期内", "2024-03-01", "2024-03-15"),
    ("半个月内", "2024-03-01", "2024-03-16"), ("3个月内", "2024-03-01", "2024-06-01"),
    ("一个月内", "2024-01-31", "2024-02-29"),  # no 31 February: the month's last day
    ("两个月内办结", "2023-12-15", "2024-02-15"), ("一年内", "2024-03-01", "2025-03-01"),
    ("两年以内", "2024-02-29", "2026-02-28"),
])
def test_weeks_months_and_years_count_from_the_assigned_date(text, assigned, expected):
    assert due(text, assigned=assigned) == expected


@pytest.mark.parametrize("text, assigned, expected", [
    ("国庆节前", "2024-03-01", "2024-09-30"), ("国庆前完成", "2024-03-01", "2024-09-30"),
    ("十一前", "2024-03-01", "2024-09-30"), ("国庆节前", "2023-10-10", "2024-09-30"),  # after this year's: the next
    ("元旦前", "2024-03-01", "2024-12-31"), ("五一前", "2024-03-01", "2024-04-30"),
    ("劳动节前", "2023-06-01", "2024-04-30"), ("七一前", "2024-03-01", "2024-06-30"),
])
def test_the_eve_of_a_fixed_date_festival_is_the_limit(text, assigned, expected):
    assert due(text, assigned=assigned) == expected


def test_a_count_of_months_without_an_assigned_date_cannot_be_counted_and_says_so():
    header = ["督办编号", "督办事项", "承办科室", "办理时限", "办理状态"]
    result = analyze_table([["DB-1", "事项", "医务部", "3个月内", "办理中"]], header=header)
    assert result.issues["kind"].tolist() == ["relative_without_assigned"]


@pytest.mark.parametrize("text", ["3个工作日内反馈，月底前办结", "6月底前完成，7月中旬验收", "13.5", "见附件（第3页）",
                                  "一个月内反馈，两个月内办结", "10年", "2周", "3个月",  # a cycle, not a limit
                                  "国庆节", "春节前",  # the festival itself; a lunar one (its date varies by year)
                                  "要求各科室于6月30日前完成自查", "限期整改"])
def test_words_after_a_limit_that_name_another_limit_stay_unreadable(text):
    assert deadline_parts(text).kind == "bad"


def test_a_month_left_out_without_an_assigned_date_cannot_be_counted_and_says_so():
    result = analyze_table([["DB-1", "事项", "医务部", "月底前", "办理中"]], header=["督办编号", "督办事项", "承办科室",
                                                                                 "办理时限", "办理状态"])
    item = result.items.iloc[0]
    assert item["due_date"] != item["due_date"] and result.issues["kind"].tolist() == ["relative_without_assigned"]


@pytest.mark.parametrize("text", ["长期", "长期坚持", "持续推进", "常态化", "每周五前报送", "每月10日前", "每季度",
                                  "每年"])
def test_recurring_and_long_term_deadlines_have_no_due_date_and_the_item_is_ongoing(text):
    item = one_item(deadline=text)
    assert item["due_date"] is None or item["due_date"] != item["due_date"]
    assert item["status"] == "ongoing"


def test_several_dates_take_the_last_with_a_warning_even_beside_long_term_words():
    text = "4月底前完成方案，9月30日前完成建设，长期坚持"
    result = analyze_table([["DB-1", "事项", "医务部", "2024-03-01", text, "办理中", None]])
    assert str(result.items.iloc[0]["due_date"].date()) == "2024-09-30"
    assert result.issues["kind"].tolist() == ["several_deadlines"]


def test_a_status_word_in_the_deadline_column_makes_the_item_done_without_a_deadline():
    result = analyze_table([["DB-1", "事项", "医务部", "2024-03-01", "已完成", None, None]])
    item = result.items.iloc[0]
    assert item["status"] == "done" and item["due_date"] != item["due_date"]
    assert "deadline_is_status" in result.issues["kind"].tolist()


@pytest.mark.parametrize("cell", [2024.6, 1000.0, 99999.0, "2024/13/45", "1899-12-31"])
def test_implausible_numbers_and_dates_are_unreadable_never_1905_or_9999(cell):
    assert deadline_parts(cell).kind == "bad"
    result = analyze_table([["DB-1", "事项", "医务部", "2024-03-01", cell, "办理中", None]])
    assert result.items.empty and result.issues["kind"].tolist() == ["bad_deadline"]


def test_a_number_that_is_a_real_excel_date_still_counts():
    assert due(45473.0) == "2024-06-30"


def test_a_due_date_before_the_assigned_date_is_a_warning():
    result = analyze_table([["DB-1", "事项", "医务部", "2024-03-01", "2024-02-20", "办理中", None]])
    assert result.issues["kind"].tolist() == ["due_before_assigned"] and len(result.items) == 1


def test_a_cycle_column_of_weeks_is_no_date_column():
    """周期 2周 / 1周 (how often to report) is no limit: without 内 a count of weeks or months is no 办理时限, so the
    column is not taken for the dates (a real export: R11)."""
    rows = [["事项一", "信息技术部", "2024-06-30", "2周"], ["事项二", "安全环保部", "2024-04-15", "1周"],
            ["事项三", "信息技术部", "2024-03-31", "2周"]]
    result = analyze_table(rows, header=["任务名称", "承办部门", "办理时限", "周期"], as_of="2024-03-15")
    assert {c["header"]: c["field"] for c in result.columns}["周期"] is None and len(result.items) == 3
