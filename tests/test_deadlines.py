"""办理时限 forms, complexity and feedback limits (rules.md §4)."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from tests.support.workbooks import one_item
from duban.compute.deadlines import complexity, parse_deadlines
from duban.config import Config


def day(value) -> str | None:
    return None if pd.isna(value) else value.strftime("%Y-%m-%d")


@pytest.mark.parametrize("deadline, assigned, due", [
    (dt.date(2024, 4, 29), "2024-01-30", "2024-04-29"),
    ("2024年3月17日", "2024-02-07", "2024-03-17"),
    ("15个工作日", "2024-01-26", "2024-02-21"),
    ("3个工作日", "2024-02-09", "2024-02-20"),
    ("30天", "2024-01-31", "2024-03-01"),
    ("10日", "2024-03-14", "2024-03-24"),
    ("10月底前", "2026-09-23", "2026-10-31"),
    ("2月底", "2024-01-05", "2024-02-29"),
    ("1月底前", "2025-09-29", "2026-01-31"),   # a month before the assigned month: next year
    ("年底前", "2025-07-09", "2025-12-31"),
    ("8月2日前", "2025-06-06", "2025-08-02"),
    ("8月10日", "2025-06-06", "2025-08-10"),   # a date without a year
])
def test_due_date_forms(deadline, assigned, due):
    item = one_item(deadline=deadline, assigned=assigned, as_of="2026-12-31")
    assert day(item["due_date"]) == due


def test_empty_deadline_falls_back_to_feedback_due():
    item = one_item(deadline=None, assigned="2024-01-31")
    assert day(item["due_date"]) == day(item["feedback_due"]) == "2024-02-04"


@pytest.mark.parametrize("word", ["长期", "持续推进", "常态化", "长期坚持"])
def test_ongoing_deadline_has_no_due_date_and_makes_item_ongoing(word):
    item = one_item(deadline=word)
    assert item["due_date"] is None or pd.isna(item["due_date"])
    assert item["status"] == "ongoing" and item["light"] is None


def test_ongoing_deadline_keeps_done_items_done():
    assert one_item(deadline="长期", status="已办结", completed="2024-03-10")["status"] == "done"


def test_extension_replaces_due_date():
    item = one_item(deadline="5个工作日", **{"延期至": "2024-04-30"})
    assert day(item["due_date"]) == "2024-04-30" and item["light"] == "绿"


@pytest.mark.parametrize("difficulty, co, expected", [
    ("较大", [], "complex"), ("一般", ["护理部"], "simple"), (None, ["护理部"], "complex"), (None, [], "simple"),
    ("困难", [], "complex"), ("简单", [], "simple"),
])
def test_complexity(difficulty, co, expected):
    assert complexity(pd.Series([difficulty], dtype=object), pd.Series([co])).iloc[0] == expected


def test_feedback_due_is_three_or_five_workdays():
    simple = one_item(assigned="2024-03-01")
    complex_ = one_item(assigned="2024-03-01", **{"协办科室": "护理部"})
    assert day(simple["feedback_due"]) == "2024-03-06" and day(complex_["feedback_due"]) == "2024-03-08"


@pytest.mark.parametrize("text, kind", [
    ("尽快", "empty"), ("按要求办理", "empty"), ("另行通知", "empty"), ("见附件", "bad"), ("#REF!", "bad"),
    ("13月底前", "bad"), (30.0, "bad"), (45356.0, "date"),
    ("20个工作日内", "workdays"),
    ("", "empty"), ("  ", "empty"),
])
def test_deadline_kinds(text, kind):
    words = Config().vague_deadline_words  # words that name no limit read like an empty cell
    assert parse_deadlines(pd.Series([text], dtype=object), words)["deadline_kind"].iloc[0] == kind


@pytest.mark.parametrize("text, due", [
    ("尽快，3月底前", "2024-03-31"), ("尽快（3月底前）", "2024-03-31"), ("3月底前尽快完成", "2024-03-31"),
    ("抓紧，2024.4.15前", "2024-04-15"), ("按要求 10个工作日内", "2024-03-15"),
])
def test_urgency_words_around_one_limit_give_that_limit(text, due):
    item = one_item(deadline=text, assigned="2024-03-01")
    assert item["deadline_kind"] != "empty" and day(item["due_date"]) == due


@pytest.mark.parametrize("text", ["尽快，3月底前；4月中旬", "请于3月底前尽快完成", "尽快，见附件3"])
def test_urgency_words_around_no_single_limit_stay_unreadable(text):
    words = Config().vague_deadline_words
    assert parse_deadlines(pd.Series([text], dtype=object), words)["deadline_kind"].iloc[0] == "bad"
