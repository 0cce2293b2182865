"""Validation of the canonical register frame with pandera, turned into a report the office can act on.

``RegisterModel`` names the columns and their types; ``RULES`` are the row checks. Each rule is a
pandera dataframe check whose name is the issue kind; ``validate`` runs the model and the rules lazily
and turns ``SchemaErrors.failure_cases`` into one issue per (row, column).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from duban.missing import is_missing
from duban.fields import DISPLAY
from duban.clean.dates import CELL_DATE

ERROR, WARNING = "error", "warning"
ISSUE_COLUMNS = ["sheet", "row", "column", "value", "severity", "kind", "message"]


class RegisterModel(pa.DataFrameModel):
    """The canonical register frame as ``canonical.canonical_frame`` builds it.

    Text is held as Python str in object columns: typing them ``Series[str]`` would make pandera (with
    pandas 3) check or convert every cell to pyarrow strings, the slowest step of the whole analysis.
    """

    sheet: Series[object]
    row: Series[int] = pa.Field(ge=1)
    item_id: Series[object]
    title: Series[object] = pa.Field(nullable=True)
    source: Series[object] = pa.Field(nullable=True)
    lead_dept: Series[object] = pa.Field(nullable=True)
    co_depts: Series[object]
    leader: Series[object] = pa.Field(nullable=True)
    status: Series[object] = pa.Field(isin=["done", "open", "returned", "ongoing", "cancelled"])
    assigned_date: Series[pd.Timestamp] = pa.Field(nullable=True)
    completed_date: Series[pd.Timestamp] = pa.Field(nullable=True)
    extended_to: Series[pd.Timestamp] = pa.Field(nullable=True)
    feedback_date: Series[pd.Timestamp] = pa.Field(nullable=True)
    deadline_kind: Series[object]

    class Config:
        strict = False


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
         lambda df, a: ~((df["deadline_kind"] == "empty") & df["extended_to"].isna() & df["has_deadline"]
                         & ~df["status"].isin(["ongoing", "cancelled"]))),
    Rule("relative_without_assigned", "deadline", WARNING,
         "没有交办日期，按“N天”“N个工作日”“立即”写的办理时限无法推算办结时限",
         lambda df, a: ~(df["deadline_kind"].isin(["workdays", "days", "immediate"]) & ~df["has_assigned"])),
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
_RULE_KINDS = pd.Index([rule.kind for rule in RULES])  # a rule's position is also its place in the report
_RULE_COLUMNS = np.array([DISPLAY[rule.field] for rule in RULES], dtype=object)
_RULE_SEVERITIES = np.array([rule.severity for rule in RULES], dtype=object)
_RULE_MESSAGES = np.array([rule.message for rule in RULES], dtype=object)
_RULE_FIELDS = np.array([rule.field for rule in RULES], dtype=object)


@lru_cache(maxsize=1)
def model_schema() -> pa.DataFrameSchema:
    return RegisterModel.to_schema()


def rules_schema(frame: pd.DataFrame, as_of: pd.Timestamp) -> pa.DataFrameSchema:
    """The RULES as named dataframe checks, for validating ``frame[["row"]]``.

    A rule reads whatever columns of frame it needs (a 办结日期 is compared with the 交办日期) and answers
    per row, so a failure case is one row, its value the Excel row number. Checked on the row column
    alone, pandera gathers the failures once; attached to their fields' columns, each failing column's
    failures were gathered three times over (column, component, frame), most of the validation's time.
    """
    return pa.DataFrameSchema(
        checks=[pa.Check(lambda rows, r=rule: r.passes(frame, as_of), name=rule.kind, ignore_na=False)
                for rule in RULES],
        name="RegisterRules")


def validate(frame: pd.DataFrame, as_of: pd.Timestamp) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(validated frame, issues) — issues has ISSUE_COLUMNS, one row per (row, column), errors first."""
    failures = []
    model = model_schema()
    # inplace spares copies of the selected columns (never the frame itself: pandera keeps the schema,
    # whose rules hold the frame, with what it validated)
    for schema, columns in ((model, list(model.columns)), (rules_schema(frame, as_of), ["row"])):
        try:
            schema.validate(frame[columns], lazy=True, inplace=True)
        except pa.errors.SchemaErrors as exc:
            failures.append(exc.failure_cases)
    if not failures:
        return frame, _empty_issues()
    failures = pd.concat(failures, ignore_index=True) if len(failures) > 1 else failures[0]
    rule = _RULE_KINDS.get_indexer(failures["check"].to_numpy(dtype=object))
    if (rule < 0).any():  # a column of the wrong type: a bug in canonical_frame, never the user's data
        raise TypeError(f"canonical frame does not match RegisterModel:\n{failures[rule < 0].head().to_string()}")
    return frame, _issues(frame, frame.index.get_indexer(failures["index"]), rule)


def _issues(frame: pd.DataFrame, position: np.ndarray, rule: np.ndarray) -> pd.DataFrame:
    """One issue per failing (row, column): the first rule in RULES order wins; rows in frame order.

    position: the failing row's position in frame (-1 for a failure pandera gave no row); rule: its RULES index.
    """
    position, rule = position[position >= 0], rule[position >= 0]
    order = np.lexsort((rule, position))
    position, rule = position[order], rule[order]
    column = _RULE_COLUMNS[rule]
    first = np.ones(len(position), dtype=bool)
    first[1:] = (position[1:] != position[:-1]) | (column[1:] != column[:-1])
    position, rule, column = position[first], rule[first], column[first]
    return pd.DataFrame({
        "sheet": frame["sheet"].to_numpy(dtype=object)[position], "row": frame["row"].to_numpy()[position],
        "column": column, "value": _raw_values(frame, position, _RULE_FIELDS[rule]),
        "severity": _RULE_SEVERITIES[rule], "kind": _RULE_KINDS.to_numpy(dtype=object)[rule],
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
