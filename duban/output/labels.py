"""Chinese names of computed columns and codes, shared by the pages and the exported workbooks."""
from __future__ import annotations

import pandas as pd

from duban.missing import is_missing
from duban import columns
from duban.fields import DISPLAY

STATUS_LABELS = {"done": "已办结", "open": "办理中", "returned": "退回重办", "ongoing": "长期推进",
                 "cancelled": "已撤销"}
# 警示灯 shown as its colour: the cells of the 考核评议表 and the tables on the pages.
LIGHT_COLOURS = {"红": "#F4C7C3", "黄": "#FCE8B2", "绿": "#B7E1CD"}
COMPLEXITY_LABELS = {"simple": "难度较小", "complex": "难度较大"}
# the register's roles (a report's 办理时限, 办理难度 …), every item column, and the office's mark
ITEM_LABELS = {**DISPLAY, **columns.ITEM_LABELS, "accountable": "追究责任"}
# the ranking's columns as the pages and the 考核评议表 show them, in this order
DEPARTMENT_SHOWN = ("rank", "dept", "score", "grade", "deduction", "total", "done", "open", "ongoing", "overdue_open",
                    "overdue_done", "completion_rate", "on_time_rate", "feedback_rate", "mean_workdays_to_complete",
                    "reminders", "co_dept_items")
DEPARTMENT_LABELS = {name: columns.DEPARTMENT_LABELS[name] for name in DEPARTMENT_SHOWN}
RATE_COLUMNS = ("completion_rate", "on_time_rate", "feedback_rate")
# The columns of an overdue list: the 催办清单, its page and the 逾期事项 sheet of the 考核评议表.
REMINDER_COLUMNS = ["stage", "lead_dept", "leader", "item_id", "title", "assigned_date", "due_date",
                    "overdue_workdays", "status"]
ISSUE_LABELS = {"severity": "级别", "sheet": "工作表", "row": "行号", "column": "列", "value": "单元格内容",
                "message": "问题说明"}
SEVERITY_LABELS = {"error": "错误（该行未计入）", "warning": "提示（该行已计入）"}


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(value: object) -> object:
    """Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) made plain text with a leading '."""
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def inert_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of a table to show or download in which no text cell can become a live formula (CSV included)."""
    out = frame.copy()
    for name in out.columns:
        if out[name].dtype == object or pd.api.types.is_string_dtype(out[name]):
            out[name] = out[name].map(inert).astype(object)
    return out


def percent(value: float | None) -> str:
    """0.853 → 85.3%; missing → —."""
    return "—" if is_missing(value) else f"{value:.1%}"


def items_for_display(items: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Selected item columns with Chinese headers and codes, dates as YYYY-MM-DD, lists joined."""
    out = items[columns].copy()
    for name in columns:
        if pd.api.types.is_datetime64_any_dtype(out[name]):
            out[name] = out[name].dt.strftime("%Y-%m-%d")
    if "status" in out:
        out["status"] = out["status"].map(STATUS_LABELS)
    if "complexity" in out:
        out["complexity"] = out["complexity"].map(COMPLEXITY_LABELS)
    if "co_depts" in out:
        out["co_depts"] = out["co_depts"].map(lambda names: "、".join(names) if isinstance(names, list) else "")
    for flag in ("overdue", "on_time"):
        if flag in out:
            out[flag] = out[flag].map({True: "是", False: "否"})
    text = [c for c in columns if out[c].dtype == object or pd.api.types.is_string_dtype(out[c])]
    out[text] = out[text].astype(object).where(out[text].notna(), "")  # an empty cell, not "None"
    return out.rename(columns=ITEM_LABELS)


def issues_for_display(issues: pd.DataFrame) -> pd.DataFrame:
    """The validation report, errors first, with Chinese headers."""
    order = issues.assign(_e=issues["severity"] != "error").sort_values(["_e", "sheet", "row"], kind="stable")
    out = order[list(ISSUE_LABELS)].copy()
    out["severity"] = out["severity"].map(SEVERITY_LABELS)
    out["value"] = out["value"].astype(object).where(out["value"].notna(), "（空）")
    return out.rename(columns=ISSUE_LABELS).reset_index(drop=True)


def departments_for_display(table: pd.DataFrame) -> pd.DataFrame:
    """The ranking, ranked first, with rates as percentages and — where there is no figure.

    按时反馈率 is left out when no item has a 反馈日期 (a column of — everywhere tells nothing).
    """
    columns = [c for c in DEPARTMENT_LABELS if c != "feedback_rate" or table["feedback_rate"].notna().any()]
    out = table.sort_values("rank", na_position="last")[columns].copy()
    for name in [c for c in RATE_COLUMNS if c in out]:
        out[name] = out[name].map(percent)
    mean = out["mean_workdays_to_complete"]
    out["mean_workdays_to_complete"] = mean.map(lambda v: "—" if is_missing(v) else f"{v:.1f}")
    for name in ("rank", "score", "grade"):
        out[name] = out[name].map(lambda v: "—" if is_missing(v) else (f"{v:g}" if isinstance(v, float) else v))
    out["rank"] = out["rank"].astype(str)
    return out.rename(columns=DEPARTMENT_LABELS).reset_index(drop=True)
