"""Validation of the canonical register frame, turned into a report the office can act on.

Two parts. The frame's column types come from the column registry (``duban.columns``) as a pandera schema:
a mismatch is a bug of the cleaning stage, never the office's data, and raises. ``RULES`` are the row
checks, each a plain boolean mask over the frame (True where the row passes); ``validate`` evaluates them
all and turns the failing (row, rule) pairs into one issue per row and column, the rule listed first winning.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import numpy as np
import pandas as pd
import pandera.pandas as pa

from duban.clean.dates import CELL_DATE
from duban.columns import ITEMS
from duban.fields import DISPLAY
from duban.missing import is_missing

ERROR, WARNING = "error", "warning"
ISSUE_COLUMNS = ["sheet", "row", "column", "value", "severity", "kind", "message"]
STATUSES = ("done", "open", "returned", "ongoing", "cancelled")
# Text is held as Python str in object columns: typing it as str would make pandera (with pandas 3) check or
# convert every cell to pyarrow strings, the slowest step of the whole analysis.
_DTYPES = {"text": object, "code": object, "list": object, "int": "int64", "float": "float64",
           "date": "datetime64[s]"}
_CHECKS = {"row": [pa.Check.ge(1)], "status": [pa.Check.isin(STATUSES)]}


@lru_cache(maxsize=1)
def column_schema() -> pa.DataFrameSchema:
    """The type of every registered item column the frame holds when it is validated."""
    return pa.DataFrameSchema({
        c.name: pa.Column(_DTYPES[c.kind], nullable=c.nullable, checks=_CHECKS.get(c.name, []))
        for c in ITEMS if c.validated}, name="RegisterFrame")


@dataclass(frozen=True)
class Rule:
    """One row check: the issue kind, the column it is about, its severity and message."""

    kind: str
    field: str
    severity: str
    message: str
    passes: Callable[[pd.DataFrame, pd.Timestamp], pd.Series]


def _absent(df: pd.DataFrame, name: str) -> pd.Series:
    return df[name].isna() & ~df[f"bad_{name}"]


def _limit_missing(df: pd.DataFrame) -> pd.Series:
    """No 办理时限 the rules can count from (empty or vague), no extension, and not ongoing work."""
    return ((df["deadline_kind"] == "empty") & df["extended_to"].isna() & df["has_deadline"]
            & ~df["status"].isin(["ongoing", "cancelled"]))


def _relative_limit(df: pd.DataFrame) -> pd.Series:
    """办理时限 counted from the 交办日期: N天, N个工作日, N个月, 立即, and a month's end without the month (本月底)."""
    month_left_out = (df["deadline_kind"] == "month_end") & df["deadline_month"].isna()
    return df["deadline_kind"].isin(["workdays", "days", "months", "immediate"]) | month_left_out


RULES: tuple[Rule, ...] = (
    Rule("missing_title", "title", ERROR, "督办事项为空，请填写事项内容",
         lambda df, a: df["title"].notna()),
    Rule("missing_dept", "lead_dept", ERROR, "承办科室为空，请填写承办科室",
         lambda df, a: df["lead_dept"].notna()),
    Rule("missing_assigned", "assigned_date", ERROR, "交办日期为空，请填写交办日期",
         lambda df, a: ~(df["has_assigned"] & _absent(df, "assigned_date"))),
    Rule("bad_date_assigned", "assigned_date", ERROR, "交办日期无法识别，请写成 2024-03-05 这样的日期",
         lambda df, a: ~df["bad_assigned_date"]),
    Rule("bad_date_completed", "completed_date", ERROR, "办结日期无法识别，请写成 2024-03-05 这样的日期",
         lambda df, a: ~df["bad_completed_date"]),
    Rule("bad_date_extended", "extended_to", ERROR, "延期至日期无法识别，请写成 2024-03-05 这样的日期",
         lambda df, a: ~df["bad_extended_to"]),
    Rule("bad_date_feedback", "feedback_date", ERROR, "反馈日期无法识别，请写成 2024-03-05 这样的日期",
         lambda df, a: ~df["bad_feedback_date"]),
    Rule("bad_deadline", "deadline", ERROR,
         "办理时限无法识别，请填写日期，或“N个工作日”“N天”“M月底前”“年底前”“第三季度”“长期”等",
         lambda df, a: df["deadline_kind"] != "bad"),
    Rule("assigned_after_asof", "assigned_date", ERROR, "交办日期晚于统计日期，请核对交办日期或统计日期",
         lambda df, a: ~(df["assigned_date"] > a)),
    Rule("done_before_assigned", "completed_date", ERROR, "办结日期早于交办日期，请核对",
         lambda df, a: ~(df["completed_date"] < df["assigned_date"])),
    Rule("completed_after_asof", "completed_date", ERROR, "办结日期晚于统计日期，请核对办结日期或统计日期",
         lambda df, a: ~(df["completed_date"] > a)),
    Rule("dup_id", "item_id", ERROR, "督办编号重复（与前面的事项相同），请核对编号",
         lambda df, a: ~(df["id_given"] & df["item_id"].duplicated(keep="first") & df["item_id"].notna())),
    Rule("unknown_status", "status", WARNING, "无法识别的办理状态，按办理中处理",
         lambda df, a: ~df["unknown_status"]),
    Rule("done_by_date_no_status", "status", WARNING, "有办结日期但未填写办理状态，按已办结处理",
         lambda df, a: ~df["done_by_date"]),
    Rule("done_no_completed", "completed_date", WARNING, "已办结但无办结日期，按时办结情况未知",
         lambda df, a: ~((df["status"] == "done") & _absent(df, "completed_date"))),
    Rule("empty_deadline", "deadline", WARNING, "未填写办理时限，按反馈时限计（时限未明确）",
         lambda df, a: ~(_limit_missing(df) & ~df["deadline_vague"])),
    Rule("vague_deadline", "deadline", WARNING,
         "办理时限没有给出具体期限（如“尽快”“按要求”），按反馈时限计（时限未明确），请写明日期或“N个工作日”",
         lambda df, a: ~(_limit_missing(df) & df["deadline_vague"])),
    Rule("relative_without_assigned", "deadline", WARNING,
         "没有交办日期，按“N天”“N个工作日”“立即”“本月底”写的办理时限无法推算办结时限",
         lambda df, a: ~(_relative_limit(df) & ~df["has_assigned"])),
    Rule("several_deadlines", "deadline", WARNING, "办理时限写了多个日期（分阶段时限），按最后一个日期计",
         lambda df, a: ~df["deadline_several"]),
    Rule("deadline_is_status", "deadline", WARNING, "办理时限一栏写的是办理状态，按已办结处理，无办理时限",
         lambda df, a: ~(df["deadline_kind"] == "done_word")),
    Rule("due_before_assigned", "deadline", WARNING, "办理时限早于交办日期，请核对",
         lambda df, a: ~(df["due_date"] < df["assigned_date"])),
    Rule("units_unnamed", "lead_dept", WARNING, "承办单位写作“某某等N家单位”，其余单位未列明，按第一个单位牵头计",
         lambda df, a: ~df["units_unnamed"]),
    Rule("unknown_source", "source", WARNING, "无法识别的事项来源，按“其他”统计",
         lambda df, a: ~df["unknown_source"]),
    Rule("dept_alias", "lead_dept", WARNING, "承办科室名称已按科室别名表统一",
         lambda df, a: ~df["lead_aliased"]),
    Rule("co_dept_alias", "co_depts", WARNING, "协办科室名称已按科室别名表统一",
         lambda df, a: ~df["co_aliased"]),
    *(Rule(f"{field}_invisible", field, WARNING, "名称中含有看不见的字符（如零宽空格、软连字符），已去除后再比较",
           lambda df, a, field=field: ~df[f"{field}_invisible"]) for field in ("lead_dept", "co_depts", "leader")),
)
_RULE_KINDS = np.array([rule.kind for rule in RULES], dtype=object)  # a rule's place is its place in the report
_RULE_COLUMNS = np.array([DISPLAY[rule.field] for rule in RULES], dtype=object)
_RULE_SEVERITIES = np.array([rule.severity for rule in RULES], dtype=object)
_RULE_MESSAGES = np.array([rule.message for rule in RULES], dtype=object)
_RULE_FIELDS = np.array([rule.field for rule in RULES], dtype=object)


