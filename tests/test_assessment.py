"""Department assessment: figures, score, grade, rank and its tie-breaks (rules.md §6)."""
from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from tests.support.workbooks import analyze_table
from duban.compute.assessment import grade_for, rank_departments
from duban.config import Config


def dept_rows(result) -> dict:
    return {d["dept"]: d for d in result.departments.to_dict("records")}


def test_scores_deduct_late_done_and_overdue_open_by_stage():
    rows = [
        ["1", "a", "医务部", "2024-03-01", "2024-03-05", "已办结", "2024-03-07"],   # late done: -1
        ["2", "b", "医务部", "2024-02-01", "2024-02-20", "办理中", None],           # 分管领导约谈: -10
        ["3", "c", "医务部", "2024-03-01", "2024-03-13", "办理中", None],           # 电话催办: -2
        ["4", "d", "医务部", "2024-03-01", "2024-03-29", "办理中", None],           # not overdue
        ["5", "e", "医务部", "2024-03-01", "2024-03-05", "撤销", None],             # left out
        ["6", "f", "医务部", "2024-03-01", "长期", "持续推进", None],               # ongoing
    ]
    d = dept_rows(analyze_table(rows))["医务部"]
    assert (d["total"], d["done"], d["open"], d["ongoing"], d["overdue_open"], d["overdue_done"]) == (5, 1, 3, 1, 2, 1)
    assert d["deduction"] == 13 and d["score"] == 87 and d["grade"] == "良好" and d["rank"] == 1
    assert d["completion_rate"] == pytest.approx(1 / 4)
    assert d["on_time_rate"] == 0  # 0 on time of (1 late done + 2 overdue open)


def test_score_is_floored_at_zero_but_deduction_is_raw():
    rows = [[str(i), "x", "质控科", "2024-01-02", "2024-01-05", "办理中", None] for i in range(12)]
    d = dept_rows(analyze_table(rows))["质控科"]
    assert d["deduction"] == 120 and d["score"] == 0 and d["grade"] == "不合格"


def test_department_with_no_items_in_period_is_listed_without_score():
    rows = [["1", "a", "设备处", "2023-12-01", "2023-12-20", "已办结", "2023-12-10"],
            ["2", "b", "医务部", "2024-03-01", "2024-03-29", "办理中", None]]
    result = analyze_table(rows, period_start="2024-01-01", period_end="2024-03-31")
    d = dept_rows(result)["设备处"]
    assert d["total"] == 0 and pd.isna(d["score"]) and pd.isna(d["grade"]) and pd.isna(d["rank"])
    assert dept_rows(result)["医务部"]["rank"] == 1


@pytest.mark.parametrize("score, grade", [(100, "优秀"), (95, "优秀"), (94.9, "良好"), (85, "良好"), (70, "合格"),
                                          (69, "不合格"), (0, "不合格")])
def test_grade_bands(score, grade):
    assert grade_for(pd.Series([score]), Config()).iloc[0] == grade


def test_grade_bands_are_configurable():
    config = dataclasses.replace(Config(), grade_bands={"优秀": 90, "良好": 80, "合格": 60})
    assert grade_for(pd.Series([91, 61]), config).tolist() == ["优秀", "合格"]


def test_rank_ties_break_on_on_time_rate_then_total_then_name():
    table = pd.DataFrame({
        "dept": ["乙", "甲", "丙", "丁", "戊"],
        "score": [90, 90, 90, 90, None],
        "on_time_rate": [0.5, 0.5, None, 0.8, None],
        "total": [3, 3, 9, 1, 0],
    })
    ranks = dict(zip(table["dept"], rank_departments(table)))
    assert ranks["丁"] == 1            # best on-time rate
    assert (ranks["乙"], ranks["甲"]) == (2, 3)  # code-point order: 乙 U+4E59 before 甲 U+7532
    assert ranks["丙"] == 4            # a missing rate ranks after any number
    assert pd.isna(ranks["戊"])


def test_co_department_counts_are_shown():
    rows = [["1", "a", "医务部、护理部", "2024-03-01", "2024-03-29", "办理中", None]]
    depts = dept_rows(analyze_table(rows))
    assert depts["医务部"]["co_dept_items"] == 0
    assert "护理部" not in depts  # a co-department that leads nothing is not ranked


def test_feedback_timeliness_and_mean_days():
    header = ["督办事项", "承办科室", "交办日期", "办理时限", "办理状态", "办结日期", "反馈日期"]
    rows = [["a", "医务部", "2024-03-01", "2024-03-29", "已办结", "2024-03-08", "2024-03-05"],
            ["b", "医务部", "2024-03-01", "2024-03-29", "办理中", None, "2024-03-12"]]
    d = dept_rows(analyze_table(rows, header=header))["医务部"]
    assert d["feedback_rate"] == 0.5 and d["mean_workdays_to_complete"] == 5


def _one(assigned, status, completed=None) -> pd.DataFrame:
    return pd.DataFrame({"assigned_date": [pd.Timestamp(assigned) if assigned else pd.NaT], "status": [status],
                         "completed_date": [pd.Timestamp(completed) if completed else pd.NaT]})


@pytest.mark.parametrize("assigned, status, completed, counts", [
    ("2024-02-01", "done", "2024-02-05", True),     # assigned in the period
    ("2023-11-01", "open", None, True),             # carried over: still open
    ("2023-11-01", "returned", None, True),         # carried over: returned, open again
    ("2023-11-01", "ongoing", None, True),          # carried over: ongoing work
    ("2023-11-01", "done", "2024-01-01", True),     # closed on the period's first day
    ("2023-11-01", "done", "2024-05-02", True),     # closed after the period: it was open all through it
    ("2023-11-01", "done", "2023-12-31", False),    # closed before the period began
    ("2023-11-01", "done", None, False),            # when it closed is unknown
    ("2024-04-01", "open", None, False),            # assigned after the period
    (None, "open", None, True),                     # no 交办日期 (a sheet without one): nothing says it closed
    (None, "done", "2023-12-01", False),
])
def test_period_scope_counts_carried_over_items(assigned, status, completed, counts):
    from duban.compute.assessment import in_period
    assert in_period(_one(assigned, status, completed), "2024-01-01", "2024-03-31").tolist() == [counts]


def test_carried_over_overdue_item_costs_its_department_points():
    rows = [["1", "a", "质控科", "2023-10-09", "2023-11-30", "办理中", None],      # 分管领导约谈 in 2024
            ["2", "b", "质控科", "2023-10-09", "2023-11-30", "已办结", "2023-11-20"],  # closed in 2023: not counted
            ["3", "c", "质控科", "2024-03-01", "2024-03-29", "办理中", None]]
    d = dept_rows(analyze_table(rows, period_start="2024-01-01", period_end="2024-03-31"))["质控科"]
    assert (d["total"], d["open"], d["overdue_open"], d["deduction"], d["score"]) == (2, 2, 1, 10, 90)
