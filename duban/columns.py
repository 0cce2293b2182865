"""The one registry of the columns an analysis gives: each item and department column once, with its Chinese
label, its kind, whether the JSON of ``analyze --json`` carries it and whether the database stores it.

Everything else is derived from here: the pipeline's item columns, the JSON fields, the labels of the pages
and workbooks, the stored tables' SQL types (``duban.storage.tables``) and the pandas types the validation
checks (``duban.validate``). A new column is one line here. The columns read from a register take their
label from ``duban.fields`` (the display name of their role), so a role's name is written once too.
"""
from __future__ import annotations

from dataclasses import dataclass

from duban.fields import DISPLAY

KINDS = ("text", "code", "int", "float", "bool", "date", "list")


@dataclass(frozen=True)
class Column:
    """One column: name, Chinese label, kind (one of KINDS), and where it goes.

    text: register text of any length; code: one of a few short values (status, stage, light);
    int/float/bool: numbers and flags; date: a day; list: several names (协办科室). nullable: whether a
    cell may be missing; validated: whether the frame holds it when rows are validated (False for what
    is computed after, from the kept rows).
    """

    name: str
    label: str
    kind: str
    in_json: bool = True
    stored: bool = True
    nullable: bool = True
    validated: bool = True

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")


def _read(name: str, kind: str, **options) -> Column:
    """A column read from the register: its label is its role's display name."""
    return Column(name, DISPLAY[name], kind, **options)


ITEMS: tuple[Column, ...] = (
    Column("sheet", "工作表", "text", nullable=False),
    Column("row", "行号", "int", nullable=False),
    _read("item_id", "text", nullable=False),  # a number is made up for an item the register gives none
    _read("title", "text"),
    _read("lead_dept", "text"),
    _read("co_depts", "list", nullable=False),
    _read("leader", "text"),
    _read("source", "text"),
    _read("assigned_date", "date"),
    Column("complexity", "难度类别", "code"),
    _read("feedback_due", "date"),
    Column("due_date", "办结时限", "date"),
    Column("deadline_kind", "时限类型", "code", nullable=False),
    _read("status", "code", nullable=False),
    _read("completed_date", "date"),
    _read("feedback_date", "date", in_json=False),
    _read("extended_to", "date", in_json=False),
    _read("reminders", "float", in_json=False),
    _read("progress", "text", in_json=False),
    Column("overdue", "是否逾期", "bool", validated=False),
    Column("overdue_workdays", "逾期工作日", "int", validated=False),
    Column("on_time", "按时办结", "bool", validated=False),
    Column("light", "警示灯", "code", validated=False),
    Column("stage", "督办阶段", "code", validated=False),
    _read("category", "text"),
    _read("person", "text"),
    Column("filing_flags", "立项规范性问题", "list", stored=False, nullable=False, validated=False),
)

DEPARTMENTS: tuple[Column, ...] = (
    Column("dept", "承办科室", "text"),
    Column("total", "事项总数", "int"),
    Column("done", "已办结", "int", stored=False),
    Column("open", "办理中", "int", stored=False),
    Column("ongoing", "长期推进", "int", stored=False),
    Column("overdue_open", "逾期未办结", "int"),
    Column("overdue_done", "逾期办结", "int", stored=False),
    Column("completion_rate", "办结率", "float", stored=False),
    Column("on_time_rate", "按时办结率", "float"),
    Column("deduction", "扣分", "float", stored=False),
    Column("score", "得分", "float"),
    Column("grade", "等级", "code"),
    Column("rank", "排名", "float"),
    Column("done_on_time", "按时办结数", "int", in_json=False, stored=False),
    Column("feedback_total", "应反馈事项数", "int", in_json=False, stored=False),
    Column("feedback_on_time", "按时反馈数", "int", in_json=False, stored=False),
    Column("feedback_rate", "按时反馈率", "float", stored=False),
    Column("mean_workdays_to_complete", "平均办结工作日", "float", stored=False),
    Column("reminders", "催办次数", "float", stored=False),
    Column("co_dept_items", "协办事项数", "int", stored=False),
    Column("filing_issues", "立项不规范事项数", "int", stored=False),
)

ITEM_COLUMNS: list[str] = [c.name for c in ITEMS]
DEPARTMENT_COLUMNS: list[str] = [c.name for c in DEPARTMENTS]
JSON_ITEM_FIELDS: list[str] = [c.name for c in ITEMS if c.in_json]
JSON_DEPARTMENT_FIELDS: list[str] = [c.name for c in DEPARTMENTS if c.in_json]
ITEM_LABELS: dict[str, str] = {c.name: c.label for c in ITEMS}
DEPARTMENT_LABELS: dict[str, str] = {c.name: c.label for c in DEPARTMENTS}
DATE_COLUMNS: tuple[str, ...] = tuple(c.name for c in ITEMS if c.kind == "date")
