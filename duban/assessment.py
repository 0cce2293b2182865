"""Department assessment (部门考核评议, SPEC §5): figures, deductions, score, grade and rank."""
from __future__ import annotations

from collections import Counter
from itertools import chain

import numpy as np
import pandas as pd

from duban.calendar import WorkCalendar
from duban.config import FAIL_GRADE, GRADES, Config
from duban.values import word_masks

DEPARTMENT_COLUMNS = [
    "dept", "total", "done", "open", "ongoing", "overdue_open", "overdue_done", "completion_rate",
    "on_time_rate", "deduction", "score", "grade", "rank", "done_on_time", "feedback_total",
    "feedback_on_time", "feedback_rate", "mean_workdays_to_complete", "reminders", "co_dept_items",
]


def in_period(items: pd.DataFrame, start, end) -> pd.Series:
    """Items whose 交办日期 falls in [start, end] (dates or timestamps; either bound may be None)."""
    mask = pd.Series(True, index=items.index)
    if start is not None:
        mask &= items["assigned_date"] >= pd.Timestamp(start)
    if end is not None:
        mask &= items["assigned_date"] <= pd.Timestamp(end)
    return mask


def outcome_flags(items: pd.DataFrame) -> dict[str, np.ndarray]:
    """What SPEC §5 counts of each item (shared by the department table and the headline figures).

    done, open, ongoing, overdue_open, overdue_done (done late), done_on_time, and judged: done with a
    known on-time answer, or overdue and still open.
    """
    status = word_masks(items["status"], ("done", "open", "returned", "ongoing"))
    on_time = word_masks(items["on_time"], (True, False))  # an object column of True, False and None
    done = status["done"]
    overdue_open = items["overdue"].to_numpy(dtype=bool)
    return {"done": done, "open": status["open"] | status["returned"], "ongoing": status["ongoing"],
            "overdue_open": overdue_open, "overdue_done": done & on_time[False], "done_on_time": done & on_time[True],
            "judged": (done & (on_time[True] | on_time[False])) | overdue_open}


def _per_item_flags(scope: pd.DataFrame, calendar: WorkCalendar, config: Config) -> pd.DataFrame:
    flags = outcome_flags(scope)
    stages = word_masks(scope["stage"], tuple(config.stage_weights))
    stage_weight = sum((mask * float(config.stage_weights[s]) for s, mask in stages.items()), np.zeros(len(scope)))
    has_feedback = scope["feedback_date"].notna().to_numpy()
    to_complete = calendar.workdays_between(scope["assigned_date"], scope["completed_date"])
    return pd.DataFrame({
        "dept": scope["lead_dept"], "total": 1, **flags,
        "deduction": np.where(flags["overdue_open"], stage_weight, 0.0) + flags["overdue_done"] * config.late_done_weight,
        "feedback_total": has_feedback,
        "feedback_on_time": has_feedback & (scope["feedback_date"] <= scope["feedback_due"]).to_numpy(),
        "workdays_to_complete": to_complete.where(flags["done"] & scope["completed_date"].notna()),
        "reminders": scope["reminders"].fillna(0),
    }, index=scope.index)


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    return (numerator / denominator.where(denominator > 0)).astype("float64")


def grade_for(scores: pd.Series, config: Config) -> pd.Series:
    """Grade per score from the configured bands; missing where there is no score."""
    bands = [config.grade_bands[g] for g in GRADES]
    grades = np.select([scores >= b for b in bands], list(GRADES), default=FAIL_GRADE)
    return pd.Series(grades, index=scores.index, dtype=object).where(scores.notna())


def rank_departments(table: pd.DataFrame) -> pd.Series:
    """1..n by score, on-time rate (missing last), total, then name in code-point order."""
    scored = table[table["score"].notna()]
    keys = zip((-scored["score"]).tolist(), scored["on_time_rate"].isna().tolist(),
               (-scored["on_time_rate"].fillna(0)).tolist(), (-scored["total"]).tolist(), scored["dept"].tolist(),
               scored.index)
    order = [index for *_, index in sorted(keys)]
    return pd.Series(range(1, len(order) + 1), index=order, dtype="Int64").reindex(table.index)


def department_table(items: pd.DataFrame, start, end, calendar: WorkCalendar, config: Config) -> pd.DataFrame:
    """One row per lead department of the kept items, in order of first appearance."""
    depts = pd.Index(items["lead_dept"].dropna().unique(), name="dept")
    in_scope = (in_period(items, start, end) & (items["status"] != "cancelled")).to_numpy()
    flags = _per_item_flags(items, calendar, config)[in_scope]  # flags of every row, then the scope's rows
    grouped = flags.groupby("dept", sort=False)
    sums = grouped[[c for c in flags.columns if c not in ("dept", "workdays_to_complete")]].sum()
    table = sums.reindex(depts, fill_value=0).astype({"deduction": "float64"})
    table["mean_workdays_to_complete"] = grouped["workdays_to_complete"].mean().reindex(depts)
    co_counts = Counter(chain.from_iterable(items["co_depts"].to_numpy(dtype=object)[in_scope]))
    table["co_dept_items"] = [co_counts.get(dept, 0) for dept in depts]
    table["completion_rate"] = _ratio(table["done"], table["total"] - table["ongoing"])
    table["on_time_rate"] = _ratio(table["done_on_time"], table["judged"])
    table["feedback_rate"] = _ratio(table["feedback_on_time"], table["feedback_total"])
    has_items = table["total"] > 0
    table["score"] = (100 - table["deduction"]).clip(lower=0).where(has_items)
    table["grade"] = grade_for(table["score"], config)
    table = table.reset_index()
    table["rank"] = rank_departments(table)
    counts = ["total", "done", "open", "ongoing", "overdue_open", "overdue_done", "done_on_time",
              "feedback_total", "feedback_on_time"]
    return table.astype({c: "int64" for c in counts})[DEPARTMENT_COLUMNS]
