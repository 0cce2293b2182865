"""Department assessment (部门考核评议, rules.md §6): figures, deductions, score, grade and rank."""
from __future__ import annotations

from collections import Counter
from itertools import chain

import numpy as np
import pandas as pd

from duban.columns import DEPARTMENT_COLUMNS
from duban.compute.calendar import WorkCalendar
from duban.config import FAIL_GRADE, GRADES, Config
from duban.clean.values import word_masks

def in_period(items: pd.DataFrame, start, end) -> pd.Series:
    """Items that count in the period [start, end] (dates or timestamps; either bound may be None).

    An item counts when its 交办日期 falls in the period, or when it is carried over: assigned before the
    period began and not closed before it (see ``carried_over``). Items assigned after the period never count.
    """
    assigned = items["assigned_date"]
    mask = pd.Series(True, index=items.index)
    if end is not None:
        mask &= ~(assigned > pd.Timestamp(end))
    if start is not None:
        mask &= (assigned >= pd.Timestamp(start)) | carried_over(items, start)
    return mask


def carried_over(items: pd.DataFrame, start) -> pd.Series:
    """Items assigned before ``start`` (or with no 交办日期) that were not closed before it.

    Still open, returned or ongoing at the as-of date, or done on or after ``start``. A done item without a
    办结日期 that was assigned before the period does not count: when it closed is unknown. One with no 交办日期
    at all counts (nothing says it closed before the period), like any item of a sheet without that column.
    """
    if start is None:
        return pd.Series(False, index=items.index)
    begin = pd.Timestamp(start)
    assigned, completed = items["assigned_date"], items["completed_date"]
    before = ~(assigned >= begin)  # NaT counts as before: an unknown assignment is judged by when it closed
    still_open = items["status"].isin(["open", "returned", "ongoing"])
    done = items["status"] == "done"
    closed_in_or_after = done & (completed >= begin)
    unknown_close = done & completed.isna() & assigned.isna()
    return before & (still_open | closed_in_or_after | unknown_close)


CARRIED_OVER = "以前结转"


def carried_over_marks(items: pd.DataFrame, start) -> pd.Series:
    """以前结转 for items counted in a period that began after their 交办日期, else ''."""
    if start is None:
        return pd.Series("", index=items.index, dtype=object)
    earlier = (items["assigned_date"] < pd.Timestamp(start)) & carried_over(items, start)
    return earlier.map({True: CARRIED_OVER, False: ""}).astype(object)


def outcome_flags(items: pd.DataFrame) -> dict[str, np.ndarray]:
    """What rules.md §6 counts of each item (shared by the department table and the headline figures).

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


def _per_item_flags(items: pd.DataFrame, calendar: WorkCalendar, config: Config) -> dict[str, np.ndarray]:
    """Per item: what it adds to its department's figures (rules.md §6), as arrays over the rows."""
    flags = outcome_flags(items)
    stages = word_masks(items["stage"], tuple(config.stage_weights))
    stage_weight = sum((mask * float(config.stage_weights[s]) for s, mask in stages.items()), np.zeros(len(items)))
    has_feedback = items["feedback_date"].notna().to_numpy()
    to_complete = calendar.workdays_between(items["assigned_date"], items["completed_date"]).to_numpy("float64")
    return {
        "total": np.ones(len(items)), **flags,
        "deduction": (np.where(flags["overdue_open"], stage_weight, 0.0)
                      + flags["overdue_done"] * config.late_done_weight),
        "feedback_total": has_feedback,
        "feedback_on_time": has_feedback & (items["feedback_date"] <= items["feedback_due"]).to_numpy(),
        "workdays_to_complete": np.where(flags["done"] & items["completed_date"].notna().to_numpy(),
                                         to_complete, np.nan),
        "reminders": items["reminders"].fillna(0).to_numpy("float64"),
    }


def _ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """numerator / denominator, missing (shown as —) where the denominator is 0."""
    return np.divide(numerator, denominator, out=np.full(len(numerator), np.nan), where=denominator > 0)


def _grades(scores: np.ndarray, config: Config) -> np.ndarray:
    bands = [config.grade_bands[g] for g in GRADES]
    grades = np.select([scores >= b for b in bands], list(GRADES), default=FAIL_GRADE).astype(object)
    grades[np.isnan(scores)] = np.nan
    return grades


def grade_for(scores: pd.Series, config: Config) -> pd.Series:
    """Grade per score from the configured bands; missing where there is no score."""
    return pd.Series(_grades(scores.to_numpy(dtype="float64"), config), index=scores.index, dtype=object)


def rank_departments(table: pd.DataFrame) -> pd.Series:
    """1..n by score, on-time rate (missing last), total, then name in code-point order."""
    scored = table[table["score"].notna()]
    keys = zip((-scored["score"]).tolist(), scored["on_time_rate"].isna().tolist(),
               (-scored["on_time_rate"].fillna(0)).tolist(), (-scored["total"]).tolist(), scored["dept"].tolist(),
               scored.index)
    order = [index for *_, index in sorted(keys)]
    return pd.Series(range(1, len(order) + 1), index=order, dtype="Int64").reindex(table.index)


def department_table(items: pd.DataFrame, start, end, calendar: WorkCalendar, config: Config) -> pd.DataFrame:
    """One row per lead department of the kept items, in order of first appearance.

    Each figure is a weighted count per department code (np.bincount) over the items in scope; the
    table is built once at the end (a pandas operation per column would cost more than the counting).
    """
    codes, depts = pd.factorize(items["lead_dept"].to_numpy(dtype=object), use_na_sentinel=True)
    in_scope = (in_period(items, start, end) & (items["status"] != "cancelled")).to_numpy()
    flags = _per_item_flags(items, calendar, config)
    workdays = flags.pop("workdays_to_complete")

    def per_dept(values: np.ndarray, rows: np.ndarray = in_scope & (codes >= 0)) -> np.ndarray:
        return np.bincount(codes[rows], weights=np.asarray(values, dtype="float64")[rows],
                           minlength=len(depts)).astype("float64")  # int zeros when no row counts
    figures = {name: per_dept(values) for name, values in flags.items()}
    known = in_scope & (codes >= 0) & ~np.isnan(workdays)
    co_counts = Counter(chain.from_iterable(items["co_depts"].to_numpy(dtype=object)[in_scope]))
    score = np.where(figures["total"] > 0, np.clip(100 - figures["deduction"], 0, None), np.nan)
    counts = ("total", "done", "open", "ongoing", "overdue_open", "overdue_done", "done_on_time",
              "feedback_total", "feedback_on_time")
    table = pd.DataFrame({
        "dept": pd.Index(depts), **{name: figures[name].astype("int64") for name in counts},
        "deduction": figures["deduction"], "reminders": figures["reminders"],
        "completion_rate": _ratio(figures["done"], figures["total"] - figures["ongoing"]),
        "on_time_rate": _ratio(figures["done_on_time"], figures["judged"]),
        "feedback_rate": _ratio(figures["feedback_on_time"], figures["feedback_total"]),
        "mean_workdays_to_complete": _ratio(per_dept(workdays, known), per_dept(np.ones(len(items)), known)),
        "co_dept_items": np.array([co_counts.get(dept, 0) for dept in depts], dtype="int64"),
        "filing_issues": per_dept(items["filing_flags"].map(len).to_numpy() > 0).astype("int64"),
        "score": score, "grade": pd.Series(_grades(score, config), dtype=object),
    })
    table["rank"] = rank_departments(table)
    return table[DEPARTMENT_COLUMNS]