def validate(frame: pd.DataFrame, as_of: pd.Timestamp) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the frame, issues) — issues has ISSUE_COLUMNS (and frame_index), one row per (row, column)."""
    schema = column_schema()
    missing = [name for name in schema.columns if name not in frame]
    if missing:  # a bug of the stages before, never the user's data
        raise TypeError(f"canonical frame does not match the column registry: no {missing}")
    try:
        schema.validate(frame[list(schema.columns)], lazy=True, inplace=True)  # a selection: no copy of the rest
    except pa.errors.SchemaErrors as exc:  # a bug in canonical_frame, never the user's data
        raise TypeError(f"canonical frame does not match the column registry:\n{exc.failure_cases.head()}") from exc
    failing = np.column_stack([~_passes(rule, frame, as_of) for rule in RULES])
    position, rule = np.nonzero(failing)  # row by row, each row's rules in RULES order
    if not len(position):
        return frame, _empty_issues()
    return frame, _issues(frame, position, rule)


def _passes(rule: Rule, frame: pd.DataFrame, as_of: pd.Timestamp) -> np.ndarray:
    passed = rule.passes(frame, as_of)
    return np.asarray(passed.fillna(False) if passed.hasnans else passed, dtype=bool)  # unknown: not passed


def _issues(frame: pd.DataFrame, position: np.ndarray, rule: np.ndarray) -> pd.DataFrame:
    """One issue per failing (row, column), given the failing (position in frame, RULES index) pairs in row
    order: of the rules failing on one cell, the first in RULES order is reported."""
    column = _RULE_COLUMNS[rule]
    first = ~pd.DataFrame({"position": position, "column": column}).duplicated().to_numpy()
    position, rule, column = position[first], rule[first], column[first]
    return pd.DataFrame({
        "sheet": frame["sheet"].to_numpy(dtype=object)[position], "row": frame["row"].to_numpy()[position],
        "column": column, "value": _raw_values(frame, position, _RULE_FIELDS[rule]),
        "severity": _RULE_SEVERITIES[rule], "kind": _RULE_KINDS[rule],
        "message": _RULE_MESSAGES[rule], "frame_index": frame.index.to_numpy()[position],
    })


def _raw_values(frame: pd.DataFrame, position: np.ndarray, fields: np.ndarray) -> list[object]:
    """The raw cell behind each issue, looked up one column at a time."""
    values = np.empty(len(position), dtype=object)
    for name in set(fields.tolist()):
        mask = fields == name
        values[mask] = frame[f"raw_{name}"].to_numpy(dtype=object)[position[mask]]
    return [_shown(v) for v in values]


def _shown(value: object) -> object:
    """A raw cell as the report shows it: dates as YYYY-MM-DD, numbers without .0, lists joined."""
    if is_missing(value):
        return None
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return match[1] if (match := CELL_DATE.match(text)) else text or None  # a date cell shows its date


def _empty_issues() -> pd.DataFrame:
    return pd.DataFrame(columns=[*ISSUE_COLUMNS, "frame_index"])
