"""Headline figures of one register, their trend across weeks, and this week against last."""
from __future__ import annotations

import pandas as pd

from duban.compute.assessment import outcome_flags
from duban.compute.escalation import STAGE_SEVERITY

KPI_LABELS = {
    "total": "总事项", "done": "已办结", "completion_rate": "办结率", "on_time_rate": "按时办结率",
    "overdue_open": "逾期未办结", "near_due": "临期",
}


def kpis(items: pd.DataFrame) -> dict[str, float | int | None]:
    """总事项, 已办结, 办结率, 按时办结率, 逾期未办结, 临期 over the items (cancelled left out)."""
    scope = items[items["status"] != "cancelled"]
    counts = {name: int(flags.sum()) for name, flags in outcome_flags(scope).items()}
    base = len(scope) - counts["ongoing"]
    return {
        "total": len(scope), "done": counts["done"],
        "completion_rate": counts["done"] / base if base else None,
        "on_time_rate": counts["done_on_time"] / counts["judged"] if counts["judged"] else None,
        "overdue_open": counts["overdue_open"], "near_due": int((scope["light"] == "黄").sum()),
    }


def trend(weekly: list[tuple[pd.Timestamp, pd.DataFrame]]) -> pd.DataFrame:
    """One row of KPIs per stored week (as_of, then the KPI columns), oldest first."""
    rows = [{"as_of": as_of, **kpis(items)} for as_of, items in weekly]
    return pd.DataFrame(rows, columns=["as_of", *KPI_LABELS]).sort_values("as_of").reset_index(drop=True)


def week_over_week(current: pd.DataFrame, previous: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Items new this week, completed, newly overdue and escalated to a higher stage.

    Items are matched by their stored identity (item_key, duban.compute.identity) when both weeks have one,
    otherwise by 督办编号.
    """
    match = "item_key" if "item_key" in current and "item_key" in previous else "item_id"
    before = previous.drop_duplicates(match).set_index(match)
    now = current.drop_duplicates(match).set_index(match)
    common = now.index.intersection(before.index)
    was, is_ = before.loc[common], now.loc[common]
    stage_up = is_["stage"].map(STAGE_SEVERITY).fillna(-1) > was["stage"].map(STAGE_SEVERITY).fillna(-1)
    changes = {
        "new": now.loc[now.index.difference(before.index)],
        "completed": is_[(is_["status"] == "done") & (was["status"] != "done")],
        "newly_overdue": is_[is_["overdue"].astype(bool) & ~was["overdue"].astype(bool)],
        "escalated": is_[stage_up & is_["overdue"].astype(bool) & was["overdue"].astype(bool)],
    }
    return {name: frame.reset_index() for name, frame in changes.items()}
