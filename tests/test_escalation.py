"""Overdue, lights and escalation stages (rules.md §5)."""
from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from tests.support.workbooks import one_item
from duban.pipeline import work_calendar
from duban.config import Config
from duban.compute.escalation import escalate


def _frame(due: str, status: str = "open", completed: str | None = None) -> pd.DataFrame:
    return pd.DataFrame({"due_date": [pd.Timestamp(due)], "status": [status],
                         "completed_date": [pd.Timestamp(completed) if completed else pd.NaT]})


# As of Friday 2024-03-15; due dates chosen so the overdue working days are known.
@pytest.mark.parametrize("due, overdue_days, light, stage", [
    ("2024-03-20", 0, "绿", "正常"),
    ("2024-03-18", 0, "黄", "临期"),       # one working day left
    ("2024-03-17", 0, "黄", "临期"),       # Sunday: zero working days left
    ("2024-03-15", 0, "黄", "临期"),       # due today: not yet overdue
    ("2024-03-14", 1, "红", "电话催办"),
    ("2024-03-13", 2, "红", "电话催办"),
    ("2024-03-12", 3, "红", "发函督查"),
    ("2024-03-08", 5, "红", "约谈督查"),
    ("2024-03-01", 10, "红", "通报批评"),
    ("2024-02-23", 15, "红", "分管领导约谈"),
])
def test_stage_by_overdue_workdays(due, overdue_days, light, stage):
    out = escalate(_frame(due), pd.Timestamp("2024-03-15"), work_calendar(Config()), Config()).iloc[0]
    assert (out["overdue_workdays"], out["light"], out["stage"]) == (overdue_days, light, stage)
    assert out["overdue"] == (light == "红")


def test_overdue_on_a_weekend_is_still_overdue_with_zero_workdays():
    out = escalate(_frame("2024-03-15"), pd.Timestamp("2024-03-16"), work_calendar(Config()), Config()).iloc[0]
    assert out["overdue"] and out["overdue_workdays"] == 0 and out["stage"] == "电话催办"


def test_thresholds_come_from_config():
    config = dataclasses.replace(Config(), stage_thresholds={"电话催办": 0, "发函督查": 1, "约谈督查": 2,
                                                             "通报批评": 3, "分管领导约谈": 4})
    out = escalate(_frame("2024-03-12"), pd.Timestamp("2024-03-15"), work_calendar(config), config).iloc[0]
    assert out["stage"] == "通报批评"


@pytest.mark.parametrize("completed, on_time, late_days", [
    ("2024-03-06", True, 0), ("2024-03-01", True, 0), ("2024-03-08", False, 2),
])
def test_done_items_are_judged_on_time_not_overdue(completed, on_time, late_days):
    out = escalate(_frame("2024-03-06", "done", completed), pd.Timestamp("2024-03-15"),
                   work_calendar(Config()), Config()).iloc[0]
    assert (out["on_time"], out["overdue_workdays"], out["overdue"]) == (on_time, late_days, False)
    assert out["light"] is None and out["stage"] is None


@pytest.mark.parametrize("status", ["cancelled", "ongoing"])
def test_cancelled_and_ongoing_items_have_no_light(status):
    out = escalate(_frame("2024-03-01", status), pd.Timestamp("2024-03-15"), work_calendar(Config()), Config()).iloc[0]
    assert out["light"] is None and out["stage"] is None and not out["overdue"]


def test_returned_item_is_tracked_like_an_open_one():
    item = one_item(deadline="2024-03-01", status="退回重办")
    assert item["status"] == "returned" and item["stage"] == "通报批评"


def test_done_without_completed_date_has_unknown_timeliness():
    item = one_item(deadline="2024-03-05", status="已办结")
    assert item["on_time"] is None and not item["overdue"]
