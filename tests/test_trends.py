"""KPIs, weekly trend and this week against last."""
from __future__ import annotations

import pandas as pd
import pytest

from tests.support.workbooks import analyze_table
from duban.compute.trends import kpis, trend, week_over_week

ROWS = [
    ["A", "a", "医务部", "2024-03-01", "2024-03-06", "办理中", None],           # overdue
    ["B", "b", "医务部", "2024-03-01", "2024-03-18", "办理中", None],           # 临期
    ["C", "c", "医务部", "2024-03-01", "2024-03-29", "已办结", "2024-03-05"],   # on time
    ["D", "d", "医务部", "2024-03-01", "2024-03-04", "已办结", "2024-03-06"],   # late
    ["E", "e", "医务部", "2024-03-01", "长期", "持续推进", None],               # ongoing
    ["F", "f", "医务部", "2024-03-01", "2024-03-29", "撤销", None],             # cancelled
]


def test_kpis():
    figures = kpis(analyze_table(ROWS).items)
    assert figures["total"] == 5 and figures["done"] == 2 and figures["overdue_open"] == 1
    assert figures["near_due"] == 1
    assert figures["completion_rate"] == pytest.approx(2 / 4)
    assert figures["on_time_rate"] == pytest.approx(1 / 3)


def test_kpis_of_an_empty_register_have_no_rates():
    empty = analyze_table([]).items
    assert kpis(empty) == {"total": 0, "done": 0, "completion_rate": None, "on_time_rate": None,
                           "overdue_open": 0, "near_due": 0}


def test_trend_is_oldest_first():
    items = analyze_table(ROWS).items
    table = trend([(pd.Timestamp("2024-03-15"), items), (pd.Timestamp("2024-03-08"), items.head(2))])
    assert table["as_of"].dt.day.tolist() == [8, 15] and table["total"].tolist() == [2, 5]


def test_week_over_week():
    last = analyze_table(ROWS[:2] + [["G", "g", "医务部", "2024-03-01", "2024-03-11", "办理中", None]],
                         as_of="2024-03-12").items
    now = analyze_table(ROWS[:2] + [["G", "g", "医务部", "2024-03-01", "2024-03-11", "已办结", "2024-03-14"],
                                    ["H", "h", "护理部", "2024-03-14", "2024-03-29", "办理中", None]]).items
    changes = week_over_week(now, last)
    assert changes["new"]["item_id"].tolist() == ["H"]
    assert changes["completed"]["item_id"].tolist() == ["G"]
    assert changes["newly_overdue"]["item_id"].tolist() == []
    assert changes["escalated"]["item_id"].tolist() == ["A"]  # 电话催办 → 发函督查
